import { ConfigReader } from '@backstage/config';
import { secretValuesFromConfig } from './configSecrets';

/** A config shaped like a production app-config, each secret a canary named after where it sits. */
const config = new ConfigReader({
  backend: {
    auth: { keys: [{ secret: 'canary-backend-auth-key' }] },
    database: {
      client: 'pg',
      connection: {
        host: 'db.internal',
        user: 'backstage',
        password: 'canary-db-password',
      },
    },
  },
  integrations: {
    github: [
      {
        host: 'github.com',
        token: 'canary-github-token',
        apps: [
          {
            appId: 1,
            clientId: 'Iv1.public-client-id',
            clientSecret: 'canary-app-client-secret',
            webhookSecret: 'canary-app-webhook-secret',
            privateKey: 'canary-app-private-key',
          },
        ],
      },
    ],
    gitlab: [{ host: 'gitlab.example.com', token: 'canary-gitlab-token' }],
  },
  auth: {
    session: { secret: 'canary-session-secret' },
    providers: {
      microsoft: {
        production: {
          clientId: 'public-id',
          clientSecret: 'canary-ms-client-secret',
        },
      },
    },
  },
  kubernetes: {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'aks-prod',
            url: 'https://aks.example.com',
            authProvider: 'serviceAccount',
            serviceAccountToken: 'canary-k8s-sa-token',
            caData: 'public-ca-certificate',
            oidcTokenProvider: 'microsoft',
          },
        ],
      },
    ],
  },
  techdocs: {
    publisher: {
      awsS3: {
        credentials: {
          accessKeyId: 'canary-s3-key-id',
          secretAccessKey: 'canary-s3-secret',
        },
      },
    },
  },
  someplugin: {
    webhookUrl: 'https://hooks.example.com/services',
    upstream: 'postgres://reader:canary%2Furl-password@db.example.com/app',
    api_key: 1234567890,
  },
  synthoRay: {
    pullSecret: 'syntho-cr-secret',
    license: {
      secretName: 'syntho-license',
      secretKey: 'license_key',
      knownValues: ['canary-license-value'],
    },
  },
});

describe('secretValuesFromConfig', () => {
  it('walks the whole config for keys that name a secret, and passwords in URLs', () => {
    expect(secretValuesFromConfig(config)).toEqual([
      {
        label: 'backend.auth.keys[0].secret',
        value: 'canary-backend-auth-key',
      },
      {
        label: 'backend.database.connection.password',
        value: 'canary-db-password',
      },
      { label: 'integrations.github[0].token', value: 'canary-github-token' },
      {
        label: 'integrations.github[0].apps[0].clientSecret',
        value: 'canary-app-client-secret',
      },
      {
        label: 'integrations.github[0].apps[0].webhookSecret',
        value: 'canary-app-webhook-secret',
      },
      {
        label: 'integrations.github[0].apps[0].privateKey',
        value: 'canary-app-private-key',
      },
      { label: 'integrations.gitlab[0].token', value: 'canary-gitlab-token' },
      { label: 'auth.session.secret', value: 'canary-session-secret' },
      {
        label: 'auth.providers.microsoft.production.clientSecret',
        value: 'canary-ms-client-secret',
      },
      {
        label:
          'kubernetes.clusterLocatorMethods[0].clusters[0].serviceAccountToken',
        value: 'canary-k8s-sa-token',
      },
      {
        label: 'techdocs.publisher.awsS3.credentials.accessKeyId',
        value: 'canary-s3-key-id',
      },
      {
        label: 'techdocs.publisher.awsS3.credentials.secretAccessKey',
        value: 'canary-s3-secret',
      },
      {
        label: 'the password in someplugin.upstream',
        value: 'canary/url-password',
      },
      { label: 'someplugin.api_key', value: '1234567890' },
      {
        label: 'synthoRay.license.knownValues[0]',
        value: 'canary-license-value',
      },
    ]);
  });

  it('leaves out values that name a secret rather than hold one, and public ids', () => {
    const values = secretValuesFromConfig(config).map(secret => secret.value);

    for (const notSecret of [
      'syntho-cr-secret',
      'syntho-license',
      'license_key',
      'Iv1.public-client-id',
      'public-ca-certificate',
      'microsoft',
      'https://hooks.example.com/services',
    ])
      expect(values).not.toContain(notSecret);
  });

  it('leaves out values too short to be credentials, and lists a repeated value once, trimmed', () => {
    const values = secretValuesFromConfig(
      new ConfigReader({
        integrations: { github: [{ host: 'github.com', token: 'abc' }] },
        a: { token: 'same-secret-value' },
        b: { token: 'same-secret-value\n' },
        c: { password: '  short\n' },
      }),
    );

    expect(values).toEqual([{ label: 'a.token', value: 'same-secret-value' }]);
  });

  it('collects HTTP credentials: authorization and cookie values, every proxy header, and a token without its scheme', () => {
    const values = secretValuesFromConfig(
      new ConfigReader({
        proxy: {
          endpoints: {
            '/ext': {
              target: 'https://ext.example.com',
              headers: {
                Authorization: 'Bearer canary-proxy-bearer',
                'X-Custom-Auth': 'canary-custom-header',
              },
            },
          },
          // The older layout, without `endpoints`.
          '/old': {
            target: 'https://old.example.com',
            headers: { 'Private-Token': 'canary-old-header' },
          },
        },
        someplugin: {
          authorization: 'Basic Y2FuYXJ5OmNhbmFyeQ==',
          sessionCookie: 'sid=canary-session-cookie',
        },
      }),
    );

    expect(values).toEqual([
      {
        label: 'proxy.endpoints./ext.headers.Authorization',
        value: 'Bearer canary-proxy-bearer',
      },
      {
        label: 'the credential in proxy.endpoints./ext.headers.Authorization',
        value: 'canary-proxy-bearer',
      },
      {
        label: 'proxy.endpoints./ext.headers.X-Custom-Auth',
        value: 'canary-custom-header',
      },
      {
        label: 'proxy./old.headers.Private-Token',
        value: 'canary-old-header',
      },
      {
        label: 'someplugin.authorization',
        value: 'Basic Y2FuYXJ5OmNhbmFyeQ==',
      },
      {
        label: 'the credential in someplugin.authorization',
        value: 'Y2FuYXJ5OmNhbmFyeQ==',
      },
      {
        label: 'someplugin.sessionCookie',
        value: 'sid=canary-session-cookie',
      },
    ]);
  });

  it('leaves out the proxy targets and other settings of an endpoint, and the settings of a cookie', () => {
    const values = secretValuesFromConfig(
      new ConfigReader({
        proxy: {
          endpoints: {
            '/ext': {
              target: 'https://ext.example.com',
              allowedHeaders: ['Authorization'],
              headers: { Accept: 'application/json' },
            },
          },
        },
        // Settings of a cookie, not one.
        backend: { auth: { cookie: { name: 'backstage-session' } } },
      }),
    ).map(secret => secret.value);

    expect(values).toEqual(['application/json']);
  });
});
