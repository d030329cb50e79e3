import fs from 'node:fs/promises';
import path from 'node:path';
import { Browser, Page, chromium } from 'playwright-core';

// Run from source under Jest, never bundled: __dirname is this directory.
// eslint-disable-next-line no-restricted-syntax
export const SCREENSHOT_DIR = path.resolve(__dirname, '../screenshots');

/**
 * Debian's Chromium, headless, with everything that would phone home switched off: the machine
 * has no internet, and Chromium's background requests would only fail and slow it down.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
    ],
  });
}

/**
 * Saves a screenshot as e2e/screenshots/<name>.png, for people to look at: the whole page, or
 * only the viewport where a dialog is open (full-page captures misplace fixed elements).
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string> {
  await fs.mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
  return file;
}
