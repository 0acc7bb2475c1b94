import { Config } from '@backstage/config';

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
 * Key names (lower case, without `-` and `_`) whose value is a secret wherever they sit in the
 * config: integration tokens and app keys, Kubernetes clusters' `serviceAccountToken`, auth
 * providers' `clientSecret`, `backend.auth.keys[].secret`, database passwords, and what plugins not
 * known here call theirs. Matched at the end of the key, so `serviceAccountToken` and
 * `webhookSecret` are caught, while `tokenUrl` or `secretName` (which name a secret) are not.
 */
const SECRET_KEY =
  /(token|secret|secrets|password|passwd|passphrase|privatekey|apikey|accesskey|secretaccesskey|signingkey|encryptionkey|credential|credentials)$/;

/**
 * Keys whose string value is an HTTP credential (`Authorization: Bearer …`, `Cookie: sid=…`). Only a
 * string counts: a `cookie` section holds settings (`name`, `secure`), not a credential.
 */
const HTTP_CREDENTIAL_KEY = /(authorization|cookie)$/;

/**
 * Whether `keys` lead to the headers the proxy plugin sends to an endpoint (`proxy.endpoints./ext.headers`,
 * or `proxy./ext.headers` in the older layout): every one of them may carry a credential, whatever
 * its name (`X-Api-Key`, `Private-Token`, a vendor's own).
 */
const isProxyHeaders = (keys: string[]) =>
  keys[0] === 'proxy' &&
  (keys[1] === 'endpoints' ? keys[3] : keys[2]) === 'headers' &&
  keys.length === (keys[1] === 'endpoints' ? 4 : 3);

/** An HTTP credential with its scheme (`Bearer abc…`): the token also leaks without the scheme. */
const SCHEME_CREDENTIAL = /^(?:bearer|basic|token|bot|digest|apikey)\s+(\S+)$/i;

/** Keys that name a Kubernetes Secret rather than hold one: rendered files carry them by design. */
const SECRET_REFERENCE_KEY = /pullsecrets?$/;

/** A URL with a password in it (`postgres://user:password@host`), wherever it is configured. */
const URL_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:([^@\s/]+)@/i;

/** Shorter values are not credentials anyone issues, and would match ordinary words in the files. */
const MIN_SECRET_LENGTH = 6;

const normalizedKey = (key: string) => key.toLowerCase().replace(/[-_]/g, '');

/**
 * Every secret value the loaded config holds, found by walking the whole config: values under keys
 * that name a secret (see `SECRET_KEY`: integrations' tokens, app private keys, client and webhook
 * secrets, Kubernetes clusters' service account tokens, auth providers' client
 * secrets, `backend.auth.keys`, database passwords, `authorization` and `cookie` values, …), every
 * header the proxy sends to an endpoint, the credential of a `Bearer …`-style value on its own,
 * passwords inside URLs, and the Syntho license
 * values the platform team lists in `synthoRay.license.knownValues`. Each carries the config path it
 * came from; values shorter than 6 characters are left out.
 *
 * @public
 */
export function secretValuesFromConfig(config: Config): SecretValue[] {
  const values: SecretValue[] = [];
  const seen = new Set<string>();
  const add = (label: string, untrimmed: string) => {
    // A secret read from a file often ends in a newline that the copy in a leaked file lacks.
    const value = untrimmed.trim();
    if (value.length < MIN_SECRET_LENGTH || seen.has(value)) return;
    seen.add(value);
    values.push({ label, value });
  };
  /** Collects every string at or below `node`; `underSecretKey` once a key named a secret. */
  const walk = (
    node: unknown,
    path: string,
    keys: string[],
    underSecretKey: boolean,
  ) => {
    if (typeof node === 'string') {
      if (underSecretKey) {
        add(path, node);
        const credential = SCHEME_CREDENTIAL.exec(node.trim())?.[1];
        if (credential) add(`the credential in ${path}`, credential);
      }
      const urlPassword = URL_PASSWORD.exec(node)?.[1];
      if (urlPassword) add(`the password in ${path}`, safeDecode(urlPassword));
    } else if (typeof node === 'number' && underSecretKey) {
      add(path, String(node));
    } else if (Array.isArray(node)) {
      node.forEach((item, index) =>
        walk(item, `${path}[${index}]`, keys, underSecretKey),
      );
    } else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        const normalized = normalizedKey(key);
        const childKeys = [...keys, key];
        const namesSecret =
          (SECRET_KEY.test(normalized) &&
            !SECRET_REFERENCE_KEY.test(normalized)) ||
          (HTTP_CREDENTIAL_KEY.test(normalized) && typeof child === 'string') ||
          isProxyHeaders(childKeys);
        walk(
          child,
          path ? `${path}.${key}` : key,
          childKeys,
          underSecretKey || namesSecret,
        );
      }
    }
  };
  walk(config.getOptional() ?? {}, '', [], false);
  (
    config.getOptionalStringArray('synthoRay.license.knownValues') ?? []
  ).forEach((value, index) =>
    add(`synthoRay.license.knownValues[${index}]`, value),
  );
  return values;
}

function safeDecode(text: string) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
