// The content against the seeds: every concept, sub-concept, hour figure, importance, prerequisite,
// week and deliverable of ../shared/seeds appears in content/, matched by the seed's own wording
// (which the content keeps as its source labels). The seeds are parsed here, independently of the
// content, so a missing or changed item fails.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCurriculum, type Curriculum } from './load.ts';
import type { Concept } from './schema.ts';

const seedsDir = join(import.meta.dirname, '../../../shared/seeds');
const seed = (prefix: string) => {
  const file = readdirSync(seedsDir).find((f) => f.startsWith(prefix));
  if (!file) throw new Error(`seed ${prefix}_… not found in ${seedsDir}`);
  return readFileSync(join(seedsDir, file), 'utf8');
};
const norm = (s: string) => s.replace(/\*\*/g, '').replace(/\s+/g, ' ').trim();
const stars = (s: string) => [...s].filter((ch) => ch === '★' || ch === '⭐').length;
const range = (s: string) => {
  const m = /(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?/.exec(s)!;
  return { min: Number(m[1]), max: Number(m[2] ?? m[1]) };
};
/** Splits a seed into its `##`…`####` sections: heading → body. */
function sections(text: string): { heading: string; level: number; body: string }[] {
  const out: { heading: string; level: number; body: string }[] = [];
  for (const line of text.split('\n')) {
    const m = /^(#{2,4}) (.*)$/.exec(line);
    if (m) out.push({ heading: norm(m[2]), level: m[1].length, body: '' });
    else if (out.length) out[out.length - 1].body += line + '\n';
  }
  return out;
}
const tableRows = (body: string) =>
  body
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l))
    .slice(1)
    .map((l) => l.split('|').slice(1, -1).map((c) => norm(c)));

let c: Curriculum;
/** Every seed wording the content carries, by seed, with the concept it names (where it is one). */
const labels = new Map<string, Set<string>>();
const conceptByLabel = new Map<string, Concept>();
const has = (seedId: string, text: string) => labels.get(seedId)?.has(norm(text)) ?? false;
const all = () => new Set([...labels.values()].flatMap((s) => [...s]));

