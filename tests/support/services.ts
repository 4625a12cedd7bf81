/** Where the test suite finds PostgreSQL and Redis (scripts/test.sh starts them when it can). */
export const TEST_PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** One template per test run (set by global-setup), so two runs on one machine never share or drop each other's. */
export const TEMPLATE_DB = process.env.XIAOBAN_TEST_TEMPLATE_DB ?? 'xiaoban_test_template';

export function databaseUrl(name: string): string {
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
