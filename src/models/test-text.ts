// Generated training text for the model tests: a tiny English-like grammar, seeded, so that tests
// need no data files. Not used outside tests.

import { Rng } from '../engine/index.ts';

const subjects = ['the cat', 'a dog', 'my friend', 'the old king', 'a bird'];
const verbs = ['sees', 'likes', 'finds', 'keeps', 'calls'];
const objects = ['the moon.', 'a small house.', 'the river.', 'some bread.', 'the red door.'];

export function generatedText(chars: number, seed = 1): string {
  const rng = new Rng(seed);
  const pick = (xs: string[]) => xs[rng.int(xs.length)];
  let text = '';
  while (text.length < chars) text += `${pick(subjects)} ${pick(verbs)} ${pick(objects)}\n`;
  return text.slice(0, chars);
}
