// The demo clock (spec 2.2): shows the service's time and moves it forward; whatever falls due in
// the skipped time (the digest, the weekly brief, reminders) fires once, as after downtime.
const panel = document.getElementById('clock-panel');
const nowBox = document.getElementById('clock-now');
const jumpsBox = document.getElementById('clock-jumps');
const resultBox = document.getElementById('clock-result');

const SCHEDULE_LABELS = {
  weekly_brief: '周报',
  daily_seal_summary: '用印日汇总',
  overdue_scan: '超时提醒',
  personal_digest: '待办汇总',
  approval_reminders: '催办',
  timer_tick: '事项定时器',
};

function show(clock) {
  nowBox.textContent = new Date(clock.now).toLocaleString('zh-CN', { timeZone: clock.timezone, hour12: false });
  nowBox.dateTime = clock.now;
  jumpsBox.replaceChildren(
    ...clock.jumps.map((jump) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'clock-jump';
      button.textContent = jump.label;
      button.addEventListener('click', () => void move(jump.to, button));
      return button;
    }),
  );
}

async function move(to, button) {
  button.disabled = true;
  try {
    const response = await fetch('/simulator/api/clock', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to }),
    });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
    show(body);
    const ran = body.ran.filter((run) => run.schedule !== 'timer_tick');
    resultBox.textContent = ran.length
      ? `已补发：${ran.map((run) => SCHEDULE_LABELS[run.schedule] ?? run.schedule).join('、')}`
      : '这段时间里没有到点的定时任务';
  } catch (error) {
    resultBox.textContent = `拨动时钟失败：${error.message}`;
  } finally {
    button.disabled = false;
  }
}

async function refresh() {
  const response = await fetch('/simulator/api/clock');
  const clock = await response.json();
  if (!response.ok || !clock.movable) return; // the service's clock does not move: no panel
  panel.hidden = false;
  show(clock);
}

void refresh();
setInterval(() => void refresh(), 30_000);
