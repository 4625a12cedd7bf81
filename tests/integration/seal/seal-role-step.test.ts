import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cardFor,
  findRequest,
  mark,
  press,
  submitSeal,
  waitForCardUpdate,
  waitForText,
  waitingOn,
} from '../../support/seal-helpers.js';
import { startTestService, type TestService } from '../../support/test-service.js';

/** Spec 2.3: `role:<role>` is any one person with that role, e.g. any of the office staff. */
describe('an approval step held by a role', () => {
  let t: TestService;
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'xiaoban-role-'));
    const orgFile = join(folder, 'org.yaml');
    const demo = await readFile('config/org.yaml', 'utf8');
    await writeFile(
      orgFile,
      demo.replace(
        /^rooms:/m,
        '  - { id: archive, name: 档案专用章, keeper: liuqiang, approval: ["role:office"] }\n\nrooms:',
      ),
    );
    t = await startTestService({ envOverrides: { ORG_FILE: orgFile } });
  });
  afterAll(async () => {
    await t?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it('is answered by another holder of the role than the one the card went to; someone without it is refused', async () => {
    const ref = await submitSeal(t, 'chenhao', { 印章: '档案专用章' });
    const card = await cardFor(t, 'wangfang', ref);

    const outsider = mark(t, 'lihua');
    await press(t, 'lihua', card.taskId, 'approve');
    expect(await waitForText(t, 'lihua', '王芳', { since: outsider })).toContain('您不能代为操作');

    await press(t, 'yangxue', card.taskId, 'approve');
    expect(await waitForCardUpdate(t, card.taskId)).toMatch(/^已同意 · 杨雪 /);
    expect(await findRequest(t, ref)).toMatchObject({ state: 'approved' });
    expect(await waitingOn(t, ref)).toEqual(['liuqiang']);
  });
});
