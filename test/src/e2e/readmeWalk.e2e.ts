import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Browser, ConsoleMessage, Page } from 'playwright-core';
import { parse } from 'yaml';
import {
  accessibilityViolations,
  BACKSTAGE_OWN_LANDMARK_GAPS,
  BACKSTAGE_OWN_VIOLATIONS,
  LANDMARK_RULES,
  launchChromium,
  portInUse,
  Portal,
  repoRoot,
  saveScreenshot,
  signInAsGuest,
  startPortal,
  templateEditorPage,
  withFailureScreenshot,
} from '../harness';
import { startSimulatedCluster } from '../simulate/simulatedCluster';
import { startSimulatedGitOpsHost } from '../simulate/simulatedGitOpsHost';

jest.setTimeout(420_000);

/**
 * The README's quick start, walked as a newcomer walks it: the development portal (app-config.yaml and
 * app-config.development.yaml, nothing over them but the port) with the simulated Kubernetes cluster and
 * the simulated GitOps host on the ports that configuration names, as ./scripts/start.sh runs them.
 * Every page of the walk is checked with axe-core, and the walk ends with no console error.
 */

const PORTS = { simulatedCluster: 7081, simulatedGitOpsHost: 7082 };
const EXAMPLE_CLUSTER = 'ray-cluster (syntho on the simulated cluster)';

/**
 * Waits until the catalog holds what the walk reads: the guest's User (without it the guest would own
 * nothing), the example cluster and the template.
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

/** The names of the template's steps, as the task page lists them. */
async function templateStepNames(): Promise<string[]> {
  const template = parse(
    await readFile(
      join(repoRoot, 'templates', 'syntho-ray-cluster', 'template.yaml'),
      'utf8',
    ),
  );
  return template.spec.steps.map((step: { name: string }) => step.name);
}

/** A console error, with where it came from, so a failure names the script that logged it. */
function describeConsoleError(message: ConsoleMessage) {
  const { url, lineNumber } = message.location();
  return `${message.text()} (${url}:${lineNumber})`;
}

