// Milestone checklists: every deliverable and condition of a roadmap's milestones, with the
// learner's 完了日 (a day) and a link to their work.
import { z } from 'zod';
import type { Db } from './open.ts';
import { LOCAL_LEARNER } from './progress.ts';
import { isoDate } from './log.ts';
import type { Roadmap } from '../../curriculum/schema.ts';
import type { MilestoneChecklistDto, MilestoneItemDto, RoadmapMilestonesDto } from '../../shared/api.ts';

type Milestone = Roadmap['milestones'][number];

/** http(s) only: the link is rendered as <a href>, and javascript: must never get there. */
export const linkSchema = z
  .union([
    z.literal(''),
    z.null(),
    z
      .string()
      .max(2000, 'expected a URL of at most 2000 characters')
      .refine((s) => {
        try {
          const u = new URL(s);
          return u.protocol === 'http:' || u.protocol === 'https:';
        } catch {
          return false;
        }
      }, 'expected an http(s) URL, "" or null'),
  ])
  .transform((s) => (s === '' ? null : s));

export const itemUpdateSchema = z
  .strictObject({
    done: z.boolean().optional(),
    completedAt: z.union([isoDate, z.null()]).optional(),
    link: linkSchema.optional(),
  })
  .refine((u) => u.done !== undefined || u.completedAt !== undefined || u.link !== undefined, 'give "done", "completedAt" or "link"')
  .refine((u) => !(u.done === false && typeof u.completedAt === 'string'), 'done: false contradicts a completedAt date');

export type ItemUpdate = z.output<typeof itemUpdateSchema>;

export function milestoneItems(m: Milestone): { kind: 'deliverable' | 'condition'; item: Milestone['deliverables'][number] }[] {
  return [
    ...m.deliverables.map((item) => ({ kind: 'deliverable' as const, item })),
    ...m.conditions.map((item) => ({ kind: 'condition' as const, item })),
  ];
}

export async function roadmapMilestones(db: Db, roadmap: Roadmap, learner = LOCAL_LEARNER): Promise<RoadmapMilestonesDto> {
  const rows = await db
    .selectFrom('milestone_check')
    .selectAll()
    .where('learner_id', '=', learner)
    .where('roadmap_id', '=', roadmap.id)
    .execute();
  const byKey = new Map(rows.map((r) => [`${r.milestone_id}/${r.item_id}`, r]));
  const milestones: MilestoneChecklistDto[] = roadmap.milestones.map((m) => {
    const items: MilestoneItemDto[] = milestoneItems(m).map(({ kind, item }) => {
      const r = byKey.get(`${m.id}/${item.id}`);
      return {
        id: item.id,
        kind,
        title: item.title,
        ...(item.artifact !== undefined ? { artifact: item.artifact } : {}),
        source: item.source,
        done: r?.completed_on != null,
        completedAt: r?.completed_on ?? null,
        link: r?.link ?? null,
        updatedAt: r?.updated_at ?? null,
      };
    });
    return {
      roadmapId: roadmap.id,
      milestoneId: m.id,
      title: m.title,
      week: m.week,
      concepts: m.concepts,
      items,
      doneCount: items.filter((i) => i.done).length,
      total: items.length,
    };
  });
  return { roadmapId: roadmap.id, milestones };
}

/**
 * Applies item updates of one milestone in one transaction. Item ids must already be checked
 * against the milestone. done: true keeps an existing 完了日 or sets `today`.
 */
export async function updateMilestoneItems(
  db: Db,
  roadmapId: string,
  milestoneId: string,
  updates: Record<string, ItemUpdate>,
  today: string,
  now: Date = new Date(),
  learner = LOCAL_LEARNER,
): Promise<void> {
  const at = now.toISOString();
  await db.transaction().execute(async (tx) => {
    for (const [itemId, u] of Object.entries(updates)) {
      const key = { learner_id: learner, roadmap_id: roadmapId, milestone_id: milestoneId, item_id: itemId };
      const row = await tx
        .selectFrom('milestone_check')
        .selectAll()
        .where('learner_id', '=', learner)
        .where('roadmap_id', '=', roadmapId)
        .where('milestone_id', '=', milestoneId)
        .where('item_id', '=', itemId)
        .executeTakeFirst();
      let completed = row?.completed_on ?? null;
      if (u.completedAt !== undefined) completed = u.completedAt;
      else if (u.done === true) completed = completed ?? today;
      else if (u.done === false) completed = null;
      const link = u.link !== undefined ? u.link : (row?.link ?? null);
      if (completed === (row?.completed_on ?? null) && link === (row?.link ?? null)) continue;
      const where = tx
        .deleteFrom('milestone_check')
        .where('learner_id', '=', learner)
        .where('roadmap_id', '=', roadmapId)
        .where('milestone_id', '=', milestoneId)
        .where('item_id', '=', itemId);
      if (completed === null && link === null) {
        await where.execute();
        continue;
      }
      await tx
        .insertInto('milestone_check')
        .values({ ...key, completed_on: completed, link, updated_at: at })
        .onConflict((oc) =>
          oc.columns(['learner_id', 'roadmap_id', 'milestone_id', 'item_id']).doUpdateSet({ completed_on: completed, link, updated_at: at }),
        )
        .execute();
    }
  });
}
