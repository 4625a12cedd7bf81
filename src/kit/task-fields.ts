import { field } from './define-command.js';

/**
 * What a task needs from whoever gives it (spec 3.5: 负责, 截止, 验收), as commands ask for it: 交办
 * and a meeting's 决议 take the same fields, so a deadline or an owner reads the same in both.
 */
export const TASK_FIELDS = {
  负责: field.person({ aliases: ['负责人', '责任人'], required: true, question: '由谁负责？' }),
  截止: field.datetime({
    aliases: ['期限', '完成时限', '截止时间'],
    required: true,
    notPast: true,
    // a day without a time means by the end of that working day
    defaultTime: '18:00',
    question: '什么时候之前完成？',
  }),
  验收: field.text({ aliases: ['验收标准'], question: '验收标准是什么（怎样算完成）？' }),
};
