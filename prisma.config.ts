// Prisma CLI configuration. Only `prisma generate` is used in this project (it needs no native
// engine); migrations are applied by scripts/db-migrate.ts. DATABASE_URL is optional here so that
// generate works on a machine with no database.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/xiaoban' },
});
