// npm run seed:load -- --people 2000 --items 100000 [--fresh] [--overdue N] [--now ISO] [--seed N]:
// a made-up school and a year of its seal requests, tasks, documents and meetings in DATABASE_URL (default the database
// xiaoban_seed on the local server), for the bench (bench/digests.ts) and for trying the service at scale.
import { parseArgs } from 'node:util';
import { seedSchool } from './seed/seed-school.js';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '2000' },
    items: { type: 'string', default: '100000' },
    overdue: { type: 'string' },
    now: { type: 'string' },
    seed: { type: 'string' },
    fresh: { type: 'boolean', default: false },
  },
});
const whole = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} must be a whole number, not ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return value;
};

const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/xiaoban_seed';
try {
  const overdue = whole('overdue', values.overdue);
  const seed = whole('seed', values.seed);
  const summary = await seedSchool({
    databaseUrl,
    people: whole('people', values.people)!,
    items: whole('items', values.items)!,
    fresh: values.fresh,
    ...(overdue !== undefined ? { overdue } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(values.now ? { now: new Date(values.now) } : {}),
  });
  console.log(
    `seeded ${summary.people} people, ${summary.sealRequests} seal requests, ${summary.tasks} tasks, ` +
      `${summary.incomingDocuments} 收文, ${summary.outgoingDocuments} 发文 and ${summary.meetings} meetings ` +
      `(${summary.openItems} open, ${summary.overdueItems} overdue at ${summary.now}) in ${summary.seconds} s`,
  );
  console.log(`org file: ${summary.orgFile}`);
} catch (error) {
  console.error(`seed:load failed: ${(error as Error).message}`);
  process.exit(1);
}
