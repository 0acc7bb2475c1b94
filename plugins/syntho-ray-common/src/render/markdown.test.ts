import MarkdownIt from 'markdown-it';
import { parsePolicy } from '../policy';
import { ResolvedRequest, validateRequest } from '../validate';
import {
  markdownCode,
  markdownCodeBlock,
  markdownTableCell,
  markdownText,
} from './markdown';
import { renderPullRequest } from './pullRequest';

/** CommonMark with GFM tables, raw HTML and autolinks on, as GitHub and GitLab render. */
const markdown = new MarkdownIt({ html: true, linkify: true });

type Token = ReturnType<MarkdownIt['parse']>[number];

function allTokens(source: string): Token[] {
  return markdown
    .parse(source, {})
    .flatMap(token => [token, ...(token.children ?? [])]);
}

/** Values that become structure in Markdown, or a mention, link or HTML on GitHub. */
const HOSTILE = [
  '# heading',
  'x\n# heading after a line break',
  'x\u2028## heading after a Unicode line separator',
  '@platform-team please merge',
  '![image](https://evil.example/x.png)',
  '[link](https://evil.example)',
  'https://evil.example/autolink',
  'www.evil.example',
  'mail@evil.example',
  '<https://evil.example>',
  '<img src=x onerror=alert(1)>',
  '<!-- hidden comment -->',
  'a | b | c',
  'x\n\n| a | b |\n| - | - |',
  '`',
  '``double``',
  '```\n# fenced heading\n```',
  '<details><summary>x</summary>',
  '{{ .Values.SynthoLicense }}',
  '*emphasis* _emphasis_',
  '\\`escaped\\`',
  ' ` ',
];

const FORBIDDEN = new Set([
  'link_open',
  'image',
  'html_inline',
  'html_block',
  'heading_open',
]);

