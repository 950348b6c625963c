// `npx tsx src/curriculum/check.ts`: validates content/ and prints a summary or every problem.
import { loadCurriculum, contentDirs, ContentError } from './load.ts';

try {
  const c = loadCurriculum(contentDirs());
  console.log(`content ok: ${c.concepts.size} concepts, ${c.roadmaps.size} roadmaps, ${c.guides.size} guides`);
} catch (err) {
  if (!(err instanceof ContentError)) throw err;
  console.error(err.message);
  process.exitCode = 1;
}
