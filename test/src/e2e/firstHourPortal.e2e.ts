import { readFile } from 'node:fs/promises';
import { Browser, Page } from 'playwright-core';
import {
  accessibilityViolations,
  launchChromium,
  Portal,
  saveScreenshot,
  signInAsGuest,
  startPortal,
  withFailureScreenshot,
} from '../harness';

jest.setTimeout(240_000);

const EXAMPLE_CLUSTER = 'ray-cluster (syntho on the simulated cluster)';

/** axe-core's landmark rules (best practice, not WCAG): every part of the page in a landmark. */
async function landmarkViolations(page: Page) {
  await page.evaluate(
    await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'),
  );
  return page.evaluate(async () => {
    const { violations } = await (window as any).axe.run(document, {
      runOnly: {
        type: 'rule',
        values: [
          'region',
          'landmark-one-main',
          'landmark-no-duplicate-main',
          'landmark-unique',
        ],
      },
    });
    return violations.map((v: any) => ({
      rule: v.id,
      nodes: v.nodes.map((n: any) => n.target.join(' ')),
    }));
  });
}

/**
 * Waits until the catalog holds the entities the walk reads: the guest's User (without it, the
 * guest would sign in owning nothing), the example cluster and the template.
 */
async function waitForExampleEntities(baseUrl: string, timeoutMs = 120_000) {
  const { token } = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  })
    .then(r => r.json())
    .then(body => body.backstageIdentity);
  const refs = [
    'user/development/guest',
    'resource/default/ray-cluster-syntho-simulated',
    'template/default/syntho-ray-cluster',
  ];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await Promise.all(
      refs.map(ref =>
        fetch(`${baseUrl}/api/catalog/entities/by-name/${ref}`, {
          headers: { authorization: `Bearer ${token}` },
        }).then(r => r.ok),
      ),
    );
    if (found.every(Boolean)) return;
    if (Date.now() > deadline)
      throw new Error(`the catalog lacks ${refs.filter((_, i) => !found[i])}`);
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

/**
 * A newcomer's first hour, as the README's quick start tells it: sign in, find the example Ray
 * cluster from the home page, open the catalog, and request a cluster with two mistakes that the
 * form explains in words, on their fields, and forgets once fixed.
 */
