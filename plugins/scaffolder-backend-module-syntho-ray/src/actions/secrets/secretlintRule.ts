import { lintSource } from '@secretlint/core';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import type { SecretLintCoreConfig } from '@secretlint/types';
import { RuleMatch, SecretRule } from './types';

/**
 * secretlint's recommended preset, built in memory: no `.secretlintrc` is looked up and nothing is
 * fetched, so what the scan finds depends only on the installed package version.
 */
const config: SecretLintCoreConfig = {
  rules: [
    {
      id: '@secretlint/secretlint-rule-preset-recommend',
      rule: recommendedPreset,
      rules: [
        // AWS access key ids (AKIA…) are off by default in secretlint; a GitOps file never needs one.
        {
          id: '@secretlint/secretlint-rule-aws',
          options: { enableIDScanRule: true },
        },
      ],
    },
  ],
};

/**
 * The maintained rule set: `@secretlint/secretlint-rule-preset-recommend` (PEM private keys, GitHub
 * `ghp_`/`github_pat_` and GitLab `glpat-` tokens, AWS, GCP, Slack, npm, OpenAI and other vendors'
 * credentials, basic auth and database connection strings). Matches are named by rule and message
 * id; secretlint's message text is not used, since it may quote the secret.
 */
export const secretlintRule: SecretRule = async ({ path, content }) => {
  const result = await lintSource({
    source: { content, filePath: path, contentType: 'text' },
    options: { config, maskSecrets: true, noPhysicFilePath: true },
  });
  return result.messages.map(
    (message): RuleMatch => ({
      start: message.range[0],
      end: message.range[1],
      what: `a secret secretlint recognizes (${message.messageId})`,
      rule: message.ruleId,
    }),
  );
};