function expectOnlyText(source: string, allowHeadings = false) {
  const tokens = allTokens(source);
  expect(
    tokens
      .filter(t => FORBIDDEN.has(t.type))
      .filter(t => !(allowHeadings && t.type === 'heading_open'))
      .map(t => t.type),
  ).toEqual([]);
  for (const token of tokens.filter(t => t.type === 'text')) {
    // GitHub turns @name into a mention in text, not in code.
    expect(token.content).not.toMatch(/(^|[^\w`])@\w/);
  }
}

describe('markdownCode', () => {
  it.each(HOSTILE)('shows %j as one code span and nothing else', value => {
    const source = `before ${markdownCode(value)} after`;
    const inline = allTokens(source).filter(t => t.type !== 'inline');

    expect(inline.map(t => t.type)).toEqual([
      'paragraph_open',
      'text',
      'code_inline',
      'text',
      'paragraph_close',
    ]);
    expectOnlyText(source);
  });

  it('keeps the value, with line breaks as spaces', () => {
    const [code] = allTokens(markdownCode('a ``b`` c')).filter(
      t => t.type === 'code_inline',
    );
    expect(code.content).toBe('a ``b`` c');
    expect(markdownCode('x\ny\u2028z')).toBe('`x y z`');
  });

  it('drops invisible characters that would make the value read as another', () => {
    expect(markdownCode('ray\u202e-cluster\u200b')).toBe('`ray-cluster`');
  });

  it('cuts very long values', () => {
    const shown = markdownCode('x'.repeat(100_000));
    expect(shown.length).toBeLessThan(300);
    expect(shown).toContain('100000 characters');
  });
});

describe('markdownText', () => {
  it.each(HOSTILE)('shows %j as text only', value => {
    const source = `before ${markdownText(value)} after`;

    expect(
      allTokens(source)
        .filter(t => t.type !== 'inline')
        .map(t => t.type),
    ).toEqual(['paragraph_open', 'text', 'paragraph_close']);
    expectOnlyText(source);
  });

  it('breaks GitLab references and GitHub issue links with a zero-width space', () => {
    for (const reference of ['#12', '!34', '~bug', '%v1', '$5', '&6']) {
      expect(markdownText(reference)).toBe(
        `\\${reference[0]}\u200b${reference.slice(1)}`,
      );
    }
  });

  it('reads as the value once rendered', () => {
    const html = markdown.renderInline(markdownText('a *b* `c` [d](e)'));
    expect(html).toBe('a *b* `c` [d](e)');
  });
});

describe('markdownTableCell', () => {
  it.each(HOSTILE)('keeps %j inside one cell', value => {
    const table = [
      '| a | b |',
      '| --- | --- |',
      `| ${markdownTableCell(markdownCode(value))} | end |`,
    ].join('\n');
    const tokens = allTokens(table);

    expect(tokens.filter(t => t.type === 'td_open')).toHaveLength(2);
    expect(tokens.filter(t => t.type === 'tr_open')).toHaveLength(2);
    expectOnlyText(table);
  });
});

describe('markdownCodeBlock', () => {
  it.each(HOSTILE)('keeps %j inside one fence', value => {
    const source = `${markdownCodeBlock(
      `key: ${value}\n${'`'.repeat(5)}\n`,
      'yaml',
    )}\n\n# after`;
    const tokens = allTokens(source);

    expect(tokens.filter(t => t.type === 'fence')).toHaveLength(1);
    expect(tokens.filter(t => t.type === 'heading_open')).toHaveLength(1);
  });
});

describe('renderPullRequest with hostile values', () => {
  const policy = parsePolicy({
    targets: [{ name: 'local', namespaces: ['syntho'] }],
    placement: {
      allowedAnnotationPrefixes: ['example.com/'],
      allowAffinity: true,
    },
  });
  const { resolved } = validateRequest(
    {
      name: 'ray-cluster',
      namespace: 'syntho',
      preset: 'production',
      images: { rayTag: '2.9.3', operatorTag: '1.4.0' },
      head: { annotations: { 'example.com/a': 'x' } },
      volumes: [{ name: 'data', mountPath: '/mnt/data', configMap: 'cm' }],
    },
    { policy },
  );

  /** The renderer is the last line: it must hold even for values no validation let through. */
  function hostileRequest(value: string): ResolvedRequest {
    const base = resolved!;
    return {
      ...base,
      owner: value,
      requestedBy: value,
      description: value,
      images: {
        ...base.images,
        ray: { ...base.images.ray, tag: value },
      },
      pullSecret: value,
      storageClass: value,
      license: { kind: 'secret', secretName: value, secretKey: value },
      head: {
        ...base.head,
        labels: { [value]: value },
        annotations: { [value]: value },
        nodeSelector: { [value]: value },
        env: [{ name: value, value }],
      },
      workerGroups: base.workerGroups.map(group => ({ ...group, name: value })),
      volumes: [
        { name: value, mountPath: value, persistentVolumeClaim: value },
      ],
    };
  }

  it.each(HOSTILE)(
    'keeps %j from adding headings, mentions, links, images or HTML',
    value => {
      const { body } = renderPullRequest(
        hostileRequest(value),
        [
          {
            severity: 'warning',
            path: value,
            message: `Quoted "${value}".`,
            fix: value,
          },
        ],
        ['values.yaml'],
      );
      const tokens = allTokens(body);

      expect(
        tokens
          .filter(t => t.type === 'heading_open')
          .map(t => tokens[tokens.indexOf(t) + 1].content),
      ).toEqual([
        expect.stringMatching(/^Ray cluster /),
        'Placement, metadata and environment the request sets',
        'Policy checks',
        'Files',
      ]);
      // The headings are the renderer's own, checked above.
      expectOnlyText(body, true);
      expect(tokens.filter(t => t.type === 'tr_open')).toHaveLength(3);
      expect(
        tokens.filter(t => t.type === 'td_open' || t.type === 'th_open'),
      ).toHaveLength(15);
      expect(tokens.filter(t => t.type === 'fence')).toHaveLength(1);
    },
  );
});
