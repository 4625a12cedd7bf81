import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestService } from '../support/test-service.js';
import { CHROMIUM_LAUNCH, ensureChromium } from './ensure-chromium.js';
import { startSimulatorService } from './start-simulator-service.js';
import { ARRIVES_WITHIN, DESKTOP, openScreen, PHONE, SCREENSHOTS, type Screen } from './simulator-screen.js';

/** A walk of the tour is seven steps through the queue and the outbox; each wait is ARRIVES_WITHIN. */
const TOUR_TIMEOUT = 90_000;

describe('the WeCom simulator, driven in chromium at 1280×860 and at 390×844', () => {
  let t: TestService;
  let browser: Browser;
  let desktop: Screen;
  let phone: Screen;
  /** the reference the bot gave the desktop walk of the tour, the first request on this database */
  let firstRef: string;

  beforeAll(async () => {
    ensureChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
    t = await startSimulatorService();
    browser = await chromium.launch(CHROMIUM_LAUNCH);
  }, 20 * 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  /** The page works offline: every request it made went to the service itself (no CDN, no fonts), and nothing failed in it. */
  function expectOwnOriginAndNoErrors(screen: Screen): void {
    const origin = new URL(t.url).origin;
    expect(screen.requestedUrls.length).toBeGreaterThan(0);
    expect(screen.requestedUrls.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    expect(screen.pageErrors).toEqual([]);
  }

  /**
   * The tour, as a person walks it: each step from the tour panel (on a phone, from the drawer),
   * then 发送 or the button it points at. Returns the reference the bot gave the request.
   */
  async function walkTheTour(
    screen: Screen,
    shots: { sealCard?: string; approved?: string; chat?: string; tour?: string; inspect?: string; end?: string },
  ): Promise<string> {
    const { page } = screen;
    const shoot = async (name: string | undefined): Promise<void> => {
      if (name) await page.screenshot({ path: `${SCREENSHOTS}${name}` });
    };
    const botBubbles = (text: string | RegExp): Locator => page.locator('.msg.bot .bubble', { hasText: text });

    // 1 · 陈浩 帮助
    await screen.tourStep(0, { expectPerson: 'chenhao', expectFilled: '帮助' });
    const helpAnswers = await botBubbles('可用命令').count();
    await screen.press(page.locator('#composer-send'));
    await expect.poll(() => botBubbles('可用命令').count(), ARRIVES_WITHIN).toBe(helpAnswers + 1);
    // as the workflows grow the list may name each workflow's commands on one line (帮助 within WeCom's 2048 bytes)
    const listsSealCommand = t.textsTo('chenhao').some((text) => /(^· |】|、)用印(?:[（：、]|$)/m.test(text));
    expect(listsSealCommand, '帮助 does not list the 用印 command').toBe(true);

    // 2 · 陈浩 asks for the seal; the bot answers with the request's number
    await screen.tourStep(1, { expectPerson: 'chenhao', expectFilled: /^用印 事由:/ });
    const submitted = botBubbles(/已提交用印申请 Y\d+/);
    const submittedBefore = await submitted.count();
    await screen.press(page.locator('#composer-send'));
    await page.locator('.msg.me .bubble', { hasText: '用印 事由' }).last().waitFor();
    await expect.poll(() => submitted.count(), ARRIVES_WITHIN).toBe(submittedBefore + 1);
    const ref = /已提交用印申请 (Y\d+)/.exec((await submitted.last().textContent()) ?? '')?.[1];
    expect(ref).toMatch(/^Y\d+$/);
    if (!ref) throw new Error("no reference in the bot's answer");

    // 3 · 李华, the approver, sees it waiting on him in 我的待办
    await screen.tourStep(2, { expectPerson: 'lihua', expectFilled: '我的待办' });
    await screen.press(page.locator('#composer-send'));
    await botBubbles(new RegExp(`(^|\\s)${ref} 用印审批`))
      .last()
      .waitFor(ARRIVES_WITHIN);

    // 4 · 李华 taps 同意 on his card, which is answered in place
    await screen.tourStep(3, { expectPerson: 'lihua' });
    const lihuasCard = page
      .locator('.wecom-card')
      .filter({ has: page.locator('.card-title', { hasText: new RegExp(`^用印审批 ${ref}$`) }) });
    const pointedAt = lihuasCard.locator('.card-button.tour-highlight');
    await pointedAt.waitFor(ARRIVES_WITHIN);
    expect(await pointedAt.textContent()).toBe('同意');
    expect(await lihuasCard.locator('.card-button').count()).toBeGreaterThanOrEqual(2);
    await screen.expectCardsFit();
    await shoot(shots.sealCard);
    await shoot(shots.chat);
    const zhouminCardsBefore = t.fake
      .messages({ toUser: 'zhoumin' })
      .filter((message) => message.msgtype === 'template_card').length;
    await screen.press(pointedAt);
    const answered = lihuasCard.locator('.card-replaced');
    await answered.waitFor(ARRIVES_WITHIN);
    expect(await answered.textContent()).toMatch(/^已同意 · 李华 \d\d-\d\d \d\d:\d\d$/);
    expect(await lihuasCard.locator('.card-button').count()).toBe(0);
    expect(await lihuasCard.count()).toBe(1);

    // Look inside: the card row and the item's audit trail, in the workflow's words.
    await screen.inspectCard(lihuasCard);
    const inspection = page.locator('#card-inspection');
    await inspection.filter({ hasText: '已同意 · 李华' }).waitFor(ARRIVES_WITHIN);
    await expect.poll(() => inspection.textContent()).toMatch(/seal[\s\S]*已处理answered/);
    expect(await inspection.locator('.state-tag').innerText()).toMatch(/^审批中\s*in_approval$/);
    expect(await inspection.locator('tr', { hasText: '卡片为何而发' }).locator('td').innerText()).toMatch(
      /^审批\s*approval:\d+$/,
    );
    expect(await inspection.locator('table.grid td', { hasText: 'start_approval' }).innerText()).toMatch(
      /^送审：第1步：李华\s*start_approval$/,
    );
    expect(await inspection.locator('table.grid td', { hasText: 'submitted → in_approval' }).innerText()).toMatch(
      /^已提交 → 审批中\s*submitted → in_approval$/,
    );
    expect(await inspection.locator('table.grid td', { hasText: /^提交申请\s*submit$/ }).count()).toBe(1);
    await screen.expectDrawerFits();
    await shoot(shots.approved);
    await shoot(shots.inspect);
    await screen.closeDrawerByTappingOutside();

    // 5 · 周敏 has news (on a phone, the button that opens the directory says so) and taps 同意
    await screen.expectUnreadFor('zhoumin');
    if (shots.tour) {
      await screen.openDrawer('panels');
      await screen.expectDrawerFits();
      await page.evaluate('document.getElementById("side-pane").scrollTop = 0');
      await shoot(shots.tour);
    }
    await screen.tourStep(4, { expectPerson: 'zhoumin' });
    const zhouminsCard = page
      .locator('.wecom-card')
      .filter({ has: page.locator('.card-title', { hasText: new RegExp(`^用印审批 ${ref}$`) }) });
    await zhouminsCard.locator('.card-button.tour-highlight', { hasText: '同意' }).waitFor(ARRIVES_WITHIN);
    expect(t.fake.messages({ toUser: 'zhoumin' }).filter((message) => message.msgtype === 'template_card').length).toBe(
      zhouminCardsBefore + 1,
    );
    await screen.press(zhouminsCard.locator('.card-button.tour-highlight'));
    await zhouminsCard.locator('.card-replaced', { hasText: '已同意 · 周敏' }).waitFor(ARRIVES_WITHIN);

    // 6 · 刘强, the keeper: his card arrives after the last approval; the tour points at it when it does
    await screen.tourStep(5, { expectPerson: 'liuqiang' });
    const keepersCard = page
      .locator('.wecom-card')
      .filter({ has: page.locator('.card-title', { hasText: new RegExp(`^待用印 ${ref}$`) }) });
    const stamped = keepersCard.locator('.card-button.tour-highlight', { hasText: '已用印' });
    await stamped.waitFor(ARRIVES_WITHIN);
    await screen.press(stamped);
    await keepersCard.locator('.card-replaced', { hasText: /^已用印 3份 · 刘强/ }).waitFor(ARRIVES_WITHIN);

    // 7 · 陈浩 was told, and 查询 fills the number the bot really gave, then answers after the question
    await screen.tourStep(6, { expectPerson: 'chenhao', expectFilled: `查询 ${ref}` });
    await botBubbles(new RegExp(`^${ref} 已用印`)).waitFor(ARRIVES_WITHIN);
    await screen.press(page.locator('#composer-send'));
    await page
      .locator(`.msg.me:has-text("查询 ${ref}") ~ .msg.bot .bubble`, { hasText: `【${ref} 用印申请】已用印` })
      .first()
      .waitFor(ARRIVES_WITHIN);
    await screen.expectComposerOnScreen();
    await screen.expectNoHorizontalScroll();
    await shoot(shots.end);
    return ref;
  }

  describe('on a desktop (1280×860): three panes', () => {
    beforeAll(async () => {
      desktop = await openScreen(browser, DESKTOP, false);
    });

    it('shows the directory once per fact, sends 帮助 as 陈浩 as a signed callback and renders the reply, with nothing loaded from elsewhere', async () => {
      const { page } = desktop;
      await page.goto(`${t.url}/simulator/`);
      const chenhao = page.locator('[data-user="chenhao"]');
      await chenhao.waitFor();
      // Three panes side by side, no drawer buttons, no horizontal scrollbar.
      for (const pane of ['#people-pane', '.chat-pane', '#side-pane'])
        expect(await page.locator(pane).isVisible(), pane).toBe(true);
      expect(await page.locator('#open-people').isVisible()).toBe(false);
      await desktop.expectNoHorizontalScroll();
      // 刘强 is 行政助理 in 综合办公室 and keeps the seals: each said once, without 教职工.
      expect(await page.locator('[data-user="liuqiang"] .person-meta').textContent()).toBe(
        '行政助理（印章管理） · 综合办公室 · 印章管理员',
      );
      expect(await page.locator('[data-user="lihua"]').textContent()).toContain('教务处负责人');
      expect(await page.locator('[data-user="zhaoli"] .person-duty').textContent()).toBe(
        '校领导负责人兼分管领导、综合办公室分管领导、财务室分管领导',
      );
      expect(await page.locator('[data-user="zhaoli"] .person-meta').textContent()).toBe('校长 · 校领导');

      await desktop.beThe('chenhao');
      await page.locator('#composer-input').fill('帮助');
      await page.locator('#composer-send').click();
      await page.locator('.msg.me .bubble', { hasText: '帮助' }).waitFor();
      await page.locator('.msg.bot .bubble', { hasText: '可用命令' }).waitFor(ARRIVES_WITHIN);
      // It went the real way: the fake WeCom recorded the bot's answer to chenhao.
      expect(t.textsTo('chenhao').some((text) => text.includes('可用命令'))).toBe(true);
      // The side panel lists the callback the simulator sent, answered 200.
      await page.locator('#callback-log .http-ok', { hasText: '200' }).first().waitFor(ARRIVES_WITHIN);
      await desktop.expectComposerOnScreen();
      await page.screenshot({ path: `${SCREENSHOTS}simulator-help.png` });
      expectOwnOriginAndNoErrors(desktop);
    });

    it(
      'walks the whole tour: 陈浩 asks, 李华 sees it in 我的待办 and taps 同意, 周敏 同意, 刘强 已用印, 陈浩 查询 the number the bot gave',
      async () => {
        firstRef = await walkTheTour(desktop, {
          sealCard: 'simulator-seal-card.png',
          approved: 'simulator-approved.png',
          end: 'simulator-desktop.png',
        });
        expectOwnOriginAndNoErrors(desktop);
      },
      TOUR_TIMEOUT,
    );

    it("renders WeCom's markdown subset and nothing more: headings, bold, links, code, quotes, font colours; HTML stays text", async () => {
      const markdown =
        '# 今日用印\n**校章** 3 次，见 [登记](https://example.invalid/r) `Y1`\n> 已全部登记\n<font color="warning">1 件受阻</font> <script>alert(1)</script>';
      // Evaluated as a string: the page's own module, untouched by vitest's transform of this file.
      const html = await desktop.page.evaluate<string>(
        `import('/simulator/render-message.js').then(({ renderMarkdown }) => renderMarkdown(${JSON.stringify(markdown)}).innerHTML)`,
      );
      expect(html).toContain('<h1>今日用印</h1>');
      expect(html).toContain('<strong>校章</strong>');
      expect(html).toContain('<a href="https://example.invalid/r" target="_blank" rel="noopener noreferrer">登记</a>');
      expect(html).toContain('<code>Y1</code>');
      expect(html).toContain('<blockquote>已全部登记</blockquote>');
      expect(html).toContain('<span class="font-warning">1 件受阻</span>');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).not.toContain('<script>');
    });
  });

  describe('on a phone (390×844, touch): one chat column, the rest in drawers', () => {
    beforeAll(async () => {
      // The desktop page would go on polling every 700 ms; two CPUs are better spent on the phone.
      await desktop?.page.context().close();
      phone = await openScreen(browser, PHONE, true);
    });

    it('opens the person switcher as a drawer that closes on a tap outside or on choosing, sends 帮助, and keeps 发送 on screen, also above the keyboard', async () => {
      const { page } = phone;
      await page.goto(`${t.url}/simulator/`);
      await page.locator('[data-user="chenhao"]').waitFor({ state: 'attached' });
      expect(await page.locator('#people-pane').isVisible()).toBe(false);
      expect(await page.locator('#side-pane').isVisible()).toBe(false);
      await phone.expectComposerOnScreen();
      await phone.expectNoHorizontalScroll();

      await phone.openDrawer('people');
      await phone.expectDrawerFits();
      await page.screenshot({ path: `${SCREENSHOTS}simulator-phone-people.png` });
      await phone.closeDrawerByTappingOutside();
      await phone.beThe('chenhao');
      expect(await page.locator('#chat-subtitle').textContent()).toContain('陈浩');

      await page.locator('#composer-input').fill('帮助');
      await phone.press(page.locator('#composer-send'));
      await page.locator('.msg.bot .bubble', { hasText: '可用命令' }).last().waitFor(ARRIVES_WITHIN);
      await phone.expectComposerOnScreen();
      await phone.expectNoHorizontalScroll();

      // The on-screen keyboard takes the lower half: the page shrinks with it and 发送 stays visible.
      await page.setViewportSize({ width: 390, height: 440 });
      await page.locator('#composer-input').focus();
      await phone.expectComposerOnScreen();
      await page.setViewportSize({ width: 390, height: 844 });
      expectOwnOriginAndNoErrors(phone);
    });

    it(
      "walks the tour a second time on the same database: 查询 fills the second request's number, not the first, and every step shows the chat",
      async () => {
        const secondRef = await walkTheTour(phone, {
          chat: 'simulator-phone-chat.png',
          tour: 'simulator-phone-tour.png',
          inspect: 'simulator-phone-card.png',
        });
        expect(secondRef).not.toBe(firstRef);
        expect(Number(secondRef.slice(1))).toBeGreaterThan(Number(firstRef.slice(1)));
        expectOwnOriginAndNoErrors(phone);
      },
      TOUR_TIMEOUT,
    );
  });
});
