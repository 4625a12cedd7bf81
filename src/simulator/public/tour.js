// The guided tour: a seal request (用印, spec 3.1) from 陈浩 through 李华, 周敏 and 刘强 in the demo
// school (config/org.yaml), then 查询. A step either fills the input as someone or switches to
// someone and points at the button to tap; the person still sends or taps. It can be walked again
// on the same database: the reference it queries is the one the bot gave, never a fixed Y1.
import { el } from './render-message.js';

/** `{ref}` in a step's text is replaced by the number of 陈浩's latest request. */
const REF = '{ref}';

export const TOUR_STEPS = [
  { as: 'chenhao', text: '帮助', title: '以 陈浩（教务处 教务员）的身份发送「帮助」，看看能做什么。' },
  {
    as: 'chenhao',
    text: '用印 事由:报送区教育局的期中考试质量分析 文件:期中考试质量分析报告 份数:3 印章:校章',
    title: '以 陈浩 的身份提交用印申请。机器人会回复编号（Y 加数字），并把审批卡片发给教务处负责人 李华。',
  },
  { as: 'lihua', text: '我的待办', title: '切换到 李华（教务处负责人），发送「我的待办」：陈浩的申请正等他审批。' },
  {
    as: 'lihua',
    tap: '同意',
    title: '李华 点审批卡片上的「同意」。按钮会变成「已同意 · 李华 …」，下一张卡片发给分管领导 周敏。',
  },
  { as: 'zhoumin', tap: '同意', title: '切换到 周敏（分管副校长），点「同意」。审批完成后印章管理员收到卡片。' },
  { as: 'liuqiang', tap: '已用印', title: '切换到 刘强（印章管理员），点「已用印」，登记用印。' },
  {
    as: 'chenhao',
    text: `查询 ${REF}`,
    title:
      '回到 陈浩，发送「查询 编号」（导览填入机器人刚才给他的编号），查看这次用印的状态和历史。点任意卡片的空白处，可看它背后的记录。',
  },
];

/** The number in the bot's latest 「已提交用印申请 Y12…」 among `texts`, oldest first. */
export function latestSealRef(texts) {
  const refs = texts.flatMap((text) => [...text.matchAll(/已提交用印申请 (Y\d+)/g)].map((match) => match[1]));
  return refs.at(-1);
}

/**
 * Renders the steps. `actions.switchTo(userId)` shows that person's chat (closing any drawer),
 * `actions.botTexts()` the texts the bot sent the person shown, `actions.fill(text)`,
 * `actions.pointAt(buttonText)` and `actions.toast(message)`.
 */
export function renderTour(list, actions) {
  list.replaceChildren(
    ...TOUR_STEPS.map((step, index) => {
      const shownText = step.text && el('code', {}, step.text.replace(REF, '编号'));
      const item = el(
        'li',
        { 'data-step': index },
        el('div', {}, step.title),
        shownText ? el('div', {}, shownText) : null,
        el(
          'button',
          {
            type: 'button',
            onClick: async () => {
              await actions.switchTo(step.as);
              if (step.text) {
                const text = step.text.includes(REF) ? withRef(step.text, actions) : step.text;
                if (text === undefined) return;
                shownText.textContent = text;
                actions.fill(text);
              }
              if (step.tap) actions.pointAt(step.tap);
              item.classList.add('done');
            },
          },
          step.text ? '切换身份并填入' : `切换身份并指出「${step.tap}」`,
        ),
      );
      return item;
    }),
  );
}

function withRef(text, actions) {
  const ref = latestSealRef(actions.botTexts());
  if (ref) return text.replace(REF, ref);
  actions.toast('陈浩还没有收到用印申请的编号：请先完成第2步，等机器人回复后再来。');
  return undefined;
}
