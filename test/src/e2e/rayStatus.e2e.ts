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

describe('the Ray cluster entity page in the browser', () => {
  let standIn: KubernetesStandIn;
  let backend: Awaited<ReturnType<typeof startStatusPortal>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    standIn = await startSimulatedCluster();
    backend = await startStatusPortal(standIn, {
      debounceMs: 100,
      reauthorizeSeconds: 3,
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signInAsGuest(page, backend.portal.baseUrl);
    // The portal opens on the Ray clusters (app-config.yaml redirects / there).
    await page
      .getByRole('link', {
        name: 'ray-cluster (syntho on the simulated cluster)',
      })
      .waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.portal.stop();
    await standIn?.stop();
  });

  it('shows the card with the verdict, counts, Ray address and the simulation note', async () => {
    await withFailureScreenshot(page, 'ray-card', async () => {
      await page.goto(
        `${backend.portal.baseUrl}/catalog/default/resource/ray-cluster-syntho-simulated`,
      );
      await page.getByTestId('ray-verdict').getByText('Ready').waitFor();
      await page.getByText('Simulated cluster').first().waitFor();
      expect(await page.getByTestId('ray-head').textContent()).toContain(
        '1/1 ready',
      );
      expect(await page.getByTestId('ray-address').first().textContent()).toBe(
        'ray-cluster-head-svc.syntho.svc.cluster.local',
      );
      await page.getByText(/Ray 2\.9\.3, 2 nodes alive/).waitFor();
      await saveScreenshot(page, 'ray-entity-card');
    });
  });

  it('shows a scripted failure with its diagnosis within 2 s, without a reload, and clears it after recovery', async () => {
    await withFailureScreenshot(page, 'ray-failure', async () => {
      const navigations: string[] = [];
      page.on('framenavigated', frame => navigations.push(frame.url()));

      const scripted = Date.now();
      standIn.scenarios['image-pull-secret-missing']();
      await page
        .getByTestId('ray-verdict')
        .getByText('Failed')
        .waitFor({ timeout: 2000 });
      const shownAfter = Date.now() - scripted;
      await page.getByText('Images cannot be pulled').first().waitFor();
      await page
        .getByText(/Check that the pull secret "syntho-cr-secret" exists/)
        .first()
        .waitFor();
      expect(shownAfter).toBeLessThan(2000);
      await saveScreenshot(page, 'ray-entity-card-failure');

      standIn.scenarios.healthy();
      await page
        .getByTestId('ray-verdict')
        .getByText('Ready')
        .waitFor({ timeout: 2000 });
      expect(navigations).toEqual([]);
    });
  });

  it('stays live while the backend ends each stream after reauthorizeSeconds and the page reopens it', async () => {
    await withFailureScreenshot(page, 'ray-reauthorize', async () => {
      const reopened = () =>
        page.waitForRequest(
          request => request.url().includes('/api/syntho-ray/clusters/stream'),
          { timeout: 10_000 },
        );
      await page.goto(
        `${backend.portal.baseUrl}/catalog/default/resource/ray-cluster-syntho-simulated`,
      );
      await page.getByTestId('ray-verdict').getByText('Ready').waitFor();
      await reopened();
      await reopened();

      standIn.scenarios['image-pull-secret-missing']();
      await page
        .getByTestId('ray-verdict')
        .getByText('Failed')
        .waitFor({ timeout: 2000 });
      standIn.scenarios.healthy();
      await page
        .getByTestId('ray-verdict')
        .getByText('Ready')
        .waitFor({ timeout: 2000 });
      expect(await page.getByText('Live updates interrupted').count()).toBe(0);
      expect(await page.getByText(/could not be read/).count()).toBe(0);
    });
  });

  it('shows pods per group, the Service, diagnoses and events on the Ray tab', async () => {
    await withFailureScreenshot(page, 'ray-tab', async () => {
      standIn.scenarios['unschedulable-workers']();
      await page.getByRole('link', { name: 'Ray', exact: true }).click();

      await page.getByText('Pods cannot be scheduled').first().waitFor();
      await page.getByText('workergroup: 0/1 ready, min 1, max 1').waitFor();
      // The pod's row; until the dashboard is read again, its Ray node may still be listed below.
      await page
        .getByRole('cell', {
          name: 'ray-cluster-workergroup-worker-q9m4z',
          exact: true,
        })
        .first()
        .waitFor();
      await page.getByText('dashboard: 8265').waitFor();
      await page.getByText('Recent warning events').waitFor();
      expect(new URL(page.url()).pathname).toBe(
        '/catalog/default/resource/ray-cluster-syntho-simulated/ray',
      );
      // Backstage scrolls inside its page, so a full-page screenshot stops at the viewport: make
      // the viewport tall enough for the dashboard's jobs at the bottom.
      await page.setViewportSize({ width: 1400, height: 2000 });
      await page.getByText('raysubmit_c8YaR2').waitFor();
      await saveScreenshot(page, 'ray-entity-tab');
      await page.setViewportSize({ width: 1400, height: 1000 });
    });
  });

  it('breaks no WCAG 2.1 A or AA rule on the card and the Ray tab: healthy, failing, API server down', async () => {
    await withFailureScreenshot(page, 'ray-accessibility', async () => {
      const entityPage = `${backend.portal.baseUrl}/catalog/default/resource/ray-cluster-syntho-simulated`;
      const states = {
        healthy: { verdict: 'Ready', set: standIn.scenarios.healthy },
        failing: {
          verdict: 'Failed',
          set: standIn.scenarios['image-pull-secret-missing'],
        },
        'API server down': {
          verdict: 'Unknown',
          set: () => standIn.setDown(true),
        },
      };
      const found: Record<string, unknown> = {};
      try {
        for (const [name, { verdict, set }] of Object.entries(states)) {
          set();
          for (const [part, path] of [
            ['card', ''],
            ['tab', '/ray'],
          ]) {
            await page.goto(`${entityPage}${path}`);
            await page
              .getByTestId('ray-verdict')
              .first()
              .getByText(verdict)
              .waitFor();
            found[`${name}: ${part}`] = await accessibilityViolations(
              page,
              part === 'card'
                ? '.MuiCard-root:has([data-testid="ray-verdict"])'
                : '[data-testid="ray-cluster-content"]',
            );
          }
        }
      } finally {
        standIn.setDown(false);
        standIn.scenarios.healthy();
      }
      expect(found).toEqual(
        Object.fromEntries(Object.keys(found).map(key => [key, []])),
      );
      expect(Object.keys(found)).toHaveLength(6);
    });
  });

  it('does not show the card or the tab for an entity that is not a Ray cluster', async () => {
    await page.goto(
      `${backend.portal.baseUrl}/catalog/default/component/syntho-core-api`,
    );
    await page.getByText("Syntho's Core API").first().waitFor();
    expect(
      await page.getByRole('link', { name: 'Ray', exact: true }).count(),
    ).toBe(0);
    expect(await page.getByTestId('ray-verdict').count()).toBe(0);
  });
});
