// The simulator page: be anyone in the directory, chat with the bot, tap its cards, look inside.
// Everything comes from this origin (/simulator/api/...); nothing is loaded from elsewhere.
import { el, renderCard, renderFile, renderMarkdown, renderOther, renderText } from './render-message.js';
import { renderCardInspection, renderCardMissing, renderSystem } from './inspect.js';
import { renderTour } from './tour.js';
import { closeDrawers, isNarrow, openDrawer, setupDrawers } from './drawers.js';

const CHAT_POLL_MS = 700;
const PANEL_POLL_MS = 1500;

const $ = (id) => document.getElementById(id);
const ui = {
  peopleList: $('people-list'),
  filter: $('people-filter'),
  chatLog: $('chat-log'),
  subtitle: $('chat-subtitle'),
  composer: $('composer'),
  input: $('composer-input'),
  send: $('composer-send'),
  fileButton: $('composer-file'),
  fileInput: $('composer-file-input'),
  toast: $('toast'),
  cardInspection: $('card-inspection'),
  systemCounts: $('system-counts'),
  callbackLog: $('callback-log'),
  peopleUnread: $('people-unread'),
};

const state = {
  people: [],
  timezone: 'Asia/Shanghai',
  userId: undefined,
  chatSignature: '',
  entries: [],
  inspected: undefined, // { taskId, sentCard }
  pointing: undefined, // { text, until }: a button the tour points at that has not arrived yet
  inboxCounts: {}, // userId -> messages the bot sent them
  seenCounts: {}, // userId -> how many of those were on screen when we last looked
};

async function api(path, init) {
  const response = await fetch(
    `/simulator/api/${path}`,
    init && {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(init),
    },
  );
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error ?? `请求失败（HTTP ${response.status}）`);
  return body;
}

let toastTimer;
function toast(message) {
  ui.toast.textContent = message;
  ui.toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    ui.toast.hidden = true;
  }, 3500);
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
  const shown = state.people.filter(
    (person) =>
      !filter || [person.name, person.userId, describePerson(person), ...person.duties].join(' ').includes(filter),
  );
  ui.peopleList.replaceChildren(
    ...shown.map((person) =>
      el(
        'li',
        {
          'data-user': person.userId,
          className: person.userId === state.userId ? 'selected' : '',
          onClick: () => {
            closeDrawers();
            void selectPerson(person.userId);
          },
        },
        el(
          'div',
          { className: 'person-name' },
          person.name,
          el('span', { className: 'muted' }, ` ${person.userId}`),
          unreadBadge(person.userId),
        ),
        el('div', { className: 'person-meta' }, describePerson(person)),
        person.duties.length > 0 ? el('div', { className: 'person-duty' }, person.duties.join('、')) : null,
      ),
    ),
  );
  // On a phone the list is in a drawer: the button that opens it says how many people have news.
  const withNews = state.people.filter((person) => unreadCount(person.userId) > 0).length;
  ui.peopleUnread.textContent = String(withNews);
  ui.peopleUnread.hidden = withNews === 0;
}

/** Messages the bot sent someone other than the person shown since we last showed them. */
function unreadCount(userId) {
  return userId === state.userId ? 0 : Math.max(0, (state.inboxCounts[userId] ?? 0) - (state.seenCounts[userId] ?? 0));
}

function unreadBadge(userId) {
  const unread = unreadCount(userId);
  return unread > 0 ? el('span', { className: 'unread', title: '有新消息' }, unread) : null;
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
    state.pointing = undefined;
    history.replaceState(null, '', `#${userId}`);
    const person = personOf(userId);
    ui.subtitle.textContent = `当前身份：${person.name}（${describePerson(person)}）`;
    ui.input.disabled = false;
    ui.send.disabled = false;
    ui.fileButton.disabled = false;
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
  if (entry.file) content = renderFile(entry.file);
  else if (isMine) content = renderText(entry.content);
  else if (entry.msgtype === 'text') content = renderText(entry.content);
  else if (entry.msgtype === 'markdown') content = renderMarkdown(entry.content);
  else if (entry.msgtype === 'template_card') {
    content = renderCard(entry.view, {
      onTap: tap,
      onInspect: (view) => void inspect(view),
      isInspected: state.inspected?.taskId === entry.view.taskId,
    });
  } else content = renderOther(entry.msgtype, entry.raw);

  const notes = [];
  if (isMine && entry.httpStatus !== null && entry.httpStatus !== 200)
    notes.push(el('span', { className: 'status-note' }, `回调未被接受（HTTP ${entry.httpStatus || '连接失败'}）`));
  if (entry.dropped)
    notes.push(
      el(
        'span',
        { className: 'dropped-note' },
        entry.dropped === 'rate_limit'
          ? '企业微信已静默丢弃：超过每人每分钟 30 条 / 每小时 1000 条'
          : '企业微信已静默丢弃：重复消息',
      ),
    );
  return el(
    'div',
    { className: `msg ${isMine ? 'me' : 'bot'}`, 'data-entry-id': entry.id },
    el('span', { className: 'avatar' }, isMine ? (person?.name ?? '我').slice(-2) : '校'),
    el(
      'div',
      { className: 'body' },
      el('span', { className: 'time' }, `${isMine ? (person?.name ?? '') : '校办助手'} ${clock(entry.at)}`),
      content,
      ...notes,
    ),
  );
}

