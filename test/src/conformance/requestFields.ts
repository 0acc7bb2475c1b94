/**
 * Every string a request sets, as a place to put a hostile value: a string value, or a key of a
 * string map (labels, annotations, node selectors).
 */
export interface RequestField {
  /** The request path as validation reports it; for a key, the path of the map that holds it. */
  path: string;
  /** Where the value stands in the request object. */
  segments: Array<string | number>;
  /** The value the request has there (for a key, the key itself). */
  value: string;
  isKey: boolean;
}

function pathOf(segments: Array<string | number>) {
  return segments
    .map((segment, index) =>
      typeof segment === 'number'
        ? `[${segment}]`
        : `${index === 0 ? '' : '.'}${segment}`,
    )
    .join('');
}

/** Maps whose keys a requester chooses and the chart writes out as keys. */
const KEYED_MAPS = new Set(['labels', 'annotations', 'nodeSelector']);

/** Lists every string field and every requester-chosen key of `request`. */
export function requestFields(
  request: unknown,
  segments: Array<string | number> = [],
): RequestField[] {
  if (typeof request === 'string') {
    return [{ path: pathOf(segments), segments, value: request, isKey: false }];
  }
  if (Array.isArray(request)) {
    return request.flatMap((item, index) =>
      requestFields(item, [...segments, index]),
    );
  }
  if (request && typeof request === 'object') {
    const keyed = KEYED_MAPS.has(String(segments[segments.length - 1]));
    return Object.entries(request).flatMap(([key, value]) => [
      ...(keyed
        ? [
            {
              path: pathOf(segments),
              segments: [...segments, key],
              value: key,
              isKey: true,
            },
          ]
        : []),
      ...requestFields(value, [...segments, key]),
    ]);
  }
  return [];
}

/** A deep copy of `request` with `field` set to `value` (for a key, the key renamed). */
export function withFieldSet(
  request: unknown,
  field: RequestField,
  value: string,
): unknown {
  const copy = structuredClone(request) as any;
  const parent = field.segments
    .slice(0, -1)
    .reduce((node, segment) => node[segment], copy);
  const last = field.segments[field.segments.length - 1];
  if (field.isKey) {
    const entries = Object.entries(parent).map(([key, item]) =>
      key === last ? [value, item] : [key, item],
    );
    for (const key of Object.keys(parent)) delete parent[key];
    Object.assign(parent, Object.fromEntries(entries));
  } else {
    parent[last] = value;
  }
  return copy;
}

/** `value` with every occurrence of `from` in its strings and keys replaced by `to`. */
export function replaceEverywhere<T>(value: T, from: string, to: string): T {
  const replace = (text: string) => text.split(from).join(to);
  if (typeof value === 'string') return replace(value) as T;
  if (Array.isArray(value))
    return value.map(item => replaceEverywhere(item, from, to)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        replace(key),
        replaceEverywhere(item, from, to),
      ]),
    ) as T;
  }
  return value;
}

/**
 * Hostile variants of a field's value: YAML structure after a newline (the tag injection that
 * reached `securityContext`), flow collections, quotes, comments, template braces, anchors, tags,
 * document markers, unicode line breaks and oversize values. The oracle needs no marker in them: it
 * replaces every occurrence of the whole hostile string in the rendered objects' strings and keys
 * by the field's harmless value ({@link replaceEverywhere}), and expects the baseline render back. The text `h0st1le`
 * only makes each variant unlike anything the baseline holds.
 */
export function hostileValues(base: string): string[] {
  const m = 'h0st1le';
  return [
    `${base}\n            securityContext: {privileged: true}`,
    `${base}${m}\nsecurityContext: {privileged: true}`,
    `${base}${m}\r\n  command: [sh]`,
    `${m}: {privileged: true}`,
    `${base}${m}: x`,
    `{${m}: true}`,
    `[${m}, b]`,
    `"${m}"`,
    `'${m}'`,
    `${m}"quoted`,
    `{{ .Release.Name }}${m}`,
    `${m}{{- fail "${m}" }}`,
    `${base}${m} # comment`,
    `#${m}`,
    `*${m}`,
    `&${m} x`,
    `!!binary ${m}`,
    `- ${m}`,
    `${m}\n---\nkind: Secret`,
    `${base}${m}\u2028hostPath: /`,
    `${base}${m}\u0085x`,
    `${base}${m}\tx`,
    ` ${m} `,
    `${m}${'x'.repeat(70_000)}`,
  ];
}
