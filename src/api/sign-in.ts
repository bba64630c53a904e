/**
 * Who a request comes from (issue 13). Without sign-in every request is the local user (a
 * workstation's own server, which main.ts only lets listen on loopback). With sign-in, a request
 * carries `Authorization: Bearer …`: an API key (`tgk_…`) or an access token of the configured
 * OpenID Connect provider; nothing else is answered. A WebSocket carries the same value in its
 * connection parameters (`authorization`).
 */
import { createHash } from 'node:crypto';
import type { Identity } from '../domain/access';
import { LOCAL_IDENTITY } from '../domain/access';
import { ThreadgraphError } from '../domain/errors';

export interface SignInOptions {
  readonly required: boolean;
  /** an access token of the OIDC provider → who; absent when no provider is configured */
  readonly verifyToken?: ((token: string) => Promise<Identity>) | undefined;
  readonly identifyKey: (key: string) => Promise<Identity>;
  /** called once per token or key first seen by this process: the sign-in of the audit trail */
  readonly onFirstUse?: ((identity: Identity, from: string | null) => void) | undefined;
}

export interface SignIn {
  readonly required: boolean;
  /** `from`: the client's address, for the audit trail's sign-in */
  identify(authorization: string | undefined, from?: string | null): Promise<Identity>;
}

export function createSignIn(options: SignInOptions): SignIn {
  const seen = new Set<string>();
  return {
    required: options.required,
    async identify(authorization, from = null) {
      if (!options.required) return LOCAL_IDENTITY;
      if (authorization === undefined || authorization.trim() === '') {
        throw new ThreadgraphError(
          'UNAUTHENTICATED',
          'sign in: send Authorization: Bearer followed by an access token or an API key',
        );
      }
      const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (m === null) {
        throw new ThreadgraphError(
          'UNAUTHENTICATED',
          'the Authorization header must read Bearer followed by an access token or an API key',
        );
      }
      const credential = m[1] as string;
      let identity: Identity;
      if (credential.startsWith('tgk_')) identity = await options.identifyKey(credential);
      else if (options.verifyToken) identity = await options.verifyToken(credential);
      else {
        throw new ThreadgraphError(
          'UNAUTHENTICATED',
          'no sign-in provider is configured here: use an API key (threadgraph keys create)',
        );
      }
      const fingerprint = createHash('sha256').update(credential).digest('base64url');
      if (!seen.has(fingerprint)) {
        if (seen.size > 50_000) seen.clear();
        seen.add(fingerprint);
        options.onFirstUse?.(identity, from);
      }
      return identity;
    },
  };
}

/**
 * Requests per identity per minute, counted in this process (a fixed window: simple, and a burst
 * at a window's edge gets at most twice the rate). Zero: no limit.
 */
export class RateLimiter {
  private window = 0;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the identity may ask again, or 0 when it may now. */
  take(identity: Identity): number {
    if (this.perMinute === 0) return 0;
    const t = this.now();
    const window = Math.floor(t / 60_000);
    if (window !== this.window) {
      this.window = window;
      this.counts.clear();
    }
    const key = `${identity.kind}:${identity.subject}`;
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n > this.perMinute ? Math.ceil(((window + 1) * 60_000 - t) / 1000) : 0;
  }
}
