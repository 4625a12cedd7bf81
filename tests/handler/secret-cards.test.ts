import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendCard } from '../../src/kit/cards/send-card.js';
import type { Card } from '../../src/outbox/card.js';
import { actAs } from '../support/act-as.js';
import { createHandlerHarness, type HandlerHarness } from '../support/handler-harness.js';

/**
 * Spec 2.6 (保密法): a card about a 秘密/机密 item shows only its reference, 密级 and deadline, and
 * where to read it — the kit applies it to whatever card a workflow built, so none can forget.
 */
describe('cards about secret items', () => {
  let h: HandlerHarness;
  beforeAll(async () => {
    h = await createHandlerHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const card: Card = {
    source: '校办助手 · 收文',
    title: '收文 S9 关于调整考点安排的通知',
    note: '拟办 · 期限 12-05',
    subtitle: '来文单位：市教育考试院；内容：考点由第一中学调整为……',
    rows: [
      { label: '标题', value: '关于调整考点安排的通知' },
      { label: '来文单位', value: '市教育考试院' },
    ],
    buttons: [{ label: '已阅', key: 'read' }],
  };

  function send(secrecy?: { level: '普通' | '秘密' | '机密'; deadline?: string }) {
    return actAs(h, 'wangfang', (ctx) =>
      sendCard(ctx, {
        toUserId: 'zhaoli',
        workflow: 'document',
        itemId: 'doc-9',
        itemRef: 'S9',
        sentForState: 'proposed',
        card,
        ...(secrecy ? { secrecy } : {}),
      }),
    );
  }

  it('a 机密 item reaches WeCom with its reference, 密级 and deadline only, and the same buttons', async () => {
    const { sent } = await send({ level: '机密', deadline: '12-05 17:00' });
    const wecom = JSON.stringify(sent[0]!.card);
    for (const secret of ['考点', '市教育考试院', '第一中学']) expect(wecom).not.toContain(secret);
    expect(sent[0]!.card).toMatchObject({
      main_title: { title: 'S9（机密）' },
      sub_title_text: '涉密件：内容不在此显示，请到综合办公室阅处。',
      horizontal_content_list: [
        { keyname: '编号', value: 'S9' },
        { keyname: '密级', value: '机密' },
        { keyname: '期限', value: '12-05 17:00' },
        { keyname: '阅处地点', value: '综合办公室' },
      ],
    });
    expect(sent[0]!.buttons).toEqual(['read']);
  });

  it('a 普通 item, or one without a 密级, is shown as the workflow built it', async () => {
    for (const secrecy of [{ level: '普通' as const }, undefined]) {
      const { sent } = await send(secrecy);
      expect(sent[0]!.card?.main_title.title).toBe('收文 S9 关于调整考点安排的通知');
      expect(JSON.stringify(sent[0]!.card)).toContain('市教育考试院');
    }
  });
});
