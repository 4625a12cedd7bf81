// On a narrow screen (a phone, below 1024 px) the people list and the side panels are drawers over
// the chat: a top-bar button opens one, a tap outside, × or Esc closes it. On a wide screen they
// are plain panes and these calls change nothing visible (the CSS only reads data-drawer when narrow).

const NARROW = matchMedia('(max-width: 1023.98px)');
const OPENERS = { people: 'open-people', panels: 'open-panels' };

export const isNarrow = () => NARROW.matches;

export function openDrawer(name) {
  if (!isNarrow()) return;
  document.body.dataset.drawer = name;
  for (const [drawer, id] of Object.entries(OPENERS))
    document.getElementById(id).setAttribute('aria-expanded', String(drawer === name));
  document
    .querySelector(`#${name === 'people' ? 'people-pane' : 'side-pane'} .drawer-close`)
    ?.focus({ preventScroll: true });
}

export function closeDrawers() {
  const wasOpen = document.body.dataset.drawer;
  if (!wasOpen) return;
  delete document.body.dataset.drawer;
  for (const id of Object.values(OPENERS)) document.getElementById(id).setAttribute('aria-expanded', 'false');
  if (document.activeElement?.closest('.drawer')) document.activeElement.blur();
}

export function setupDrawers() {
  for (const [name, id] of Object.entries(OPENERS)) {
    document.getElementById(id).addEventListener('click', () => {
      if (document.body.dataset.drawer === name) closeDrawers();
      else openDrawer(name);
    });
  }
  document.getElementById('drawer-backdrop').addEventListener('click', closeDrawers);
  for (const button of document.querySelectorAll('[data-close-drawer]')) button.addEventListener('click', closeDrawers);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeDrawers();
  });
  // Growing past 1024 px turns the drawers back into panes; nothing should stay "open" behind them.
  NARROW.addEventListener('change', () => {
    if (!isNarrow()) closeDrawers();
  });
}
