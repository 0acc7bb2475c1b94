import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { repoRoot } from './portal';

/** Where browser tests keep their screenshots; CI keeps this folder as the run's artefacts. */
export const artifactsDir = join(repoRoot, 'test', 'artifacts');

/**
 * Launches Debian's Chromium headless. Playwright's own browser download cannot work here, so the
 * executable comes from the system (`CHROMIUM_PATH` overrides /usr/bin/chromium).
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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
  });
}

/** Saves a full-page screenshot as `test/artifacts/<name>.png` and returns its path. */
export async function saveScreenshot(page: Page, name: string) {
  await mkdir(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Signs in on the portal's sign-in page with the guest provider. */
export async function signInAsGuest(page: Page, baseUrl: string) {
  await page.goto(baseUrl);
  await page.getByRole('button', { name: 'Enter' }).click();
}

/** Runs a browser step and keeps a screenshot of the page when it fails, for the CI artefacts. */
export async function withFailureScreenshot<T>(
  page: Page,
  name: string,
  step: () => Promise<T>,
): Promise<T> {
  try {
    return await step();
  } catch (error) {
    await saveScreenshot(page, `failure-${name}`).catch(() => undefined);
    throw error;
  }
}
