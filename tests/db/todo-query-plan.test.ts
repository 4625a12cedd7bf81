import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkItemsQuery } from '../../src/kit/work-items.js';
import { planNodes } from '../support/query-plan.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/*
 * 我的待办 reads one person's open work items with one query (openWorkItemsOf). The table keeps
 * every item ever opened, so it grows with the school's years while each person has a few open
 * ones: the query must stay on the partial index work_item_open_by_holder_idx. Its plan is read
 * from PostgreSQL for the very query the function sends (openWorkItemsQuery), on a table large
 * enough and ANALYZEd, so the planner chooses as it would in production.
 */

const ITEMS = 20_000;
const HOLDERS = 500;
// Item i is held by u<i % 500>, its k-th (k = i / 500, 40 a person): one in ten is still open
// (k = 0, 10, 20, 30), and those with k = 0 or 20 are the other school's. So 2 000 of 20 000 are
// open, each person has 2 open here and 2 at the other school.

describe('我的待办 query plan', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.prisma.organization.create({ data: { id: 'demo', name: '示范中学', timezone: 'Asia/Shanghai' } });
    // a second school's items share the table and the index
    await db.prisma.organization.create({ data: { id: 'other', name: '另一所学校', timezone: 'Asia/Shanghai' } });
    await db.prisma.$executeRaw`
      INSERT INTO work_item (org_id, workflow, item_id, item_ref, kind, source_id, holder_userid, action, requester,
                             subject, submitted_at, since, done_at)
      SELECT CASE WHEN (i / ${HOLDERS}) % 20 = 0 THEN 'other' ELSE 'demo' END, 'seal', 'item-' || i, 'Y' || i,
             'approval', i::text, 'u' || (i % ${HOLDERS}), '用印审批', '陈浩（教务处）', '校章 3份《文件》',
             timestamptz '2026-01-01' + i * interval '10 minutes', timestamptz '2026-01-01' + i * interval '10 minutes',
             CASE WHEN (i / ${HOLDERS}) % 10 = 0 THEN NULL ELSE timestamptz '2026-01-02' + i * interval '10 minutes' END
        FROM generate_series(0, ${ITEMS - 1}) AS i`;
    await db.prisma.$executeRaw`ANALYZE work_item`;
  });
  afterAll(async () => {
    await db.drop();
  });

  it('answers one person from the partial index of open items, never by reading the whole table', async () => {
    const query = openWorkItemsQuery('demo', 'u40');
    const nodes = await planNodes(db.prisma, query);
    const summary = nodes.map((node) => [node['Node Type'], node['Index Name'] ?? node['Relation Name'] ?? null]);

    expect(summary).toContainEqual([
      expect.stringMatching(/^(Index Scan|Index Only Scan|Bitmap Index Scan)$/),
      'work_item_open_by_holder_idx',
    ]);
    expect(summary.filter(([type]) => type === 'Seq Scan')).toEqual([]);

    // and the query is the one that answers: u40's open items, oldest first
    const rows = await db.prisma.$queryRaw<{ itemRef: string }[]>(query);
    expect(rows.map((row) => row.itemRef)).toEqual(['Y5040', 'Y15040']);
  });
});
