// The guided tour: a seal request (用印, spec 3.1) from 陈浩 through 李华, 周敏 and 刘强 in the demo
// school (config/org.yaml), then the everyday commands. A step either fills the input as someone or
// switches to someone and points at the button to tap; the person still sends or taps.
import { el } from './render-message.js';

export const TOUR_STEPS = [
  { as: 'chenhao', text: '帮助', title: '以 陈浩（教务处 教务员）的身份发送「帮助」，看看能做什么。' },
  {
    as: 'chenhao',
    text: '用印 事由:报送区教育局的期中考试质量分析 文件:期中考试质量分析报告 份数:3 印章:校章',
    title: '以 陈浩 的身份提交用印申请。机器人会回复编号（如 Y1），并把审批卡片发给教务处负责人。',
  },
  { as: 'lihua', tap: '同意', title: '切换到 李华（教务处负责人），点卡片上的「同意」。按钮会变成「已同意 · 李华 …」，下一张卡片发给分管领导。' },
  { as: 'zhoumin', tap: '同意', title: '切换到 周敏（分管副校长），点「同意」。审批完成后印章管理员收到卡片。' },
  { as: 'liuqiang', tap: '已用印', title: '切换到 刘强（印章管理员），点「已用印」，登记用印。' },
  { as: 'chenhao', text: '我的待办', title: '回到 陈浩，发送「我的待办」。' },
  { as: 'chenhao', text: '查询 Y1', title: '发送「查询 Y1」查看这次用印的状态和历史；点任意卡片，在下方看它背后的记录。' },
];

/** Renders the steps; `actions.switchTo(userId)`, `actions.fill(text)`, `actions.pointAt(buttonText)`. */
export function renderTour(list, actions) {
  list.replaceChildren(...TOUR_STEPS.map((step, index) => {
    const item = el('li', { 'data-step': index },
      el('div', {}, step.title),
      step.text ? el('div', {}, el('code', {}, step.text)) : null,
      el('button', {
        type: 'button',
        onClick: async () => {
          await actions.switchTo(step.as);
          if (step.text) actions.fill(step.text);
          if (step.tap) actions.pointAt(step.tap);
          item.classList.add('done');
        },
      }, step.text ? '切换身份并填入' : `切换身份并指出「${step.tap}」`));
    return item;
  }));
}
