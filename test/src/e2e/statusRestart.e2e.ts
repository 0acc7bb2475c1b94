import { Browser, Page } from 'playwright-core';
import {
  findFreePort,
  launchChromium,
  signInAsGuest,
  startPostgres,
  TestPostgres,
  withFailureScreenshot,
} from '../harness';
import { startSimulatedCluster } from '../simulate/simulatedCluster';
import { KubernetesStandIn } from '../standins/kubernetes';
import { ENTITY_REF, startStatusPortal } from '../status/statusBackend';

jest.setTimeout(300_000);

/**
 * The Ray tab survives a backend restart by itself: the backend ends its streams with a retry hint
 * and stops its watches when it shuts down, and the page keeps the summary it showed (no progress,
 * no other verdict, no interruption note within the grace period) until the next backend, on the
 * same address and the same PostgreSQL (so the viewer's token stays valid, as with replicas),
 * streams again.
 */
describe('the Ray tab across a backend restart', () => {
  let standIn: KubernetesStandIn;
  let postgres: TestPostgres;
  let port: number;
  let backend: Awaited<ReturnType<typeof startStatusPortal>> | undefined;
  let browser: Browser;
  let page: Page;

  const startBackend = () =>
    startStatusPortal(
      standIn,
      { debounceMs: 100 },
      {
        backend: {
          database: {
            client: 'pg',
            connection: {
              host: postgres.host,
              port: postgres.port,
              user: postgres.user,
              password: postgres.password,
            },
          },
        },
      },
      { port },
    );

  beforeAll(async () => {
    [standIn, postgres, port] = await Promise.all([
      startSimulatedCluster(),
      startPostgres(),
      findFreePort(),
    ]);
    backend = await startBackend();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signInAsGuest(page, backend.portal.baseUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.portal.stop();
    await standIn?.stop();
    await postgres?.stop();
  });

  it('keeps the summary while the backend restarts, and streams again from the next one', async () => {
    await withFailureScreenshot(page, 'status-restart', async () => {
      const baseUrl = backend!.portal.baseUrl;
      await page.goto(
        `${baseUrl}/catalog/default/resource/ray-cluster-syntho-simulated/ray`,
      );
      await page.getByTestId('ray-verdict').getByText('Ready').waitFor();
      // Everything the tab shows from here on: progress, the verdict, an interruption note.
      await page.evaluate(() => {
        const seen = new Set<string>();
        (window as any).seen = seen;
        const look = () => {
          const content = document.querySelector(
            '[data-testid="ray-cluster-content"]',
          );
          if (!content || content.querySelector('[role="progressbar"]'))
            seen.add('progress');
          seen.add(
            `verdict ${
              document.querySelector('[data-testid="ray-verdict"]')
                ?.textContent ?? 'none'
            }`,
          );
          if (/interrupted/i.test(document.body.innerText))
            seen.add('interrupted');
        };
        new MutationObserver(look).observe(document.body, {
          subtree: true,
          childList: true,
          characterData: true,
        });
        look();
      });
      const streamsAnswered: number[] = [];
      page.on('response', response => {
        if (
          response.url().includes('/api/syntho-ray/clusters/stream') &&
          response.status() === 200
        )
          streamsAnswered.push(Date.now());
      });
      // A second viewer outside the browser, to read how its stream ends.
      const refresh = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      });
      const token = (await refresh.json()).backstageIdentity.token;
      const viewer = await fetch(
        `${baseUrl}/api/syntho-ray/clusters/stream?entityRef=${encodeURIComponent(
          ENTITY_REF,
        )}`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      const viewerText = viewer.text();
      await new Promise(r => setTimeout(r, 1000));
      expect(standIn.openWatches()).toBeGreaterThan(0);

      const stopping = Date.now();
      await backend!.portal.stop();
      const stopped = Date.now();
      const output = backend!.portal.output();
      backend = undefined;
      expect(await viewerText).toMatch(/retry: 1000\n\n$/);
      expect(output).toContain('Stopped watching the Ray cluster');
      // No watch of the Kubernetes API outlives the backend.
      for (
        const deadline = Date.now() + 5000;
        standIn.openWatches() > 0 && Date.now() < deadline;

      )
        await new Promise(r => setTimeout(r, 100));
      expect(standIn.openWatches()).toBe(0);

      backend = await startBackend();
      const ready = Date.now();
      for (
        const deadline = Date.now() + 30_000;
        !streamsAnswered.some(at => at > stopped) && Date.now() < deadline;

      )
        await new Promise(r => setTimeout(r, 100));
      await page.getByTestId('ray-verdict').getByText('Ready').waitFor();
      // The tab may have streamed again before the readiness probe answered.
      const reconnected = streamsAnswered.find(at => at > stopped);
      expect(reconnected).toBeDefined();
      const seen: string[] = await page.evaluate(() => [
        ...(window as any).seen,
      ]);
      // eslint-disable-next-line no-console
      console.log(
        `backend stopped in ${stopped - stopping} ms; the next one ready ${
          ready - stopped
        } ms later; the tab streamed again ${
          reconnected! - stopped
        } ms after the stop`,
      );
      expect(seen.filter(s => s !== 'interrupted')).toEqual([
        expect.stringMatching(/^verdict Ready/),
      ]);
      // The note says so only once the grace period (30 s) is over.
      const outageMs = reconnected! - stopping;
      expect({
        outageMs,
        noteWithinGrace: outageMs < 30_000 && seen.includes('interrupted'),
      }).toEqual({ outageMs, noteWithinGrace: false });
      expect(await page.getByText(/interrupted/i).count()).toBe(0);
    });
  });
});
