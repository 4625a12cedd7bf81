import type { Tx } from '../../src/db/prisma.js';
import type { RecordedMessage } from '../../src/fake-wecom/server.js';
import type { SealRequest } from '../../src/generated/prisma/client.js';
import { textOf, type TestService } from './test-service.js';

/**
 * Small builders for the seal tests: a request submitted through the gateway, the cards of one
 * request as the fake WeCom recorded them, and waits for a message that says something.
 */

let documentCounter = 0;
let createTimeCounter = 0;

export interface SealFields {
  事由?: string;
  文件?: string;
  份数?: number;
  印章?: string;
  时间?: string;
}

/** How many messages `user` has received so far: pass it as `since` to look only at what comes next. */
export function mark(t: TestService, user: string): number {
  return t.fake.messages({ toUser: user }).length;
}

/** Texts `user` received after `since`. */
export function textsSince(t: TestService, user: string, since: number): string[] {
  return t.fake
    .messages({ toUser: user })
    .slice(since)
    .filter((message) => message.msgtype !== 'template_card')
    .map(textOf);
}

/** Waits until `user` gets a text (after `since`) matching `pattern`, and returns it. */
export async function waitForText(
  t: TestService,
  user: string,
  pattern: RegExp | string,
  options: { since?: number; timeoutMs?: number } = {},
): Promise<string> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const matches = (text: string): boolean =>
    typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
  for (;;) {
    const found = textsSince(t, user, options.since ?? 0).find(matches);
    if (found !== undefined) return found;
    if (Date.now() > deadline)
      throw new Error(
        `no text to ${user} matching ${String(pattern)} after #${options.since ?? 0}; got ${JSON.stringify(textsSince(t, user, options.since ?? 0))}`,
      );
    await sleep(25);
  }
}

/** The cards `user` received about `ref` (task ids start with the reference), oldest first. */
export function cardsFor(t: TestService, user: string, ref: string): RecordedMessage[] {
  return t.fake
    .messages({ toUser: user })
    .filter((message) => message.msgtype === 'template_card' && message.taskId?.startsWith(`${ref}-`));
}

/** Every card the fake recorded about `ref`, to anyone. */
export function allCardsFor(t: TestService, ref: string): RecordedMessage[] {
  return t.fake
    .messages()
    .filter((message) => message.msgtype === 'template_card' && message.taskId?.startsWith(`${ref}-`));
}

/** Waits for the `count`-th card `user` receives about `ref` and returns it. */
export async function cardFor(
  t: TestService,
  user: string,
  ref: string,
  count = 1,
): Promise<RecordedMessage & { taskId: string }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const cards = cardsFor(t, user, ref);
    if (cards.length >= count) return cards[count - 1] as RecordedMessage & { taskId: string };
    if (Date.now() > deadline)
      throw new Error(`expected ${count} card(s) about ${ref} to ${user}, got ${cards.length}`);
    await sleep(25);
  }
}

/** What a card says: its title, the step line, and its rows as `key：value`. */
export function cardFacts(card: RecordedMessage): {
  title: string;
  desc: string;
  rows: Record<string, string>;
  buttons: string[];
} {
  const body = card.body as {
    template_card: {
      main_title: { title: string; desc?: string };
      horizontal_content_list: { keyname: string; value: string }[];
      button_list: { text: string; key: string }[];
    };
  };
  const tc = body.template_card;
  return {
    title: tc.main_title.title,
    desc: tc.main_title.desc ?? '',
    rows: Object.fromEntries(tc.horizontal_content_list.map((row) => [row.keyname, row.value])),
    buttons: tc.button_list.map((button) => button.key),
  };
}

/** The in-place updates (replace_name) recorded for one card. */
export function updatesOf(t: TestService, taskId: string): string[] {
  return t.fake
    .cardUpdates()
    .filter((update) => update.taskId === taskId)
    .map((update) => update.button?.replace_name ?? '(whole card)');
}

/** Waits for the card's buttons to be replaced, and returns the replacement text. */
export async function waitForCardUpdate(t: TestService, taskId: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [update] = updatesOf(t, taskId);
    if (update !== undefined) return update;
    if (Date.now() > deadline) throw new Error(`card ${taskId} was never updated`);
    await sleep(25);
  }
}

/**
 * A CreateTime nobody used yet. WeCom's dedupe key for a click is FromUserName + CreateTime + TaskId +
 * EventKey, so two deliberate taps within one second must differ here or the second is a "retry".
 */
export function freshCreateTime(): number {
  createTimeCounter += 1;
  return Math.floor(Date.now() / 1000) + createTimeCounter;
}

/** Taps a button as a person would: a click of its own (distinct CreateTime). */
export function press(t: TestService, user: string, taskId: string, key: string): Promise<number> {
  return t.tap(user, taskId, key, { createTime: freshCreateTime() });
}

/** Sends `用印` with the given fields (a unique document name by default) and returns the new Y<n>. */
export async function submitSeal(t: TestService, from: string, fields: SealFields = {}): Promise<string> {
  documentCounter += 1;
  const filled = { 事由: '报送区教育局', 文件: `测试文件${documentCounter}号`, 份数: 3, 印章: '校章', ...fields };
  const since = mark(t, from);
  const text = `用印 事由:${filled.事由} 文件:${filled.文件} 份数:${filled.份数} 印章:${filled.印章}${filled.时间 ? ` 时间:${filled.时间}` : ''}`;
  await t.sendText(from, text);
  const reply = await waitForText(t, from, /已提交用印申请 Y\d+/, { since });
  return /已提交用印申请 (Y\d+)/.exec(reply)![1]!;
}

