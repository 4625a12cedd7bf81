// The simulator page: be anyone in the directory, chat with the bot, tap its cards, look inside.
// Everything comes from this origin (/simulator/api/...); nothing is loaded from elsewhere.
import { el, renderCard, renderMarkdown, renderOther, renderText } from './render-message.js';
import { renderCardInspection, renderCardMissing, renderSystem } from './inspect.js';
import { renderTour } from './tour.js';

const CHAT_POLL_MS = 700;
const PANEL_POLL_MS = 1500;

const $ = (id) => document.getElementById(id);
const ui = {
  peopleList: $('people-list'), filter: $('people-filter'), chatLog: $('chat-log'), subtitle: $('chat-subtitle'),
  composer: $('composer'), input: $('composer-input'), send: $('composer-send'), toast: $('toast'),
  cardInspection: $('card-inspection'), systemCounts: $('system-counts'), callbackLog: $('callback-log'),
};

const state = {
  people: [],
  timezone: 'Asia/Shanghai',
  userId: undefined,
  chatSignature: '',
  entries: [],
  inspected: undefined, // { taskId, sentCard }
  inboxCounts: {}, // userId -> messages the bot sent them
  seenCounts: {}, // userId -> how many of those were on screen when we last looked
};

async function api(path, init) {
  const response = await fetch(`/simulator/api/${path}`, init && {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(init),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error ?? `请求失败（HTTP ${response.status}）`);
  return body;
}

let toastTimer;
function toast(message) {
  ui.toast.textContent = message;
  ui.toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { ui.toast.hidden = true; }, 3500);
}

const personOf = (userId) => state.people.find((person) => person.userId === userId);
const nameOf = (userId) => personOf(userId)?.name ?? userId;
const clock = (iso) => new Date(iso).toLocaleTimeString('zh-CN', { hour12: false, timeZone: state.timezone });

// ---- people ----

function describePerson(person) {
  return [person.position, person.departments.join('、'), person.roles.join('、')].filter(Boolean).join(' · ');
}

function renderPeople() {
  const filter = ui.filter.value.trim();
  const shown = state.people.filter((person) => !filter || [person.name, person.userId, describePerson(person), ...person.duties].join(' ').includes(filter));
  ui.peopleList.replaceChildren(...shown.map((person) => el('li', {
    'data-user': person.userId,
    className: person.userId === state.userId ? 'selected' : '',
    onClick: () => void selectPerson(person.userId),
  },
  el('div', { className: 'person-name' }, person.name, el('span', { className: 'muted' }, ` ${person.userId}`), unreadBadge(person.userId)),
  el('div', { className: 'person-meta' }, describePerson(person)),
  person.duties.length > 0 ? el('div', { className: 'person-duty' }, person.duties.join('、')) : null)));
}

function unreadBadge(userId) {
  const unread = (state.inboxCounts[userId] ?? 0) - (state.seenCounts[userId] ?? 0);
  return userId !== state.userId && unread > 0 ? el('span', { className: 'unread', title: '有新消息' }, unread) : null;
}

async function refreshInboxCounts() {
  const counts = await api('inbox-counts');
  if (JSON.stringify(counts) === JSON.stringify(state.inboxCounts)) return;
  state.inboxCounts = counts;
  if (state.userId) state.seenCounts[state.userId] = counts[state.userId] ?? 0;
  renderPeople();
}

async function selectPerson(userId) {
  if (!personOf(userId)) return;
  if (state.userId !== userId) {
    if (state.userId) state.seenCounts[state.userId] = state.inboxCounts[state.userId] ?? 0;
    state.userId = userId;
    state.seenCounts[userId] = state.inboxCounts[userId] ?? 0;
    state.chatSignature = '';
    state.entries = [];
    history.replaceState(null, '', `#${userId}`);
    const person = personOf(userId);
    ui.subtitle.textContent = `当前身份：${person.name}（${describePerson(person)}）`;
    ui.input.disabled = false;
    ui.send.disabled = false;
    ui.input.classList.remove('tour-filled');
    ui.chatLog.replaceChildren(el('div', { className: 'chat-empty' }, '加载中…'));
    renderPeople();
  }
  await pollChat(true);
}

// ---- chat ----

function renderEntry(entry) {
  const isMine = entry.side === 'me';
  const person = personOf(state.userId);
  let content;
  if (isMine) content = renderText(entry.content);
  else if (entry.msgtype === 'text') content = renderText(entry.content);
  else if (entry.msgtype === 'markdown') content = renderMarkdown(entry.content);
  else if (entry.msgtype === 'template_card') {
    content = renderCard(entry.view, { onTap: tap, onInspect: (view) => void inspect(view), isInspected: state.inspected?.taskId === entry.view.taskId });
  } else content = renderOther(entry.msgtype, entry.raw);

  const notes = [];
  if (isMine && entry.httpStatus !== null && entry.httpStatus !== 200) notes.push(el('span', { className: 'status-note' }, `回调未被接受（HTTP ${entry.httpStatus || '连接失败'}）`));
  if (entry.dropped) notes.push(el('span', { className: 'dropped-note' }, entry.dropped === 'rate_limit' ? '企业微信已静默丢弃：超过每人每分钟 30 条 / 每小时 1000 条' : '企业微信已静默丢弃：重复消息'));
  return el('div', { className: `msg ${isMine ? 'me' : 'bot'}`, 'data-entry-id': entry.id },
    el('span', { className: 'avatar' }, isMine ? (person?.name ?? '我').slice(-2) : '校'),
    el('div', { className: 'body' }, el('span', { className: 'time' }, `${isMine ? person?.name ?? '' : '校办助手'} ${clock(entry.at)}`), content, ...notes));
}

