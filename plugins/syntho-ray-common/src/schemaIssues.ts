import { z } from 'zod';
import { formatPath, Problem, ProblemList, quoteForMessage } from './problems';
import { JsonSchemaNode, knownKeysAt, unknownKeyFix } from './unknownKeys';

const jsonSchemas = new WeakMap<z.ZodType, JsonSchemaNode>();

function jsonSchemaOf(schema: z.ZodType): JsonSchemaNode {
  let jsonSchema = jsonSchemas.get(schema);
  if (!jsonSchema) {
    jsonSchema = z.toJSONSchema(schema, { io: 'input' }) as JsonSchemaNode;
    jsonSchemas.set(schema, jsonSchema);
  }
  return jsonSchema;
}

/**
 * The problems of an input that a request schema (the request's, or an action's input built from it)
 * refused: each at its field path, written safe to quote; an unknown field with the known field
 * nearest to it, or the fields that are known there.
 *
 * @public
 */
export function problemsFromIssues(
  schema: z.ZodType,
  issues: readonly z.core.$ZodIssue[],
): Problem[] {
  const problems = new ProblemList();
  for (const issue of issues) {
    const path = issue.path.map(segment =>
      typeof segment === 'string' ? quoteForMessage(segment) : segment,
    );
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(issue.path, jsonSchemaOf(schema));
      for (const key of issue.keys) {
        problems.error(
          formatPath([...path, quoteForMessage(key)]),
          `Unknown field "${quoteForMessage(
            key,
          )}": a request has no such field, so it would be ignored.`,
          unknownKeyFix(key, known),
        );
      }
    } else {
      problems.error(
        formatPath(path),
        issue.message,
        'Correct the field to match the request format (`yarn syntho-ray schema` prints it).',
      );
    }
  }
  return problems.items;
}