/** Taps 同意 on each approver's card in turn, waiting for each card to arrive. */
export async function approveBy(t: TestService, ref: string, approvers: string[]): Promise<void> {
  for (const approver of approvers) {
    const card = await cardFor(t, approver, ref);
    await press(t, approver, card.taskId, 'approve');
    await waitForCardUpdate(t, card.taskId);
  }
}

/** A 校章 request by 陈浩 approved by 李华 and 周敏: the keeper's card is waiting. */
export async function approvedRequest(
  t: TestService,
  applicant = 'chenhao',
  fields: SealFields = {},
): Promise<{ ref: string; keeperCard: string }> {
  const ref = await submitSeal(t, applicant, fields);
  const chain = applicant === 'zhaoli' ? [] : ['lihua', 'zhoumin'];
  await approveBy(t, ref, chain);
  const keeperCard = await cardFor(t, 'liuqiang', ref);
  return { ref, keeperCard: keeperCard.taskId };
}

export function findRequest(t: TestService, ref: string): Promise<SealRequest> {
  return t.db.prisma.sealRequest.findFirstOrThrow({ where: { ref } });
}

/** The request's state, approval holders, work items, cards and register rows: what must not move on a refused tap. */
export async function snapshot(t: TestService, ref: string): Promise<unknown> {
  const request = await findRequest(t, ref);
  const decisions = await t.db.prisma.approvalHolder.findMany({
    where: { step: { approval: { workflow: 'seal', itemId: request.id } } },
    orderBy: { id: 'asc' },
  });
  const workItems = await t.db.prisma.workItem.findMany({ where: { itemId: request.id }, orderBy: { id: 'asc' } });
  const cards = await t.db.prisma.card.findMany({ where: { itemId: request.id }, orderBy: { createdAt: 'asc' } });
  const register = await t.db.prisma.sealRegisterEntry.findMany({ where: { requestRef: ref } });
  return {
    state: request.state,
    stampedCopies: request.stampedCopies,
    decisions: decisions.map((holder) => [holder.stepId, holder.userId, holder.state, holder.decidedBy]),
    waitingOn: workItems.map((item) => [item.kind, item.holderId, item.doneAt !== null]),
    cards: cards.map((card) => [card.taskId, card.addresseeId, card.status, card.resultText]),
    register: register.map((entry) => entry.seq),
  };
}

/** How many connections to the test's database are waiting for a lock (a row lock or an advisory lock). */
export async function lockWaiters(t: TestService): Promise<number> {
  const [row] = await t.db.prisma.$queryRaw<
    { n: number }[]
  >`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
  return row?.n ?? 0;
}

/**
 * Makes a race happen for certain, and proves it did. `lock` takes row locks every contender needs;
 * while they are held, each contender is sent and, once the service is working on it, found blocked
 * (`waitingAfter` says how many connections then wait on a lock), so they queue in the given order.
 * Before the locks go, every contender's inbound event must be recorded and none processed.
 * Returns the events, for assertions on what happened next.
 */
export async function raceBehindLock(
  t: TestService,
  lock: (tx: Tx) => Promise<unknown>,
  contenders: Array<{ send: () => Promise<number[] | number>; waitingAfter: number }>,
): Promise<{ id: bigint; status: string }[]> {
  const [last] = await t.db.prisma.$queryRaw<{ id: bigint | null }[]>`SELECT max(id) AS id FROM inbound_event`;
  const since = last?.id ?? 0n;
  return t.db.prisma.$transaction(
    async (tx) => {
      await lock(tx);
      for (const contender of contenders) {
        const statuses = [await contender.send()].flat();
        if (statuses.some((status) => status !== 200))
          throw new Error(`a contender was not accepted: ${statuses.join(', ')}`);
        const deadline = Date.now() + 10_000;
        while ((await lockWaiters(t)) < contender.waitingAfter) {
          if (Date.now() > deadline)
            throw new Error(
              `expected ${contender.waitingAfter} connection(s) waiting on a lock, got ${await lockWaiters(t)}`,
            );
          await sleep(20);
        }
      }
      const events = await t.db.prisma.inboundEvent.findMany({
        where: { id: { gt: since } },
        select: { id: true, status: true },
        orderBy: { id: 'asc' },
      });
      if (events.some((event) => event.status === 'processed'))
        throw new Error('a contender was processed before the race: the lock does not hold them all');
      return events;
    },
    { timeout: 20_000 },
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The request's approval, holder by holder in step order: [rule, holder, state, who decided]. */
export async function approvalDecisions(
  t: TestService,
  ref: string,
): Promise<[string, string, string, string | null][]> {
  const request = await findRequest(t, ref);
  const holders = await t.db.prisma.approvalHolder.findMany({
    where: { step: { approval: { workflow: 'seal', itemId: request.id } } },
    include: { step: { select: { round: true, position: true } } },
  });
  return holders
    .sort((a, b) => a.step.round - b.step.round || a.step.position - b.step.position || Number(a.id - b.id))
    .map((holder) => [holder.rule, holder.userId, holder.state, holder.decidedBy]);
}

/** Whom the request waits on now: its open work items' holders. */
export async function waitingOn(t: TestService, ref: string): Promise<string[]> {
  const items = await t.db.prisma.workItem.findMany({ where: { itemRef: ref, doneAt: null }, orderBy: { id: 'asc' } });
  return items.map((item) => item.holderId);
}
