import { describe, expect, it } from 'vitest';
import { sealApprovalCard, sealKeeperCard, type SealCardFacts } from '../../../cards/index.js';
import { decisionStamp } from '../../../src/kit/cards/close-card.js';
import { renderTemplateCard } from '../../../src/wecom/render-card.js';

const facts: SealCardFacts = {
  ref: 'Y12',
  applicantName: '陈浩',
  departmentName: '教务处',
  purpose: '报送区教育局年度总结',
  document: '2026年度工作总结',
  copies: 3,
  sealName: '法人章',
  plannedAt: '11-25 14:00',
  approvalsSoFar: [],
};

/** The card as WeCom receives it: what a phone shows, within WeCom's limits. */
function rendered(card: ReturnType<typeof sealApprovalCard>) {
  return renderTemplateCard(card, 'task-1');
}

function rowsOf(card: ReturnType<typeof sealApprovalCard>): Record<string, string> {
  return Object.fromEntries((rendered(card).horizontal_content_list ?? []).map((row) => [row.keyname, row.value]));
}

describe('seal cards', () => {
  it('an approval card shows the request and the step, with 同意 and 驳回', () => {
    const card = sealApprovalCard(facts, { number: 2, total: 3, name: '分管校领导' });
    expect(rendered(card).main_title).toEqual({ title: '用印审批 Y12', desc: '第2/3步 · 分管校领导' });
    expect(rendered(card).sub_title_text).toBe('事由：报送区教育局年度总结');
    expect(rowsOf(card)).toEqual({
      申请人: '陈浩（教务处）',
      文件: '2026年度工作总结',
      份数: '3份',
      印章: '法人章',
      拟用时间: '11-25 14:00',
      已审批: '（第一位审批）',
    });
    expect(rendered(card).button_list.map((button) => [button.text, button.key])).toEqual([
      ['同意', 'approve'],
      ['驳回', 'reject'],
    ]);
  });

  it('the keeper card offers 已用印 and 无法用印', () => {
    const card = sealKeeperCard({ ...facts, approvalsSoFar: ['李华 11-22 10:31', '周敏 11-22 11:02'] });
    expect(rendered(card).main_title).toEqual({ title: '待用印 Y12', desc: '法人章 · 3份 · 审批已完成' });
    expect(rowsOf(card)['已审批']).toBe('李华 11-22 10:31；周敏 11-22 11:02');
    expect(rendered(card).button_list.map((button) => [button.text, button.key])).toEqual([
      ['已用印', 'stamped'],
      ['无法用印', 'cannot_stamp'],
    ]);
  });

  it('three approvals do not fit a row with their times: every approver is still named', () => {
    const card = sealKeeperCard({
      ...facts,
      approvalsSoFar: ['李华 11-22 10:31', '周敏 11-22 11:02', '赵立 11-22 15:40'],
    });
    expect(rowsOf(card)['已审批']).toBe('李华、周敏、赵立');
  });

  it("a long document name is cut to WeCom's 30 characters with a visible mark", () => {
    const card = sealApprovalCard(
      { ...facts, document: '关于开展2026年度全市中小学教育教学质量综合评估工作的实施方案及配套材料' },
      { number: 1, total: 2, name: '部门负责人' },
    );
    const value = rowsOf(card)['文件']!;
    expect([...value]).toHaveLength(30);
    expect(value.endsWith('…')).toBe(true);
  });

  it("a decision replaces the buttons with who decided and when, in the school's time zone", () => {
    expect(decisionStamp('已同意', '赵立', new Date('2026-11-22T02:31:00Z'), 'Asia/Shanghai')).toBe(
      '已同意 · 赵立 11-22 10:31',
    );
  });
});
