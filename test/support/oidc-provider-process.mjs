// A real OpenID Connect provider for tests (oidc-provider 9, state in memory):
// `node oidc-provider-process.mjs SETTINGS_JSON` listens on 127.0.0.1 at a free port and prints
// one line, {"issuer","port"}, when ready. Its own process, as a provider is in a deployment: a
// test can stop it to see a verifier without its provider, and oidc-provider (ESM only, its own
// Koa app) stays out of jest's module system. It ends on SIGTERM, or when its stdin closes (the
// test process is gone).
//
// SETTINGS_JSON: {
//   audience: the resource indicator of the API and its tokens' `aud` (an absolute URI),
//   clients: [{ clientId, clientSecret, claims?, audience?, ttlSeconds? }]   client_credentials;
//     claims go into each access token as they are (roles, sites, name …); audience puts another
//     `aud` in its tokens; ttlSeconds is their lifetime (default 600)
//   publicClients?: [{ clientId, redirectUris }]   a browser app: authorization code + PKCE
//   users?: { [login]: claims }   what a browser sign-in's access token carries for each login
// }
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import process from 'node:process';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { errors } from 'oidc-provider';

/**
 * @typedef {{ clientId: string, clientSecret: string, claims?: Record<string, unknown>,
 *   audience?: string, ttlSeconds?: number }} ConfidentialClient
 * @typedef {{ audience?: string, clients?: ConfidentialClient[],
 *   publicClients?: { clientId: string, redirectUris: string[] }[],
 *   users?: Record<string, Record<string, unknown>> }} Settings
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- the JSDoc cast types it; the rule sees JSON.parse's any
const settings = /** @type {Settings} */ (JSON.parse(process.argv[2] ?? '{}'));
const { audience, clients = [], publicClients = [], users = {} } = settings;
if (typeof audience !== 'string') {
  process.stderr.write(
    'usage: node oidc-provider-process.mjs \'{"audience": "...", "clients": [...]}\'\n',
  );
  process.exit(1);
}
const confidential = new Map(clients.map((c) => [c.clientId, c]));

// the port first: the issuer names it, and the provider is constructed with its issuer
const server = createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(0, '127.0.0.1', resolve);
});
const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
const issuer = `http://127.0.0.1:${port}`;

// a fresh signing key per run: nothing secret is stored, and a test forges with a key of its own
const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingKey = {
  ...(await exportJWK(privateKey)),
  kid: `test-${port}`,
  alg: 'RS256',
  use: 'sig',
};

const provider = new Provider(issuer, {
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  clients: [
    ...clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      grant_types: ['client_credentials'],
      // a client-credentials client never uses the authorization endpoint
      response_types: [],
      redirect_uris: [],
    })),
    ...publicClients.map((c) => ({
      client_id: c.clientId,
      // application_type 'web' (the default) accepts http://127.0.0.1 redirect URIs: only the
      // implicit flow insists on https. They must match exactly, port included.
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: c.redirectUris,
    })),
  ],
  features: {
    clientCredentials: { enabled: true },
    // the built-in sign-in form: any login and password; the login becomes the subject
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      // a request that names no resource is for the API, so a browser app need not send one
      defaultResource: (_ctx, _client, oneOf) => (oneOf ? oneOf[0] : audience),
      // the code exchange uses the resource granted at sign-in without repeating it
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resourceIndicator, client) => {
        if (resourceIndicator !== audience) throw new errors.InvalidTarget();
        return {
          scope: 'openid threadgraph',
          audience: confidential.get(client.clientId)?.audience ?? audience,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  ttl: {
    ClientCredentials: (_ctx, _token, client) =>
      confidential.get(client.clientId)?.ttlSeconds ?? 600,
    AccessToken: 600,
    AuthorizationCode: 60,
    IdToken: 600,
    RefreshToken: 3600,
    Interaction: 600,
    Session: 3600,
    Grant: 3600,
  },
  // the roles, sites and names the parent gave each client and each login, as top-level claims
  extraTokenClaims: (_ctx, token) => {
    if (token.kind === 'ClientCredentials') return confidential.get(token.clientId)?.claims;
    if (token.kind === 'AccessToken' && token.accountId !== undefined) {
      return users[token.accountId];
    }
    return undefined;
  },
  findAccount: (_ctx, sub) => ({
    accountId: sub,
    claims: () => ({ sub, ...users[sub] }),
  }),
});

const handle = provider.callback();
// koa answers its own errors; nothing is left to await here
server.on('request', (req, res) => void handle(req, res));
process.stdout.write(`${JSON.stringify({ issuer, port })}\n`);

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
