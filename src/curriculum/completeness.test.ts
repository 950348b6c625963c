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

const LEVEL: Record<string, Concept['level']> = { 基礎: 'basic', 中級: 'intermediate', 応用: 'advanced' };
/** The guide table block whose Japanese title is `title`, as rows of Japanese cell texts in column order. */
const guideTable = (title: string) => {
  const blocks = [...c.guides.values()].flatMap((g) => g.blocks);
  const b = blocks.find((x) => x.kind === 'table' && norm(x.title.ja) === norm(title));
  expect(b, `no guide table titled "${title}"`).toBeDefined();
  if (b?.kind !== 'table') return [];
  return b.rows.map((row) => b.columns.map((col) => {
    const cell = row[col.key];
    return norm(cell === undefined ? '' : typeof cell === 'string' ? cell : cell.ja);
  }));
};
const sum = (list: ({ min: number; max: number } | undefined)[]) =>
  list.reduce<{ min: number; max: number }>((a, h) => ({ min: a.min + (h?.min ?? 0), max: a.max + (h?.max ?? 0) }), { min: 0, max: 0 });

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

  it("keeps each group's level, and a range (基礎-中級) as level + levelTo", () => {
    let ranges = 0;
    for (const g of groups) {
      const m = /\(([^)]*)\)$/.exec(g.heading)!;
      const [from, to] = m[1].split('-');
      const x = concept('000', g.heading.replace(/^\S+\s/, '').replace(/\s*\([^)]*\)$/, ''));
      expect(x.level, g.heading).toBe(LEVEL[from]);
      expect(x.levelTo, g.heading).toBe(to === undefined ? undefined : LEVEL[to]);
      if (to) ranges++;
    }
    expect(ranges).toBe(2);
  });

  it('links every sub-concept that names a concept of its own to that concept, which cites 000', () => {
    // A bullet whose wording is also a concept's source label (000's "Layer normalization", the
    // concept layer-norm-residual) must point at that concept, and that concept must cite the bullet.
    const subs = secs.filter((s) => s.heading === 'サブコンセプト');
    for (const s of subs) {
      for (const block of s.body.split(/\n(?=\d+\. )/)) {
        const head = /^(\d+)\. \*\*(.+?)\*\*/m.exec(block.trim());
        if (!head) continue;
        const parent = concept('000', head[2]);
        for (const bullet of block.matchAll(/^\s+- (.+)$/gm)) {
          const item = parent.subconcepts.find((x) => norm(x.source ?? '') === norm(bullet[1]))!;
          const owner = [...c.concepts.values()].find((x) => x.id !== parent.id && x.sources.some((y) => y.seed === '000' && norm(y.label) === norm(bullet[1])));
          expect(item.concept, `${head[2]} › ${bullet[1]}`).toBe(owner?.id);
          if (item.concept) {
            const target = c.concepts.get(item.concept)!;
            expect(target.sources.some((y) => y.seed === '000' && norm(y.label) === norm(bullet[1]) && y.section.endsWith(`> ${head[1]}`)), `${item.concept} cites 000 › ${head[2]} › ${bullet[1]}`).toBe(true);
          }
        }
      }
    }
    const linked = (id: string, sub: string) => c.concepts.get(id)!.subconcepts.find((x) => x.id === sub)?.concept;
    expect(linked('input-processing', 'position-encoding')).toBe('positional-encoding');
    expect(linked('transformer-basic-structure', 'residual-connections')).toBe('layer-norm-residual');
    expect(linked('transformer-basic-structure', 'layer-normalization')).toBe('layer-norm-residual');
    expect(linked('transformer-basic-structure', 'feed-forward-networks')).toBe('feed-forward-network');
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

  it("splits each group's seed hours over the group and its members in llm-basics-6w, counting nothing twice", () => {
    const r = c.roadmaps.get('llm-basics-6w')!;
    const hoursOf = (e: (typeof r.entries)[number]) => e.hours ?? c.concepts.get(e.concept)!.hours;
    for (const e of r.entries) expect(hoursOf(e), e.concept).toBeDefined();
    // Stage-table lines ("RAG & Optimization: 4-6時間") that are not a group's own line.
    const stage = secs.find((s) => s.heading === '段階別時間配分')!.body;
    const lines = [...stage.matchAll(/^[ \t]+- (.+?): (\S+)時間/gm)].map((m) => ({ text: norm(`${m[1]}: ${m[2]}時間`), hours: range(m[2]) }));
    const groupLine = new Set(r.entries.filter((e) => groups.some((g) => concept('000', g.heading.replace(/^\S+\s/, '').replace(/\s*\([^)]*\)$/, '')).id === e.concept)).map((e) => norm(e.source ?? '')));
    const ownLines = lines.filter((l) => !groupLine.has(l.text));
    expect(ownLines.map((l) => l.text)).toEqual(['RAG & Optimization: 4-6時間', '実践プロジェクト: 2-2時間']);
    for (const l of ownLines) expect(sum(r.entries.filter((e) => norm(e.source ?? '') === l.text).map(hoursOf)), l.text).toEqual(l.hours);
    let total = { min: 0, max: 0 };
    for (const g of groups) {
      const group = concept('000', g.heading.replace(/^\S+\s/, '').replace(/\s*\([^)]*\)$/, ''));
      const members = r.entries.filter((e) => (e.concept === group.id || c.concepts.get(e.concept)!.parent === group.id) && !ownLines.some((l) => l.text === norm(e.source ?? '')));
      const got = sum(members.map(hoursOf));
      expect(got, `${group.id}: ${members.map((e) => e.concept).join(' + ')}`).toEqual(group.hours);
      total = sum([total, got]);
    }
    total = sum([total, ...ownLines.map((l) => l.hours)]);
    expect(sum(r.entries.map(hoursOf)), 'every entry belongs to a group or a stage line').toEqual(total);
  });

  it('has the roadmap with weekly targets, stage totals, weeks and deliverables', () => {
    const r = c.roadmaps.get('llm-basics-6w')!;
    expect(r.weeks).toBe(6);
    expect(r.weeklyHours.recommended).toEqual({ min: 6, max: 8 });
    expect(r.weeklyHours.minimum).toEqual({ min: 4, max: 5 });
    expect(r.totalHours).toEqual({ min: 36, max: 47 });
    for (const e of r.entries) expect(e.week, e.concept).toBeGreaterThanOrEqual(1);
    // The path: "Week 1: Foundation" then its concepts ("A → B", "↓", "C"), each in that week.
    const path = /### 学習順序の推奨パス\s*```\n([\s\S]*?)```/.exec(text)![1];
    const blocks = path.split(/\n(?=Week \d)/).map((b) => b.trim().split('\n').map((l) => l.trim()).filter(Boolean));
    expect(blocks).toHaveLength(5);
    for (const [head, ...lines] of blocks) {
      const m = /^Week (\d)(?:-(\d))?: /.exec(head)!;
      const from = Number(m[1]);
      const to = Number(m[2] ?? m[1]);
      const names = lines.flatMap((l) => l.split('→')).map((n) => n.trim()).filter((n) => n && n !== '↓');
      expect(names.length, head).toBe(3);
      const ids = names.map((n) => concept('000', n).id);
      for (const [i, id] of ids.entries()) {
        const e = r.entries.find((x) => x.concept === id);
        expect(e, `${head} › ${names[i]}`).toBeDefined();
        expect(e!.week! >= from && e!.week! <= to, `${names[i]} (${id}) is in week ${e!.week}, not ${head}`).toBe(true);
      }
      const ordering = r.orderings.find((o) => norm(o.source) === norm(head));
      expect(ordering?.concepts, head).toEqual(ids);
    }
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
    expect(items).toHaveLength(5);
    expect(ordering?.concepts, 'the deep-dive order, item by item').toEqual(items.map((m) => concept('001', m[1]).id));
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
    const errorTables = secs.filter((x) => /エラー$/.test(x.heading));
    expect(errorTables).toHaveLength(2);
    for (const s of errorTables) {
      const rows = tableRows(s.body);
      expect(rows.every((row) => row.length === 3), s.heading).toBe(true);
      // error, cause, fix: every cell of every row, in the seed's order.
      expect(guideTable(s.heading), s.heading).toEqual(rows);
    }
    for (const h of ['今日学んだこと', '実装したこと', 'つまずいた点と解決法', '明日の目標']) expect(known.has(h), h).toBe(true);
  });
});

