/**
 * A real OpenID Connect provider (oidc-provider, in oidc-provider-process.mjs; not oidc-provider.mjs, which
 * jest would resolve `../support/oidc-provider` to before this file) as a child process, and the
 * client-credentials requests that get its tokens. The settings say exactly what each client's
 * tokens carry, so a test works out the expected identity from them by hand.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface TestClient {
  readonly clientId: string;
  readonly clientSecret: string;
  /** top-level claims of its access tokens as they are: roles, sites, name … */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** its tokens' `aud` instead of the API's audience */
  readonly audience?: string;
  /** its tokens' lifetime in seconds (default 600) */
  readonly ttlSeconds?: number;
}

export interface OidcProviderOptions {
  /** the API's resource indicator and its tokens' `aud`: an absolute URI such as urn:threadgraph:api */
  readonly audience: string;
  /** confidential clients using the client_credentials grant */
  readonly clients: readonly TestClient[];
  /** browser apps: authorization code + PKCE, no secret, exact redirect URIs */
  readonly publicClients?: readonly { clientId: string; redirectUris: readonly string[] }[];
  /** what a browser sign-in's access token carries for each login typed into the sign-in form */
  readonly users?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface TestOidcProvider {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly tokenEndpoint: string;
  /** a fresh access token (a signed JWT) for the client, through the client_credentials grant */
  tokenFor(clientId: string): Promise<string>;
  stop(): Promise<void>;
}

const SCRIPT = join(__dirname, 'oidc-provider-process.mjs');

export async function startOidcProvider(options: OidcProviderOptions): Promise<TestOidcProvider> {
  // process.execPath: the Node that runs jest (24 through the npm scripts), which oidc-provider 9
  // needs; stdin stays open so the provider ends when this process does, even without stop()
  const child = spawn(process.execPath, [SCRIPT, JSON.stringify(options)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const { issuer } = await new Promise<{ issuer: string }>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => fail('did not start within 20 s'), 20_000);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`oidc provider ${why}:\n${stderr}`));
    };
    const early = (code: number | null) => fail(`exited with ${code}`);
    child.once('exit', early);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const newline = stdout.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      child.off('exit', early);
      resolve(JSON.parse(stdout.slice(0, newline)) as { issuer: string });
    });
  });

  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as {
    jwks_uri: string;
    token_endpoint: string;
  };

  return {
    issuer,
    jwksUri: discovery.jwks_uri,
    tokenEndpoint: discovery.token_endpoint,
    async tokenFor(clientId: string): Promise<string> {
      const client = options.clients.find((c) => c.clientId === clientId);
      if (client === undefined) throw new Error(`no test client ${clientId}`);
      // client_secret_basic: id and secret form-encoded, then base64 (RFC 6749 §2.3.1)
      const basic = Buffer.from(
        `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`,
      ).toString('base64');
      const response = await fetch(discovery.token_endpoint, {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', resource: options.audience }),
      });
      const body = (await response.json()) as { access_token?: string };
      if (response.status !== 200 || typeof body.access_token !== 'string') {
        throw new Error(
          `token request for ${clientId}: HTTP ${response.status} ${JSON.stringify(body)}`,
        );
      }
      return body.access_token;
    },
    async stop(): Promise<void> {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
