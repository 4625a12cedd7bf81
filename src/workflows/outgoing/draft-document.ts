import { randomUUID } from 'node:crypto';
import type { DepartmentInfo, Directory, PersonInfo } from '../../directory/types.js';
import { describeRoute, openApproval, requesterFor } from '../../kit/approvals/index.js';
import type { ActorContext } from '../../kit/context.js';
import { defineCommand, field } from '../../kit/define-command.js';
import { expectFile, FILE_WAIT_MINUTES } from '../../kit/files/document-files.js';
import { deadlineText } from '../../kit/format-time.js';
import { allocateReference } from '../../kit/numbering/allocate-reference.js';
import { findDocumentSeries } from '../../kit/numbering/allocate-document-number.js';
import { hasAnyRole, LEADER_ROLES } from '../../kit/people.js';
import { recordAudit } from '../../kit/record-audit.js';
import type { WorkflowCommand } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import { clip } from '../../shared/text.js';
import { documentLabel, issueDueAt, SECRET_TITLE } from './describe-outgoing.js';
import { followApproval } from './follow-approval.js';
import { mainKey, outgoingPresenter, outgoingSteps } from './outgoing-approval.js';
import { OUTGOING_WORKFLOW_ID, type OutgoingOffers } from './outgoing-store.js';

const SECRET_LEVELS = ['秘密', '机密'];

/**
 * 主题词 and 附件 say what a document is about: for 秘密/机密 the router drops them, as it drops 标题,
 * before anything is stored, the conversation row kept while the bot asks for a missing field included.
 */
const SECRET_WORDS_DROPPED = {
  field: '密级',
  values: SECRET_LEVELS,
  droppedNote: '涉密文件不在本系统登记主题词和附件说明：您填写的没有保存。',
  isOptional: true,
};

/** 印发份数 above this is almost certainly a typo (300 for 3). */
const MAX_PRINT_COPIES = 500;

/**
 * `发文` (spec 2.5, 3.3): the draft is registered (F<n>, the drafter's first department drafting)
 * and goes straight to review: 核稿 by any one of the office, 会签 by the listed departments' heads
 * at once, 签发 by the leader. For 秘密/机密 no title, subject words or attachment text is asked
 * for or kept (spec 2.6); what was typed is dropped by the router, before anything is stored, with a
 * warning (the fields' `onlyUnless`).
 */
