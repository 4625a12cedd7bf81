import { addDocumentNote } from '../../kit/document-notes.js';
import { decideApproval, findApproval, mayActFor, openStepOf, type ApprovalRecord } from '../../kit/approvals/index.js';
import type { ActorContext } from '../../kit/context.js';
import { defineCommand, field } from '../../kit/define-command.js';
import { deadlineText } from '../../kit/format-time.js';
import { tell } from '../../kit/notify.js';
import type { TaskOffers } from '../../kit/offers.js';
import { personName } from '../../kit/people.js';
import { recordAudit } from '../../kit/record-audit.js';
import type { WorkflowCommand } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import { clip } from '../../shared/text.js';
import { departmentName, documentLabel, keptTyped } from './describe-incoming.js';
import { instructionKey, instructionPresenter, recordFileSeen } from './incoming-approval.js';
import {
  INCOMING_WORKFLOW_ID,
  isSecret,
  lockDocumentOrRefuse,
  stateOf,
  type IncomingDocument,
} from './incoming-store.js';
import { startHandling } from './start-handling.js';

/**
 * `批示 S3 <text>` (spec 2.5, 3.2): a leader's instruction in words. While the proposal waits on
 * them it is their 签批 (it approves, as [同意拟办] would); after approval it is one more
 * instruction for the lead department. With 负责 and 截止 it also becomes a 督办事项 in one step,
 * through the task workflow's offer, linked to the document. A 秘密/机密 document's instruction is
 * recorded as given, never its words (spec 2.6).
 */
export function instructIncoming(offers: { tasks: TaskOffers }): WorkflowCommand {
  return defineCommand({
    spec: {
      keyword: '批示',
      summary: '校领导对收文作出批示（待签批时即同意拟办）；写「负责」「截止」同时交办督办事项',
      example: '批示 S3 请教务处牵头，月底前拿出方案 负责:@lihua 截止:12月20日',
      roles: ['leader', 'principal'],
      ref: { prefixes: ['S'], required: true, question: '对哪一份收文批示？' },
      freeText: 'required',
    },
    fields: {
      负责: field.person({ aliases: ['负责人', '责任人'], question: '督办事项由谁负责？' }),
      截止: field.datetime({
        aliases: ['完成时限', '截止时间'],
        notPast: true,
        defaultTime: '18:00',
        question: '督办事项什么时候之前完成？',
      }),
      验收: field.text({ aliases: ['验收标准'] }),
    },
    async execute(ctx, { ref, freeText, values }) {
      if (Boolean(values.负责) !== Boolean(values.截止))
        throw refusal(
          'INVALID_INPUT',
          `要把批示同时交办为督办事项，请一起写「负责」和「截止」，例如「批示 ${ref.toUpperCase()} 内容 负责:@李华 截止:12月20日」；只批示不交办就都不写。`,
        );
      const document = await lockDocumentOrRefuse(ctx, ref);
      const kept = keptTyped(ctx, document, freeText.trim());
      const instructed =
        stateOf(document) === 'proposed'
          ? await approveWithInstruction(ctx, document, kept)
          : await addInstruction(ctx, document, kept);
      const lines = [
        instructed.approved
          ? `已批示 ${document.ref}，同意拟办，已通知${departmentName(ctx, document.leadDepartmentId)}办理。`
          : `已批示 ${document.ref}，已转告承办部门${departmentName(ctx, document.leadDepartmentId)}。`,
        ...(isSecret(document) ? ['涉密件的批示内容不在系统中保存，请在纸质文件上签批。'] : []),
      ];
      if (values.负责 && values.截止) {
        const dueAt = values.截止.toJSDate();
        const task = await offers.tasks.createTaskFrom(ctx, {
          sourceRef: document.ref,
          sourceKind: 'document',
          sourceLabel: `${document.ref} 领导批示`,
          content: kept,
          acceptance: values.验收 ? keptTyped(ctx, document, values.验收) : null,
          ownerId: values.负责.userId,
          assignerId: ctx.actor.userId,
          dueAt,
          secrecy: document.secrecy as '普通' | '秘密' | '机密',
        });
        lines.push(
          `已交办督办事项 ${task.ref}：负责人${values.负责.name}，截止 ${deadlineText(dueAt, ctx)}，完成后由您验收。`,
        );
      }
      await ctx.reply(lines.join('\n'));
    },
  });
}

/** The proposal waits on this leader: the 批示 is their 签批 and handling starts. */
async function approveWithInstruction(
  ctx: ActorContext,
  document: IncomingDocument,
  instruction: string,
): Promise<{ approved: boolean }> {
  const approval = await findApproval(ctx, instructionKey(document));
  const holder = approval ? ownSlot(ctx, approval) : undefined;
  if (!holder) {
    const waiting = approval ? openStepOf(approval)?.holders.find((each) => each.state === 'pending') : undefined;
    throw refusal(
      'NOT_ALLOWED',
      `${document.ref} 正在等${personName(ctx.directory, waiting?.userId ?? document.proposalLeaderId)}签批，您不能代为批示。签批后可以再作批示。`,
    );
  }
  const presenter = await instructionPresenter(ctx, document);
  await decideApproval(ctx, holder, 'approve', instruction, presenter, { stamp: '已批示' });
  await recordFileSeen(ctx, document, holder);
  const moved = await startHandling(ctx, document, { event: 'instruct', instruction });
  await addDocumentNote(ctx, moved, { kind: 'instruction', authorId: ctx.actor.userId, text: instruction });
  return { approved: true };
}

/** The open slot of the approval this leader may decide, if any. */
function ownSlot(ctx: ActorContext, approval: ApprovalRecord): string | undefined {
  const step = openStepOf(approval);
  return step?.holders.find(
    (holder) => holder.state === 'pending' && mayActFor(ctx, approval, holder, ctx.actor.userId),
  )?.id;
}

/** After approval: one more instruction, the newest kept on the document; the department is told. */
async function addInstruction(
  ctx: ActorContext,
  document: IncomingDocument,
  instruction: string,
): Promise<{ approved: boolean }> {
  const state = stateOf(document);
  if (state === 'registered' || state === 'returned')
    throw refusal(
      'CONFLICT',
      `${document.ref} 还没有送签的拟办意见，请等综合办公室拟办后再批示（拟办单会送到您这里）。`,
    );
  if (state === 'archived' || state === 'cancelled')
    throw refusal('CONFLICT', `${document.ref} ${state === 'archived' ? '已归档' : '已撤销'}，不能再批示。`);
  await ctx.tx.incomingDocument.update({
    where: { id: document.id },
    data: { instruction, updatedAt: ctx.clock.now() },
  });
  await recordAudit(ctx, {
    itemType: INCOMING_WORKFLOW_ID,
    itemRef: document.ref,
    action: 'instruct',
    comment: instruction,
  });
  await addDocumentNote(ctx, document, { kind: 'instruction', authorId: ctx.actor.userId, text: instruction });
  const words = isSecret(document) ? '，请到综合办公室查阅' : `：${clip(instruction, 300)}`;
  const told = new Set(
    [
      document.leadDepartmentId ? ctx.directory.department(document.leadDepartmentId)?.head : undefined,
      document.proposedBy,
    ].filter((userId): userId is string => Boolean(userId) && userId !== ctx.actor.userId),
  );
  for (const userId of told) await tell(ctx, userId, `${ctx.actor.name}对 ${documentLabel(document)}作出批示${words}`);
  return { approved: false };
}