describe("a newcomer's first hour in the portal", () => {
  let portal: Portal;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    portal = await startPortal();
    await waitForExampleEntities(portal.baseUrl);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('console', message => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('opens on the Ray clusters, owned by the guest through data-science, under the portal name', () =>
    withFailureScreenshot(page, 'first-hour-home', async () => {
      await signInAsGuest(page, portal.baseUrl);
      const cluster = page.getByRole('link', { name: EXAMPLE_CLUSTER });
      await cluster.waitFor();
      const url = new URL(page.url());
      expect(url.pathname).toBe('/catalog');
      expect(url.searchParams.get('filters[kind]')).toBe('resource');
      expect(url.searchParams.get('filters[type]')).toBe('ray-cluster');
      expect(await page.title()).toMatch(/Syntho Ray portal/);
      expect(await page.title()).not.toMatch(/Backstage/);
      expect(
        await page
          .getByRole('link', { name: 'Syntho Ray portal: home' })
          .count(),
      ).toBe(1);
      // No component on the Ray clusters' list.
      expect(
        await page.getByRole('link', { name: 'syntho-core-api' }).count(),
      ).toBe(0);
      // The catalog table's sort headers nest a button in a button (Backstage's own table): the
      // portal's parts are checked.
      expect(await accessibilityViolations(page, 'nav')).toEqual([]);
      await saveScreenshot(page, 'first-hour-home');

      // The guest is who the README says, and owns the cluster through data-science.
      const identity = await page.evaluate(async () => {
        const token = await fetch('/api/auth/guest/refresh', {
          headers: { 'x-requested-with': 'XMLHttpRequest' },
          credentials: 'include',
        }).then(r => r.json());
        return token.backstageIdentity.identity;
      });
      expect(identity).toEqual({
        type: 'user',
        userEntityRef: 'user:development/guest',
        ownershipEntityRefs: expect.arrayContaining([
          'user:development/guest',
          'group:default/data-science',
        ]),
      });

      // The entity page's tabs: Overview and Ray; no Kubernetes tab that could not list Ray pods.
      await cluster.click();
      await page.getByRole('link', { name: 'Ray', exact: true }).waitFor();
      expect(
        await page
          .getByRole('link', { name: 'Kubernetes', exact: true })
          .count(),
      ).toBe(0);
      await saveScreenshot(page, 'first-hour-entity');
    }));

  it('resolves /catalog and its sidebar link, and Contact support names the platform team', () =>
    withFailureScreenshot(page, 'first-hour-catalog', async () => {
      await page.goto(`${portal.baseUrl}/catalog`);
      await page.getByRole('link', { name: EXAMPLE_CLUSTER }).waitFor();
      expect(await page.getByText(/Page not found|404/i).count()).toBe(0);
      await page
        .getByRole('navigation')
        .getByRole('link', { name: 'Create', exact: true })
        .click();
      await page.getByText('Template Editor').waitFor();
      await page
        .getByRole('navigation')
        .getByRole('link', { name: 'Catalog', exact: true })
        .click();
      await page.getByRole('link', { name: EXAMPLE_CLUSTER }).waitFor();

      await page.goto(`${portal.baseUrl}/no-such-page`);
      const support = page.getByRole('link', { name: /contact support/i });
      await support.waitFor();
      expect(await support.getAttribute('href')).toBe(
        '/catalog/default/group/platform-team',
      );
      await saveScreenshot(page, 'first-hour-not-found');
    }));

  it('words two mistakes on their fields, drops each once fixed, and shows readable Review rows with the latest warning', () =>
    withFailureScreenshot(page, 'first-hour-request', async () => {
      await page.goto(
        `${portal.baseUrl}/create/templates/default/syntho-ray-cluster`,
      );
      await page.getByLabel('Cluster name').waitFor();
      await page.getByLabel('Owner').fill('data-science');
      await page
        .getByRole('option', { name: 'data-science', exact: true })
        .click();
      await page.getByRole('button', { name: 'Next' }).click();

      // Mistake 1: a worker group whose minimum is above its maximum.
      await page.getByRole('button', { name: 'Add worker group' }).click();
      const group = page.getByTestId('worker-group-0');
      await group.getByLabel('Min').fill('5');
      await group.getByLabel('Max').fill('2');
      const minError = page.getByTestId('worker-group-0-minReplicas-error');
      await minError.waitFor();
      expect(await minError.textContent()).toBe(
        'Min: The minimum number of workers (5) is above the maximum (2). Lower the minimum or raise the maximum.',
      );
      expect(
        await page.getByTestId('worker-group-0-replicas-error').count(),
      ).toBe(0);
      expect(await page.getByText(/≤|got \d/).count()).toBe(0);
      expect(
        await accessibilityViolations(
          page,
          '[data-testid="ray-cluster-size-field"]',
        ),
      ).toEqual([]);
      await saveScreenshot(page, 'first-hour-min-above-max');
      await group.getByLabel('Max').fill('6');
      await group.getByLabel('Workers').fill('5');
      await minError.waitFor({ state: 'detached' });
      expect(await page.getByText(/minimum|maximum/).count()).toBe(0);
      await page.getByRole('button', { name: 'Next' }).click();

      // Mistake 2: an image tag with a space; then a floating "latest".
      const rayTag = page.getByLabel('Ray image tag');
      await rayTag.fill('2.9 3');
      const tagRule = page.getByText(
        /The Ray image tag "2\.9 3" must consist of letters, digits/,
      );
      await tagRule.waitFor();
      expect(await page.getByText(/\^\(|\[A-Za-z/).count()).toBe(0);
      await saveScreenshot(page, 'first-hour-tag-error');
      await rayTag.fill('latest');
      await tagRule.waitFor({ state: 'detached' });
      await page
        .getByText(/^Warning: The Ray image tag "latest" is not pinned/)
        .waitFor();
      expect(await accessibilityViolations(page, 'form')).toEqual([]);
      expect(await landmarkViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Next' }).click();

      await page.getByLabel('Storage class').waitFor();
      await page.getByRole('button', { name: 'Review' }).click();
      await page.getByRole('button', { name: 'Create' }).waitFor();
      const review = (await page.locator('table').first().innerText()).replace(
        /\s+/g,
        ' ',
      );
      expect(review).toContain('Size preset Development');
      expect(review).toContain('Ray image tag latest');
      expect(review).not.toMatch(/\bPreset\b preset|\bRay Tag\b/);
      // The scaffolder page's own tab header (Backstage UI) points aria-controls at a tab panel it
      // does not render: the review itself is checked.
      expect(await accessibilityViolations(page, 'form, table')).toEqual([]);
      expect(await landmarkViolations(page)).toEqual([]);
      await saveScreenshot(page, 'first-hour-review');
      expect(consoleErrors.filter(e => /syntho/i.test(e))).toEqual([]);
    }));
});
