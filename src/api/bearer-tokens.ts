/**
 * Verifies the OpenID Connect access tokens (signed JWTs) that a sign-in provider issues for this
 * API, and turns one into the Identity the access policy asks about (issue 13).
 *
 * jose is ESM only; this file compiles to CommonJS and imports it all the same: Node 24 loads an
 * ESM package through require() when it has no top-level await (jose has none), and jest loads it
 * so when run with --experimental-vm-modules, as the npm scripts do (without that flag jest
 * refuses the require).
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';
import { accessFromClaims } from '../domain/access';
import type { Identity } from '../domain/access';
import { ThreadgraphError } from '../domain/errors';

export interface TokenVerifierOptions {
  /** the provider's issuer identifier, compared exactly with each token's `iss` */
  readonly issuer: string;
  /** this API's audience: a token must name it in `aud` */
  readonly audience: string;
  /** where the provider publishes its public keys; by default read from its discovery document */
  readonly jwksUri?: string | undefined;
  /** the signing algorithms accepted (pinned, asymmetric only; config's default is ['RS256']) */
  readonly algorithms: readonly string[];
  /** the clock skew tolerated between the provider and this server, for exp, nbf and iat */
  readonly clockToleranceSeconds: number;
  /** the claim naming the roles (config's default is `roles`) */
  readonly rolesClaim: string;
  /** the claim naming the sites (config's default is `sites`) */
  readonly sitesClaim: string;
  /** how long a fetch of the discovery document or the keys may take; default 5000 */
  readonly timeoutMs?: number | undefined;
}

export interface TokenVerifier {
  /**
   * The identity a token proves. Refuses with UNAUTHENTICATED and a short reason that is safe to
   * show the client (never the token); with UNAVAILABLE when the provider's discovery document or
   * keys cannot be fetched (the token may be good: the client should try again, not sign in again).
   */
  verify(token: string): Promise<Identity>;
}

/**
 * Only asymmetric algorithms: the keys come from a public JWKS, so an HMAC algorithm would mean
 * using a public key as the shared secret (the "key confusion" forgery), and `none` no signature.
 */
const ASYMMETRIC = /^(RS|PS|ES)(256|384|512)$|^(EdDSA|Ed25519|ML-DSA-(44|65|87))$/;
/** header.payload.signature, base64url; the signature may be empty so `alg: none` is refused by name */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** far above any real access token; a larger one is refused before it is decoded */
const MAX_TOKEN_LENGTH = 16 * 1024;

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const problems = optionProblems(options);
  if (problems.length > 0) {
    throw new ThreadgraphError(
      'CONFIG_INVALID',
      `invalid token verification settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  const { issuer, audience, rolesClaim, sitesClaim } = options;
  const algorithms = [...options.algorithms];
  const timeoutMs = options.timeoutMs ?? 5000;

  // One key set for the verifier's life: jose caches the keys, and fetches them again when a
  // token names a key it has not seen (a rotation), at most once per cool-down.
  let keys: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  const keySet = (): Promise<ReturnType<typeof createRemoteJWKSet>> => {
    if (keys === undefined) {
      const attempt = (async () => {
        const uri = options.jwksUri ?? (await discoverJwksUri(issuer, timeoutMs));
        return createRemoteJWKSet(new URL(uri), { timeoutDuration: timeoutMs });
      })();
      keys = attempt;
      // a failed discovery is not remembered: the provider may be back for the next request
      attempt.catch(() => {
        if (keys === attempt) keys = undefined;
      });
    }
    return keys;
  };

  return {
    async verify(token: string): Promise<Identity> {
      if (
        typeof token !== 'string' ||
        token.length > MAX_TOKEN_LENGTH ||
        !COMPACT_JWS.test(token)
      ) {
        throw new ThreadgraphError('UNAUTHENTICATED', 'malformed token');
      }
      const jwks = await keySet();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          issuer,
          audience,
          algorithms,
          clockTolerance: options.clockToleranceSeconds,
          requiredClaims: ['exp', 'iat', 'sub'],
        }));
      } catch (error) {
        throw tokenRefusal(error);
      }
      return identityFromClaims(payload, rolesClaim, sitesClaim);
    },
  };
}

/** What is wrong with the options, one sentence each (nothing: they are usable). */
export function optionProblems(options: TokenVerifierOptions): string[] {
  const problems: string[] = [];
  if (!isHttpUrl(options.issuer)) {
    problems.push(`the issuer must be an http(s) URL, not ${JSON.stringify(options.issuer)}`);
  }
  if (typeof options.audience !== 'string' || options.audience.trim() === '') {
    problems.push('the audience must be given');
  }
  if (options.jwksUri !== undefined && !isHttpUrl(options.jwksUri)) {
    problems.push(`the JWKS URI must be an http(s) URL, not ${JSON.stringify(options.jwksUri)}`);
  }
  if (options.algorithms.length === 0) problems.push('at least one algorithm must be accepted');
  for (const alg of options.algorithms) {
    if (!ASYMMETRIC.test(alg)) {
      problems.push(
        `algorithm ${JSON.stringify(alg)} is not accepted: only asymmetric signatures (RS256, PS256, ES256, EdDSA …) verify against a provider's published keys`,
      );
    }
  }
  if (!Number.isFinite(options.clockToleranceSeconds) || options.clockToleranceSeconds < 0) {
    problems.push('the clock tolerance must be a number of seconds of at least 0');
  }
  if (options.rolesClaim.trim() === '') problems.push('the roles claim must be named');
  if (options.sitesClaim.trim() === '') problems.push('the sites claim must be named');
  if (
    options.timeoutMs !== undefined &&
    (!Number.isInteger(options.timeoutMs) || options.timeoutMs < 1)
  ) {
    problems.push('the timeout must be a whole number of milliseconds of at least 1');
  }
  return problems;
}

