import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDirectory } from '../../../src/directory/build-directory.js';
import {
  cardFor,
  mark,
  press,
  submitSeal,
  waitForCardUpdate,
  waitForText,
  approvalDecisions,
  waitingOn,
} from '../../support/seal-helpers.js';
import { startTestService, type TestService } from '../../support/test-service.js';

/** Spec 2.6: the addressee, or whoever holds the step now, may answer a card. */
describe('a card whose step changed hands', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t.stop();
  });

  it("can be answered by the department's new head after the org file changed, and by nobody else", async () => {
    const ref = await submitSeal(t, 'chenhao');
    const card = await cardFor(t, 'lihua', ref);

    // 教务处 gets a new head (张岩) while the request waits on 李华's card.
    const org = t.service.orgs.defaultOrg();
    const config = structuredClone(org.directory.config);
    config.departments.find((department) => department.id === 'academic')!.head = 'zhangyan';
    t.service.orgs.replace(org.orgId, { directory: buildDirectory(config), timezone: org.timezone });

    const outsider = mark(t, 'liuyang');
    await press(t, 'liuyang', card.taskId, 'approve');
    expect(await waitForText(t, 'liuyang', '由李华处理', { since: outsider })).toContain('您不能代为操作');
    expect(await waitingOn(t, ref)).toEqual(['lihua']);

    await press(t, 'zhangyan', card.taskId, 'approve');
    expect(await waitForCardUpdate(t, card.taskId)).toMatch(/^已同意 · 张岩 /);
    expect((await approvalDecisions(t, ref))[0]).toEqual(['dept_head', 'lihua', 'approved', 'zhangyan']);
    expect(await waitingOn(t, ref)).toEqual(['zhoumin']);
    await cardFor(t, 'zhoumin', ref);
  });
});