describe('seed 002 tables and resources', () => {
  const text = seed('002');
  const secs = sections(text);

  it('has the budget table, the cost-saving tips and the model and tool tables, cell by cell', () => {
    for (const heading of ['API利用料金の目安（月額）', 'LLMモデル選択ガイド', '開発環境・ツール']) {
      const s = secs.find((x) => x.heading === heading);
      expect(s, heading).toBeDefined();
      const rows = tableRows(s!.body);
      expect(rows.length, heading).toBeGreaterThanOrEqual(3);
      expect(guideTable(heading), heading).toEqual(rows);
    }
    const tips = [...secs.find((x) => x.heading === 'コスト削減のコツ')!.body.matchAll(/^(\d+)\. (.+)$/gm)].map((m) => [m[1], norm(m[2])]);
    expect(tips).toHaveLength(4);
    expect(guideTable('コスト削減のコツ')).toEqual(tips);
  });

  it('has every resource with its title, URL and language or note', () => {
    const body = text.slice(text.indexOf('## 📚 必須リソース集'), text.indexOf('## 💡'));
    const items = [...body.matchAll(/^- \S+ (?:\[(.+?)\]\((.+?)\)|(.+?))(?: - (.+))?$/gm)];
    expect(items.length).toBe(19);
    const rows = [...c.guides.get('resources')!.blocks].flatMap((b) => (b.kind === 'table' ? b.rows : []));
    const ja = (v: unknown) => norm(typeof v === 'string' ? v : (v as { ja: string }).ja);
    for (const [, title, url, plain, note] of items) {
      const row = rows.find((r) => ja(r.title) === norm(title ?? plain));
      expect(row, title ?? plain).toBeDefined();
      if (url) expect(ja(row!.url), title).toBe(url);
      if (note) expect(Object.values(row!).map(ja), `${title ?? plain} - ${note}`).toContain(norm(note));
    }
  });
});

