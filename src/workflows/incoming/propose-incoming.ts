import { addDocumentNote } from '../../kit/document-notes.js';
import type { DepartmentInfo, PersonInfo } from '../../directory/types.js';
import { findApproval, openApproval, resubmitApproval, waitingOn } from '../../kit/approvals/index.js';
import type { ActorContext } from '../../kit/context.js';
import { defineCommand, field } from '../../kit/define-command.js';
import { latestFile } from '../../kit/files/document-files.js';
import { deadlineText } from '../../kit/format-time.js';
import { hasAnyRole, LEADER_ROLES, personName } from '../../kit/people.js';
import { refusal } from '../../shared/errors.js';
import { documentLabel, keptTyped } from './describe-incoming.js';
import {
  instructionDue,
  instructionKey,
  instructionPresenter,
  leaderStep,
  proposerAsRequester,
} from './incoming-approval.js';
import { closeDocumentWork } from './incoming-work.js';
import { isSecret, lockDocumentOrRefuse, moveDocument, type IncomingDocument } from './incoming-store.js';
import { startHandling } from './start-handling.js';

/**
 * `拟办 S3` (spec 2.5, 3.2): the office's proposal with the three elements the seeds require —
 * 承办部门, 办理时限, 风险提示 — goes to the leader for 签批 (the lead department's 分管领导 unless
 * 签批 names another). After a 退回 it is a new round of the same approval.
 */
export const proposeIncoming = defineCommand({
  spec: {
    keyword: '拟办',
    summary: '提出拟办意见（承办部门、办理期限、风险提示），送校领导签批',
    example: '拟办 S3 承办:教务处 期限:12月10日 提示:涉及期末考试安排，需与年级组协调',
    roles: ['office', 'office_director'],
    ref: { prefixes: ['S'], required: true, question: '给哪一份收文拟办？' },
    freeText: 'none',
  },
  fields: {
    承办: field.department({ aliases: ['承办部门', '主办'], required: true, question: '由哪个部门承办？' }),
    期限: field.datetime({
      aliases: ['办理期限', '时限'],
      required: true,
      notPast: true,
      // a day without a time means by the end of that working day
      defaultTime: '18:00',
      question: '办理期限是什么时候？',
    }),
    提示: field.text({ aliases: ['风险提示', '注意'], question: '有什么风险或注意事项要提示？' }),
    签批: field.person({ aliases: ['签批领导', '领导'], question: '请哪位校领导签批？' }),
  },
  async execute(ctx, { ref, values }) {
    const document = await lockDocumentOrRefuse(ctx, ref);
    await refuseWhileProposed(ctx, document);
    const department = values.承办;
    requireHead(ctx, department);
    const leader = signingLeader(ctx, department, values.签批);
    const now = ctx.clock.now();
    const dueAt = values.期限.toJSDate();
    const risk = values.提示?.trim() ? keptTyped(ctx, document, values.提示.trim()) : null;
    const proposed = await moveDocument(
      ctx,
      document,
      'propose',
      {
        leadDepartmentId: department.id,
        handlingDueAt: dueAt,
        riskNote: risk,
        proposalLeaderId: leader.userId,
        proposedBy: ctx.actor.userId,
        proposedAt: now,
      },
      { comment: `承办 ${department.name}，期限 ${deadlineText(dueAt, ctx)}，签批 ${leader.name}` },
    );
    await addDocumentNote(ctx, proposed, {
      kind: 'proposal',
      authorId: ctx.actor.userId,
      text: `承办：${department.name}；期限：${deadlineText(dueAt, ctx)}；提示：${risk ?? '无'}；签批：${leader.name}`,
    });
    await closeDocumentWork(ctx, proposed, ['doc_proposal']);
    const key = instructionKey(proposed);
    const presenter = await instructionPresenter(ctx, proposed);
    const requester = proposerAsRequester(ctx, proposed);
    const { progress } = (await findApproval(ctx, key))
      ? await resubmitApproval(ctx, key, requester, leaderStep(leader.userId), presenter)
      : await openApproval(
          ctx,
          { ...key, itemRef: proposed.ref, requester, steps: leaderStep(leader.userId) },
          presenter,
        );
    // a leader who proposes it themself has nothing left to sign
    if (progress.outcome === 'approved') {
      await startHandling(ctx, proposed, { event: 'approve' });
      await ctx.reply(`已拟办 ${documentLabel(proposed)}，由您签批，已同意，${department.name}开始办理。`);
      return;
    }
    const hasFile = isSecret(proposed) || (await latestFile(ctx, proposed.ref)) !== undefined;
    await ctx.reply(
      [
        `已拟办 ${proposed.ref}，拟办单已送${leader.name}签批${proposed.urgency === '特急' ? '（特急）' : ''}。`,
        `承办：${department.name}；期限：${deadlineText(dueAt, ctx)}`,
        `签批期限：${deadlineText(instructionDue(ctx, proposed), ctx)}`,
        ...(hasFile
          ? []
          : [`还没有收到来文文件：发送「附件 ${proposed.ref}」后把文件发给我，会补发给${leader.name}。`]),
      ].join('\n'),
    );
  },
});

/** A proposal already waits on its leader: say on whom, rather than the machine's general words. */
async function refuseWhileProposed(ctx: ActorContext, document: IncomingDocument): Promise<void> {
  if (document.state !== 'proposed') return;
  const approval = await findApproval(ctx, instructionKey(document));
  const names = (approval && (await waitingOn(ctx, approval))) ?? personName(ctx.directory, document.proposalLeaderId);
  throw refusal('CONFLICT', `${document.ref} 已拟办，正在等${names}签批。`);
}

/** The lead department's head reports and finishes the handling: a department without one cannot lead. */
function requireHead(ctx: ActorContext, department: DepartmentInfo): void {
  const head = department.head ? ctx.directory.person(department.head) : undefined;
  if (!head?.isActive)
    throw refusal(
      'CONFLICT',
      `${department.name}在通讯录中没有部门负责人，无法承办。请换一个承办部门，或请管理员补充负责人。`,
    );
}

/** 签批: the leader named, else the lead department's 分管领导, else the principal; always a 校领导. */
function signingLeader(ctx: ActorContext, department: DepartmentInfo, named: PersonInfo | undefined): PersonInfo {
  if (named) {
    if (!hasAnyRole(named, LEADER_ROLES))
      throw refusal('INVALID_INPUT', `${named.name}不是校领导。「签批」请写一位校领导，或不写（默认分管领导）。`);
    if (!named.isActive) throw refusal('INVALID_INPUT', `${named.name}已不在通讯录中，请另写一位签批领导。`);
    return named;
  }
  const leader = department.leader ? ctx.directory.person(department.leader) : undefined;
  if (leader?.isActive && hasAnyRole(leader, LEADER_ROLES)) return leader;
  const principal = ctx.directory.peopleWithRole('principal').find((person) => person.isActive);
  if (principal) return principal;
  throw refusal('CONFLICT', `${department.name}没有分管校领导，请用「签批」写明请哪位校领导签批。`);
}
