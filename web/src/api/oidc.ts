/**
 * Signing a person in through the server's OpenID Connect provider, in the browser: the
 * authorization-code flow with PKCE (RFC 7636, S256) as a public client, no secret. The
 * verifier, the state and the page to return to wait in sessionStorage while the provider has
 * the tab; at /signed-in the state is checked and the code exchanged for an access token, which
 * the tab keeps (credential.ts) until it closes, signs out, or the server stops accepting it.
 */

export interface OidcSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly scopes: string;
  /** the API's resource indicator (RFC 8707): the access token must be meant for it */
  readonly audience: string;
}

/** Where the provider sends the tab back; the provider must list `${origin}/signed-in` exactly. */
export const CALLBACK_PATH = '/signed-in';

const PENDING = 'threadgraph.sign-in';

interface Pending {
  readonly state: string;
  readonly verifier: string;
  readonly returnTo: string;
  readonly tokenEndpoint: string;
  readonly clientId: string;
}

/** A sign-in that did not come back with a token, in words, and where the person was going. */
export class SignInError extends Error {
  constructor(
    message: string,
    readonly returnTo: string | undefined,
  ) {
    super(message);
  }
}

export const redirectUri = (): string => `${location.origin}${CALLBACK_PATH}`;

/** The provider's host as people know it: "Sign in with login.example.com". */
export function issuerHost(issuer: string): string {
  try {
    return new URL(issuer).host;
  } catch {
    return issuer;
  }
}

/** Sends the tab to the provider's sign-in page; resolves only if it could not. */
export async function beginSignIn(oidc: OidcSettings, returnTo: string): Promise<void> {
  // crypto.subtle exists only in a secure context: https, or this machine (127.0.0.1, localhost)
  if (!globalThis.isSecureContext || crypto.subtle === undefined) {
    throw new SignInError(
      'Signing in with a provider needs this page over HTTPS (or on this machine): the browser offers the cryptography PKCE needs only there. Use an API key, or ask for the server to be put behind HTTPS.',
      returnTo,
    );
  }
  const endpoints = await discover(oidc.issuer, returnTo);
  const verifier = randomText(32);
  const state = randomText(16);
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  const pending: Pending = {
    state,
    verifier,
    returnTo,
    tokenEndpoint: endpoints.token_endpoint,
    clientId: oidc.clientId,
  };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(endpoints.authorization_endpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: oidc.clientId,
    redirect_uri: redirectUri(),
    scope: oidc.scopes,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    resource: oidc.audience,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  location.assign(url.href);
}

/**
 * At /signed-in: the provider's answer (the page's query) checked against the sign-in this tab
 * started, and its code exchanged for an access token.
 */
export async function finishSignIn(
  search: string,
): Promise<{ accessToken: string; returnTo: string }> {
  const params = new URLSearchParams(search);
  const pending = takePending();
  const returnTo = pending?.returnTo;
  const error = params.get('error');
  if (error !== null) {
    throw new SignInError(providerError(error, params.get('error_description')), returnTo);
  }
  if (pending === undefined) {
    throw new SignInError(
      'This sign-in was not started in this tab, or its answer was already used: sign in again.',
      undefined,
    );
  }
  // the state ties the answer to the request this tab sent (a forged callback has another)
  if (params.get('state') !== pending.state) {
    throw new SignInError(
      'The answer from the sign-in provider does not belong to the sign-in this tab started: sign in again.',
      returnTo,
    );
  }
  const code = params.get('code');
  if (code === null) {
    throw new SignInError('The sign-in provider sent no authorization code back.', returnTo);
  }
  let res: Response;
  try {
    res = await fetch(pending.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri(),
        client_id: pending.clientId,
        code_verifier: pending.verifier,
      }).toString(),
    });
  } catch {
    throw new SignInError(
      `The sign-in provider's token endpoint (${pending.tokenEndpoint}) did not answer this page: it may not allow this server's address (${location.origin}) as an origin.`,
      returnTo,
    );
  }
  const body = (await res.json().catch(() => ({}))) as {
    access_token?: unknown;
    error?: unknown;
    error_description?: unknown;
  };
  if (!res.ok || typeof body.access_token !== 'string') {
    throw new SignInError(
      typeof body.error === 'string'
        ? providerError(
            body.error,
            typeof body.error_description === 'string' ? body.error_description : null,
          )
        : `The sign-in provider answered ${res.status} without an access token.`,
      returnTo,
    );
  }
  return { accessToken: body.access_token, returnTo: pending.returnTo };
}

async function discover(
  issuer: string,
  returnTo: string,
): Promise<{ authorization_endpoint: string; token_endpoint: string }> {
  const where = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  try {
    const res = await fetch(where, { headers: { accept: 'application/json' } });
    const d = (await res.json()) as {
      issuer?: unknown;
      authorization_endpoint?: unknown;
      token_endpoint?: unknown;
    };
    if (
      res.ok &&
      typeof d.authorization_endpoint === 'string' &&
      typeof d.token_endpoint === 'string'
    ) {
      return { authorization_endpoint: d.authorization_endpoint, token_endpoint: d.token_endpoint };
    }
  } catch {
    // said below, with the address
  }
  throw new SignInError(
    `The sign-in provider ${issuerHost(issuer)} did not describe itself at ${where}: it may be down, or not allow this page to ask.`,
    returnTo,
  );
}

function takePending(): Pending | undefined {
  const text = sessionStorage.getItem(PENDING);
  // one answer per sign-in: a reloaded /signed-in cannot spend the code twice
  sessionStorage.removeItem(PENDING);
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as Pending;
  } catch {
    return undefined;
  }
}

/** OAuth 2.0 and OpenID Connect error codes (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6) in words. */
const PROVIDER_ERRORS: Readonly<Record<string, string>> = {
  access_denied: 'The sign-in was declined (at the provider, by you or by its rules).',
  login_required: 'The sign-in provider needs you to sign in there first.',
  consent_required: 'The sign-in provider needs your consent for threadgraph first.',
  interaction_required: 'The sign-in provider needs you to do something on its pages first.',
  invalid_request: 'The sign-in provider refused the request as malformed.',
  unauthorized_client: 'The sign-in provider does not let this app sign people in this way.',
  unsupported_response_type: 'The sign-in provider does not offer the authorization-code flow.',
  invalid_scope: 'The sign-in provider refused the scopes this server asks for.',
  invalid_target: 'The sign-in provider does not issue tokens for this server (its audience).',
  invalid_grant:
    'The sign-in provider did not accept the code (it expired, or was used already): sign in again.',
  invalid_client: 'The sign-in provider does not know this app (its client id).',
  server_error: 'The sign-in provider failed.',
  temporarily_unavailable: 'The sign-in provider is unavailable for now; try again in a moment.',
};

function providerError(code: string, description: string | null): string {
  const words = PROVIDER_ERRORS[code] ?? `The sign-in provider refused the sign-in (${code}).`;
  return description ? `${words} It said: ${description}` : words;
}

function randomText(bytes: number): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
