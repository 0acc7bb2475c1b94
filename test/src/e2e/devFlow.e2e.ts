import { Browser, Page } from 'playwright-core';
import {
  portInUse,
  accessibilityViolations,
  launchChromium,
  Portal,
  saveScreenshot,
  signInAsGuest,
  startPortal,
  templateEditorPage,
  withFailureScreenshot,
} from '../harness';
import { startSimulatedGitOpsHost } from '../simulate/simulatedGitOpsHost';

jest.setTimeout(300_000);

/**
 * The development portal as ./scripts/start.sh configures it (app-config.yaml and
 * app-config.development.yaml, nothing over them but the port), with the simulated GitOps host on
 * the fixed port that configuration names: a request through the form opens a pull request there,
 * its link opens the host's page of it, and the Template Editor's dry run needs no token.
 */

const GITOPS_PORT = 7082;

describe('the development flow: request, pull request page, dry run', () => {
  let gitops: Awaited<ReturnType<typeof startSimulatedGitOpsHost>>;
  let portal: Portal;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (await portInUse(GITOPS_PORT))
      throw new Error(
        `Port ${GITOPS_PORT} (the simulated GitOps host) is taken; stop the portal that runs there first.`,
      );
    gitops = await startSimulatedGitOpsHost(GITOPS_PORT);
    // No GITHUB_TOKEN, as in a newcomer's shell: the simulated host has its own token in the config.
    portal = await startPortal({ env: { GITHUB_TOKEN: '' } });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signedIn(page);
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
    await gitops?.stop();
  });

  /** Signs in as the guest and waits until the sign-in page has gone, so a goto cannot cut it short. */
  async function signedIn(tab: Page) {
    await signInAsGuest(tab, portal.baseUrl);
    try {
      await tab
        .getByRole('button', { name: 'Enter' })
        .waitFor({ state: 'detached' });
    } catch (error) {
      await saveScreenshot(tab, 'failure-dev-flow-sign-in');
      throw new Error(
        `the guest sign-in did not finish; the portal printed:\n${portal
          .output()
          .slice(-3000)}`,
      );
    }
  }

  const next = () => page.getByRole('button', { name: 'Next' }).click();

  it('creates a cluster request whose link opens the pull request on the simulated GitOps host', () =>
    withFailureScreenshot(page, 'dev-flow-request', async () => {
      await page.goto(`${portal.baseUrl}/create`);
      await page.getByRole('heading', { name: 'Syntho Ray cluster' }).waitFor();
      await page
        .getByRole('button', { name: /choose/i })
        .first()
        .click();
      await page.getByLabel('Cluster name').fill('ray-demo');
      await page.getByLabel('Owner').fill('data-science');
      await page.getByRole('option', { name: /data-science/ }).click();
      await next();
      await page.getByLabel('Size preset').click();
      await page.getByRole('option', { name: /^Production/ }).click();
      await next();
      await page.getByLabel('Ray image tag').waitFor();
      await next();
      await page.getByLabel('Storage class').waitFor();
      await page.getByRole('button', { name: 'Review' }).click();
      await page.getByRole('button', { name: 'Create' }).click();

      const prLink = page.getByRole('link', {
        name: 'Review the pull request',
      });
      await prLink.waitFor({ timeout: 90_000 });
      const href = await prLink.getAttribute('href');
      expect(href).toBe(`http://127.0.0.1:${GITOPS_PORT}/syntho/gitops/pull/1`);
      await saveScreenshot(page, 'dev-flow-task');

      await page.goto(href!);
      await page
        .getByRole('heading', {
          level: 1,
          name: /Ray cluster ray-demo in syntho on/,
        })
        .waitFor();
      await page.getByRole('heading', { name: 'Description' }).waitFor();
      await page.getByText(/values\.yaml \(added\)/).waitFor();
      await page.getByText('+clusterName: ray-demo').waitFor();
      await saveScreenshot(page, 'dev-flow-pull-request-page');
      expect(await accessibilityViolations(page, 'body')).toEqual([]);
    }));

  it('dry-runs in the Template Editor without a token and without an error', async () => {
    const writesBefore = gitops.writes().length;
    const editor = await templateEditorPage(browser);
    await withFailureScreenshot(
      editor,
      'dev-flow-template-editor',
      async () => {
        await signedIn(editor);
        await editor.goto(`${portal.baseUrl}/create/edit`);
        await editor
          .getByRole('button', { name: /Load Template Directory/i })
          .click();
        await editor.getByLabel('Cluster name').fill('ray-dry-run');
        await editor.getByLabel('Owner').fill('data-science');
        await editor.getByRole('option', { name: /data-science/ }).click();
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
      },
    );
    await saveScreenshot(editor, 'dev-flow-template-editor-dry-run');
    expect(gitops.writes().length).toBe(writesBefore);
  });
});
