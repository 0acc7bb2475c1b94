/** Kubernetes naming rules, with messages that say how to comply. */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Returns why `name` is not a DNS-1123 label of at most `maxLength`, or undefined when it is. */
export function checkDns1123Label(name: string, maxLength = 63) {
  if (!name) return 'is empty';
  if (name.length > maxLength)
    return `is ${name.length} characters long; the most is ${maxLength}`;
  if (!DNS1123_LABEL.test(name)) {
    return 'must consist of lower-case letters, digits and "-", and start and end with a letter or digit';
  }
  return undefined;
}

/** Like {@link checkDns1123Label}, but must start with a letter (Service names). */
export function checkDns1035Label(name: string, maxLength = 63) {
  const problem = checkDns1123Label(name, maxLength);
  if (problem) return problem;
  if (!DNS1035_LABEL.test(name)) return 'must start with a lower-case letter';
  return undefined;
}

/** Returns why `name` is not a DNS-1123 subdomain (Secret, ConfigMap, PVC names). */
export function checkDns1123Subdomain(name: string) {
  if (!name) return 'is empty';
  if (name.length > 253)
    return `is ${name.length} characters long; the most is 253`;
  if (!DNS1123_SUBDOMAIN.test(name)) {
    return 'must consist of lower-case letters, digits, "-" and ".", and start and end with a letter or digit';
  }
  return undefined;
}

/** Returns why `key` is not a valid label or annotation key (`[prefix/]name`). */
export function checkQualifiedKey(key: string) {
  const parts = key.split('/');
  if (parts.length > 2) return 'may contain at most one "/"';
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefixProblem = checkDns1123Subdomain(parts[0]);
    if (prefixProblem) return `has a prefix that ${prefixProblem}`;
  }
  if (!name || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return 'must be at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit (with an optional "prefix/")';
  }
  return undefined;
}

/** Returns why `value` is not a valid label value. */
export function checkLabelValue(value: string) {
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    return 'must be at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
  }
  return undefined;
}

/** Returns why `name` is not a valid environment variable name. */
export function checkEnvName(name: string) {
  if (!ENV_NAME.test(name)) {
    return 'must consist of letters, digits, "_", "-" or ".", and not start with a digit';
  }
  return undefined;
}
