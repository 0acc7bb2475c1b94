import { Browser, Page } from 'playwright-core';
import {
  accessibilityViolations,
  launchChromium,
  saveScreenshot,
  signInAsGuest,
  withFailureScreenshot,
} from '../harness';
import { startSimulatedCluster } from '../simulate/simulatedCluster';
import { KubernetesStandIn } from '../standins/kubernetes';
import { startStatusPortal } from '../status/statusBackend';

jest.setTimeout(240_000);

/** What the page must never claim about a cluster it cannot read. */
const FALSE_CLAIMS = [
  '0/1 ready',
  'does not exist yet',
  'No pods yet.',
  'No warnings.',
  'Nothing to fix.',
];

describe('the status page tells the truth in the browser', () => {
  let standIn: KubernetesStandIn;
  let backend: Awaited<ReturnType<typeof startStatusPortal>>;
  let browser: Browser;
  let page: Page;
  let entityPage: string;

  /** Scripts the stand-in over its HTTP control interface, as a person with curl would. */
  async function control(command: string) {
    const response = await fetch(`${standIn.baseUrl}/_control/${command}`, {
      method: 'POST',
    });
    expect(response.status).toBe(200);
  }

  async function expectNoFalseClaims(where: string) {
    const body = (await page.locator('body').textContent()) ?? '';
    expect({
      where,
      claims: FALSE_CLAIMS.filter(claim => body.includes(claim)),
    }).toEqual({ where, claims: [] });
  }

  beforeAll(async () => {
    standIn = await startSimulatedCluster();
    // The dashboard's poll is long, as in production: a fresh dashboard after a pod failure must
    // come from the re-read the failure triggers, not from the poll.
    backend = await startStatusPortal(standIn, {
      debounceMs: 100,
      dashboardPollSeconds: 60,
    });
    entityPage = `${backend.portal.baseUrl}/catalog/default/resource/ray-cluster-syntho-simulated`;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signInAsGuest(page, backend.portal.baseUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.portal.stop();
    await standIn?.stop();
  });

  it('shows a scripted API outage as Unknown with the last known counts and their age, and recovers', async () => {
    await withFailureScreenshot(page, 'status-truth-outage', async () => {
      await page.goto(entityPage);
      await page.getByTestId('ray-verdict').getByText('Ready').waitFor();

      await control('down');
      try {
        await page
          .getByTestId('ray-verdict')
          .getByText('Unknown')
          .waitFor({ timeout: 15_000 });
        await expect(
          page.getByTestId('ray-last-known').textContent(),
        ).resolves.toMatch(
          /^Last known \d+ s ago: head ready, 1 of 1 worker ready\.$/,
        );
        await expectNoFalseClaims('card');
        // The error is said once: in the diagnosis, not again in its evidence or elsewhere.
        expect(
          await page.getByText('The Kubernetes API does not answer').count(),
        ).toBe(1);
        expect(
          await accessibilityViolations(
            page,
            '.MuiCard-root:has([data-testid="ray-verdict"])',
          ),
        ).toEqual([]);
        await saveScreenshot(page, 'status-truth-card-unknown');

        // A page opened during the outage gets the same last-known values from the backend.
        await page.goto(`${entityPage}/ray`);
        await page.getByTestId('ray-verdict').getByText('Unknown').waitFor();
        await page.getByTestId('ray-last-known').waitFor();
        await page
          .getByText(/^head: 1\/1 ready \(last known \d+ s ago\)$/)
          .waitFor();
        await page
          .getByText(/^Ray dashboard \(last known \d+ s ago\)$/)
          .waitFor();
        await expectNoFalseClaims('tab');
        expect(
          await page.getByText('The Kubernetes API does not answer').count(),
        ).toBe(1);
        expect(
          await accessibilityViolations(
            page,
            '[data-testid="ray-cluster-content"]',
          ),
        ).toEqual([]);
        await page.setViewportSize({ width: 1400, height: 2000 });
        await saveScreenshot(page, 'status-truth-tab-unknown');
        await page.setViewportSize({ width: 1400, height: 1000 });
      } finally {
        await control('up');
      }

      await page
        .getByTestId('ray-verdict')
        .getByText('Ready')
        .waitFor({ timeout: 10_000 });
      expect(await page.getByTestId('ray-last-known').count()).toBe(0);
      expect(await page.getByText(/last known/).count()).toBe(0);
      await page.getByText('head: 1/1 ready').waitFor();
    });
  });

  it('does not show the dashboard as current beside a scripted pod failure', async () => {
    await withFailureScreenshot(page, 'status-truth-dashboard', async () => {
      await page.goto(`${entityPage}/ray`);
      await page.getByTestId('ray-verdict').getByText('Ready').waitFor();
      await page.getByText('Ray nodes: 2 alive, 1 dead').waitFor();

      const scripted = Date.now();
      await control('scenario/image-pull-secret-missing');
      try {
        await page.getByTestId('ray-verdict').getByText('Failed').waitFor();
        // Re-read at once (the head is not ready: the proxy cannot reach it), long before the
        // 60 s poll; at worst marked stale meanwhile.
        await page
          .getByText('Ray nodes: 2 alive, 1 dead')
          .waitFor({ state: 'detached', timeout: 5000 });
        const current = Date.now() - scripted;
        await page
          .getByText(/not reachable through the Kubernetes service proxy/)
          .waitFor();
        expect(current).toBeLessThan(5000);
        await page.setViewportSize({ width: 1400, height: 2000 });
        await saveScreenshot(page, 'status-truth-dashboard-after-failure');
        await page.setViewportSize({ width: 1400, height: 1000 });
      } finally {
        await control('scenario/healthy');
      }
      await page.getByTestId('ray-verdict').getByText('Ready').waitFor();
      await page
        .getByText('Ray nodes: 2 alive, 1 dead')
        .waitFor({ timeout: 10_000 });
    });
  });
});
