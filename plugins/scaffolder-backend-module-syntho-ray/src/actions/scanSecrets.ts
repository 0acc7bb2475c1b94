import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  createTemplateAction,
  serializeDirectoryContents,
} from '@backstage/plugin-scaffolder-node';
import { countOf } from '@syntho-ray/plugin-syntho-ray-common';
import { stringify } from 'yaml';
import { DEFAULT_TARGET_PATH } from './render';

/**
 * A value that must never be written to Git, and what to call it in an error.
 *
 * @public
 */
export interface SecretValue {
  label: string;
  value: string;
}

/**
 * Where a secret was found; never the secret itself.
 *
 * @public
 */
export interface SecretFinding {
  file: string;
  line: number;
  what: string;
}

const SECRET_CONFIG_KEYS = [
  'token',
  'privateKey',
  'clientSecret',
  'webhookSecret',
  'password',
];
const MIN_SECRET_LENGTH = 6;

/**
 * Every secret value the config holds that could leak into a GitOps file: integration tokens and app
 * keys, and the Syntho license values the platform team lists in `synthoRay.license.knownValues`.
 *
 * @public
 */
export function secretValuesFromConfig(config: Config): SecretValue[] {
  const values: SecretValue[] = [];
  const integrations = config.getOptionalConfig('integrations');
  for (const provider of integrations?.keys() ?? []) {
    const entries = integrations!.getOptionalConfigArray(provider) ?? [];
    entries.forEach((entry, index) => {
      const collect = (node: Config, path: string) => {
        for (const key of SECRET_CONFIG_KEYS) {
          const value = node.getOptionalString(key);
          if (value) values.push({ label: `${path}.${key}`, value });
        }
      };
      collect(entry, `integrations.${provider}[${index}]`);
      (entry.getOptionalConfigArray('apps') ?? []).forEach((app, appIndex) =>
        collect(app, `integrations.${provider}[${index}].apps[${appIndex}]`),
      );
    });
  }
  (
    config.getOptionalStringArray('synthoRay.license.knownValues') ?? []
  ).forEach((value, index) =>
    values.push({ label: `synthoRay.license.knownValues[${index}]`, value }),
  );
  return values.filter(secret => secret.value.length >= MIN_SECRET_LENGTH);
}

/** Signed license keys are JWS tokens; anything of that shape does not belong in Git. */
const LICENSE_SHAPES: Array<{ what: string; pattern: RegExp }> = [
  {
    what: 'a signed token shaped like a Syntho license key',
    pattern: /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/,
  },
  {
    what: 'a Syntho license written as plain text (LICENSE_KEY_SIGNED or SynthoLicense with a literal value)',
    pattern:
      /(SynthoLicense:\s*["']?(?!<path:|<license-key>|<put-your-own-license>|["']?\s*$)[^\s"'#]{16,})|(name:\s*LICENSE_KEY_SIGNED\s*\n\s*value:\s*["']?[^\s"'<][^\s"']{15,})/,
  },
];

/**
 * Scans text files for secret values and license-shaped strings.
 *
 * @public
 */
export function scanForSecrets(
  files: Array<{ path: string; content: string }>,
  secrets: SecretValue[],
): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const file of files) {
    const lineAt = (index: number) =>
      file.content.slice(0, index).split('\n').length;
    for (const secret of secrets) {
      const index = file.content.indexOf(secret.value);
      if (index >= 0)
        findings.push({
          file: file.path,
          line: lineAt(index),
          what: `the value of ${secret.label}`,
        });
    }
    for (const shape of LICENSE_SHAPES) {
      const match = shape.pattern.exec(file.content);
      if (match)
        findings.push({
          file: file.path,
          line: lineAt(match.index),
          what: shape.what,
        });
    }
  }
  return findings;
}

/**
 * `syntho:rayCluster:scanSecrets`: fails the task when a file bound for Git holds a configured secret
 * or a license-shaped string, so nothing is pushed. Errors name the file, line and kind of secret,
 * never the secret.
 *
 * @public
 */
export function createScanSecretsAction(options: { config: Config }) {
  const secrets = secretValuesFromConfig(options.config);
  return createTemplateAction({
    id: 'syntho:rayCluster:scanSecrets',
    description:
      'Scans the files bound for the GitOps repository for integration tokens, configured license values and license-shaped strings, and fails before anything reaches Git.',
    examples: [
      {
        description:
          'Scan what syntho:rayCluster:render wrote, before the pull request step',
        example: stringify({
          steps: [
            {
              id: 'scan',
              action: 'syntho:rayCluster:scanSecrets',
              name: 'Check for secrets',
              input: { path: '${{ steps.render.output.targetPath }}' },
            },
          ],
        }),
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string()
            .optional()
            .describe(
              `Workspace folder to scan (default: ${DEFAULT_TARGET_PATH})`,
            ),
      },
      output: {
        scannedFiles: z => z.number().describe('How many files were scanned'),
      },
    },
    async handler(ctx) {
      const root = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.path ?? DEFAULT_TARGET_PATH,
      );
      const contents = await serializeDirectoryContents(root);
      const findings = scanForSecrets(
        contents.map(file => ({
          path: file.path,
          content: file.content.toString('utf8'),
        })),
        secrets,
      );
      if (findings.length > 0) {
        throw new InputError(
          `Refusing to publish: ${countOf(
            findings.length,
            'secret',
          )} found in files bound for Git:\n${findings
            .map(f => `${f.file}:${f.line}: ${f.what}`)
            .join(
              '\n',
            )}\nRemove them; reference the license through its Secret (license.secretName).`,
        );
      }
      ctx.logger.info(
        `No secrets found in ${countOf(contents.length, 'file')}`,
      );
      ctx.output('scannedFiles', contents.length);
    },
  });
}
