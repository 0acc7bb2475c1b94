import { flowDepth, MAX_FLOW_DEPTH, yamlDocuments } from './yamlDocuments';

describe('flowDepth', () => {
  it.each([
    ['block YAML', 'a: 1\nb:\n  - c\n', 0],
    ['flow collections', 'a: {b: [1, {c: 2}]}\n', 3],
    [
      'brackets in double quotes, escaped quotes included',
      'a: "{{[\\"{{"\n',
      0,
    ],
    ["brackets in single quotes, '' included", "a: '{{ it''s {{'\n", 0],
    ['brackets in a comment', 'a: 1 # {{{{\nb: [1]\n', 1],
    ['template braces that close', 'a: {{ x }} {{ y }}\n', 2],
    ['closing brackets first', 'a: ]]]}}} [\n', 0],
    ['an unclosed quote', 'a: "{{{\n', 0],
    ['U+2028 and U+2029', 'a: [\u2028{\u2029}]\n', 2],
    ['brackets inside a plain scalar', `description: a${'{'.repeat(100)}\n`, 0],
    ['a plain scalar with a colon', 'a: b:{c:[d\n', 0],
    ['a flow collection after a value', `a: ${'{'.repeat(70)}\n`, 70],
    ['sequence entries, anchors and tags', '- - &x !!map [[ {\n', 3],
    ['JSON', '{"a":{"b":[{"c":[]}]}}', 5],
    ['a key that is a flow collection', '? [[a]]\n: b\n', 2],
    ['brackets after a quoted scalar', '"a"[[[\n', 0],
    ['tags and anchors right before brackets', '[!![&a[!t{\n', 4],
  ])('counts %s', (_, content, depth) => {
    expect(flowDepth(content)).toBe(depth);
  });
});

describe('yamlDocuments', () => {
  it('parses every document of a YAML text', () => {
    const content = 'a: 1\n---\nb: 2\n';

    const documents = yamlDocuments(content)!;

    expect(documents.map(document => document.toJS())).toEqual([
      { a: 1 },
      { b: 2 },
    ]);
  });

  it.each([
    ['{', '{'.repeat(256 * 1024)],
    ['[', '['.repeat(MAX_FLOW_DEPTH + 1)],
  ])('refuses %j nested too deep, without parsing it', (_, content) => {
    const start = performance.now();

    expect(yamlDocuments(content)).toBeUndefined();
    expect(performance.now() - start).toBeLessThan(1_000);
  });

  it('parses flow collections as deep as the limit', () => {
    const content = `${'['.repeat(MAX_FLOW_DEPTH)}${']'.repeat(
      MAX_FLOW_DEPTH,
    )}\n`;

    expect(yamlDocuments(content)).toHaveLength(1);
  });
});
