import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesReceivedBy } from '../support/file-helpers.js';
import { createTestFileWorkflow } from '../support/test-file-workflow.js';
import type { TestService } from '../support/test-service.js';
import { CHROMIUM_LAUNCH, ensureChromium } from './ensure-chromium.js';
import { startSimulatorService } from './start-simulator-service.js';
import { ARRIVES_WITHIN, DESKTOP, openScreen, PHONE, SCREENSHOTS, type Screen } from './simulator-screen.js';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Files in the simulator (issue 12): a person picks a file under the paperclip, the page hands it to the
 * simulator, which registers it with the fake WeCom and posts a signed file callback as WeCom would;
 * what the bot sends back as a file message shows as a file bubble with its name and size, right
 * after its card. Driven through a workflow that takes files (tests/support/test-file-workflow.ts),
 * at 1280×860 and at 390×844.
 */
describe('files in the WeCom simulator', () => {
  let t: TestService;
  let browser: Browser;
  const files = createTestFileWorkflow();

  beforeAll(async () => {
    ensureChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
    t = await startSimulatorService({ workflows: [files.module] });
    files.add({ ref: 'S1', drafterId: 'chenhao', readerId: 'zhoumin', secrecy: '普通' });
    browser = await chromium.launch(CHROMIUM_LAUNCH);
  }, 20 * 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  /** 附件 S1, then `bytes` under `name` from the file picker, as `userId`; waits for the bot's receipt. */
  async function attach(screen: Screen, userId: string, name: string, bytes: Buffer, receipt: RegExp): Promise<void> {
    const { page } = screen;
    await screen.beThe(userId);
    await page.locator('#composer-input').fill('附件 S1');
    await screen.press(page.locator('#composer-send'));
    await page
      .locator('.msg.bot .bubble', { hasText: '请在30分钟内把 S1 的文件发给我' })
      .last()
      .waitFor(ARRIVES_WITHIN);
    const chooser = page.waitForEvent('filechooser');
    await screen.press(page.locator('#composer-file'));
    await (await chooser).setFiles({ name, mimeType: 'application/pdf', buffer: bytes });
    await page.locator('.msg.me .file-bubble', { hasText: name }).waitFor(ARRIVES_WITHIN);
    await page.locator('.msg.bot .bubble', { hasText: receipt }).waitFor(ARRIVES_WITHIN);
  }

  it('on a desktop: 杨雪 sends a file after 附件, 周敏 sees the card and the file right after it, and can download it', async () => {
    const desktop = await openScreen(browser, DESKTOP, false);
    const { page } = desktop;
    await page.goto(`${t.url}/simulator/`);
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7 关于做好寒假安全工作的通知'), Buffer.alloc(40_000, 0x20)]);
    await attach(desktop, 'yangxue', '寒假安全通知.pdf', bytes, /已收到 S1 的文件《寒假安全通知\.pdf》：第1版/);
    expect(await page.locator('.msg.me .file-bubble .file-size').last().textContent()).toBe('39 KB');
    // the side panel logs the file callback the simulator signed and posted
    await page.locator('#callback-log', { hasText: '文件：［文件］寒假安全通知.pdf' }).waitFor(ARRIVES_WITHIN);

    await desktop.beThe('zhoumin');
    const fileBubble = page.locator('.msg.bot .file-bubble', { hasText: '寒假安全通知.pdf' });
    await fileBubble.waitFor(ARRIVES_WITHIN);
    const entries = page.locator('.msg.bot');
    const last = entries.last();
    await expect.poll(() => last.locator('.file-bubble').count()).toBe(1);
    expect(
      await entries
        .nth((await entries.count()) - 2)
        .locator('.card-title')
        .textContent(),
    ).toBe('请阅 S1');
    expect(await fileBubble.locator('.file-icon').textContent()).toBe('PDF');

    const download = await page.request.get(`${t.url}${await fileBubble.getAttribute('href')}`);
    expect(sha256(await download.body())).toBe(sha256(bytes));
    expect(filesReceivedBy(t.fake, 'zhoumin')).toEqual([
      { fileName: '寒假安全通知.pdf', sha256: sha256(bytes), sizeBytes: bytes.byteLength },
    ]);
    await page.screenshot({ path: `${SCREENSHOTS}simulator-file-desktop.png` });
    expect(desktop.pageErrors).toEqual([]);
    await page.context().close();
  });

  it('on a phone: the paperclip sits beside the input and 发送, a revised file becomes version 2, and file bubbles fit the screen', async () => {
    const phone = await openScreen(browser, PHONE, true);
    const { page } = phone;
    await page.goto(`${t.url}/simulator/`);
    await phone.beThe('chenhao');
    await phone.expectComposerOnScreen();
    const clip = await page.locator('#composer-file').boundingBox();
    expect(clip && clip.x >= 0 && clip.x + clip.width <= 390 && clip.height >= 40).toBe(true);

    const revised = Buffer.from(`%PDF-1.7 关于做好寒假安全工作的通知（修改稿）${'。'.repeat(500)}`);
    await attach(phone, 'chenhao', '关于做好2026年寒假期间学校安全工作的通知（修改稿）.pdf', revised, /第2版/);
    await phone.beThe('zhoumin');
    const bubbles = page.locator('.msg.bot .file-bubble');
    await expect.poll(() => bubbles.count(), ARRIVES_WITHIN).toBe(2);
    for (const bubble of await bubbles.all()) {
      const box = await bubble.boundingBox();
      expect(box && box.x + box.width).toBeLessThanOrEqual(390);
    }
    await page.screenshot({ path: `${SCREENSHOTS}simulator-file-phone.png` });
    await phone.expectNoHorizontalScroll();
    await phone.expectComposerOnScreen();
    expect(phone.pageErrors).toEqual([]);
    await page.context().close();
  });
});