function renderChat() {
  const log = ui.chatLog;
  const wasAtBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 60;
  const highlighted = log.querySelector('.tour-highlight')?.textContent;
  if (state.entries.length === 0) {
    log.replaceChildren(
      el(
        'div',
        { className: 'chat-empty' },
        '还没有消息。',
        el('br'),
        `试试发送「帮助」，或${isNarrow() ? '打开右上角「导览与检查」' : '按右侧导览'}一步步来。`,
      ),
    );
  } else {
    log.replaceChildren(...state.entries.map(renderEntry));
  }
  if (wasAtBottom || state.justSwitched) log.scrollTop = log.scrollHeight;
  state.justSwitched = false;
  if (highlighted) pointAt(highlighted, { quiet: true });
  else if (state.pointing && Date.now() < state.pointing.until)
    pointAt(state.pointing.text, { quiet: true, scroll: true });
}

/** Before anyone is chosen: where to choose. */
function renderNobody() {
  ui.subtitle.textContent = isNarrow() ? '请先点左上角「切换身份」' : '请先在左侧选择身份';
  ui.chatLog.replaceChildren(
    el(
      'div',
      { className: 'chat-empty' },
      '请选择您要扮演的人。',
      isNarrow()
        ? el('div', {}, el('button', { type: 'button', onClick: () => openDrawer('people') }, '选择身份'))
        : null,
    ),
  );
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
    if (!isNarrow()) ui.input.focus(); // on a phone the keyboard would cover the answer
  }
}

/** Sends the picked file as a WeCom file message: the service registers it with the fake WeCom and posts the callback. */
async function sendFile() {
  const file = ui.fileInput.files?.[0];
  ui.fileInput.value = '';
  if (!file || !state.userId) return;
  ui.fileButton.disabled = true;
  try {
    const query = new URLSearchParams({ userId: state.userId, name: file.name });
    const response = await fetch(`/simulator/api/send-file?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: file,
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok)
      throw new Error(
        body.error ??
          (response.status === 413 ? '文件太大，模拟器最多接受 32 MB' : `发送失败（HTTP ${response.status}）`),
      );
    if (body.httpStatus !== 200) toast(`回调未被接受（HTTP ${body.httpStatus || '连接失败'}）`);
    state.justSwitched = true; // scroll to the newest
    await pollChat();
  } catch (error) {
    toast(error.message);
  } finally {
    ui.fileButton.disabled = false;
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

/**
 * The tour points at a button: the newest unanswered card's button with that text. A card still on
 * its way (the keeper's comes after the last approval) is pointed at when it arrives, for 15 s.
 */
function pointAt(buttonText, { quiet = false, scroll = !quiet } = {}) {
  for (const node of ui.chatLog.querySelectorAll('.tour-highlight')) node.classList.remove('tour-highlight');
  const candidates = [...ui.chatLog.querySelectorAll('.card-button')].filter((node) => node.textContent === buttonText);
  const target = candidates.at(-1);
  if (target) {
    state.pointing = undefined;
    target.classList.add('tour-highlight');
    if (scroll) target.scrollIntoView({ block: 'center', behavior: 'smooth' });
    return true;
  }
  if (!quiet) {
    state.pointing = { text: buttonText, until: Date.now() + 15_000 };
    toast(
      `${nameOf(state.userId)} 还没有带「${buttonText}」按钮的待处理卡片；它到达时会标出来，若没有请先完成上一步。`,
    );
  }
  return false;
}

// ---- inspection ----

async function inspect(view) {
  state.inspected = { taskId: view.taskId, sentCard: view.card };
  for (const node of ui.chatLog.querySelectorAll('.wecom-card'))
    node.classList.toggle('inspected', node.dataset.taskId === view.taskId);
  ui.cardInspection.replaceChildren(el('div', { className: 'muted' }, '加载中…'));
  openDrawer('panels'); // on a phone the panel is in the drawer; on a wide screen this does nothing
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
    try {
      await task();
    } catch (error) {
      console.warn(error);
    }
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
  renderNobody();
  setupDrawers();
  if (isNarrow()) ui.input.placeholder = '输入消息';
  ui.filter.addEventListener('input', renderPeople);
  ui.composer.addEventListener('submit', sendTyped);
  ui.fileButton.addEventListener('click', () => ui.fileInput.click());
  ui.fileInput.addEventListener('change', () => void sendFile());
  ui.input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) sendTyped(event);
  });
  renderTour($('tour-steps'), {
    switchTo: (userId) => {
      closeDrawers();
      return selectPerson(userId);
    },
    botTexts: () =>
      state.entries
        .filter((entry) => entry.side === 'bot' && typeof entry.content === 'string')
        .map((entry) => entry.content),
    // On a phone, focusing would open the keyboard over the chat; the person taps the field if they want to edit.
    fill: (text) => {
      ui.input.value = text;
      ui.input.classList.add('tour-filled');
      if (!isNarrow()) ui.input.focus();
    },
    pointAt: (text) => pointAt(text),
    toast,
  });
  const fromHash = decodeURIComponent(location.hash.slice(1));
  if (personOf(fromHash)) await selectPerson(fromHash);
  every(CHAT_POLL_MS, () => pollChat());
  every(CHAT_POLL_MS, () => refreshInboxCounts());
  every(PANEL_POLL_MS, async () => {
    await refreshSystem();
    if (state.inspected) await refreshInspection();
  });
  await refreshInboxCounts();
  // The people seen so far start "read": badges are for what arrives while the page is open.
  state.seenCounts = { ...state.inboxCounts };
  renderPeople();
  await refreshSystem();
}

start().catch((error) => toast(`模拟器启动失败：${error.message}`));