/**
 * The identity a verified token's claims give. The subject is `sub` (for a client-credentials
 * token, the client's id); roles come only from the roles claim, not from `scope` entries such as
 * `threadgraph:engineer`: whether a client may ask for a scope is the provider's setting, and
 * mixing two sources of roles would make it harder to see who holds what. A token with no role
 * the product knows still gives an identity (the policy refuses it with FORBIDDEN, naming why).
 */
export function identityFromClaims(
  claims: Readonly<Record<string, unknown>>,
  rolesClaim: string,
  sitesClaim: string,
): Identity {
  const subject = claims.sub;
  if (typeof subject !== 'string' || subject === '') {
    throw new ThreadgraphError('UNAUTHENTICATED', 'token has no subject');
  }
  const name = [claims.name, claims.preferred_username, claims.email].find(
    (v): v is string => typeof v === 'string' && v !== '',
  );
  const { roles, sites } = accessFromClaims(claims[rolesClaim], claims[sitesClaim]);
  return { kind: 'user', subject, name, roles, sites };
}

/**
 * The refusal a failed verification gives the client: UNAUTHENTICATED with a short reason, or
 * UNAVAILABLE when the keys could not be fetched. jose's errors are told apart by their `code`
 * (not `instanceof`: under jest the classes may come from another module instance).
 */
export function tokenRefusal(error: unknown): ThreadgraphError {
  const code = (error as { code?: unknown } | null)?.code;
  const refuse = (reason: string) =>
    new ThreadgraphError('UNAUTHENTICATED', reason, { cause: error });
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return refuse('token expired');
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
      const { claim, reason } = error as { claim?: unknown; reason?: unknown };
      if (reason === 'missing') return refuse(`token has no ${String(claim)} claim`);
      if (claim === 'aud') return refuse('token audience not accepted');
      if (claim === 'iss') return refuse('token issuer not accepted');
      if (claim === 'nbf') return refuse('token not yet valid');
      return refuse(`token ${String(claim)} claim not accepted`);
    }
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return refuse('token signature invalid');
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return refuse('token algorithm not accepted');
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return refuse('token signing key not known');
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return refuse('malformed token');
    default:
      // the keys could not be fetched or read (a network failure, a timeout, a non-200 answer, a
      // malformed key set): the provider's fault or the network's, not the token's
      return new ThreadgraphError(
        'UNAVAILABLE',
        "the sign-in provider's keys could not be fetched; try again",
        { cause: error },
      );
  }
}

/** The provider's `jwks_uri`, from its discovery document (OpenID Connect Discovery 1.0). */
async function discoverJwksUri(issuer: string, timeoutMs: number): Promise<string> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const unavailable = (why: string, cause?: unknown) =>
    new ThreadgraphError('UNAVAILABLE', `the sign-in provider ${issuer} ${why}`, { cause });
  let document: unknown;
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
      headers: { accept: 'application/json' },
    });
    if (response.status !== 200) {
      throw unavailable(`answered its discovery document with HTTP ${response.status}`);
    }
    document = await response.json();
  } catch (error) {
    if (error instanceof ThreadgraphError) throw error;
    throw unavailable('cannot be reached; try again', error);
  }
  const { issuer: named, jwks_uri: jwksUri } = (document ?? {}) as Record<string, unknown>;
  // the discovery document must name the issuer it was fetched for (OIDC Discovery §4.3)
  if (named !== issuer) {
    throw unavailable(`names another issuer (${JSON.stringify(named)}) in its discovery document`);
  }
  if (typeof jwksUri !== 'string' || !isHttpUrl(jwksUri)) {
    throw unavailable('names no usable jwks_uri in its discovery document');
  }
  return jwksUri;
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const url = URL.parse(value);
  return url !== null && (url.protocol === 'https:' || url.protocol === 'http:');
}
