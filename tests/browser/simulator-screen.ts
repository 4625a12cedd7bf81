import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Every run saves its screenshots under docs/screenshots/latest/ (not committed); the README's
 * committed ones are refreshed on purpose with XIAOBAN_UPDATE_SCREENSHOTS=1, so a test run never
 * leaves tracked files changed.
 */
export const SCREENSHOTS = fileURLToPath(
  new URL(
    process.env.XIAOBAN_UPDATE_SCREENSHOTS === '1' ? '../../docs/screenshots/' : '../../docs/screenshots/latest/',
    import.meta.url,
  ),
);
const LOCALE: BrowserContextOptions = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
/** The sizes the independent tester drives: a laptop, and a phone held upright. */
export const DESKTOP: BrowserContextOptions = { ...LOCALE, viewport: { width: 1280, height: 860 } };
export const PHONE: BrowserContextOptions = {
  ...LOCALE,
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};
/** The bot answers through the queue, the outbox relay and the fake; the page polls every 700 ms. */
export const ARRIVES_WITHIN = { timeout: 15_000 };

type Drawer = 'people' | 'panels';
const DRAWER_PANE: Record<Drawer, string> = { people: '#people-pane', panels: '#side-pane' };
const DRAWER_OPENER: Record<Drawer, string> = { people: '#open-people', panels: '#open-panels' };

// Page functions are passed as strings: this project type-checks without the DOM library.

/**
 * The simulator page at one screen size, driven the way a person there would: on a phone by
 * tapping, with the people list and the side panels in drawers; on a desktop by clicking panes.
 */
export class Screen {
  readonly requestedUrls: string[] = [];
  readonly pageErrors: string[] = [];

