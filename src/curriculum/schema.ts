// The shape of every file under content/, as zod schemas. The loader validates each file
// against these; the inferred types are what the rest of the code sees.
import { z } from 'zod';
import { LEVELS } from '../shared/progress.ts';

const id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a kebab-case id (lowercase letters, digits, hyphens)');

export const localized = z.strictObject({
  ja: z.string().min(1, 'Japanese text (non-empty)'),
  en: z.string().min(1, 'English text (non-empty)'),
});

/** An hour estimate as a range; a single figure from a seed ("20時間") is min = max. */
export const hoursRange = z
  .strictObject({ min: z.number().positive(), max: z.number().positive() })
  .refine((h) => h.min <= h.max, 'min ≤ max');

export const seedId = z.enum(['000', '001', '002', '003', '004']);

/** Where a piece of content comes from: the seed, its section, and the seed's own wording. */
export const source = z.strictObject({
  seed: seedId,
  section: z.string().min(1),
  label: z.string().min(1),
});

export const subconcept = z.strictObject({
  id,
  title: localized,
  /** The seed's own wording of this item, when it comes from a seed. */
  source: z.string().optional(),
  /**
   * The concept this item is, when the curriculum also has it as a concept of its own (000's
   * "Layer normalization" is the concept layer-norm-residual): one thing, one concept. Checked at
   * load like a prerequisite; the concept page links the item to that concept.
   */
  concept: id.optional(),
});

export const resource = z.strictObject({
  title: z.string().min(1),
  url: z.url(),
  lang: z.enum(['ja', 'en']),
  source: seedId.optional(),
});

/** Figures that the project estimated because no seed gives them. */
export const estimatedField = z.enum(['hours', 'importance']);

export const conceptSchema = z.strictObject({
  id,
  /** The group concept this one belongs to (seed 000's seven groups, 001's sections). */
  parent: id.optional(),
  title: localized,
  /** The level; with levelTo, the lower end of a range (000's "基礎-中級" is basic → intermediate). */
  level: z.enum(LEVELS),
  /** The upper end of a level range, above `level`. */
  levelTo: z.enum(LEVELS).optional(),
  /** ★ count, 1–5. */
  importance: z.number().int().min(1).max(5),
  /**
   * Optional in the schema so that a content dir of one's own may leave it out; every built-in
   * concept has hours (checked by completeness.test.ts).
   */
  hours: hoursRange.optional(),
  estimated: z.array(estimatedField).default([]),
  summary: localized,
  /** Markdown; formulas in TeX between $…$ or $$…$$. */
  body: localized,
  /** Why beginners find this hard (seed 004), when it is one of the named difficulties. */
  whyHard: localized.optional(),
  subconcepts: z.array(subconcept).default([]),
  prerequisites: z.array(id).default([]),
  sources: z.array(source).min(1, 'at least one source (which seed, which section)'),
  /** Lab ids from LABS.md; a lab may not exist yet. */
  labs: z.array(id).default([]),
  resources: z.array(resource).default([]),
}).superRefine((c, ctx) => {
  if (c.levelTo !== undefined && LEVELS.indexOf(c.levelTo) <= LEVELS.indexOf(c.level)) {
    ctx.addIssue({
      code: 'custom',
      path: ['levelTo'],
      message: `expected a level above level "${c.level}" (one of ${LEVELS.slice(LEVELS.indexOf(c.level) + 1).join(', ') || 'none'}), got "${c.levelTo}"`,
    });
  }
});

export const roadmapEntry = z.strictObject({
  concept: id,
  /** The recommended week (000: week 1–6; 002: week 1–52 of the year). */
  week: z.number().int().positive().optional(),
  /** Hours for this roadmap, when its seed gives a figure that differs from the concept's. */
  hours: hoursRange.optional(),
  importance: z.number().int().min(1).max(5).optional(),
  /** The seed's wording for this entry in this roadmap. */
  source: z.string().optional(),
});

