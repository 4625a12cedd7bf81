import { randomUUID } from 'node:crypto';
import type { ActorContext } from '../../kit/context.js';
import { defineCommand, field } from '../../kit/define-command.js';
import { expectFile } from '../../kit/files/document-files.js';
import { deadlineText } from '../../kit/format-time.js';
import { tell } from '../../kit/notify.js';
import { allocateIncomingNumber } from '../../kit/numbering/allocate-incoming-number.js';
import { allocateReference } from '../../kit/numbering/allocate-reference.js';
import { recordAudit } from '../../kit/record-audit.js';
import { refusal } from '../../shared/errors.js';
import { documentLabel, SECRET_TITLE, workingDaysLater } from './describe-incoming.js';
import { openDocumentWork } from './incoming-work.js';
import { INCOMING_WORKFLOW_ID, isSecret, type IncomingDocument } from './incoming-store.js';

export const SECRECY_LEVELS = ['普通', '秘密', '机密'] as const;
export const URGENCY_LEVELS = ['特急', '加急', '平件'] as const;

/**
 * `收文` (spec 2.5, 3.2): the office registers a document received, with the fields of the
 * 收文登记表, and gets its S reference and 收文编号. The 拟办 is due `proposal_working_days` later
 * (seeds: 拟办2个工作日内提出意见). A 秘密/机密 document is 「涉密件」: its title is never asked
 * for, and one typed is dropped before anything stores it (spec 2.6).
 */
export const registerIncoming = defineCommand({
  spec: {
    keyword: '收文',
    aliases: ['收文登记'],
    summary: '登记一份来文，分配收文编号（秘密、机密件不写标题）',
    example:
      '收文 标题:关于做好寒假安全工作的通知 来文单位:区教育局 来文字号:区教发〔2026〕58号 缓急:加急 期限:12月10日',
    roles: ['office', 'office_director'],
    freeText: 'optional',
  },
  fields: {
    标题: field.text({
      aliases: ['文件标题', '题目'],
      fromFreeText: true,
      onlyUnless: {
        field: '密级',
        values: ['秘密', '机密'],
        droppedNote: `按保密规定，秘密、机密件的标题和内容不能录入本系统：您写的标题没有保存，登记为「${SECRET_TITLE}」。`,
      },
      question: '来文的标题是什么（秘密、机密件不要发标题：请回复「取消」，再写明「密级:秘密」重新登记）',
    }),
    来文单位: field.text({ aliases: ['发文单位', '来文机关'], required: true, question: '来文单位是哪里？' }),
    来文字号: field.text({ aliases: ['字号', '来文文号'], question: '来文字号是什么？' }),
    份数: field.count({ defaultValue: '1', max: 999 }),
    密级: field.choice(SECRECY_LEVELS, { defaultValue: '普通' }),
    缓急: field.choice(URGENCY_LEVELS, { aliases: ['紧急程度'], defaultValue: '平件' }),
    期限: field.date({ aliases: ['办理期限', '来文期限'], notPast: true, question: '来文要求什么时候前办理？' }),
  },
  async execute(ctx, { values }) {
    const secrecy = values.密级 ?? '普通';
    const isClassified = secrecy !== '普通';
    const title = isClassified ? SECRET_TITLE : values.标题?.trim();
    if (!title) throw refusal('INVALID_INPUT', '请写明来文的标题，例如「收文 标题:关于… 来文单位:区教育局」。');
    const now = ctx.clock.now();
    const ref = await allocateReference(ctx, 'S');
    const number = await allocateIncomingNumber(ctx);
    const deadline = values.期限 ? ctx.directory.calendar.endOfWorkingDay(values.期限.toISODate()!) : null;
    const document = await ctx.tx.incomingDocument.create({
      data: {
        id: randomUUID(),
        orgId: ctx.orgId,
        ref,
        incomingNumber: number.text,
        title,
        senderOrg: values.来文单位.trim(),
        senderNumber: values.来文字号?.trim() || null,
        copies: values.份数 ?? 1,
        secrecy,
        urgency: values.缓急 ?? '平件',
        receivedAt: now,
        deadlineAt: deadline,
        registeredBy: ctx.actor.userId,
        state: 'registered',
        createdAt: now,
        updatedAt: now,
      },
    });
    await recordAudit(ctx, {
      itemType: INCOMING_WORKFLOW_ID,
      itemRef: ref,
      action: 'register',
      toState: 'registered',
      comment: `${number.text}，${document.senderOrg}${document.senderNumber ? ` ${document.senderNumber}` : ''}，${document.urgency}`,
    });
    const proposalDue = workingDaysLater(ctx, now, ctx.directory.config.sla.proposal_working_days);
    await openDocumentWork(ctx, document, { kind: 'doc_proposal', holderId: ctx.actor.userId, dueAt: proposalDue });
    const urgentTold = document.urgency === '特急' ? await tellLeaderAtOnce(ctx, document) : undefined;
    if (!isClassified) await expectFile(ctx, { workflow: INCOMING_WORKFLOW_ID, itemId: document.id, itemRef: ref });
    await ctx.reply(
      [
        isClassified
          ? `已登记收文 ${ref}（${secrecy}，登记为「${SECRET_TITLE}」），收文编号 ${number.text}。`
          : `已登记收文 ${ref}，收文编号 ${number.text}。`,
        isClassified
          ? '涉密件的内容和文件不进入本系统，请按保密规定传递纸质文件。'
          : `请把来文文件（PDF/Word）发给我，我会附在 ${ref} 上，随拟办单和传阅单一起发出。`,
        ...(urgentTold ? [`特急件已即时报送${urgentTold}。`] : []),
        `拟办期限：${deadlineText(proposalDue, ctx)}，请发送「拟办 ${ref} 承办:… 期限:…」。`,
      ].join('\n'),
    );
  },
});

/**
 * 特急 goes to the leader at once (spec 3.2; seeds: 紧急文件需立即呈送): the registrar's department's
 * 分管领导, or the principal where it has none. Returns their name for the reply.
 */
async function tellLeaderAtOnce(ctx: ActorContext, document: IncomingDocument): Promise<string | undefined> {
  const departmentId = ctx.actor.departmentIds[0];
  const departmentLeader = departmentId ? ctx.directory.department(departmentId)?.leader : undefined;
  const leader =
    (departmentLeader && ctx.directory.person(departmentLeader)?.isActive
      ? ctx.directory.person(departmentLeader)
      : undefined) ?? ctx.directory.peopleWithRole('principal').find((person) => person.isActive);
  if (!leader || leader.userId === ctx.actor.userId) return undefined;
  const about = isSecret(document)
    ? `${documentLabel(document)}，来文单位 ${document.senderOrg}，请到综合办公室阅件`
    : `${documentLabel(document)}，来文单位 ${document.senderOrg}`;
  const due = document.deadlineAt ? `，期限 ${deadlineText(document.deadlineAt, ctx)}` : '';
  await tell(
    ctx,
    leader.userId,
    `【特急】收到特急来文 ${about}${due}。已登记（${document.incomingNumber}），拟办后即送签批。`,
  );
  return leader.name;
}
