import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError, findCycle, loadCurriculum } from './load.ts';

const concept = (id: string, extra = '') => `id: ${id}
title: { ja: 概念${id}, en: Concept ${id} }
level: basic
importance: 3
summary: { ja: 要約, en: Summary }
body: { ja: 本文, en: Body }
sources: [{ seed: '000', section: test, label: ${id} }]
${extra}`;

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'shirube-content-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function problems(dir: string): string {
  try {
    loadCurriculum([dir]);
  } catch (err) {
    expect(err).toBeInstanceOf(ContentError);
    return (err as Error).message;
  }
  throw new Error('expected the content to be rejected');
}

describe('loadCurriculum', () => {
  it('loads valid concepts with defaults filled in', () => {
    const dir = tree({ 'concepts/a.yaml': concept('a'), 'concepts/b.yaml': concept('b', 'prerequisites: [a]') });
    const c = loadCurriculum([dir]);
    expect([...c.concepts.keys()]).toEqual(['a', 'b']);
    expect(c.concepts.get('b')!.prerequisites).toEqual(['a']);
    expect(c.concepts.get('a')!.subconcepts).toEqual([]);
  });

  it('names the file, the field and what was expected for a wrong type', () => {
    const dir = tree({ 'concepts/a.yaml': concept('a').replace('importance: 3', 'importance: lots') });
    const msg = problems(dir);
    expect(msg).toMatch(/concepts\/a\.yaml: importance: .*expected number/);
  });

  it('names a missing localized text and an unknown key', () => {
    const dir = tree({
      'concepts/a.yaml': concept('a').replace('en: Summary', 'fr: Résumé'),
    });
    const msg = problems(dir);
    expect(msg).toMatch(/concepts\/a\.yaml: summary\.en: /);
    expect(msg).toMatch(/concepts\/a\.yaml: summary: Unrecognized key.*fr/);
  });

  it('rejects hours whose min exceeds max, and a level outside the union', () => {
    const dir = tree({ 'concepts/a.yaml': concept('a', 'hours: { min: 7, max: 5 }').replace('level: basic', 'level: expert') });
    const msg = problems(dir);
    expect(msg).toMatch(/hours: min ≤ max/);
    expect(msg).toMatch(/level: .*"basic"\|"intermediate"\|"advanced"/);
  });

  it('reports a YAML syntax error with its line', () => {
    const dir = tree({ 'concepts/a.yaml': 'id: a\ntitle: { ja: x\n' });
    expect(problems(dir)).toMatch(/concepts\/a\.yaml: \(file\): not valid YAML at line \d/);
  });

  it('requires the id to equal the file name', () => {
    const dir = tree({ 'concepts/a.yaml': concept('b') });
    expect(problems(dir)).toMatch(/concepts\/a\.yaml: id: expected "a" \(the file name\), got "b"/);
  });

  it('names an unknown prerequisite with its file and index', () => {
    const dir = tree({ 'concepts/a.yaml': concept('a', 'prerequisites: [a-missing]') });
    expect(problems(dir)).toMatch(/concepts\/a\.yaml: prerequisites\[0\]: unknown concept "a-missing"/);
  });

  it('names a prerequisite cycle with the ids around it', () => {
    const dir = tree({
      'concepts/a.yaml': concept('a', 'prerequisites: [c]'),
      'concepts/b.yaml': concept('b', 'prerequisites: [a]'),
      'concepts/c.yaml': concept('c', 'prerequisites: [b]'),
    });
    expect(problems(dir)).toMatch(/prerequisites: prerequisite cycle: (a → c → b → a|b → a → c → b|c → b → a → c)/);
  });

  it('links a sub-concept to a concept, and names an unknown or self link with file and field', () => {
    const sub = (target: string) => `subconcepts:
  - id: x
    title: { ja: 項目, en: Item }
    source: Item
  - id: y
    title: { ja: 項目2, en: Item 2 }
    concept: ${target}
`;
    const ok = tree({ 'concepts/a.yaml': concept('a', sub('b')), 'concepts/b.yaml': concept('b') });
    expect(loadCurriculum([ok]).concepts.get('a')!.subconcepts[1]).toMatchObject({ id: 'y', concept: 'b' });
    const unknown = tree({ 'concepts/a.yaml': concept('a', sub('ghost')) });
    expect(problems(unknown)).toMatch(/concepts\/a\.yaml: subconcepts\[1\]\.concept: unknown concept "ghost"/);
    const self = tree({ 'concepts/a.yaml': concept('a', sub('a')) });
    expect(problems(self)).toMatch(/concepts\/a\.yaml: subconcepts\[1\]\.concept: a sub-concept cannot point at its own concept "a"/);
    const badId = tree({ 'concepts/a.yaml': concept('a', sub('Not An Id')) });
    expect(problems(badId)).toMatch(/concepts\/a\.yaml: subconcepts\[1\]\.concept: a kebab-case id/);
  });

  it('keeps a level range and rejects one that does not go up', () => {
    const ok = tree({ 'concepts/a.yaml': concept('a', 'levelTo: intermediate') });
    expect(loadCurriculum([ok]).concepts.get('a')).toMatchObject({ level: 'basic', levelTo: 'intermediate' });
    const down = tree({ 'concepts/a.yaml': concept('a', 'levelTo: basic').replace('level: basic', 'level: advanced') });
    expect(problems(down)).toMatch(/concepts\/a\.yaml: levelTo: expected a level above level "advanced" \(one of none\), got "basic"/);
    const same = tree({ 'concepts/a.yaml': concept('a', 'levelTo: basic') });
    expect(problems(same)).toMatch(/levelTo: expected a level above level "basic" \(one of intermediate, advanced\), got "basic"/);
  });

  it('loads a concept of one\'s own without hours (only the built-in content must have them)', () => {
    const dir = tree({ 'concepts/a.yaml': concept('a') });
    expect(loadCurriculum([dir]).concepts.get('a')!.hours).toBeUndefined();
  });

  it('checks roadmap references and membership', () => {
    const dir = tree({
      'concepts/a.yaml': concept('a'),
      'concepts/b.yaml': concept('b'),
      'roadmaps/r.yaml': `id: r
title: { ja: 道, en: Road }
description: { ja: 説明, en: Description }
source: '000'
weeks: 2
weeklyHours: { recommended: { min: 6, max: 8 } }
entries: [{ concept: a, week: 1 }, { concept: ghost }]
sections: [{ id: s, title: { ja: 節, en: Section }, concepts: [b] }]
`,
    });
    const msg = problems(dir);
    expect(msg).toMatch(/roadmaps\/r\.yaml: entries\[1\]\.concept: unknown concept "ghost"/);
    expect(msg).toMatch(/roadmaps\/r\.yaml: sections\[0\]\.concepts\[0\]: "b" is not one of this roadmap's entries/);
  });

  it('rejects a milestone whose deliverable and condition share an id', () => {
    const dir = tree({
      'concepts/a.yaml': concept('a'),
      'roadmaps/r.yaml': `id: r
title: { ja: 道, en: Road }
description: { ja: 説明, en: Description }
source: '000'
weeks: 2
weeklyHours: { recommended: { min: 6, max: 8 } }
entries: [{ concept: a }]
milestones:
  - id: m
    title: { ja: 節目, en: Milestone }
    week: 1
    deliverables: [{ id: x, title: { ja: 成果, en: Result }, source: 成果 }]
    conditions: [{ id: x, title: { ja: 条件, en: Condition }, source: 条件 }]
    source: m
`,
    });
    expect(problems(dir)).toMatch(/roadmaps\/r\.yaml: milestones\[0\]\.conditions\[0\]\.id: duplicate item id "x" in milestone "m"/);
  });

  it('loads questions and rejects a choice question without exactly one correct option', () => {
    const ok = tree({
      'concepts/a.yaml': concept('a'),
      'questions/a.yaml': `id: a
questions:
  - { id: n, kind: numeric, prompt: { ja: 問, en: Q }, answer: 2, explanation: { ja: 説明, en: Why } }
`,
    });
    expect(loadCurriculum([ok]).questions.get('a')![0]).toMatchObject({ kind: 'numeric', answer: 2, tolerance: 0 });
    const bad = tree({
      'concepts/a.yaml': concept('a'),
      'questions/a.yaml': `id: a
questions:
  - id: c
    kind: choice
    prompt: { ja: 問, en: Q }
    options:
      - { id: x, text: { ja: 甲, en: A }, explanation: { ja: 説明, en: Why } }
      - { id: y, text: { ja: 乙, en: B }, explanation: { ja: 説明, en: Why } }
`,
    });
    expect(problems(bad)).toMatch(/questions\/a\.yaml: questions\[0\]\.options: exactly one option with correct: true/);
    const orphan = tree({ 'concepts/a.yaml': concept('a'), 'questions/b.yaml': 'id: b\nquestions:\n  - { id: n, kind: numeric, prompt: { ja: 問, en: Q }, answer: 1, explanation: { ja: 説明, en: Why } }\n' });
    expect(problems(orphan)).toMatch(/questions\/b\.yaml: id: unknown concept "b"/);
  });

  it('rejects the same id in two content directories', () => {
    const one = tree({ 'concepts/a.yaml': concept('a') });
    const two = tree({ 'concepts/a.yaml': concept('a') });
    try {
      loadCurriculum([one, two]);
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toMatch(/id: "a" is already defined in/);
    }
  });
});

describe('findCycle', () => {
  it('finds none in a DAG, including diamonds', () => {
    const edges = new Map([['d', ['b', 'c']], ['b', ['a']], ['c', ['a']], ['a', []]]);
    expect(findCycle(edges)).toBeUndefined();
  });
  it('finds a self-loop', () => {
    expect(findCycle(new Map([['a', ['a']]]))).toEqual(['a', 'a']);
  });
  it('handles a long chain without recursion limits', () => {
    const n = 100_000;
    const edges = new Map(Array.from({ length: n }, (_, i) => [`n${i}`, i + 1 < n ? [`n${i + 1}`] : []]));
    expect(findCycle(edges)).toBeUndefined();
  });
});
