import { parseArgs } from 'node:util';
import { renderCommand, schemaCommand, validateCommand } from './commands';

const usage = `Usage: syntho-ray <command>

  render --request request.yaml --out DIR [--config app-config.yaml]
         [--existing clusters.yaml | --gitops DIR]
      Validate a cluster request and write values.yaml, the GitOps files, catalog-info.yaml and
      PULL_REQUEST.md into DIR. The clusters that exist already (one per namespace) come from
      --existing (a YAML or JSON list of { targetCluster, namespace, name }, as the
      syntho:rayCluster:listClusters action outputs), or else from the cluster folders of the
      GitOps checkout --gitops names or the command runs in.
  validate PATH... [--config app-config.yaml]
      Check every values.yaml under PATH (hand-edited files in a GitOps repository); prints
      file:line: messages and exits non-zero on errors.
  schema
      Print the JSON Schema of a request.

The policy is read from the synthoRay section of --config (default ./app-config.yaml). Give --config
once per file: the synthoRay sections are layered, later files over earlier ones (objects key by key,
arrays replaced), e.g. --config app-config.yaml --config app-config.production.yaml. Nothing else of
the files is read, and $include, $env and $file are not resolved: a synthoRay section that uses one
is refused.`;

/**
 * Runs the `syntho-ray` command line with the given arguments (without `node` and the script) and
 * resolves to its exit code; what it prints goes to the process's stdout and stderr. The package's
 * `syntho-ray` bin (bin/syntho-ray) calls it from dist/syntho-ray.cjs.js, this module bundled by
 * scripts/build-cli.js.
 */
export async function runCli(argv: string[]): Promise<number> {
  const io = {
    out: (line: string) => process.stdout.write(`${line}\n`),
    err: (line: string) => process.stderr.write(`${line}\n`),
  };
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      request: { type: 'string' },
      out: { type: 'string' },
      config: { type: 'string', multiple: true },
      existing: { type: 'string' },
      gitops: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (command === 'render' && values.request && values.out) {
    return renderCommand(
      {
        request: values.request,
        out: values.out,
        config: values.config,
        existing: values.existing,
        gitops: values.gitops,
      },
      io,
    );
  }
  if (command === 'validate' && positionals.length > 0) {
    return validateCommand({ paths: positionals, config: values.config }, io);
  }
  if (command === 'schema') return schemaCommand(io);
  io.err(usage);
  return command === undefined || values.help ? 0 : 2;
}