describe("the README's quick start, walked in Chromium", () => {
  let cluster: Awaited<ReturnType<typeof startSimulatedCluster>>;
  let gitops: Awaited<ReturnType<typeof startSimulatedGitOpsHost>>;
  let portal: Portal;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  /** Scripts the simulated cluster as the README's curl lines do. */
  async function control(command: string) {
    const response = await fetch(
      `http://127.0.0.1:${PORTS.simulatedCluster}/_control/${command}`,
      { method: 'POST' },
    );
    expect(response.status).toBe(200);
  }

  /**
   * Every WCAG 2.1 A/AA rule on the whole page but Backstage's own known defects, and the landmark
   * rules.
   */
  async function expectAccessible(tab: Page = page) {
    // A page is checked once it has loaded; one that never finishes loading fails here.
    await tab
      .locator(
        `[role="progressbar"]:not(${BACKSTAGE_OWN_VIOLATIONS.taskProgressBar})`,
      )
      .first()
      .waitFor({ state: 'detached', timeout: 15_000 });
    expect(
      await accessibilityViolations(tab, 'body', {
        exclude: Object.values(BACKSTAGE_OWN_VIOLATIONS),
      }),
    ).toEqual([]);
    expect(
      await accessibilityViolations(tab, 'html', {
        exclude: Object.values(BACKSTAGE_OWN_LANDMARK_GAPS),
        rules: LANDMARK_RULES,
      }),
    ).toEqual([]);
  }

  beforeAll(async () => {
    for (const [name, port] of Object.entries(PORTS))
      if (await portInUse(port))
        throw new Error(
          `Port ${port} (${name}) is taken; stop the portal that runs there first.`,
        );
    cluster = await startSimulatedCluster(PORTS.simulatedCluster);
    gitops = await startSimulatedGitOpsHost(PORTS.simulatedGitOpsHost);
    // No GITHUB_TOKEN, as in a newcomer's shell: the simulated host has its own token in the config.
    portal = await startPortal({ env: { GITHUB_TOKEN: '' } });
    await waitForExampleEntities(portal.baseUrl);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('console', message => {
      if (message.type() === 'error')
        consoleErrors.push(describeConsoleError(message));
    });
    page.on('pageerror', error => consoleErrors.push(String(error)));
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
    await gitops?.stop();
    await cluster?.stop();
  });

  it('1. opens on the Ray clusters under the portal name, and the example cluster reads Ready', () =>
    withFailureScreenshot(page, 'walk-home', async () => {
      await signInAsGuest(page, portal.baseUrl);
      const example = page.getByRole('link', { name: EXAMPLE_CLUSTER });
      await example.waitFor();
      const url = new URL(page.url());
      expect(url.pathname).toBe('/catalog');
      expect(url.searchParams.get('filters[type]')).toBe('ray-cluster');
      expect(await page.title()).toMatch(/Syntho Ray portal/);
      expect(await page.title()).not.toMatch(/Backstage/);
      await expectAccessible();
      await saveScreenshot(page, 'walk-1-home');

      // The guest is who the README says, and owns the example cluster through data-science.
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

      await example.click();
      await page.getByTestId('ray-verdict').getByText('Ready').waitFor();
      await page.getByText('Simulated', { exact: false }).first().waitFor();
      expect(
        await page
          .getByRole('link', { name: 'Kubernetes', exact: true })
          .count(),
      ).toBe(0);
      await expectAccessible();
      await saveScreenshot(page, 'walk-1-example-cluster');
    }));

  it("1b. resolves /catalog and the sidebar's links, and a missing page's Contact support names the platform team", () =>
    withFailureScreenshot(page, 'walk-links', async () => {
      await page.goto(`${portal.baseUrl}/catalog`);
      await page.getByRole('link', { name: EXAMPLE_CLUSTER }).waitFor();
      expect(await page.getByText(/Page not found|404/i).count()).toBe(0);
      const sidebar = page.getByTestId('sidebar-root');
      await sidebar.getByRole('link', { name: 'Create', exact: true }).click();
      await page.getByText('Template Editor').waitFor();
      await sidebar.getByRole('link', { name: 'Catalog', exact: true }).click();
      await page.getByRole('link', { name: EXAMPLE_CLUSTER }).waitFor();

      await page.goto(`${portal.baseUrl}/no-such-page`);
      const support = page.getByRole('link', { name: /contact support/i });
      await support.waitFor();
      expect(await support.getAttribute('href')).toBe(
        '/catalog/default/group/platform-team',
      );
      await expectAccessible();
      await saveScreenshot(page, 'walk-1-not-found');
    }));

  it('2. requests a cluster: two mistakes said in words on their fields, gone once fixed, the latest warning on Review', () =>
    withFailureScreenshot(page, 'walk-request', async () => {
      await page
        .getByRole('navigation')
        .getByRole('link', { name: 'Create', exact: true })
        .click();
      await page.getByRole('heading', { name: 'Syntho Ray cluster' }).waitFor();
      await expectAccessible();
      await page
        .getByRole('button', { name: /choose/i })
        .first()
        .click();
      await page.getByLabel('Cluster name').fill('ray-walk');
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
      expect(await page.getByText(/≤|got \d/).count()).toBe(0);
      await expectAccessible();
      await saveScreenshot(page, 'walk-2-min-above-max');
      await group.getByLabel('Max').fill('6');
      await group.getByLabel('Workers').fill('5');
      await minError.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Next' }).click();

      // Mistake 2: an image tag with a space; then a floating "latest", which is allowed but warned about.
      const rayTag = page.getByLabel('Ray image tag');
      await rayTag.fill('2.9 3');
      const tagRule = page.getByText(
        /The Ray image tag "2\.9 3" must consist of letters, digits/,
      );
      await tagRule.waitFor();
      expect(
        await page.getByText(/\^\(|\[A-Za-z|must match pattern/).count(),
      ).toBe(0);
      await saveScreenshot(page, 'walk-2-tag-error');
      await rayTag.fill('latest');
      await tagRule.waitFor({ state: 'detached' });
      const latestWarning =
        /^Warning: The Ray image tag "latest" is not pinned/;
      await page.getByText(latestWarning).waitFor();
      await expectAccessible();
      await page.getByRole('button', { name: 'Next' }).click();

      await page.getByLabel('Storage class').waitFor();
      await page.getByRole('button', { name: 'Review' }).click();
      await page.getByRole('button', { name: 'Create' }).waitFor();
      await page.getByText(latestWarning).waitFor();
      const review = (await page.getByRole('main').innerText()).replace(
        /\s+/g,
        ' ',
      );
      expect(review).toContain('Ray image tag latest');
      expect(review).toContain('Min replicas 5');
      expect(review).toContain('Max replicas 6');
      expect(review).toContain('Owner data-science');
      expect(review).not.toContain('group:default/data-science');
      expect(review).not.toMatch(/minReplicas|maxReplicas|extraWorkerGroups/);
      await expectAccessible();
      await saveScreenshot(page, 'walk-2-review');
    }));

  it('3. creates it: the task shows only the GitHub steps, and its link opens the pull request page', () =>
    withFailureScreenshot(page, 'walk-create', async () => {
      await page.getByRole('button', { name: 'Create' }).click();
      const prLink = page.getByRole('link', {
        name: 'Review the pull request',
      });
      await prLink.waitFor({ timeout: 90_000 });
      // One step per template step, none of them for GitLab: the publish step serves both hosts.
      const labels = await page.getByTestId('step-label').allInnerTexts();
      expect(labels.map(label => label.split('\n')[0])).toEqual(
        await templateStepNames(),
      );
      expect(labels).toHaveLength(6);
      const href = await prLink.getAttribute('href');
      expect(href).toBe(
        `http://127.0.0.1:${PORTS.simulatedGitOpsHost}/syntho/gitops/pull/1`,
      );
      await expectAccessible();
      await saveScreenshot(page, 'walk-3-task');

      await page.goto(href!);
      await page
        .getByRole('heading', {
          level: 1,
          name: /Ray cluster ray-walk in syntho on/,
        })
        .waitFor();
      await page.getByText(/values\.yaml \(added\)/).waitFor();
      await page.getByText('+clusterName: ray-walk').waitFor();
      await expectAccessible();
      await saveScreenshot(page, 'walk-3-pull-request-page');
    }));

  it('4. dry-runs the template in the Template Editor without a token, and writes nothing', async () => {
    const writesBefore = gitops.writes().length;
    const editor = await templateEditorPage(browser);
    editor.on('console', message => {
      if (message.type() === 'error')
        consoleErrors.push(describeConsoleError(message));
    });
    await withFailureScreenshot(editor, 'walk-template-editor', async () => {
      await signInAsGuest(editor, portal.baseUrl);
      await editor.goto(`${portal.baseUrl}/create/edit`);
      await editor
        .getByRole('button', { name: /Load Template Directory/i })
        .click();
      await editor.getByLabel('Cluster name').fill('ray-dry-run');
      await editor.getByLabel('Owner').fill('data-science');
      await editor
        .getByRole('option', { name: 'data-science', exact: true })
        .click();
      await editor.getByRole('button', { name: 'Next' }).click();
      await editor.getByLabel('Size preset').click();
      await editor.getByRole('option', { name: /^Production/ }).click();
      for (let step = 0; step < 2; step++)
        await editor.getByRole('button', { name: 'Next' }).click();
      await editor.getByRole('button', { name: 'Review' }).click();
      await editor.getByRole('button', { name: 'Create' }).click();
      await editor.getByRole('treeitem', { name: 'gitops' }).click();
      for (let attempt = 1; ; attempt++) {
        await editor.getByRole('treeitem', { name: 'values.yaml' }).click();
        try {
          await editor
            .getByText('workergroup:')
            .first()
            .waitFor({ timeout: 5000 });
          break;
        } catch (error) {
          if (attempt === 3) throw error;
        }
      }
      expect(await editor.getByText(/No token available/).count()).toBe(0);
      expect(await editor.getByRole('alert').count()).toBe(0);
      await expectAccessible(editor);
      await saveScreenshot(editor, 'walk-4-template-editor-dry-run');
    });
    await editor.close();
    expect(gitops.writes().length).toBe(writesBefore);
  });

  it('5. shows a scripted API outage as Unknown with the last known counts, and recovers', () =>
    withFailureScreenshot(page, 'walk-outage', async () => {
      await page.goto(
        `${portal.baseUrl}/catalog/default/resource/ray-cluster-syntho-simulated`,
      );
      await page.getByTestId('ray-verdict').getByText('Ready').waitFor();
      await control('down');
      try {
        await page
          .getByTestId('ray-verdict')
          .getByText('Unknown')
          .waitFor({ timeout: 30_000 });
        await expect(
          page.getByTestId('ray-last-known').textContent(),
        ).resolves.toMatch(
          /^Last known \d+ s ago: head ready, 1 of 1 worker ready\.$/,
        );
        const body = (await page.locator('body').textContent()) ?? '';
        expect(body).not.toMatch(/0\/1 ready|does not exist yet|No pods yet/);
        await expectAccessible();
        await saveScreenshot(page, 'walk-5-outage-unknown');
      } finally {
        await control('up');
      }
      await page
        .getByTestId('ray-verdict')
        .getByText('Ready')
        .waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('ray-last-known').count()).toBe(0);
      await saveScreenshot(page, 'walk-5-recovered');
    }));

  it('6. logged no console error on the way', () => {
    expect(consoleErrors).toEqual([]);
  });
});
