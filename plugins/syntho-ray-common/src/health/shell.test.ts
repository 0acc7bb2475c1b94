import { execFileSync } from 'node:child_process';
import { shellCommand, shellQuote } from './shell';

/** What `sh` receives as arguments when it runs `printf '%s\0'` with the command's arguments. */
function argumentsAsShellSeesThem(command: string): string[] {
  const output = execFileSync('sh', ['-c', `printf '%s\\0' ${command}`], {
    encoding: 'utf8',
  });
  return output.split('\0').slice(0, -1);
}

describe('shellQuote', () => {
  it.each(['syntho', 'ray-cluster-head-svc', '8265:8265', 'svc/ray-head'])(
    'leaves the plain word %s as it is',
    word => {
      expect(shellQuote(word)).toBe(word);
    },
  );

  it.each([
    'kube-system; rm -rf ~',
    "it's",
    "'; touch /tmp/pwned; '",
    '$(id)',
    '`id`',
    'a b',
    'line\nbreak',
    'x #comment',
    '{{ .Values }}',
    '[a]',
    '{a,b}',
    '*',
    '~',
    '"double"',
    'back\\slash',
    'sep\u2028arator',
    '',
    'a'.repeat(10_000),
  ])('passes %j to the shell as exactly one argument', value => {
    expect(argumentsAsShellSeesThem(shellQuote(value))).toEqual([value]);
  });

  it('quotes every argument of a command', () => {
    const command = shellCommand(
      'kubectl',
      '-n',
      "syntho'; id #",
      'port-forward',
      'svc/$(id)',
      '8265:8265',
    );
    expect(command).toBe(
      "kubectl -n 'syntho'\\''; id #' port-forward 'svc/$(id)' 8265:8265",
    );
    expect(argumentsAsShellSeesThem(command)).toEqual([
      'kubectl',
      '-n',
      "syntho'; id #",
      'port-forward',
      'svc/$(id)',
      '8265:8265',
    ]);
  });
});
