import { Browser, Page } from 'playwright-core';
import {
  launchChromium,
  Portal,
  saveScreenshot,
  signInAsGuest,
  startPortal,
} from '../harness';

jest.setTimeout(180_000);

describe('portal', () => {
  let portal: Portal;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    portal = await startPortal();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('signs in as guest and shows the catalog with the example entities', async () => {
    await signInAsGuest(page, portal.baseUrl);

    // The portal opens on the Ray clusters (app-config.yaml redirects / there).
    await page
      .getByRole('link', {
        name: 'ray-cluster (syntho on the simulated cluster)',
      })
      .waitFor();
    expect(await page.title()).toContain('Syntho Ray portal');
    await saveScreenshot(page, 'portal-catalog');
  });

  it('opens the Create page', async () => {
    await page
      .getByRole('navigation')
      .getByRole('link', { name: 'Create', exact: true })
      .click();

    await page.getByText('Template Editor').waitFor();
    expect(new URL(page.url()).pathname).toBe('/create/templates');
    await saveScreenshot(page, 'portal-create');
  });
});
