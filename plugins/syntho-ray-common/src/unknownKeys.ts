/** The parts of a JSON Schema node that say which fields an object has. */
export type JsonSchemaNode = {
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  additionalProperties?: JsonSchemaNode | boolean;
  anyOf?: JsonSchemaNode[];
};

/**
 * The fields an object may have at `path` (e.g. `['workerGroups', 0]`) of a JSON Schema, through
 * every alternative of a union.
 */
export function knownKeysAt(
  path: ReadonlyArray<PropertyKey>,
  schema: JsonSchemaNode,
): string[] {
  let nodes: JsonSchemaNode[] = [schema];
  for (const segment of path) {
    nodes = nodes.flatMap(alternativesOf).flatMap(node => {
      const child =
        typeof segment === 'number'
          ? node.items
          : node.properties?.[String(segment)] ??
            (typeof node.additionalProperties === 'object'
              ? node.additionalProperties
              : undefined);
      return child ? [child] : [];
    });
  }
  const keys = nodes
    .flatMap(alternativesOf)
    .flatMap(node => Object.keys(node.properties ?? {}));
  return [...new Set(keys)];
}

/** A node and, for a union (`anyOf`, e.g. an optional or nullable field), each of its alternatives. */
function alternativesOf(node: JsonSchemaNode): JsonSchemaNode[] {
  return [node, ...(node.anyOf ?? []).flatMap(alternativesOf)];
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The known key closest to `key` (case ignored), or undefined when none is close enough to be the
 * one meant.
 */
export function nearestKey(key: string, known: string[]): string | undefined {
  // Keys come from the requester; comparing very long ones costs time and suggests nothing.
  if (key.length > 64) return undefined;
  const lower = key.toLowerCase();
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  if (!best) return undefined;
  const tolerance = Math.max(2, Math.floor(best.key.length / 3));
  return best.distance <= tolerance ? best.key : undefined;
}

/** What to tell a requester who wrote `key` where the fields `known` are expected. */
export function unknownKeyFix(key: string, known: string[]): string {
  const nearest = nearestKey(key, known);
  if (nearest) return `Did you mean "${nearest}"? Rename or remove the field.`;
  return known.length > 0
    ? `Remove the field; the fields here are: ${known.join(', ')}.`
    : 'Remove the field; nothing here takes fields.';
}
