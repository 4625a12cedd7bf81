import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueWorkItemsQuery } from '../../src/schedules/jobs/overdue-items-query.js';
import { planNodes } from '../support/query-plan.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/*
 * The overdue scan reads the open items that are overdue or due soon with one query
 * (dueWorkItemsQuery). work_item keeps every item ever opened, so its cost must grow with those
 * rows, not with the table: the plan must use the partial index work_item_open_due_idx
 * (org_id, due_at) WHERE done_at IS NULL AND due_at IS NOT NULL. The plan is read from PostgreSQL
 * for the very query the scan sends, on a table large enough and ANALYZEd.
 */

const ITEMS = 20_000;
// Item i is due 2026-01-01 + i hours (to 2028); one in ten is open (i % 10 = 0); one in four of
// those is the other school's; every fifth item has no due (a 协办's). So ~1 500 are open with a due,
// and by the horizon 2026-01-15 (≈ 336 hours) only the first few dozen are.

describe('overdue scan query plan', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.prisma.organization.create({ data: { id: 'demo', name: '示范中学', timezone: 'Asia/Shanghai' } });
    await db.prisma.organization.create({ data: { id: 'other', name: '另一所学校', timezone: 'Asia/Shanghai' } });
    await db.prisma.$executeRaw`
      INSERT INTO work_item (org_id, workflow, item_id, item_ref, kind, source_id, holder_userid, role, action, requester,
                             subject, submitted_at, since, due_at, done_at)
      SELECT CASE WHEN i % 40 = 0 THEN 'other' ELSE 'demo' END, 'task', 'item-' || i, 'R' || i,
             CASE WHEN i % 5 = 1 THEN 'task_helper' ELSE 'task' END, i::text, 'u' || (i % 500),
             CASE WHEN i % 5 = 1 THEN 'helper' ELSE 'holder' END, '督办事项', '周敏交办', '事项' || i,
             timestamptz '2025-12-01', timestamptz '2025-12-01',
             CASE WHEN i % 5 = 1 THEN NULL ELSE timestamptz '2026-01-01' + i * interval '1 hour' END,
             CASE WHEN i % 10 = 0 THEN NULL ELSE timestamptz '2025-12-15' END
        FROM generate_series(0, ${ITEMS - 1}) AS i`;
    await db.prisma.$executeRaw`ANALYZE work_item`;
  });
  afterAll(async () => {
    await db.drop();
  });

  it('reads the open items due by the horizon from the partial index, never the whole table', async () => {
    const query = dueWorkItemsQuery('demo', new Date('2026-01-15T00:00:00Z'));
    const nodes = await planNodes(db.prisma, query);
    const summary = nodes.map((node) => [node['Node Type'], node['Index Name'] ?? node['Relation Name'] ?? null]);

    expect(summary).toContainEqual([
      expect.stringMatching(/^(Index Scan|Index Only Scan|Bitmap Index Scan)$/),
      'work_item_open_due_idx',
    ]);
    expect(summary.filter(([type]) => type === 'Seq Scan')).toEqual([]);

    // and it answers: this school's open items (holders) due by 01-15, most overdue first
    const rows = await db.prisma.$queryRaw<{ itemRef: string }[]>(query);
    const expected = Array.from({ length: 14 * 24 + 1 }, (_, i) => i)
      .filter((i) => i % 10 === 0 && i % 40 !== 0 && i % 5 !== 1)
      .map((i) => `R${i}`);
    expect(rows.map((row) => row.itemRef)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(20);
  });
});
