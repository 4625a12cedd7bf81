import { defineCommand, field } from '../../kit/define-command.js';
import { refusal } from '../../shared/errors.js';
import { createTask } from './create-task.js';
import { deadlineText, helperNames } from './describe-task.js';
import { ownerLabel } from './task-work.js';
import { hasAnyRole, LEADER_ROLES, OFFICE_ROLES } from '../../kit/people.js';
import { TASK_FIELDS } from '../../kit/task-fields.js';

/**
 * `交办` (spec 2.5, 3.5): a leader assigns a task, or the office records one a leader gave (领导
 * names them; they verify). The owner gets the 督办任务单 as a card; helpers are told.
 */
export const assignTask = defineCommand({
  spec: {
    keyword: '交办',
    aliases: ['督办'],
    summary: '交办一项督办事项：负责人、截止时间、验收标准，完成后由交办领导验收',
    example: '交办 内容:制定期末考试安排 负责:@lihua 截止:下周五 验收:安排表经校务会通过 协办:@wangfang',
    roles: ['leader', 'principal', 'office', 'office_director'],
    freeText: 'optional',
  },
  fields: {
    内容: field.text({
      aliases: ['事项', '任务'],
      required: true,
      fromFreeText: true,
      question: '要交办什么事项？',
    }),
    ...TASK_FIELDS,
    协办: field.people({ aliases: ['协办人'], question: '请哪些人协办？' }),
    领导: field.person({
      aliases: ['交办领导'],
      requiredUnlessRoles: ['leader', 'principal'],
      question: '是哪位校领导交办的（完成后由他验收）？',
    }),
    来源: field.text({ aliases: ['事项来源'] }),
  },
  async execute(ctx, { values }) {
    const isLeader = hasAnyRole(ctx.actor, LEADER_ROLES);
    const isOffice = hasAnyRole(ctx.actor, OFFICE_ROLES);
    const assigner = values.领导 ?? ctx.actor;
    if (assigner.userId !== ctx.actor.userId && !isOffice)
      throw refusal(
        'NOT_ALLOWED',
        `只有综合办公室可以代其他领导登记交办事项。您交办的事项由您本人验收，不用填「领导」。`,
      );
    if (!hasAnyRole(assigner, LEADER_ROLES))
      throw refusal(
        'INVALID_INPUT',
        isLeader || assigner.userId !== ctx.actor.userId
          ? `${assigner.name}不是校领导。「领导」请写交办这件事的校领导。`
          : '请在「领导」中写明是哪位校领导交办的，完成后由他验收。',
      );
    const dueAt = values.截止.toJSDate();
    const task = await createTask(ctx, {
      content: values.内容,
      acceptance: values.验收 ?? null,
      owner: values.负责,
      helpers: values.协办 ?? [],
      assigner,
      recordedBy: ctx.actor.userId,
      dueAt,
      source: { kind: 'assigned', label: values.来源 ?? '领导交办' },
    });
    const day = values.截止.toISODate()!;
    const offDay = ctx.directory.calendar.isWorkingDay(day) ? '' : '（注意：这天不是工作日）';
    const helpers = helperNames(ctx.directory, task);
    await ctx.reply(
      [
        `已交办 ${task.ref}，任务单已发给${ownerLabel(ctx, task)}。`,
        `截止：${deadlineText(dueAt, ctx)}${offDay}`,
        ...(helpers ? [`协办：${helpers}`] : []),
        `完成后由${assigner.userId === ctx.actor.userId ? '您' : assigner.name}验收。发送「查询 ${task.ref}」随时查看进展。`,
      ].join('\n'),
    );
  },
});