  constructor(
    readonly page: Page,
    readonly isPhone: boolean,
  ) {
    page.on('request', (request) => this.requestedUrls.push(request.url()));
    page.on('pageerror', (error) => this.pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') this.pageErrors.push(message.text());
    });
  }

  /** A finger on a phone, the mouse on a desktop. */
  async press(target: Locator): Promise<void> {
    if (this.isPhone) await target.tap();
    else await target.click();
  }

  private openDrawerName(): Promise<string | undefined> {
    return this.page.evaluate<string | undefined>('document.body.dataset.drawer');
  }

  /** Opens a drawer from its top-bar button (phone only) and waits until it is on screen. */
  async openDrawer(drawer: Drawer): Promise<void> {
    if (!this.isPhone || (await this.openDrawerName()) === drawer) return;
    await this.press(this.page.locator(DRAWER_OPENER[drawer]));
    await expect.poll(() => this.page.locator(DRAWER_PANE[drawer]).isVisible()).toBe(true);
    expect(await this.page.locator(DRAWER_OPENER[drawer]).getAttribute('aria-expanded')).toBe('true');
    await this.transitionsDone();
  }

  /** Taps the dimmed chat beside the open drawer; the drawer goes away. */
  async closeDrawerByTappingOutside(): Promise<void> {
    if (!this.isPhone) return;
    const drawer = await this.openDrawerName();
    expect(drawer, 'a drawer is open').toMatch(/^(people|panels)$/);
    const { width, height } = this.page.viewportSize() ?? { width: 390, height: 844 };
    // The people drawer comes from the left, the panels from the right: tap the other edge.
    await this.page.touchscreen.tap(drawer === 'people' ? width - 12 : 12, Math.round(height / 2));
    await this.expectNoDrawer();
  }

  async expectNoDrawer(): Promise<void> {
    await expect.poll(() => this.page.locator('#people-pane').isVisible()).toBe(false);
    await expect.poll(() => this.page.locator('#side-pane').isVisible()).toBe(false);
    expect(await this.openDrawerName()).toBeUndefined();
    await this.transitionsDone();
  }

  /** A drawer slides for 0.18 s; a screenshot or a tap waits until it is in place. */
  private async transitionsDone(): Promise<void> {
    await this.page.evaluate(
      'Promise.all(document.getAnimations().filter((animation) => animation instanceof CSSTransition).map((animation) => animation.finished))',
    );
  }

  /** Chooses who to be from the directory; on a phone the drawer closes on the choice. */
  async beThe(userId: string): Promise<void> {
    await this.openDrawer('people');
    await this.press(this.page.locator(`[data-user="${userId}"]`));
    await this.expectPerson(userId);
    if (this.isPhone) await this.expectNoDrawer();
  }

  private async expectPerson(userId: string): Promise<void> {
    await expect.poll(() => this.page.locator(`[data-user="${userId}"]`).getAttribute('class')).toContain('selected');
  }

  /**
   * Presses a tour step's button (on a phone, in the 导览与检查 drawer). Afterwards the chat of the
   * step's person is shown, with the drawers closed and, for a typing step, its text in the input.
   */
  async tourStep(index: number, expected: { expectPerson: string; expectFilled?: string | RegExp }): Promise<void> {
    await this.openDrawer('panels');
    await this.press(this.page.locator(`#tour-steps li[data-step="${index}"] button`));
    await this.expectPerson(expected.expectPerson);
    if (this.isPhone) await this.expectNoDrawer();
    if (expected.expectFilled !== undefined) {
      const filled = expect.poll(() => this.page.locator('#composer-input').inputValue());
      await (typeof expected.expectFilled === 'string'
        ? filled.toBe(expected.expectFilled)
        : filled.toMatch(expected.expectFilled));
    }
    await this.expectComposerOnScreen();
  }

  /** Taps a card's title (not a button): the 卡片背后 panel shows it (on a phone, in its drawer). */
  async inspectCard(card: Locator): Promise<void> {
    await this.press(card.locator('.card-title'));
    await expect.poll(() => this.page.locator('#card-panel').isVisible()).toBe(true);
    if (this.isPhone) expect(await this.openDrawerName()).toBe('panels');
  }

  /** Nothing in the open drawer is cut off at the side or needs scrolling sideways (phone only). */
  async expectDrawerFits(): Promise<void> {
    if (!this.isPhone) return;
    const drawer = await this.openDrawerName();
    expect(drawer, 'a drawer is open').toMatch(/^(people|panels)$/);
    const pane = drawer === 'people' ? '#people-pane' : '#side-pane';
    const { scrollWidth, clientWidth } = await this.page.evaluate<{ scrollWidth: number; clientWidth: number }>(
      `(({ scrollWidth, clientWidth }) => ({ scrollWidth, clientWidth }))(document.querySelector('${pane}'))`,
    );
    expect(scrollWidth, `${pane} scrolls sideways`).toBeLessThanOrEqual(clientWidth);
  }

  /** Someone received something while another person was shown: their entry (on a phone, the drawer's button) says so. */
  async expectUnreadFor(userId: string): Promise<void> {
    if (this.isPhone) await this.page.locator('#people-unread').waitFor({ state: 'visible', ...ARRIVES_WITHIN });
    await this.page.locator(`[data-user="${userId}"] .unread`).waitFor({ state: 'attached', ...ARRIVES_WITHIN });
  }

  /** The input and 发送 are entirely inside the viewport, whatever the chat holds. */
  async expectComposerOnScreen(): Promise<void> {
    const { innerWidth, innerHeight } = await this.page.evaluate<{ innerWidth: number; innerHeight: number }>(
      '({ innerWidth, innerHeight })',
    );
    for (const selector of ['#composer-send', '#composer-input']) {
      const box = await this.page.locator(selector).boundingBox();
      expect(box, `${selector} is laid out`).not.toBeNull();
      if (!box) return;
      expect(box.x, selector).toBeGreaterThanOrEqual(0);
      expect(box.y, selector).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, selector).toBeLessThanOrEqual(innerWidth);
      expect(box.y + box.height, selector).toBeLessThanOrEqual(innerHeight);
      expect(box.height, `${selector} is tall enough to tap`).toBeGreaterThanOrEqual(40);
    }
  }

  async expectNoHorizontalScroll(): Promise<void> {
    const { scrollWidth, innerWidth } = await this.page.evaluate<{ scrollWidth: number; innerWidth: number }>(
      '({ scrollWidth: document.scrollingElement.scrollWidth, innerWidth })',
    );
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  }

  /** Every card is as wide as the chat allows, never wider than the screen; its buttons are tall enough to tap. */
  async expectCardsFit(): Promise<void> {
    const innerWidth = await this.page.evaluate<number>('innerWidth');
    for (const card of await this.page.locator('.wecom-card').all()) {
      const box = await card.boundingBox();
      if (box) expect(box.x + box.width).toBeLessThanOrEqual(innerWidth);
    }
    for (const button of await this.page.locator('.card-button').all()) {
      expect((await button.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(40);
    }
  }
}

export async function openScreen(browser: Browser, options: BrowserContextOptions, isPhone: boolean): Promise<Screen> {
  const context = await browser.newContext(options);
  return new Screen(await context.newPage(), isPhone);
}
