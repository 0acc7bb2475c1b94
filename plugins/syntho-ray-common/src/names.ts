import { parse } from 'yaml';
import {
  CONTROL_OR_INVISIBLE,
  CONTROL_OR_INVISIBLE_BUT_TAB_AND_NEWLINE,
} from './characters';

/** Kubernetes naming rules, with messages that say how to comply. */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/**
 * Returns why `name` is not a DNS-1123 label of at most `maxLength`, or undefined when it is.
 *
 * @public
 */
export function checkDns1123Label(name: string, maxLength = 63) {
  if (!name) return 'is empty';
  if (name.length > maxLength)
    return `is ${name.length} characters long; the most is ${maxLength}`;
  if (!DNS1123_LABEL.test(name)) {
    return 'must consist of lower-case letters, digits and "-", and start and end with a letter or digit';
  }
  return undefined;
}

/**
 * Like {@link checkDns1123Label}, but must start with a letter (Service names).
 *
 * @public
 */
export function checkDns1035Label(name: string, maxLength = 63) {
  const problem = checkDns1123Label(name, maxLength);
  if (problem) return problem;
  if (!DNS1035_LABEL.test(name)) return 'must start with a lower-case letter';
  return undefined;
}

/**
 * Returns why `name` is not a DNS-1123 subdomain (Secret, ConfigMap, PVC names).
 *
 * @public
 */
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

const OCI_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
const ENTITY_REF =
  /^(?:([A-Za-z][A-Za-z0-9]*):)?(?:([a-z0-9]+(?:-+[a-z0-9]+)*)\/)?([A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*)$/;
const LICENSE_TEXT = /^[A-Za-z0-9+/=._-]+$/;

/**
 * Why `tag` is not an OCI image tag or a `sha256:` digest, or undefined when it is one.
 *
 * @public
 */
export function checkImageTag(tag: string) {
  if (!tag) return 'is empty';
  if (tag.startsWith('sha256:')) {
    return SHA256_DIGEST.test(tag)
      ? undefined
      : 'is not a digest: "sha256:" must be followed by exactly 64 lower-case hexadecimal digits';
  }
  if (tag.length > 128)
    return `is ${tag.length} characters long; an image tag has at most 128`;
  if (!OCI_TAG.test(tag)) {
    return 'must consist of letters, digits, "_", "." and "-", and not start with "." or "-"';
  }
  return undefined;
}

/** Why `key` is not a key of a Secret or ConfigMap, or undefined when it is one. */
export function checkSecretKey(key: string) {
  if (!key) return 'is empty';
  if (key.length > 253)
    return `is ${key.length} characters long; the most is 253`;
  if (!SECRET_KEY.test(key))
    return 'must consist of letters, digits, "-", "_" and "." only';
  if (key === '.' || key.startsWith('..'))
    return 'must not be "." or start with ".."';
  return undefined;
}

/**
 * Why `ref` is not a catalog entity reference (`[kind:][namespace/]name`) of one of `kinds`, or
 * undefined when it is one.
 */
export function checkEntityRef(ref: string, kinds: string[]) {
  const match = ENTITY_REF.exec(ref);
  if (!match) {
    return 'is not an entity reference: write [kind:][namespace/]name, e.g. group:default/data-science, with letters, digits and "-", "_" or "." between them';
  }
  const [, kind, namespace, name] = match;
  if (kind && !kinds.includes(kind.toLowerCase()))
    return `names a ${kind}; it must be a ${kinds.join(' or ')}`;
  if ((namespace ?? '').length > 63 || name.length > 63)
    return 'has a namespace or name longer than 63 characters';
  return undefined;
}

/**
 * Why `path` is not a safe absolute mount path, or undefined when it is one. Only one spelling of a
 * path passes (no empty, "." or ".." segments), so comparing it with the chart's own mount paths
 * cannot be walked around by writing `/tmp//ray` or `/tmp/./ray`.
 */
export function checkMountPath(path: string) {
  if (!path.startsWith('/')) return 'is not absolute';
  if (path.length > 1024)
    return `is ${path.length} characters long; the most is 1024`;
  if (CONTROL_OR_INVISIBLE.test(path))
    return 'contains a control character, line break or invisible character';
  if (path.includes(':')) return 'contains ":"';
  const segments = path.slice(1).replace(/\/$/, '').split('/');
  if (path !== '/' && segments.includes('')) return 'contains "//"';
  if (segments.includes('..')) return 'contains a ".." segment';
  if (segments.includes('.')) return 'contains a "." segment';
  return undefined;
}

/** `path` as one spelling: without a trailing "/" (but "/" itself). Meant for paths that passed {@link checkMountPath}. */
export function normalizeMountPath(path: string) {
  return path.replace(/\/+$/, '') || '/';
}

/** Whether one of two normalized absolute paths is the other or lies under it. */
export function pathsOverlap(a: string, b: string) {
  const within = (inner: string, outer: string) =>
    inner === outer || inner.startsWith(outer === '/' ? '/' : `${outer}/`);
  return within(a, b) || within(b, a);
}

/** Why `text` cannot be a plain-text license key, or undefined when it can. */
export function checkLicenseText(text: string) {
  if (!text) return 'is empty';
  if (text.length > 16384)
    return `is ${text.length} characters long; the most is 16384`;
  if (!LICENSE_TEXT.test(text))
    return 'must consist of letters, digits and "+", "/", "=", ".", "_" or "-" only (the charts write it unquoted)';
  return undefined;
}

/** Whether `text` contains a control character or a line break; `multiline` allows tabs and newlines. */
export function hasControlCharacters(text: string, multiline = false) {
  return (
    multiline ? CONTROL_OR_INVISIBLE_BUT_TAB_AND_NEWLINE : CONTROL_OR_INVISIBLE
  ).test(text);
}

/**
 * Why a value the charts write unquoted would not read back as the same string (YAML turns `true`,
 * `null`, `yes`, `0x1f` or `1e3` into a boolean, null or number), or undefined when it reads back.
 * Meant for values that already passed a name grammar, so they hold no spaces, quotes or colons.
 */
export function checkPlainYamlString(value: string) {
  const readsBack = (['1.1', '1.2'] as const).every(version => {
    try {
      return parse(value, { version }) === value;
    } catch {
      return false;
    }
  });
  return readsBack
    ? undefined
    : 'would be read by YAML as a boolean, number or null, not as text';
}