function renderChat() {
  const log = ui.chatLog;
  const wasAtBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 60;
  const highlighted = log.querySelector('.tour-highlight')?.textContent;
  if (state.entries.length === 0) {
    log.replaceChildren(el('div', { className: 'chat-empty' }, '还没有消息。', el('br'), '试试发送「帮助」，或按右侧导览一步步来。'));
  } else {
    log.replaceChildren(...state.entries.map(renderEntry));
  }
  if (highlighted) pointAt(highlighted, { quiet: true });
  if (wasAtBottom || state.justSwitched) log.scrollTop = log.scrollHeight;
  state.justSwitched = false;
}

async function pollChat(isSwitch = false) {
  const userId = state.userId;
  if (!userId) return;
  const { entries } = await api(`chat/${encodeURIComponent(userId)}`);
  if (userId !== state.userId) return; // switched meanwhile
  const signature = JSON.stringify(entries);
  if (signature === state.chatSignature) return;
  state.chatSignature = signature;
  state.entries = entries;
  state.justSwitched ||= isSwitch;
  renderChat();
  if (state.inspected) void refreshInspection();
}

async function sendTyped(event) {
  event.preventDefault();
  const content = ui.input.value.trim();
  if (!content || !state.userId) return;
  ui.send.disabled = true;
  try {
    await api('send', { userId: state.userId, content });
    ui.input.value = '';
    ui.input.classList.remove('tour-filled');
    state.justSwitched = true; // scroll to the newest
    await pollChat();
  } catch (error) {
    toast(error.message);
  } finally {
    ui.send.disabled = false;
    ui.input.focus();
  }
}

async function tap(view, button, node) {
  node.disabled = true;
  try {
    const result = await api('tap', { userId: state.userId, taskId: view.taskId, key: button.key });
    if (result.httpStatus !== 200) toast(`回调未被接受（HTTP ${result.httpStatus || '连接失败'}）`);
    await pollChat();
  } catch (error) {
    toast(error.message);
    node.disabled = false;
  }
}

/** The tour points at a button: the newest unanswered card's button with that text. */
function pointAt(buttonText, { quiet = false } = {}) {
  for (const node of ui.chatLog.querySelectorAll('.tour-highlight')) node.classList.remove('tour-highlight');
  const candidates = [...ui.chatLog.querySelectorAll('.card-button')].filter((node) => node.textContent === buttonText);
  const target = candidates.at(-1);
  if (target) {
    target.classList.add('tour-highlight');
    if (!quiet) target.scrollIntoView({ block: 'center', behavior: 'smooth' });
    return true;
  }
  if (!quiet) toast(`${nameOf(state.userId)} 还没有带「${buttonText}」按钮的待处理卡片；请先完成上一步，稍等片刻。`);
  return false;
}

// ---- inspection ----

async function inspect(view) {
  state.inspected = { taskId: view.taskId, sentCard: view.card };
  for (const node of ui.chatLog.querySelectorAll('.wecom-card')) node.classList.toggle('inspected', node.dataset.taskId === view.taskId);
  ui.cardInspection.replaceChildren(el('div', { className: 'muted' }, '加载中…'));
  $('card-panel').scrollIntoView({ block: 'start' });
  await refreshInspection();
}

async function refreshInspection() {
  const inspected = state.inspected;
  if (!inspected) return;
  try {
    const inspection = await api(`cards/${encodeURIComponent(inspected.taskId)}`);
    if (state.inspected === inspected) renderCardInspection(ui.cardInspection, inspection, inspected.sentCard);
  } catch (error) {
    if (state.inspected === inspected) renderCardMissing(ui.cardInspection, error.message);
  }
}

async function refreshSystem() {
  const system = await api('system');
  renderSystem(ui.systemCounts, ui.callbackLog, system, nameOf);
}

// ---- start ----

function every(ms, task) {
  const run = async () => {
    try { await task(); } catch (error) { console.warn(error); }
    setTimeout(run, ms);
  };
  setTimeout(run, ms);
}

async function start() {
  const { orgName, timezone, people } = await api('people');
  state.people = people;
  state.timezone = timezone;
  $('org-name').textContent = orgName;
  renderPeople();
  ui.filter.addEventListener('input', renderPeople);
  ui.composer.addEventListener('submit', sendTyped);
  ui.input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) sendTyped(event);
  });
  renderTour($('tour-steps'), {
    switchTo: (userId) => selectPerson(userId),
    fill: (text) => { ui.input.value = text; ui.input.classList.add('tour-filled'); ui.input.focus(); },
    pointAt: (text) => pointAt(text),
  });
  const fromHash = decodeURIComponent(location.hash.slice(1));
  if (personOf(fromHash)) await selectPerson(fromHash);
  every(CHAT_POLL_MS, () => pollChat());
  every(CHAT_POLL_MS, () => refreshInboxCounts());
  every(PANEL_POLL_MS, async () => { await refreshSystem(); if (state.inspected) await refreshInspection(); });
  await refreshInboxCounts();
  // The people seen so far start "read": badges are for what arrives while the page is open.
  state.seenCounts = { ...state.inboxCounts };
  renderPeople();
  await refreshSystem();
}

start().catch((error) => toast(`模拟器启动失败：${error.message}`));
