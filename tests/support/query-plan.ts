import { Prisma, type PrismaClient } from '../../src/db/prisma.js';

/** One node of PostgreSQL's JSON plan, with what the plan tests look at. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** Every node of `query`'s plan (EXPLAIN, not run), the root first. */
export async function planNodes(prisma: PrismaClient, query: Prisma.Sql): Promise<PlanNode[]> {
  const [explained] = await prisma.$queryRaw<{ 'QUERY PLAN': [{ Plan: PlanNode }] }[]>(
    Prisma.sql`EXPLAIN (FORMAT JSON) ${query}`,
  );
  return nodesOf(explained!['QUERY PLAN'][0].Plan);
}

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}
