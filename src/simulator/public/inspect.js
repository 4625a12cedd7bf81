// The "look inside" panels: the item behind a card, and the outbox, queues and recent callbacks.
import { el } from './render-message.js';

const CARD_STATUS = { open: '待处理', answered: '已处理', stale: '已失效' };
const OUTBOX_STATUS = { pending: '待发', queued: '已入队', sending: '发送中', sent: '已发送', failed: '失败' };
const JOB_STATE = { waiting: '等待', active: '处理中', delayed: '延迟', failed: '失败' };
const QUEUE_NAME = { inbound: '收（inbound）', outbound: '发（outbound）' };
const VIA = { command: '命令', card: '卡片', schedule: '定时', system: '系统' };

function kv(rows) {
  return el(
    'table',
    { className: 'kv' },
    rows.map(([key, value]) => el('tr', {}, el('th', {}, key), el('td', {}, value ?? '—'))),
  );
}

function grid(headers, rows) {
  return el(
    'table',
    { className: 'grid' },
    el(
      'tr',
      {},
      headers.map((header) => el('th', {}, header)),
    ),
    rows.map((cells) =>
      el(
        'tr',
        {},
        cells.map((cell) => (cell instanceof Node && cell.tagName === 'TD' ? cell : el('td', {}, cell))),
      ),
    ),
  );
}

/** 「审批中 in_approval」: the workflow's word, with the internal name small beside it when there is one. */
function named(value) {
  if (!value) return null;
  return value.label
    ? el('span', {}, value.label, el('small', { className: 'internal' }, breakable(value.name)))
    : value.name;
}

/** in_approval:0 may break after _ and : (never inside a word), so a narrow table still fits it. */
function breakable(name) {
  return name.split(/(?<=[_:])/).flatMap((part, index) => (index === 0 ? [part] : [el('wbr'), part]));
}

/** A history cell: the Chinese on the first line, the internal names small on a line of their own. */
function historyCell(text, internal) {
  return el('td', {}, text, internal ? el('small', { className: 'internal own-line' }, breakable(internal)) : null);
}

function actionCell(row) {
  const said = `${row.action.label ?? row.action.name}${row.comment ? `：${row.comment}` : ''}`;
  return historyCell(said, row.action.label ? row.action.name : undefined);
}

function transitionCell(row) {
  if (!row.from && !row.to) return '';
  // 已提交 → 审批中 breaks at the arrow, not inside a state's name
  const word = (state) => el('span', { className: 'nowrap' }, state ? (state.label ?? state.name) : '∅');
  const internal = (state) => (state ? state.name : '∅');
  const hasLabel = Boolean(row.from?.label || row.to?.label);
  return historyCell(
    [word(row.from), ' → ', word(row.to)],
    hasLabel ? `${internal(row.from)} → ${internal(row.to)}` : undefined,
  );
}

/** `inspection` from /simulator/api/cards/:taskId; `sentCard` is the card JSON as it was sent. */
export function renderCardInspection(box, inspection, sentCard) {
  const { card, history, currentState } = inspection;
  box.replaceChildren(
    kv([
      ['事项', card.itemRef],
      ['流程', card.workflow],
      ['当前状态', currentState ? el('span', { className: 'state-tag' }, named(currentState)) : null],
      ['卡片为何而发', named(card.sentForState)],
      ['卡片状态', named({ name: card.status, label: CARD_STATUS[card.status] })],
      ['结果', card.result],
      ['收件人', card.addressee],
      ['处理人', card.answeredBy ? `${card.answeredBy} ${card.answeredAt}` : null],
      ['发出时间', card.createdAt],
      ['task_id', card.taskId],
    ]),
    el('h3', {}, `历史（audit_log，${history.length} 条）`),
    history.length === 0
      ? el('div', { className: 'muted' }, '还没有记录。')
      : grid(
          ['时间', '谁', '动作', '状态', '途径'],
          history.map((row) => [row.at, row.actor, actionCell(row), transitionCell(row), VIA[row.via] ?? row.via]),
        ),
    sentCard
      ? el(
          'details',
          { className: 'raw' },
          el('summary', {}, '卡片 JSON（template_card）'),
          el('pre', {}, JSON.stringify(sentCard, null, 2)),
        )
      : null,
  );
}

export function renderCardMissing(box, message) {
  box.replaceChildren(el('div', { className: 'muted' }, message));
}

/** `system` from /simulator/api/system; `nameOf(userId)` gives a person's name. */
export function renderSystem(countsBox, logBox, system, nameOf) {
  const queueRows = Object.entries(system.queues).map(([queue, counts]) => [
    QUEUE_NAME[queue] ?? queue,
    ...['waiting', 'active', 'delayed', 'failed'].map((state) => el('td', { className: 'num' }, counts[state] ?? 0)),
  ]);
  countsBox.replaceChildren(
    el('h3', {}, '发件箱（outbox_message）'),
    grid(
      Object.keys(system.outbox).map((status) => OUTBOX_STATUS[status] ?? status),
      [Object.values(system.outbox).map((count) => el('td', { className: 'num' }, count))],
    ),
    el('h3', {}, 'BullMQ 队列'),
    grid(['队列', ...Object.values(JOB_STATE)], queueRows),
  );
  logBox.replaceChildren(
    system.callbacks.length === 0
      ? el('div', { className: 'muted' }, '还没有发送过回调。')
      : grid(
          ['时间', '谁', '内容', 'HTTP', '耗时'],
          system.callbacks.map((callback) => [
            callback.localTime,
            nameOf(callback.from),
            `${{ text: '文本', file: '文件' }[callback.kind] ?? '点击'}：${callback.summary}`,
            el(
              'td',
              { className: callback.httpStatus === 200 ? 'http-ok' : 'http-bad', title: callback.error ?? '' },
              callback.httpStatus || '失败',
            ),
            el('td', { className: 'num' }, `${callback.latencyMs} ms`),
          ]),
        ),
  );
}
