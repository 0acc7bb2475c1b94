import { parseYamlStrictly } from './yamlStrict';

describe('parseYamlStrictly', () => {
  it('reads YAML and JSON', () => {
    const yaml = parseYamlStrictly('a: "x: {}"\nb: [1, 2]\n');
    const json = parseYamlStrictly('{"a": "# not a comment"}');

    expect(yaml.ok && yaml.document.toJS()).toEqual({ a: 'x: {}', b: [1, 2] });
    expect(json.ok && json.document.toJS()).toEqual({ a: '# not a comment' });
  });

  it.each([
    ['a duplicate key', 'a: 1\nb: 2\na: 3\n', 3, 1, /keep one of the keys/],
    ['an unclosed flow map', 'a: 1\nb: { c: 2\n', 3, 1, /at that line/],
    ['a second document', 'a: 1\n---\nb: 2\n', 2, 1, /at that line/],
    ['a tab as indentation', 'a:\n\t- b\n', 2, 1, /at that line/],
  ])('refuses %s with its line and column', (_, text, line, column, fix) => {
    const parsed = parseYamlStrictly(text);

    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems[0]).toEqual({
      line,
      column,
      message: expect.stringMatching(/^Not valid YAML: /),
      fix: expect.stringMatching(fix),
    });
  });
});
