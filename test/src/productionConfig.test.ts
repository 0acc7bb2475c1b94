import { Client } from 'pg';
import {
  Portal,
  productionConfigFiles,
  startPortal,
  startPostgres,
  TestPostgres,
} from './harness';

jest.setTimeout(180_000);

/**
 * Starts the real backend with app-config.production.yaml against a real PostgreSQL, configured only
 * through the environment variables the production config names.
 */
describe('app-config.production.yaml', () => {
  let postgres: TestPostgres;
  let portal: Portal;

  beforeAll(async () => {
    postgres = await startPostgres();
    portal = await startPortal({
      configFiles: productionConfigFiles,
      env: {
        POSTGRES_HOST: postgres.host,
        POSTGRES_PORT: String(postgres.port),
        POSTGRES_USER: postgres.user,
        POSTGRES_PASSWORD: postgres.password,
      },
    });
  });

  afterAll(async () => {
    await portal?.stop();
    await postgres?.stop();
  });

  it('keeps the backend state in PostgreSQL', async () => {
    const client = new Client({
      host: postgres.host,
      port: postgres.port,
      user: postgres.user,
      password: postgres.password,
      database: 'postgres',
    });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE 'backstage_plugin_%' ORDER BY datname",
      );
      expect(rows.map(row => row.datname)).toEqual(
        expect.arrayContaining([
          'backstage_plugin_auth',
          'backstage_plugin_catalog',
          'backstage_plugin_scaffolder',
        ]),
      );
    } finally {
      await client.end();
    }
  });

  it('offers no guest sign-in', async () => {
    const response = await fetch(`${portal.baseUrl}/api/auth/guest/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });

    expect(response.status).toBe(404);
  });

  it('lets the app connect to its own origin only', async () => {
    const response = await fetch(
      `${portal.baseUrl}/.backstage/health/v1/readiness`,
    );
    const csp = response.headers.get('content-security-policy') ?? '';

    expect(
      csp.split(';').map(directive => directive.trim()),
    ).not.toContainEqual(expect.stringMatching(/^connect-src .*\bhttps?:/));
    expect(csp).toContain("default-src 'self'");
  });
});
