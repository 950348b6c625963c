// Training text: a file, or the curriculum's own text (every text file under content/, in path order).

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const TEXT_FILES = /\.(ya?ml|md|markdown|txt|json)$/i;

export class DataError extends Error {}

export function readTextFile(path: string): string {
  if (!existsSync(path)) throw new DataError(`data file ${path} does not exist`);
  if (!statSync(path).isFile()) throw new DataError(`data path ${path} is not a file`);
  const text = readFileSync(path, 'utf8');
  if (text.length === 0) throw new DataError(`data file ${path} is empty`);
  return text;
}

/** All text files under `dir`, recursively, sorted by path, joined by blank lines. */
export function readCurriculumText(dir: string): string {
  if (!existsSync(dir)) throw new DataError(`curriculum directory ${dir} does not exist`);
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else if (s.isFile() && TEXT_FILES.test(name)) files.push(p);
    }
  };
  walk(dir);
  const text = files.map((f) => readFileSync(f, 'utf8')).join('\n\n');
  if (text.trim().length === 0) throw new DataError(`no text found under ${dir}`);
  return text;
}
