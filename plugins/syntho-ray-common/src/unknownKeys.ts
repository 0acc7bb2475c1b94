import { z } from 'zod';
import { rayClusterRequestSchema } from './request';

type JsonSchemaNode = {
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  additionalProperties?: JsonSchemaNode | boolean;
  anyOf?: JsonSchemaNode[];
};

let requestJsonSchema: JsonSchemaNode | undefined;

/** The fields a request may have at `path` (e.g. `['workerGroups', 0]`). */
export function knownKeysAt(path: ReadonlyArray<PropertyKey>): string[] {
  requestJsonSchema ??= z.toJSONSchema(rayClusterRequestSchema, {
    io: 'input',
  }) as JsonSchemaNode;
  let node: JsonSchemaNode | undefined = requestJsonSchema;
  for (const segment of path) {
    if (!node) return [];
    node =
      typeof segment === 'number'
        ? node.items
        : node.properties?.[String(segment)] ??
          (typeof node.additionalProperties === 'object'
            ? node.additionalProperties
            : undefined);
  }
  return Object.keys(node?.properties ?? {});
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
