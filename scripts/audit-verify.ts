// npm run audit:verify: checks the 用印登记 hash chain of every organisation in DATABASE_URL.
// Exit 0 when intact, 1 when a record was altered (the first broken one is named), 2 on error.
import { createPrisma } from '../src/db/prisma.js';
import { verifyRegister } from '../src/workflows/seal/seal-register.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('DATABASE_URL is required');
  process.exit(2);
}
const prisma = createPrisma(databaseUrl, { poolSize: 2 });
let isEveryRegisterIntact = true;
try {
  const orgs = await prisma.organization.findMany({ orderBy: { id: 'asc' } });
  for (const org of orgs) {
    const result = await verifyRegister(prisma, org.id);
    if (result.isIntact) {
      console.log(`${org.id}（${org.name}）用印登记 ${result.entries} 条：哈希链完整`);
    } else {
      isEveryRegisterIntact = false;
      const broken = result.firstBroken!;
      console.log(
        `${org.id}（${org.name}）用印登记 ${result.entries} 条：第 ${broken.seq} 条（${broken.requestRef}）校验失败：${broken.problem}`,
      );
    }
  }
} catch (error) {
  console.error(`audit:verify failed: ${(error as Error).message}`);
  process.exitCode = 2;
} finally {
  await prisma.$disconnect();
}
if (process.exitCode === undefined) process.exitCode = isEveryRegisterIntact ? 0 : 1;
