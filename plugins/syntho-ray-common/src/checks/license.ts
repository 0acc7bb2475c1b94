import {
  checkDns1123Subdomain,
  checkLicenseText,
  checkSecretKey,
} from '../names';
import { ProblemList, quoteForMessage } from '../problems';
import { CheckContext } from './requestCheck';

/** The license: plain text only where the policy allows it, otherwise a Secret's name and key. */
export function checkLicense(
  { resolved, policy }: CheckContext,
  problems: ProblemList,
) {
  if (resolved.license.kind === 'plainText') {
    if (!policy.license.allowPlainText) {
      problems.error(
        'license.plainText',
        'The license key may not be written into the request: it would end up in Git.',
        `Remove license.plainText and name the Secret that holds the key (license.secretName, default "${policy.license.secretName}"); the platform team creates it in the namespace.`,
      );
      return;
    }
    const textProblem = checkLicenseText(resolved.license.value);
    if (textProblem) {
      problems.error(
        'license.plainText',
        `The license key ${textProblem}.`,
        'Paste the key exactly as Syntho sent it, without spaces or line breaks.',
      );
    }
    return;
  }
  const secretProblem = checkDns1123Subdomain(resolved.license.secretName);
  if (secretProblem) {
    problems.error(
      'license.secretName',
      `License Secret name "${quoteForMessage(
        resolved.license.secretName,
      )}" ${secretProblem}.`,
      'Name the Kubernetes Secret that holds the Syntho license key.',
    );
  }
  const keyProblem = checkSecretKey(resolved.license.secretKey);
  if (keyProblem) {
    problems.error(
      'license.secretKey',
      `License Secret key "${quoteForMessage(
        resolved.license.secretKey,
      )}" ${keyProblem}.`,
      `Name the key of the Secret that holds the license, e.g. "${policy.license.secretKey}".`,
    );
  }
}
