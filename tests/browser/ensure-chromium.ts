import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LaunchOptions } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const INSTALL_SCRIPT = fileURLToPath(new URL('../../scripts/install-chromium.sh', import.meta.url));

/** Installs Debian's chromium (scripts/install-chromium.sh) when it is missing; minutes on first run. */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  execFileSync('bash', [INSTALL_SCRIPT], { stdio: 'inherit', timeout: 15 * 60_000 });
}

/** Headless, sandbox-less (containers run as root), and quiet: chromium itself calls no one. */
export const CHROMIUM_LAUNCH: LaunchOptions = {
  executablePath: CHROMIUM_PATH,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
