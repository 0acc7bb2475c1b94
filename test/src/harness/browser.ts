import { mkdir, readFile } from 'node:fs/promises';
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

/**
 * Signs in on the portal's sign-in page with the guest provider, and waits until the sign-in page
 * has gone: a navigation before that would cut the sign-in short.
 */
export async function signInAsGuest(page: Page, baseUrl: string) {
  await page.goto(baseUrl);
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.click();
  await enter.waitFor({ state: 'detached' });
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

/** A rule of WCAG 2.1 A or AA that the page breaks, as axe-core reports it. */
export interface AccessibilityViolation {
  rule: string;
  impact: string | null;
  help: string;
  /** The offending elements (CSS selectors) and what axe found wrong with each. */
  nodes: Array<{ target: string; why: string }>;
}

/**
 * Parts of Backstage's own pages that break a WCAG rule, left out of the checks by name; each
 * selector is scoped to Backstage's markup, not this project's, and stays listed until the pinned
 * version fixes it.
 */
export const BACKSTAGE_OWN_VIOLATIONS = {
  /** The scaffolder's tab header points `aria-controls` at a tab panel it does not render. */
  scaffolderTabs:
    '[id$="-tab-templates"], [id$="-tab-tasks"], [id$="-tab-edit"]',
  /** The template card's "view details" icon button wraps a link with no text of its own. */
  templateDetailButton: '[id^="viewDetail-"]',
  /** The catalog table's sort headers (material-table) nest a button in a button. */
  catalogTableSortHeaders: 'th > .MuiTableSortLabel-root',
  /** The task page's border (scaffolder-react's TaskBorder) is a progress bar with no name. */
  taskProgressBar:
    '.MuiPaper-root:has([data-testid="step-label"]) > .MuiLinearProgress-root',
  /**
   * The task log (core-components' LogViewer): line numbers are links with `role="row"` outside any
   * table, in low contrast, beside unnamed copy buttons.
   */
  taskLogViewer: 'div:has(> div > div > div > a[role="row"][href^="#line-"])',
  /** The Template Editor's CodeMirror panes: unnamed editable and read-only fields, faint gutters. */
  templateEditorCode: '.cm-editor',
};

/**
 * Parts of Backstage's own pages outside every landmark (Backstage UI's markup; this project uses
 * none of its classes), left out of the landmark rules by name.
 */
export const BACKSTAGE_OWN_LANDMARK_GAPS = {
  /** Backstage UI's visually hidden live region. */
  liveRegion: '.bui-VisuallyHidden',
  /** The scaffolder's tab header, outside the Template Editor's own `main`. */
  scaffolderHeaderTabs: '.bui-Tabs',
};

/** axe-core's landmark rules (best practice, not WCAG): every part of the page in one landmark. */
export const LANDMARK_RULES = [
  'region',
  'landmark-one-main',
  'landmark-no-duplicate-main',
  'landmark-unique',
];

/** Which rules {@link accessibilityViolations} runs, and what it leaves out. */
export interface AccessibilityCheckOptions {
  /** Elements left out, with what they hold. */
  exclude?: string[];
  /** axe-core rule ids to run instead of the WCAG 2.1 A and AA tags. */
  rules?: string[];
}

/**
 * Runs axe-core's WCAG 2.1 A and AA rules (or `options.rules`) on the elements `selector` matches
 * (e.g. one card), less those `options.exclude` matches, and returns what they break.
 */
export async function accessibilityViolations(
  page: Page,
  selector: string,
  options: AccessibilityCheckOptions = {},
): Promise<AccessibilityViolation[]> {
  // Evaluated rather than added as a <script>: the portal's Content Security Policy forbids inline scripts.
  await page.evaluate(
    await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'),
  );
  return page.evaluate(
    async ({ include, exclude, rules }) => {
      if (!document.querySelector(include))
        throw new Error(`nothing on the page matches ${include}`);
      const { violations } = await (window as any).axe.run(
        { include: [include], exclude },
        {
          runOnly: rules
            ? { type: 'rule', values: rules }
            : {
                type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'],
              },
        },
      );
      return violations.map((v: any) => ({
        rule: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n: any) => ({
          target: n.target.join(' '),
          why: n.failureSummary,
        })),
      }));
    },
    { include: selector, exclude: options.exclude ?? [], rules: options.rules },
  );
}

/**
 * A page for the scaffolder's Template Editor that can open the repository's template. The editor
 * opens a folder through the browser's directory picker, a native dialog a headless browser cannot
 * show; the picker is answered with a folder in the origin-private file system holding
 * templates/syntho-ray-cluster/template.yaml.
 */
export async function templateEditorPage(browser: Browser): Promise<Page> {
  const template = await readFile(
    join(repoRoot, 'templates', 'syntho-ray-cluster', 'template.yaml'),
    'utf8',
  );
  const editor = await browser.newPage({
    viewport: { width: 1600, height: 1000 },
  });
  await editor.addInitScript(content => {
    (window as any).showDirectoryPicker = async () => {
      const root = await navigator.storage.getDirectory();
      const folder = await root.getDirectoryHandle('syntho-ray-cluster', {
        create: true,
      });
      const file = await folder.getFileHandle('template.yaml', {
        create: true,
      });
      const writable = await file.createWritable();
      await writable.write(content);
      await writable.close();
      return folder;
    };
  }, template);
  return editor;
}