beforeAll(() => {
  c = loadCurriculum();
  const add = (seedId: string, text: string | undefined, concept?: Concept) => {
    if (!text) return;
    if (!labels.has(seedId)) labels.set(seedId, new Set());
    labels.get(seedId)!.add(norm(text));
    if (concept && !conceptByLabel.has(`${seedId}:${norm(text)}`)) conceptByLabel.set(`${seedId}:${norm(text)}`, concept);
  };
  for (const concept of c.concepts.values()) {
    for (const s of concept.sources) add(s.seed, s.label, concept);
    for (const s of concept.subconcepts) for (const src of concept.sources) add(src.seed, s.source);
  }
  for (const r of c.roadmaps.values()) {
    const sid = r.source;
    for (const e of r.entries) add(sid, e.source);
    for (const s of r.sections) add(sid, s.source);
    for (const o of r.orderings) add(sid, o.source);
    for (const m of r.milestones) {
      add(sid, m.source);
      for (const d of [...m.deliverables, ...m.conditions]) add(sid, d.source);
    }
  }
  for (const g of c.guides.values()) {
    for (const b of g.blocks) {
      add(g.source, b.title.ja);
      if (b.kind === 'checklist') b.items.forEach((i) => add(g.source, i.text.ja));
      if (b.kind === 'table') b.rows.forEach((row) => Object.values(row).forEach((cell) => add(g.source, typeof cell === 'string' ? cell : cell.ja)));
      if (b.kind === 'text') b.body.ja.split('\n').forEach((l) => add(g.source, l.replace(/^[-*#\s]+/, '')));
    }
  }
});

const concept = (seedId: string, label: string) => {
  const found = conceptByLabel.get(`${seedId}:${norm(label)}`);
  expect(found, `no concept carries the ${seedId} label "${label}"`).toBeDefined();
  return found!;
};

describe('seed 000 初期学習コンセプト', () => {
  const text = seed('000');
  const secs = sections(text);
  const groups = secs.filter((s) => s.level === 3 && /重要度/.test(s.body));

  it('has the seven groups with their ★ and hour ranges', () => {
    expect(groups).toHaveLength(7);
    for (const g of groups) {
      const name = g.heading.replace(/^\S+\s/, '').replace(/\s*\([^)]*\)$/, '');
      const x = concept('000', name);
      expect(x.importance, name).toBe(stars(/重要度: (.*)/.exec(norm(g.body))![1]));
      expect(x.hours, name).toEqual(range(/推定学習時間: (.*)/.exec(norm(g.body))![1]));
    }
  });

  it('has every numbered sub-concept and each of its bullets', () => {
    const subs = secs.filter((s) => s.heading === 'サブコンセプト');
    expect(subs).toHaveLength(7);
    let n = 0;
    for (const s of subs) {
      for (const block of s.body.split(/\n(?=\d+\. )/)) {
        const head = /^\d+\. \*\*(.+?)\*\*/m.exec(block.trim());
        if (!head) continue;
        const child = concept('000', head[1]);
        n++;
        for (const bullet of block.matchAll(/^\s+- (.+)$/gm)) {
          expect(child.subconcepts.map((x) => norm(x.source ?? '')), `${head[1]} › ${bullet[1]}`).toContain(norm(bullet[1]));
        }
      }
    }
    expect(n).toBe(19);
  });

  it('has every prerequisite row as an edge', () => {
    const alias: Record<string, string> = { Attention: 'Attention Mechanism' };
    const rows = tableRows(secs.find((s) => s.heading === '前提条件マトリックス')!.body);
    expect(rows).toHaveLength(8);
    for (const [who, needs] of rows) {
      const x = concept('000', who);
      for (const need of needs.split(', ')) {
        if (need === 'All core concepts') {
          expect(x.prerequisites.length, `${who} ← all core concepts`).toBeGreaterThanOrEqual(3);
          continue;
        }
        const target = concept('000', alias[need] ?? need);
        expect(x.prerequisites, `${who} ← ${need}`).toContain(target.id);
      }
    }
  });

  it('has the roadmap with weekly targets, stage totals, weeks and deliverables', () => {
    const r = c.roadmaps.get('llm-basics-6w')!;
    expect(r.weeks).toBe(6);
    expect(r.weeklyHours.recommended).toEqual({ min: 6, max: 8 });
    expect(r.weeklyHours.minimum).toEqual({ min: 4, max: 5 });
    expect(r.totalHours).toEqual({ min: 36, max: 47 });
    for (const e of r.entries) expect(e.week, e.concept).toBeGreaterThanOrEqual(1);
    const stages = secs.find((s) => s.heading === '段階別時間配分')!.body;
    for (const m of stages.matchAll(/^- \*\*(.+?)\*\*: (\S+)時間/gm)) {
      const section = r.sections.find((s) => norm(s.source ?? '') === norm(m[1]));
      expect(section, m[1]).toBeDefined();
      expect(section!.hours).toEqual(range(m[2]));
    }
    for (const m of text.matchAll(/^(Week \d(?:-\d)?: .+)$/gm)) expect(has('000', m[1]), m[1]).toBe(true);
    for (const s of secs.filter((x) => /^Week \d終了時$/.test(x.heading))) {
      const week = Number(/\d/.exec(s.heading)![0]);
      const m = r.milestones.find((x) => norm(x.source) === s.heading);
      expect(m, s.heading).toBeDefined();
      expect(m!.week).toBe(week);
      for (const d of s.body.matchAll(/^- \[ \] (.+)$/gm)) {
        expect(m!.deliverables.map((x) => norm(x.source)), d[1]).toContain(norm(d[1]));
      }
    }
  });
});

describe('seed 001 Roadmap of LLM', () => {
  const secs = sections(seed('001'));
  const numbered = secs.filter((s) => /^\d\. /.test(s.heading));

  it('has the eight sections and every row of their tables', () => {
    expect(numbered).toHaveLength(8);
    const r = c.roadmaps.get('llm-understanding')!;
    const inRoadmap = new Set(r.entries.map((e) => e.concept));
    for (const s of numbered) {
      expect(inRoadmap.has(concept('001', s.heading).id), s.heading).toBe(true);
      for (const [row, contentCell] of tableRows(s.body)) {
        const x = concept('001', row);
        expect(inRoadmap.has(x.id), row).toBe(true);
        if (/^[12]\. /.test(s.heading)) {
          for (const item of contentCell.split('、')) {
            expect(x.subconcepts.map((y) => norm(y.source ?? '')), `${row} › ${item}`).toContain(norm(item));
          }
        }
      }
    }
  });

  it('explains every cell of every table in the concept the row names', () => {
    const missing: string[] = [];
    for (const s of numbered) {
      for (const [row, ...cells] of tableRows(s.body)) {
        const x = concept('001', row);
        const text = norm([x.body.ja, x.summary.ja, ...x.subconcepts.map((y) => `${y.source ?? ''} ${y.title.ja}`)].join(' '));
        const cellSources = new Set(x.subconcepts.map((y) => norm(y.source ?? '')));
        for (const cell of cells) {
          if (cellSources.has(cell)) continue;
          for (const item of cell.split(/、|, |。| \/ /)) if (!text.includes(norm(item))) missing.push(`${row}: ${item}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('has the three steps and the deep-dive order', () => {
    const r = c.roadmaps.get('llm-understanding')!;
    for (const s of secs.filter((x) => /^ステップ\d/.test(x.heading))) {
      expect(has('001', s.heading), s.heading).toBe(true);
      for (const b of s.body.matchAll(/^\* (.+)$/gm)) expect(has('001', b[1]), b[1]).toBe(true);
    }
    const deep = secs.find((s) => s.heading.includes('おすすめ深堀り順'))!;
    const items = [...deep.body.matchAll(/^\d\. (.+)$/gm)];
    const ordering = r.orderings.find((o) => deep.heading.includes(norm(o.source)));
    expect(ordering?.concepts).toHaveLength(items.length);
  });
});

describe('seed 002 LLM学習ロードマップ', () => {
  const text = seed('002');
  const secs = sections(text);

  it('has every skill with its importance and hours, in its roadmap', () => {
    const r = c.roadmaps.get('llm-apps-12m')!;
    let n = 0;
    for (const s of secs.filter((x) => /^第.+: /.test(x.heading))) {
      for (const [skill, importance, hours] of tableRows(s.body)) {
        const x = concept('002', skill);
        const e = r.entries.find((y) => y.concept === x.id);
        expect(e, skill).toBeDefined();
        expect(e!.importance ?? x.importance, skill).toBe(stars(importance));
        expect(e!.hours ?? x.hours, skill).toEqual(range(hours));
        n++;
      }
    }
    expect(n).toBe(27);
  });

  it('has every artifact, graduation condition, final checkpoint and progress-template line', () => {
    const lines = [
      ...[...text.matchAll(/^\d\. \*\*(?:Week|Month) \d+\*\*: (.+)$/gm)].map((m) => m[1]),
      ...[...text.matchAll(/^- \[ \] (.+)$/gm)].map((m) => m[1]),
      ...[...text.matchAll(/^✅ (.+?)\s*$/gm)].map((m) => m[1]),
    ];
    expect(lines.length).toBeGreaterThan(60);
    const known = all();
    const missing = lines.map(norm).filter((l) => !known.has(l));
    expect(missing).toEqual([]);
  });

  it('has the phase schedule, the errors table and the log template', () => {
    const known = all();
    for (const row of tableRows(secs.find((s) => s.heading.includes('全体スケジュール'))!.body)) {
      expect(known.has(norm(row[0])) || [...known].some((k) => k.startsWith(norm(row[0]))), row[0]).toBe(true);
    }
    for (const s of secs.filter((x) => /エラー$/.test(x.heading))) {
      for (const [error] of tableRows(s.body)) expect(known.has(norm(error)), error).toBe(true);
    }
    for (const h of ['今日学んだこと', '実装したこと', 'つまずいた点と解決法', '明日の目標']) expect(known.has(h), h).toBe(true);
  });
});

describe('seeds 003 and 004', () => {
  it('attach every difficulty of 004 to a concept as "why this is hard"', () => {
    const ids = [
      'self-attention', 'positional-encoding', 'rlhf', 'rl-basics', 'llm-evaluation', 'calculus-optimization',
      'activation-functions', 'backpropagation', 'training-techniques', 'perceptron', 'convolution', 'rnn',
    ];
    for (const id of ids) {
      const x = c.concepts.get(id);
      expect(x?.whyHard, id).toBeDefined();
      expect(x!.sources.some((s) => s.seed === '004'), id).toBe(true);
    }
  });

  it('attach the topics of 003 to concepts', () => {
    const with003 = [...c.concepts.values()].filter((x) => x.sources.some((s) => s.seed === '003')).map((x) => x.id);
    for (const id of ['transformer-architecture', 'fine-tuning', 'linear-algebra', 'tokenization', 'cross-attention']) {
      expect(with003, id).toContain(id);
    }
  });
});

describe('self-check questions', () => {
  it('has at least three questions, in both languages, for every concept', () => {
    const short = [...c.concepts.keys()].filter((id) => (c.questions.get(id)?.length ?? 0) < 3);
    expect(short).toEqual([]);
  });
});
