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
import { secretValuesFromConfig } from './secrets/configSecrets';
import { scanForSecrets } from './secrets/scan';
import { ScannedText } from './secrets/types';

export {
  secretValuesFromConfig,
  type SecretValue,
} from './secrets/configSecrets';
export { scanForSecrets } from './secrets/scan';
export type { ScannedText, SecretFinding } from './secrets/types';

/** More findings than this are counted, not listed: the task log is for people. */
const MAX_LISTED_FINDINGS = 30;

/**
 * `syntho:rayCluster:scanSecrets`: fails the task when a file bound for Git, or the pull request's
 * title or body, holds a secret of the loaded config (as is or base64-encoded), a Syntho license, a
 * private key or a credential secretlint's recommended preset recognizes, so nothing is pushed.
 * Errors name the file, line, rule and kind of secret, and mask the secret.
 *
 * @public
 */
export function createScanSecretsAction(options: { config: Config }) {
  const secrets = secretValuesFromConfig(options.config);
  return createTemplateAction({
    id: 'syntho:rayCluster:scanSecrets',
    description:
      "Scans the files bound for the GitOps repository and the pull request's title and body for the config's secrets (also base64-encoded), Syntho licenses, private keys and the credentials of secretlint's recommended preset, and fails before anything reaches Git.",
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
              input: {
                path: '${{ steps.render.output.targetPath }}',
                title: '${{ steps.render.output.title }}',
                body: '${{ steps.render.output.body }}',
              },
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
        title: z =>
          z
            .string()
            .optional()
            .describe('The pull request title, scanned like a file'),
        body: z =>
          z
            .string()
            .optional()
            .describe('The pull request description, scanned like a file'),
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
      const texts: ScannedText[] = contents.map(file => ({
        path: file.path,
        content: file.content.toString('utf8'),
      }));
      if (ctx.input.title !== undefined)
        texts.push({ path: 'pull request title', content: ctx.input.title });
      if (ctx.input.body !== undefined)
        texts.push({ path: 'pull request body', content: ctx.input.body });
      const findings = await scanForSecrets(texts, secrets);
      if (findings.length > 0) {
        const listed = findings
          .slice(0, MAX_LISTED_FINDINGS)
          .map(f => `${f.file}:${f.line}: ${f.what} [${f.rule}; ${f.masked}]`);
        if (findings.length > MAX_LISTED_FINDINGS)
          listed.push(`… and ${findings.length - MAX_LISTED_FINDINGS} more`);
        throw new InputError(
          `Refusing to publish: ${countOf(
            findings.length,
            'secret',
          )} found in what is bound for Git:\n${listed.join(
            '\n',
          )}\nRemove them; reference the license through its Secret (license.secretName).`,
        );
      }
      ctx.logger.info(
        `No secrets found in ${countOf(contents.length, 'file')}${
          texts.length > contents.length ? ' and the pull request text' : ''
        }`,
      );
      ctx.output('scannedFiles', contents.length);
    },
  });
}
