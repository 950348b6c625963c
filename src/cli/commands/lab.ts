// `shirube lab <id> [--params '<json>'] [--seed N]`: runs a lab and prints its trace as JSON;
// `shirube lab list` lists the labs. Bad parameters: one line on stderr, exit code 2.
// The embedding lab trains, as on its page, on the curriculum's own text (content/) unless the
// params give a text or `--corpus builtin` asks for the lab's hand-written corpus.
import type { Command } from 'commander';
import { contentDirs, loadCurriculum } from '../../curriculum/load.ts';
import { conceptDocs, curriculumCorpus } from '../../labs/embedding/curriculum.ts';
import {
  LabParamError,
  listLabs,
  parseParamsJson,
  runLab,
  UnknownLabError,
} from '../../labs/registry.ts';
import { traceToJson } from '../../labs/trace.ts';

function fail(message: string): void {
  process.stderr.write(`shirube: ${message}\n`);
  process.exitCode = 2;
}

export function registerLab(program: Command): void {
  program
    .command('lab <id>')
    .description('run a lab and print its trace as JSON (`shirube lab list` lists the labs)')
    .option('--params <json>', 'the lab parameters as a JSON object', '{}')
    .option('--seed <n>', 'seed for generated inputs', '0')
    .option('--json', 'with `list`: print JSON (the same as GET /api/labs)')
    .option(
      '--corpus <source>',
      'embedding only: curriculum (default: the text of content/) or builtin (the hand-written corpus)',
    )
    .action(
      (id: string, opts: { params: string; seed: string; json?: boolean; corpus?: string }) => {
        if (id === 'list') {
          const list = listLabs();
          if (opts.json) return void process.stdout.write(JSON.stringify(list, null, 2) + '\n');
          for (const l of list)
            process.stdout.write(`${l.id.padEnd(22)} ${l.title.ja} / ${l.title.en}\n`);
          return;
        }
        const seed = Number(opts.seed);
        if (!/^\d+$/.test(opts.seed.trim()) || seed > 0xffffffff)
          return fail(`--seed: expected an integer 0–4294967295, got "${opts.seed}"`);
        if (opts.corpus !== undefined && id !== 'embedding')
          return fail(`--corpus: only the embedding lab takes a corpus, not "${id}"`);
        if (opts.corpus !== undefined && !['curriculum', 'builtin'].includes(opts.corpus))
          return fail(`--corpus: expected curriculum or builtin, got "${opts.corpus}"`);
        try {
          let params = parseParamsJson(opts.params);
          const object = typeof params === 'object' && params !== null && !Array.isArray(params);
          if (
            id === 'embedding' &&
            opts.corpus !== 'builtin' &&
            object &&
            !('text' in (params as object))
          ) {
            const concepts = loadCurriculum(contentDirs()).concepts.values();
            params = { ...(params as object), text: curriculumCorpus(conceptDocs(concepts)) };
          }
          const trace = runLab(id, params, seed);
          process.stdout.write(traceToJson(trace, 2) + '\n');
        } catch (e) {
          if (e instanceof LabParamError || e instanceof UnknownLabError) return fail(e.message);
          throw e;
        }
      },
    );
}
