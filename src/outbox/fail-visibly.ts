import type { PrismaClient } from '../db/prisma.js';
import type { OutboxMessage } from '../generated/prisma/client.js';

/**
 * The outbox kind of the note that tells a person a message to them could not be delivered. It is
 * sent as text; its own failure tells nobody (no note about a note).
 */
export const FAILURE_NOTICE_KIND = 'failure_notice';

export const FAILURE_NOTICE_TEXT =
  '抱歉，校办助手刚才有一条消息没能送到您这里（企业微信暂时无法送达）。请发送「我的待办」查看最新情况；如有疑问，请联系综合办公室。';

/**
 * Marks a message failed for good and, when a person was to read it and a note can reach them,
 * queues one note telling them (at most one unsent note per person); says whether they are told. An operator can replay the message
 * (POST /admin/outbox/:id/retry); a card update is best effort (spec 2.6) and tells nobody.
 */
export async function failVisibly(
  prisma: PrismaClient,
  row: OutboxMessage,
  failure: { lastError: string; canReachRecipient: boolean },
  now: Date,
): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    await tx.outboxMessage.update({ where: { id: row.id }, data: { status: 'failed', lastError: failure.lastError } });
    if (!failure.canReachRecipient || row.kind === 'update_template_card' || row.kind === FAILURE_NOTICE_KIND)
      return false;
    const unsentNotice = await tx.outboxMessage.findFirst({
      where: {
        orgId: row.orgId,
        toUserId: row.toUserId,
        kind: FAILURE_NOTICE_KIND,
        status: { notIn: ['sent', 'failed'] },
      },
      select: { id: true },
    });
    if (unsentNotice) return true;
    await tx.outboxMessage.create({
      data: {
        orgId: row.orgId,
        toUserId: row.toUserId,
        kind: FAILURE_NOTICE_KIND,
        body: { msgtype: 'text', text: { content: FAILURE_NOTICE_TEXT } },
        notBefore: now,
      },
    });
    return true;
  });
}
