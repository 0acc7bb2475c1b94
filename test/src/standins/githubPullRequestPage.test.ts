import { startSimulatedGitOpsHost } from '../simulate/simulatedGitOpsHost';
import { escapeHtml, lineDiff } from './githubPullRequestPage';

/** Values that are structure somewhere: HTML, attributes, YAML, templates, Markdown, JS line ends. */
const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  '{{ 7*7 }} ${{ secrets.token }}',
  'key: value\n- [a]\n# heading',
  'line\u2028separator',
  `&amp; ${'x'.repeat(5000)}`,
];

describe('escapeHtml', () => {
  it.each(HOSTILE.map(value => [value.slice(0, 40), value]))(
    'leaves no markup or quote in %j',
    (_, value) => {
      const escaped = escapeHtml(value);
      expect(escaped).not.toMatch(/[<>"']/);
      expect(escaped.replace(/&(lt|gt|quot|#39|amp);/g, '')).not.toContain('&');
    },
  );
});

describe('lineDiff', () => {
  it('marks kept, removed and added lines', () => {
    expect(lineDiff('a\nb\nc', 'a\nB\nc\nd')).toEqual([
      ' a',
      '-b',
      '+B',
      ' c',
      '+d',
    ]);
  });

  it('adds every line of a new file', () => {
    expect(lineDiff(undefined, 'a\nb')).toEqual(['+a', '+b']);
  });
});

describe("the simulated GitOps host's pull request page", () => {
  let host: Awaited<ReturnType<typeof startSimulatedGitOpsHost>>;
  beforeAll(async () => {
    host = await startSimulatedGitOpsHost();
  });
  afterAll(() => host.stop());

  const api = async (path: string, body: unknown) => {
    const response = await fetch(`${host.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return response.json();
  };

  /** Opens a pull request as publish:github:pull-request does, with `files` on a new branch. */
  async function openPullRequest(
    title: string,
    body: string,
    files: Record<string, string>,
  ) {
    const repo = host.repository('syntho', 'gitops');
    const main = repo.commits.get(repo.branches.get('main')!)!;
    const tree = await api('/repos/syntho/gitops/git/trees', {
      base_tree: main.tree,
      tree: Object.entries(files).map(([path, content]) => ({
        path,
        mode: '100644',
        content,
      })),
    });
    const commit = await api('/repos/syntho/gitops/git/commits', {
      tree: tree.sha,
      parents: [main.sha],
      message: title,
    });
    const branch = `syntho-ray/${repo.pulls.length}`;
    await api('/repos/syntho/gitops/git/refs', {
      ref: `refs/heads/${branch}`,
      sha: commit.sha,
    });
    return api('/repos/syntho/gitops/pulls', {
      head: branch,
      base: 'main',
      title,
      body,
    });
  }

  it('links each pull request to its own page, which shows title, body, files and diff', async () => {
    const pull = await openPullRequest(
      'Ray cluster ray-cluster in syntho on simulated',
      '## Size\n\n| Group | Replicas |\n|---|---|\n| `small` | 1 |\n',
      {
        'README.md': '# GitOps\n\nChanged.\n',
        'clusters/simulated/syntho/ray-cluster/values.yaml': 'a: 1\n',
      },
    );

    expect(pull.html_url).toBe(`${host.baseUrl}/syntho/gitops/pull/1`);
    const page = await fetch(pull.html_url);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain(
      "default-src 'none'",
    );
    const html = await page.text();
    expect(html).toContain(
      '<h1>Ray cluster ray-cluster in syntho on simulated <span>#1</span></h1>',
    );
    // The body's own headings sit below the page's "Description".
    expect(html).toContain('<h4>Size</h4>');
    expect(html).toContain('<td><code>small</code></td>');
    expect(html).toContain(
      '<h3 id="file-1">clusters/simulated/syntho/ray-cluster/values.yaml (added)</h3>',
    );
    expect(html).toContain('<span class="removed">-The simulated GitOps');
    expect(html).toContain('<span class="added">+Changed.</span>');
  });

  it('escapes every value a request or GitHub sets', async () => {
    const [title, ...rest] = HOSTILE;
    const pull = await openPullRequest(
      title,
      `${rest.join(
        '\n\n',
      )}\n\n[click](javascript:alert(1)) <a href="javascript:alert(2)">x</a>`,
      { [`clusters/"><svg onload=alert(1)>.yaml`]: HOSTILE.join('\n') },
    );

    const html = await (await fetch(pull.html_url)).text();

    expect(html).not.toMatch(/<(script|img|svg)\b/i);
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).not.toMatch(/<[^>]*\son\w+=/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;svg onload=alert(1)&gt;.yaml');
  });

  it('answers 404 for a pull request that does not exist', async () => {
    const page = await fetch(`${host.baseUrl}/syntho/gitops/pull/999`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('No such pull request');
  });
});
