import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import scaffolderModuleGitlab from '@backstage/plugin-scaffolder-backend-module-gitlab';
import scaffolderModuleSynthoRay from '@syntho-ray/plugin-scaffolder-backend-module-syntho-ray';
import { readFile } from 'node:fs/promises';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { Server } from 'node:http';
import { parse } from 'yaml';
import request from 'supertest';
import { repoRoot } from '../harness';

/** The template under test, and a cluster an earlier request registered (namespace synthesis on local). */
export const templatePath = `${repoRoot}/templates/syntho-ray-cluster/template.yaml`;
const existingClusterPath = `${repoRoot}/test/src/scaffolder/__fixtures__/existing-cluster.yaml`;

/**
 * The template's step ids, the same for GitHub and GitLab: the task page lists every step of the
 * spec, so a step of the other host would show as skipped.
 */
export const TEMPLATE_STEP_IDS = [
  'clusters',
  'render',
  'scan',
  'gitops-access',
  'publish',
  'register',
];

/** The requester every task runs as. */
export const requester = mockCredentials.user('user:default/jane');

/** The policy every test backend starts with; `gitops` is the part each test sets. */
export function testPolicy(
  gitops: Record<string, unknown>,
  knownLicenseValues: string[] = [],
) {
  return {
    images: { defaultRayTag: '2.9.3', defaultOperatorTag: '1.4.0' },
    license: { knownValues: knownLicenseValues },
    storage: { classes: [{ name: 'azurefile-csi', readWriteMany: true }] },
    targets: [{ name: 'local', namespaces: ['syntho', 'synthesis'] }],
    gitops,
  };
}

let scaffolderDatabase: Knex | undefined;

/** Hands the tests the scaffolder's own database client, to read what a task stored. */
const scaffolderDatabaseProbe = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'test-database-probe',
  register(reg) {
    reg.registerInit({
      deps: { database: coreServices.database },
      async init({ database }) {
        scaffolderDatabase = await database.getClient();
      },
    });
  },
});

/** Every row of every table of the scaffolder's database, as one text. */
export async function scaffolderDatabaseDump(): Promise<string> {
  if (!scaffolderDatabase) throw new Error('no scaffolder backend was started');
  const db = scaffolderDatabase;
  const tables: Array<{ name: string }> = await db.raw(
    "SELECT name FROM sqlite_master WHERE type = 'table'",
  );
  const rows = await Promise.all(tables.map(({ name }) => db(name).select()));
  return JSON.stringify(rows);
}

/** What a finished task left: its record, its completion output, its log, and everything as text. */
export interface TaskResult {
  task: any;
  output: any;
  log: string;
  raw: string;
}

/**
 * A real backend for the template: catalog (with the template and the existing cluster), scaffolder
 * with the GitHub, GitLab and syntho-ray modules, configured by `config`.
 */
export async function startScaffolderBackend(
  config: Record<string, unknown>,
  options: { extraTemplates?: string[]; pollIntervalMs?: number } = {},
): Promise<{
  server: Server;
  runTask: (
    values: Record<string, unknown>,
    templateName?: string,
  ) => Promise<TaskResult>;
}> {
  const { server } = await startTestBackend({
    features: [
      catalogBackend,
      catalogModuleScaffolderEntityModel,
      scaffolderBackend,
      scaffolderModuleGithub,
      scaffolderModuleGitlab,
      scaffolderModuleSynthoRay,
      scaffolderDatabaseProbe,
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            rules: [
              { allow: ['Template', 'Resource', 'Location', 'Group', 'User'] },
            ],
            locations: [
              { type: 'file', target: templatePath },
              { type: 'file', target: existingClusterPath },
              ...(options.extraTemplates ?? []).map(target => ({
                type: 'file',
                target,
              })),
            ],
          },
          ...config,
        },
      }),
    ],
  });
  await waitForTemplate(server, 'syntho-ray-cluster');
  for (const extra of options.extraTemplates ?? []) {
    await waitForTemplate(
      server,
      parse(await readFile(extra, 'utf8')).metadata.name,
    );
  }
  const pollIntervalMs = options.pollIntervalMs ?? 200;
  return {
    server,
    runTask: (values, templateName = 'syntho-ray-cluster') =>
      runTask(server, values, templateName, pollIntervalMs),
  };
}

async function waitForTemplate(server: Server, name: string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await request(server)
      .get(`/api/catalog/entities/by-name/template/default/${name}`)
      .set('Authorization', mockCredentials.user.header());
    if (response.status === 200) return;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error('the catalog never ingested the template');
}

async function runTask(
  server: Server,
  values: Record<string, unknown>,
  templateName: string,
  pollIntervalMs: number,
): Promise<TaskResult> {
  const created = await request(server)
    .post('/api/scaffolder/v2/tasks')
    .set(
      'Authorization',
      mockCredentials.user.header(requester.principal.userEntityRef),
    )
    .send({ templateRef: `template:default/${templateName}`, values });
  if (created.status !== 201) {
    throw new Error(
      `the task was refused: ${created.status} ${JSON.stringify(created.body)}`,
    );
  }
  const id = created.body.id;
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    const task = await request(server)
      .get(`/api/scaffolder/v2/tasks/${id}`)
      .set('Authorization', mockCredentials.user.header());
    if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
      const events = await request(server)
        .get(`/api/scaffolder/v2/tasks/${id}/events`)
        .set('Authorization', mockCredentials.user.header());
      const completion = events.body.find(
        (event: any) => event.type === 'completion',
      );
      return {
        task: task.body,
        output: completion?.body?.output,
        log: events.body
          .map((event: any) => event.body?.message ?? '')
          .join('\n'),
        raw: JSON.stringify([task.body, events.body]),
      };
    }
    await new Promise(r => setTimeout(r, pollIntervalMs));
  }
  throw new Error(`task ${id} did not finish`);
}