export function draftCommand(offers: OutgoingOffers): WorkflowCommand {
  return defineCommand({
    spec: {
      keyword: '发文',
      aliases: ['拟稿'],
      summary: '拟写发文：综合办公室核稿、有关部门会签、校领导签发后编文号、用印、分发',
      example: '发文 标题:关于期末考试安排的通知 类型:校发 会签:学生发展中心、总务处 主送:各年级组 抄送:区教育局',
      freeText: 'optional',
    },
    fields: {
      标题: field.text({
        aliases: ['题目', '文件标题'],
        fromFreeText: true,
        onlyUnless: {
          field: '密级',
          values: SECRET_LEVELS,
          droppedNote: `涉密文件不在本系统登记标题：您写的标题没有保存，只登记为「${SECRET_TITLE}」。`,
        },
        question: '发文的标题是什么？',
      }),
      类型: field.text({
        aliases: ['发文类型', '字号'],
        required: true,
        question: '用哪个发文字号（类型），如 校发？',
      }),
      主题词: field.text({ aliases: ['关键词'], onlyUnless: SECRET_WORDS_DROPPED }),
      会签: field.text({ aliases: ['会签部门'] }),
      签发: field.person({ aliases: ['签发人', '签发领导'] }),
      主送: field.text({ aliases: ['主送单位'] }),
      抄送: field.text({ aliases: ['抄送单位'] }),
      附件: field.text({ aliases: ['附件说明'], onlyUnless: SECRET_WORDS_DROPPED }),
      生效: field.date({ aliases: ['生效日期'], notPast: true }),
      缓急: field.choice(['特急', '加急', '平件'], { defaultValue: '平件' }),
      密级: field.choice(['普通', '秘密', '机密'], { defaultValue: '普通' }),
      印发份数: field.count({ aliases: ['份数', '印数'], defaultValue: '1', max: MAX_PRINT_COPIES }),
    },
    async execute(ctx, { values }) {
      const drafter = ctx.actor;
      const departmentId = drafter.departmentIds[0];
      if (!departmentId)
        throw refusal('INVALID_INPUT', '您在通讯录中没有所属部门，无法确定拟稿部门。请联系综合办公室。');
      const series = findDocumentSeries(ctx.directory.config, values.类型.trim());
      const cosign = cosignDepartments(ctx.directory, values.会签);
      const leader = signoffLeader(ctx, departmentId, values.签发);
      const secrecy = values.密级 ?? '普通';
      const isSecret = secrecy !== '普通';
      const title = values.标题?.trim();
      if (!isSecret && !title) throw refusal('INVALID_INPUT', '发文需要标题。请重新发送「发文」并写上「标题:…」。');

      const now = ctx.clock.now();
      const ref = await allocateReference(ctx, 'F');
      const document = await ctx.tx.outgoingDocument.create({
        data: {
          id: randomUUID(),
          orgId: ctx.orgId,
          ref,
          title: isSecret ? SECRET_TITLE : title!,
          seriesId: series.id,
          subjectWords: isSecret ? null : (values.主题词 ?? null),
          cosignDepartmentIds: cosign.map((department) => department.id),
          signoffLeaderId: leader.userId,
          mainTo: values.主送 ?? null,
          copyTo: values.抄送 ?? null,
          attachments: isSecret ? null : (values.附件 ?? null),
          effectiveAt: values.生效?.toJSDate() ?? null,
          urgency: values.缓急 ?? '平件',
          secrecy,
          printCopies: values.印发份数 ?? 1,
          drafterId: drafter.userId,
          departmentId,
          state: 'drafting',
          issueDueAt: issueDueAt(ctx, values.缓急 ?? '平件', now),
          createdAt: now,
          updatedAt: now,
        },
      });
      await recordAudit(ctx, { itemType: OUTGOING_WORKFLOW_ID, itemRef: ref, action: 'draft', toState: 'drafting' });
      const { progress, route } = await openApproval(
        ctx,
        {
          ...mainKey(document),
          itemRef: ref,
          requester: requesterFor(ctx.directory, drafter.userId, departmentId),
          steps: outgoingSteps(document),
        },
        await outgoingPresenter(ctx, document),
      );
      const moved = await followApproval(ctx, offers, document, progress, { lead: '已提交' });
      if (!isSecret) await expectFile(ctx, { workflow: OUTGOING_WORKFLOW_ID, itemId: document.id, itemRef: ref });

      await ctx.reply(
        [
          `已登记发文 ${documentLabel(moved)}（${series.prefix}），拟稿：${drafter.name}。`,
          `审批顺序：${describeRoute(ctx, route)}`,
          `应于 ${deadlineText(moved.issueDueAt, ctx)}前印发${moved.urgency === '特急' ? '（特急）' : ''}。`,
          ...(isSecret
            ? [`${secrecy}文件不在本系统传输标题和正文，核稿、会签、签发请到综合办公室阅件。`]
            : [
                `请现在把正文文件（Word 或 PDF）发给我，${FILE_WAIT_MINUTES}分钟内发来的文件会附到 ${ref}；以后可发送「附件 ${ref}」再发。`,
              ]),
          `发送「查询 ${ref}」随时查看进度。`,
        ].join('\n'),
      );
    },
  });
}

/** 会签: departments of the org file by name or id; an unknown one is refused with the list. */
function cosignDepartments(directory: Directory, typed: string | undefined): DepartmentInfo[] {
  if (!typed) return [];
  const found: DepartmentInfo[] = [];
  const unknown: string[] = [];
  for (const name of typed.split(/[\s、,，;；]+/).map((part) => part.replace(/^@+/, '').trim())) {
    if (!name) continue;
    const department = directory.departmentNamed(name) ?? directory.department(name);
    if (!department) unknown.push(name);
    else if (!found.some((each) => each.id === department.id)) found.push(department);
  }
  if (unknown.length > 0)
    throw refusal(
      'INVALID_INPUT',
      `会签：没有找到部门${unknown.map((name) => `「${clip(name, 12)}」`).join('')}。可写的部门：${directory.config.departments.map((department) => department.name).join('、')}。`,
    );
  return found;
}

/** 签发: the leader named, or the drafting department's 分管校领导; never the drafter themself. */
function signoffLeader(ctx: ActorContext, departmentId: string, named: PersonInfo | undefined): PersonInfo {
  const leaderId = named?.userId ?? ctx.directory.department(departmentId)?.leader;
  const leader = leaderId ? ctx.directory.person(leaderId) : undefined;
  if (!leader?.isActive) throw refusal('INVALID_INPUT', '拟稿部门没有分管校领导，请在「签发」中写明由哪位校领导签发。');
  if (!hasAnyRole(leader, LEADER_ROLES))
    throw refusal('INVALID_INPUT', `${leader.name}不是校领导。「签发」请写签发这份发文的校领导。`);
  // the engine skips a step its requester holds: a self-signed draft would be numbered with nobody's 签发
  if (leader.userId === ctx.actor.userId)
    throw refusal('INVALID_INPUT', '签发人不能是拟稿人本人。请在「签发」中写另一位校领导。');
  return leader;
}
