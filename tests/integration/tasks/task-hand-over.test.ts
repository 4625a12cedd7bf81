import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardFor, mark, waitForText } from '../../support/seal-helpers.js';
import { startTestService, type TestService } from '../../support/test-service.js';

/**
 * A task whose owner leaves the org file (a reload, as SIGHUP does) goes to the head of its lead
 * department with its deadline, and the assigner is told; a helper who left is dropped.
 */
describe('a task whose owner left', () => {
  let t: TestService;
  let folder: string;
  let orgFile: string;
  let orgText: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'xiaoban-task-handover-'));
    orgFile = join(folder, 'org.yaml');
    orgText = (await readFile('config/org.yaml', 'utf8')).replace(
      /^people:\n/m,
      'people:\n' +
        '  - { userid: qiming, name: 齐明, departments: [general], roles: [staff], position: 合同专员 }\n' +
        '  - { userid: xiaohu, name: 肖虎, departments: [security], roles: [staff], position: 安全员 }\n',
    );
    await writeFile(orgFile, orgText);
    t = await startTestService({ envOverrides: { ORG_FILE: orgFile } });
  });
  afterAll(async () => {
    await t?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it('goes to the department head, who gets the card; the assigner is told; the helper who left is dropped', async () => {
    const since = mark(t, 'zhoumin');
    await t.sendText('zhoumin', '交办 内容:清点合同档案 负责:齐明 截止:下周五 协办:肖虎、蒋波');
    const ref = /已交办 (R\d+)/.exec(await waitForText(t, 'zhoumin', '已交办', { since }))![1]!;
    const before = mark(t, 'zhoumin');

    orgText = orgText.replace(/^ {2}- \{ userid: (qiming|xiaohu),.*\n/gm, '');
    await writeFile(orgFile, orgText);
    await t.service.reloadDirectory();
    await t.quiesce();

    expect((await cardFor(t, 'hejun', ref)).taskId).toBeDefined();
    expect(await waitForText(t, 'hejun', ref)).toContain('的负责人齐明已不在通讯录中，现由您负责，截止时间不变。');
    expect(await waitForText(t, 'zhoumin', ref, { since: before })).toContain('已改由部门负责人何军负责。');
    const task = await t.db.prisma.task.findFirstOrThrow({ where: { ref } });
    expect(task).toMatchObject({ ownerId: 'hejun', helperIds: ['jiangbo'], state: 'open' });
    const open = await t.db.prisma.workItem.findMany({
      where: { itemRef: ref, doneAt: null },
      select: { holderId: true, role: true },
      orderBy: { holderId: 'asc' },
    });
    expect(open).toEqual([
      { holderId: 'hejun', role: 'holder' },
      { holderId: 'jiangbo', role: 'helper' },
    ]);
  });
});
