import { randomBytes } from 'node:crypto';
import { createPrisma, type PrismaClient } from '../../src/db/prisma.js';
import { adminQuery } from './admin-query.js';
import { TEMPLATE_DB, databaseUrl } from './services.js';

export interface TestDatabase {
  url: string;
  prisma: PrismaClient;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `xiaoban_t_${randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  const url = databaseUrl(name);
  const prisma = createPrisma(url, { poolSize: 5 });
  return {
    url,
    prisma,
    async drop() {
      await prisma.$disconnect();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
