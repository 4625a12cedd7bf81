import type { PersonInfo } from '../../directory/types.js';
import type { ActorContext } from '../../kit/context.js';
import { defineCommand, field } from '../../kit/define-command.js';
import { deadlineText } from '../../kit/format-time.js';
import type { TaskOffers } from '../../kit/offers.js';
import { hasAnyRole, LEADER_ROLES } from '../../kit/people.js';
import { recordAudit } from '../../kit/record-audit.js';
import { TASK_FIELDS } from '../../kit/task-fields.js';
import type { WorkflowCommand } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import { clip } from '../../shared/text.js';
import { heldByNow, requireStarted, requireWriter } from './meeting-end-rules.js';
import { lockMeetingByRef, type Meeting } from './meeting-store.js';
import { MEETING_WORKFLOW_ID } from './meeting-part.js';

const DOING = '记录决议';

/**
 * Who verifies a decision's task (交办领导 in the 督办台账): the meeting's 主持, unless 领导 names
 * another, who must then be a 校领导 — naming someone else moves the verification off the person who
 * chaired the meeting, which only a leader can take on (as 交办's 领导 must be a leader). Naming the
 * 主持 is always allowed.
 */
function assignerOf(ctx: ActorContext, meeting: Meeting, named: PersonInfo | undefined): PersonInfo {
  const host = ctx.directory.person(meeting.hostId);
  if (!named) {
    if (!host)
      throw refusal('NOT_FOUND', `主持人 ${meeting.hostId} 已不在通讯录中，请用「领导」写明验收这项决议的校领导。`);
    return host;
  }
  if (named.userId !== meeting.hostId && !hasAnyRole(named, LEADER_ROLES))
    throw refusal(
      'INVALID_INPUT',
      `${named.name}不是校领导。「领导」请写验收这项决议的校领导；不写则由主持人${host?.name ?? meeting.hostId}验收。`,
    );
  return named;
}

/**
 * `决议 H3 内容:… 负责:… 截止:… 验收:…` (spec 2.5, 3.4; seeds: 将决议事项分解为具体任务，明确责任部门
 * 和完成时限): a decision of a meeting that has started becomes a tracked task through the task
 * offers, linked to the meeting both ways, verified by the 主持 unless 领导 names another leader.
 */
export function decisionCommand(tasks: TaskOffers): WorkflowCommand {
  return defineCommand({
    spec: {
      keyword: '决议',
      aliases: ['会议决议'],
      summary: '把会议议定的事项交办为督办事项（负责人、截止时间、验收标准），默认由主持人验收',
      example: '决议 H3 内容:制定期末考试安排 负责:李华 截止:12月11日 验收:安排表经校务会通过',
      ref: { prefixes: ['H'], required: true, question: '是哪个会议的决议？请写会议编号，如 H3。' },
      freeText: 'optional',
    },
    fields: {
      内容: field.text({
        aliases: ['事项', '决议事项'],
        required: true,
        fromFreeText: true,
        question: '会议议定了什么事项？',
      }),
      ...TASK_FIELDS,
      领导: field.person({ aliases: ['验收人', '交办领导', '交办'], question: '由哪位校领导验收？' }),
    },
    async authorize(ctx, { ref }) {
      const meeting = await ctx.tx.meeting.findFirst({ where: { orgId: ctx.orgId, ref } });
      if (!meeting) throw refusal('NOT_FOUND', `没有找到会议 ${ref}，请核对编号。`);
      requireWriter(ctx, meeting, DOING);
      requireStarted(ctx, meeting, DOING);
    },
    async execute(ctx, { ref, values }) {
      const locked = await lockMeetingByRef(ctx, ref);
      requireWriter(ctx, locked, DOING);
      requireStarted(ctx, locked, DOING);
      const assigner = assignerOf(ctx, locked, values.领导);
      const owner = values.负责;
      if (owner.userId === assigner.userId)
        throw refusal(
          'INVALID_INPUT',
          `负责人和验收人都是${owner.name}：决议落实后由验收人验收。请另指定负责人，或用「领导」写明验收的校领导。`,
        );
      const meeting = await heldByNow(ctx, locked, '会上记录决议');
      const dueAt = values.截止.toJSDate();
      const task = await tasks.createTaskFrom(ctx, {
        sourceRef: meeting.ref,
        sourceKind: 'meeting',
        sourceLabel: `${meeting.ref} ${clip(meeting.topic, 20)}决议`,
        content: values.内容,
        acceptance: values.验收 ?? null,
        ownerId: owner.userId,
        assignerId: assigner.userId,
        recordedBy: ctx.actor.userId,
        dueAt,
      });
      await recordAudit(ctx, {
        itemType: MEETING_WORKFLOW_ID,
        itemRef: meeting.ref,
        action: 'record_decision',
        comment: `${task.ref}：${clip(values.内容, 30)}（负责：${owner.name}）`,
      });
      const department = ctx.directory.department(owner.departmentIds[0] ?? '')?.name;
      await ctx.reply(
        [
          `已记录 ${meeting.ref} 的决议，督办事项 ${task.ref} 已交给${owner.name}${department ? `（${department}）` : ''}。`,
          `截止：${deadlineText(dueAt, ctx)}`,
          `完成后由${assigner.userId === ctx.actor.userId ? '您' : assigner.name}验收。发送「查询 ${task.ref}」随时查看落实情况。`,
        ].join('\n'),
      );
    },
  });
}
