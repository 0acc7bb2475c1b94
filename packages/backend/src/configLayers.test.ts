import { resolve } from 'node:path';
import { Config } from '@backstage/config';
import {
  ConfigSources,
  loadConfig,
  loadConfigSchema,
} from '@backstage/config-loader';
import { parsePolicy } from '@syntho-ray/plugin-syntho-ray-common';

const repoRoot = resolve(__dirname, '../../..');

/** What a production deployment sets: the variables app-config.production.yaml names. */
const productionEnv: Record<string, string> = {
  POSTGRES_HOST: 'postgres.internal',
  POSTGRES_PORT: '5432',
  POSTGRES_USER: 'backstage',
  POSTGRES_PASSWORD: 'fake-password-canary',
  BACKSTAGE_BASE_URL: 'https://portal.example.com',
  GITHUB_TOKEN: 'fake-token-canary',
};

const layers = {
  production: ['app-config.yaml', 'app-config.production.yaml'],
  development: ['app-config.yaml', 'app-config.development.yaml'],
};

/** The config the backend reads when started with `--config` for each file, as in rootConfigServiceFactory. */
async function loadLayering(files: string[]): Promise<Config> {
  const source = ConfigSources.default({
    argv: files.flatMap(file => ['--config', resolve(repoRoot, file)]),
    rootDir: repoRoot,
    env: {},
    substitutionFunc: async name => productionEnv[name],
  });
  return ConfigSources.toConfig(source);
}

/** Every development-only setting found in `config`, named. */
function developmentSettings(config: Config): string[] {
  const found: string[] = [];
  if (config.has('auth.providers.guest')) found.push('guest sign-in');

  const connectSrc = config.getOptionalStringArray('backend.csp.connect-src');
  // Helmet's defaults have no connect-src, so default-src 'self' applies when it is unset.
  if (connectSrc?.some(source => source !== "'self'"))
    found.push(`CSP connect-src ${connectSrc.join(' ')}`);

  const database = config.getOptionalConfig('backend.database');
  if (database?.getOptionalString('client') !== 'pg')
    found.push(`database ${database?.getOptionalString('client')}`);

  for (const location of config.getOptionalConfigArray('catalog.locations') ??
    []) {
    found.push(`catalog location ${location.getString('target')}`);
  }

  for (const method of config.getOptionalConfigArray(
    'kubernetes.clusterLocatorMethods',
  ) ?? []) {
    for (const cluster of method.getOptionalConfigArray('clusters') ?? []) {
      found.push(`Kubernetes cluster ${cluster.getString('name')}`);
    }
  }

  for (const prefix of config.getOptionalStringArray(
    'synthoRay.status.trustedLocations',
  ) ?? []) {
    if (prefix.startsWith('file:'))
      found.push(`trusted status location ${prefix}`);
  }

  // Parsed as the plugins parse it, so that a default target counts too.
  const policy = parsePolicy(config.getOptional('synthoRay'));
  for (const target of policy.targets) {
    found.push(`synthoRay target ${target.name}`);
  }
  return found;
}

describe('config layers', () => {
  it('gives production none of the development settings', async () => {
    const config = await loadLayering(layers.production);

    expect(developmentSettings(config)).toEqual([]);
    expect(config.getString('backend.database.connection.password')).toBe(
      productionEnv.POSTGRES_PASSWORD,
    );
    expect(config.getString('app.baseUrl')).toBe(
      productionEnv.BACKSTAGE_BASE_URL,
    );
  });

  it('gives ./scripts/start.sh the embedded development portal', async () => {
    const config = await loadLayering(layers.development);

    expect(developmentSettings(config)).toEqual([
      'guest sign-in',
      "CSP connect-src 'self' http: https:",
      'database better-sqlite3',
      'catalog location ../../examples/entities.yaml',
      'catalog location ../../examples/simulated-ray-cluster.yaml',
      'catalog location ../../examples/org.yaml',
      'catalog location ../../templates/*/template.yaml',
      'Kubernetes cluster simulated',
      'trusted status location file:../../examples/',
      'synthoRay target local',
      'synthoRay target simulated',
    ]);
  });

  it.each(Object.entries(layers))(
    'lets the %s layering take users and groups only from locations that allow them by name',
    async (_, files) => {
      const config = await loadLayering(files);
      const kinds = (rules?: Config[]) =>
        (rules ?? []).flatMap(rule => rule.getStringArray('allow'));

      expect(kinds(config.getOptionalConfigArray('catalog.rules'))).not.toEqual(
        expect.arrayContaining(['User']),
      );
      expect(kinds(config.getOptionalConfigArray('catalog.rules'))).not.toEqual(
        expect.arrayContaining(['Group']),
      );
      const orgLocations = (
        config.getOptionalConfigArray('catalog.locations') ?? []
      ).filter(location =>
        kinds(location.getOptionalConfigArray('rules')).some(kind =>
          ['User', 'Group'].includes(kind),
        ),
      );
      expect(orgLocations.map(l => l.getString('target'))).toEqual(
        files.includes('app-config.development.yaml')
          ? ['../../examples/org.yaml']
          : [],
      );
    },
  );

  it.each(Object.entries(layers))(
    'validates the %s layering against the config schemas of the backend and the app',
    async (_, files) => {
      const { appConfigs } = await loadConfig({
        configRoot: repoRoot,
        configTargets: files.map(file => ({ path: resolve(repoRoot, file) })),
        experimentalEnvFunc: async name => productionEnv[name],
      });
      const schema = await loadConfigSchema({
        dependencies: ['backend', 'app'],
      });

      expect(() => schema.process(appConfigs)).not.toThrow();
    },
  );
});
