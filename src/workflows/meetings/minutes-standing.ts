import { findApproval } from '../../kit/approvals/index.js';
import type { BaseContext } from '../../kit/context.js';
import { personName } from '../../kit/people.js';
import { recorderOf, type Meeting } from './meeting-store.js';
import { minutesKey, minutesReturn, pendingSigners } from './minutes-approval.js';

export interface MinutesWait {
  /** whom the minutes wait on now */
  userIds: string[];
  /** in words: 待赵立签发, 记录人陈浩尚未提交, 赵立退回后待陈浩重新提交 */
  standing: string;
  /** waiting for the 主持's 签发 (rather than for the minutes to be written) */
  isSignoff: boolean;
  returned?: { by: string; reason: string };
}

/** Where a held meeting's unpublished minutes stand: with the recorder, or with the 主持 to sign. */
export async function minutesWaitingOn(ctx: BaseContext, meeting: Meeting): Promise<MinutesWait> {
  const approval = await findApproval(ctx, minutesKey(meeting));
  const signers = pendingSigners(approval);
  if (signers.length > 0)
    return {
      userIds: signers,
      standing: `待${signers.map((userId) => personName(ctx.directory, userId)).join('、')}签发`,
      isSignoff: true,
    };
  const writer = meeting.minutesBy ?? recorderOf(meeting);
  const returned = minutesReturn(approval);
  return {
    userIds: [writer],
    standing: returned
      ? `${personName(ctx.directory, returned.by)}退回后待${personName(ctx.directory, writer)}重新提交`
      : `记录人${personName(ctx.directory, writer)}尚未提交`,
    isSignoff: false,
    ...(returned ? { returned } : {}),
  };
}
