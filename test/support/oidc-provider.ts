/**
 * A real OpenID Connect provider (oidc-provider, in oidc-provider-process.mjs; not oidc-provider.mjs, which
 * jest would resolve `../support/oidc-provider` to before this file) as a child process, and the
 * client-credentials requests that get its tokens. The settings say exactly what each client's
 * tokens carry, so a test works out the expected identity from them by hand.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
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
  readonly authorizationEndpoint: string;
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
    authorization_endpoint: string;
  };

  return {
    issuer,
    jwksUri: discovery.jwks_uri,
    authorizationEndpoint: discovery.authorization_endpoint,
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

export interface BrowserSignIn {
  readonly accessToken: string;
  readonly idToken: string | undefined;
  /** the Access-Control-Allow-Origin the token endpoint answered the app's origin with */
  readonly allowedOrigin: string | null;
}

/**
 * What a browser app does to sign a person in (authorization code + PKCE, RFC 7636), with fetch
 * and a cookie jar instead of a browser: to the authorization endpoint, through the provider's
 * development sign-in form (any login, any password; the login becomes the subject) and its
 * consent form, back to the redirect URI with a code, and the code exchanged at the token
 * endpoint from the app's origin, as a public client (no secret).
 */
export async function signInAsBrowser(
  provider: TestOidcProvider,
  app: { clientId: string; redirectUri: string; login: string },
): Promise<BrowserSignIn> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(8).toString('hex');
  const cookies = new Map<string, string>();
  const request = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const response = await fetch(new URL(url, provider.issuer), {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string> | undefined),
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return response;
  };
  const location = (response: Response): string => {
    const to = response.headers.get('location');
    if (response.status < 300 || response.status > 399 || to === null) {
      throw new Error(`expected a redirect, got HTTP ${response.status}`);
    }
    return new URL(to, provider.issuer).href;
  };
  /** the form on an interaction page: its action, with the fields filled in */
  const submit = async (page: Response, fields: Record<string, string>): Promise<string> => {
    const html = await page.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (action === undefined) throw new Error(`no form on the interaction page:\n${html}`);
    const posted = await request(action.replace(/&amp;/g, '&'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    return location(posted);
  };

  const authorize = new URL(provider.authorizationEndpoint);
  authorize.search = new URLSearchParams({
    client_id: app.clientId,
    response_type: 'code',
    redirect_uri: app.redirectUri,
    scope: 'openid',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  }).toString();
  // sign-in form, then consent form, each answered and resumed, until the app's redirect URI
  let next = location(await request(authorize.href));
  for (let step = 0; step < 6 && !next.startsWith(app.redirectUri); step++) {
    if (new URL(next).pathname.startsWith('/interaction/')) {
      const page = await request(next);
      const html = await page.clone().text();
      next = html.includes('name="login"')
        ? await submit(page, { prompt: 'login', login: app.login, password: 'any password' })
        : await submit(page, { prompt: 'consent' });
    } else {
      next = location(await request(next));
    }
  }
  const back = new URL(next);
  const code = back.searchParams.get('code');
  if (code === null || back.searchParams.get('state') !== state) {
    throw new Error(`the sign-in did not come back with a code: ${next}`);
  }
  const exchanged = await fetch(provider.tokenEndpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: new URL(app.redirectUri).origin,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: app.redirectUri,
      client_id: app.clientId,
      code_verifier: verifier,
    }),
  });
  const body = (await exchanged.json()) as { access_token?: string; id_token?: string };
  if (exchanged.status !== 200 || typeof body.access_token !== 'string') {
    throw new Error(`code exchange: HTTP ${exchanged.status} ${JSON.stringify(body)}`);
  }
  return {
    accessToken: body.access_token,
    idToken: body.id_token,
    allowedOrigin: exchanged.headers.get('access-control-allow-origin'),
  };
}
