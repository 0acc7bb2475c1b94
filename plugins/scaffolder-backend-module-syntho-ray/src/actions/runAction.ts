import { InputError } from '@backstage/errors';
import {
  ActionContext,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { JsonObject, JsonValue } from '@backstage/types';
import { validate } from 'jsonschema';

/** The input of `syntho:rayCluster:publish`, as its schema reads it. */
export interface PublishInput extends JsonObject {
  repoUrl: string;
  branchName: string;
  targetBranchName?: string;
  title: string;
  description: string;
  sourcePath?: string;
  targetPath?: string;
  reviewers?: string[];
  teamReviewers?: string[];
  labels?: string[];
}

/** The context of a `syntho:rayCluster:publish` step. */
export type PublishContext = ActionContext<PublishInput, JsonObject, 'v2'>;

/** What the publish step outputs, whichever host it published to. */
export interface Published {
  url: string;
  number?: number;
  warning: string;
}

type InputOf<A> = A extends TemplateAction<infer I, any, 'v2'> ? I : never;
/** What an action output, by name: JSON, as the scaffolder would have stored it. */
export type Outputs = Partial<Record<string, JsonValue>>;

/** An output that must be a string (a URL, a warning), or undefined. */
export const text = (value: JsonValue | undefined) =>
  typeof value === 'string' ? value : undefined;
/** An output that must be a number (a pull or merge request's), or undefined. */
export const count = (value: JsonValue | undefined) =>
  typeof value === 'number' ? value : undefined;

/**
 * Runs another action's handler as a part of this step: same workspace, log, checkpoints (keyed
 * under this step), cancellation and user, its own input, and its outputs collected for the caller.
 * The input is first checked against the action's own schema, as the scaffolder checks a step's:
 * an input the installed version of the action renamed or no longer takes fails here, by name,
 * instead of being ignored.
 */
export async function runAction<A extends TemplateAction<any, any, 'v2'>>(
  action: A,
  ctx: PublishContext,
  input: InputOf<A>,
): Promise<Outputs> {
  const schema = action.schema?.input;
  if (schema) {
    const { errors } = validate(input, schema);
    if (errors.length > 0)
      throw new InputError(
        `Invalid input passed to action ${
          action.id
        } by syntho:rayCluster:publish: ${errors.join(
          ', ',
        )}. The installed version of ${
          action.id
        } does not take what this module gives it: install the version of this module made for your Backstage release.`,
      );
  }
  const output: Outputs = {};
  await action.handler({
    ...ctx,
    input,
    output(name: string, value: JsonValue) {
      output[name] = value;
    },
  });
  return output;
}
