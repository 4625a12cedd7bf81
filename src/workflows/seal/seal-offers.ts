import type { SealOffers } from '../../kit/offers.js';
import { tell } from '../../kit/notify.js';
import { refusal } from '../../shared/errors.js';
import { sealRequestLabel } from './describe-seal-request.js';
import { openSealRequest, waitingNames } from './open-seal-request.js';
import { cancelSealRequestFor, sealRequestStatusOf } from './cancel-seal-request.js';

/** What the seal workflow does for others (kit/offers.ts). */
export const sealOffers: SealOffers = {
  async openSealRequestFor(ctx, input) {
    const applicant = ctx.directory.person(input.applicantId);
    if (!applicant?.isActive)
      throw refusal('NOT_FOUND', `申请人 ${input.applicantId} 不在通讯录中，无法提交用印申请。`);
    const seal = ctx.directory.seal(input.seal);
    if (!seal) throw refusal('NOT_FOUND', `没有「${input.seal}」这枚印章，请核对组织架构文件中的印章。`);
    const { request, progress, routeText } = await openSealRequest(ctx, {
      applicant,
      purpose: input.purpose,
      document: input.document,
      copies: input.copies,
      seal,
      plannedAt: input.plannedAt ?? null,
      relatedRef: input.forRef,
      given: input.given,
    });
    const now =
      progress.outcome === 'waiting'
        ? `审批顺序：${routeText}\n现在等待${waitingNames(ctx, progress)}审批。`
        : `审批已在 ${input.forRef} 完成，已通知印章管理员用印。`;
    await tell(ctx, applicant.userId, `已为 ${input.forRef} 提交用印申请 ${sealRequestLabel(request)}。\n${now}`);
    return { ref: request.ref, waitingOn: progress.outcome === 'waiting' ? progress.waitingOn : [] };
  },
  cancelSealRequestFor,
  async sealRequestStatus(ctx, ref) {
    const request = await ctx.tx.sealRequest.findFirst({ where: { orgId: ctx.orgId, ref: ref.toUpperCase() } });
    return request ? sealRequestStatusOf(request) : undefined;
  },
};