export const section = z.strictObject({
  id,
  title: localized,
  description: localized.optional(),
  /** Weeks this section spans, when it is a block of the schedule. */
  weeks: z.strictObject({ from: z.number().int().positive(), to: z.number().int().positive() }).optional(),
  hours: hoursRange.optional(),
  /** Hours per week that the seed plans for this section. */
  weeklyHours: hoursRange.optional(),
  concepts: z.array(id).default([]),
  source: z.string().optional(),
});

export const deliverable = z.strictObject({
  id,
  title: localized,
  /** A file name the seed names for the artifact (e.g. simple_chat.py). */
  artifact: z.string().optional(),
  source: z.string().min(1),
});

export const milestone = z.strictObject({
  id,
  title: localized,
  week: z.number().int().positive(),
  /** Concepts that should be done by this milestone. */
  concepts: z.array(id).default([]),
  deliverables: z.array(deliverable).default([]),
  /** Graduation conditions (卒業条件) or final checkpoints, as a checklist. */
  conditions: z.array(deliverable).default([]),
  source: z.string().min(1),
});

export const ordering = z.strictObject({
  id,
  title: localized,
  concepts: z.array(id).min(1),
  source: z.string().min(1),
});

export const roadmapSchema = z.strictObject({
  id,
  title: localized,
  description: localized,
  source: seedId,
  /** Total length in weeks as the seed plans it. */
  weeks: z.number().int().positive(),
  /** Weekly hours the seed recommends, and its minimum. */
  weeklyHours: z.strictObject({ recommended: hoursRange, minimum: hoursRange.optional() }),
  totalHours: hoursRange.optional(),
  entries: z.array(roadmapEntry).min(1),
  sections: z.array(section).default([]),
  milestones: z.array(milestone).default([]),
  orderings: z.array(ordering).default([]),
});

const cell = z.union([z.string(), localized]);

export const guideBlock = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('checklist'),
    id,
    title: localized,
    items: z.array(z.strictObject({ id, text: localized })).min(1),
  }),
  z.strictObject({
    kind: z.literal('table'),
    id,
    title: localized,
    columns: z.array(z.strictObject({ key: z.string(), title: localized })).min(1),
    rows: z.array(z.record(z.string(), cell)).min(1),
  }),
  z.strictObject({ kind: z.literal('text'), id, title: localized, body: localized }),
]);

/** A help or reference page made from a seed's tables and checklists (002's budget, errors…). */
export const guideSchema = z.strictObject({
  id,
  title: localized,
  source: seedId,
  roadmap: id.optional(),
  blocks: z.array(guideBlock).min(1),
});

const choiceOption = z.strictObject({
  id,
  text: localized,
  correct: z.boolean().default(false),
  /** Why this option is right or wrong: every option has one. */
  explanation: localized,
});

export const questionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('choice'),
    id,
    prompt: localized,
    options: z
      .array(choiceOption)
      .min(2, 'at least two options')
      .refine((o) => o.filter((x) => x.correct).length === 1, 'exactly one option with correct: true'),
  }),
  z.strictObject({
    kind: z.literal('numeric'),
    id,
    prompt: localized,
    answer: z.number(),
    /** Accepted absolute error; 0 means exact. */
    tolerance: z.number().min(0).default(0),
    /** Unit shown after the input box, if any. */
    unit: z.string().optional(),
    explanation: localized,
  }),
]);

/** content/questions/<concept-id>.yaml: the self-check questions of one concept. */
export const questionFileSchema = z.strictObject({
  id,
  questions: z.array(questionSchema).min(1),
});

export type Concept = z.infer<typeof conceptSchema>;
export type Question = z.infer<typeof questionSchema>;
export type QuestionFile = z.infer<typeof questionFileSchema>;
export type Roadmap = z.infer<typeof roadmapSchema>;
export type Guide = z.infer<typeof guideSchema>;
export type HoursRange = z.infer<typeof hoursRange>;
