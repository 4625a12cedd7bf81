import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('the migrated database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('refuses to change or delete audit records', async () => {
    await db.prisma.organization.create({ data: { id: 'demo', name: '示范中学', timezone: 'Asia/Shanghai' } });
    const record = await db.prisma.auditLog.create({
      data: { orgId: 'demo', actorId: 'lihua', itemType: 'seal', itemRef: 'Y1', action: 'submit', via: 'command' },
    });
    await expect(db.prisma.auditLog.update({ where: { id: record.id }, data: { comment: 'edited' } })).rejects.toThrow(
      /append-only/,
    );
    await expect(db.prisma.auditLog.delete({ where: { id: record.id } })).rejects.toThrow(/append-only/);
    expect(await db.prisma.auditLog.count()).toBe(1);
  });
});