describe('seeds 003 and 004', () => {
  it('attach every difficulty of 004 to a concept as "why this is hard"', () => {
    // A difficulty is a `###` heading (also "* ### **…**") whose text gives 難しさの理由 or 初学者の壁.
    const text = seed('004');
    const heads = [...text.matchAll(/^(?:\* )?### (.+)$/gm)];
    const found: string[] = [];
    heads.forEach((h, i) => {
      const body = text.slice(h.index + h[0].length, heads[i + 1]?.index ?? text.length);
      if (!/難しさの理由|初学者の壁/.test(body)) return;
      const label = norm(h[1]).replace(/^[a-z]\. /, '');
      const x = concept('004', label);
      expect(x.whyHard, label).toBeDefined();
      expect(x.sources.some((s) => s.seed === '004' && norm(s.label) === label), label).toBe(true);
      found.push(x.id);
    });
    expect(found).toHaveLength(13);
    expect(new Set(found).size).toBe(12);
  });

  it('attach every heading of 003 to a concept, and every numbered item under it', () => {
    const text = seed('003');
    let n = 0;
    for (const m of text.matchAll(/^(#{1,3}) (.+)$/gm)) {
      const heading = norm(m[2]);
      if (heading === 'その他') continue;
      n++;
      if (m[1] === '###') {
        const body = text.slice(m.index + m[0].length).split(/\n#/)[0];
        const items = [...body.matchAll(/^\d+\. \*\*(.+?)\*\*/gm)].map((x) => x[1]);
        expect(items.length, heading).toBeGreaterThan(0);
        for (const item of items) expect(has('003', item), `${heading} › ${item}`).toBe(true);
        continue;
      }
      expect(concept('003', heading).sources.some((s) => s.seed === '003'), heading).toBe(true);
    }
    expect(n).toBe(9);
  });
});

describe('hours', () => {
  it('gives every built-in concept hours; those from no seed are marked estimated', () => {
    expect([...c.concepts.values()].filter((x) => !x.hours).map((x) => x.id)).toEqual([]);
    // Every figure a seed gives, by (seed, wording).
    const figures = new Map<string, { min: number; max: number }>();
    const s000 = seed('000');
    for (const m of s000.matchAll(/^### \S+ (.+?) \([^)]*\)\n[\s\S]*?推定学習時間\*\*: (\S+)時間/gm)) figures.set(`000:${norm(m[1])}`, range(m[2]));
    for (const m of s000.matchAll(/^[ \t]+- (.+?): (\S+)時間/gm)) figures.set(`000:${norm(m[1])}`, range(m[2]));
    for (const s of sections(seed('002')).filter((x) => /^第.+: /.test(x.heading))) {
      for (const [skill, , hours] of tableRows(s.body)) figures.set(`002:${norm(skill)}`, range(hours));
    }
    // 7 groups, 9 stage lines (3 of them the groups' own names) and 27 skills of 002.
    expect(figures.size).toBe(7 + 6 + 27);
    const unmarked: string[] = [];
    for (const x of c.concepts.values()) {
      if (x.estimated.includes('hours')) continue;
      const fromSeed = x.sources.some((s) => {
        const f = figures.get(`${s.seed}:${norm(s.label)}`);
        return f !== undefined && f.min === x.hours?.min && f.max === x.hours?.max;
      });
      if (!fromSeed) unmarked.push(`${x.id} ${JSON.stringify(x.hours)}`);
    }
    expect(unmarked, 'hours that no seed gives must be marked estimated: [hours]').toEqual([]);
  });
});

describe('self-check questions', () => {
  it('has at least three questions, in both languages, for every concept', () => {
    const short = [...c.concepts.keys()].filter((id) => (c.questions.get(id)?.length ?? 0) < 3);
    expect(short).toEqual([]);
  });
});
