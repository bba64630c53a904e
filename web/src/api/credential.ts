/**
 * The credential every request of this tab carries when the server requires sign-in: a
 * provider's access token or a pasted API key. Kept in sessionStorage, not localStorage: it lives
 * as long as the tab and is not shared with other tabs or left on a shared plant PC after the
 * browser closes.
 */

export interface Credential {
  /** token: an access token of the sign-in provider; key: a threadgraph API key (tgk_…) */
  readonly kind: 'token' | 'key';
  readonly value: string;
}

const STORED = 'threadgraph.credential';

type Listener = () => void;
const changed = new Set<Listener>();
const lost = new Set<(message: string) => void>();

export function currentCredential(): Credential | undefined {
  try {
    const text = sessionStorage.getItem(STORED);
    if (text === null) return undefined;
    const c = JSON.parse(text) as Partial<Credential>;
    return (c.kind === 'token' || c.kind === 'key') && typeof c.value === 'string'
      ? { kind: c.kind, value: c.value }
      : undefined;
  } catch {
    // storage switched off by policy, or a value not of ours: no credential
    return undefined;
  }
}

export function keepCredential(credential: Credential): void {
  sessionStorage.setItem(STORED, JSON.stringify(credential));
  for (const f of changed) f();
}

export function forgetCredential(): void {
  sessionStorage.removeItem(STORED);
  for (const f of changed) f();
}

/** Called after the credential is kept or forgotten; returns the way to stop listening. */
export function onCredentialChange(listener: Listener): () => void {
  changed.add(listener);
  return () => changed.delete(listener);
}

/** The header a request carries: none without a credential (a server without sign-in). */
export function authorization(credential = currentCredential()): Record<string, string> {
  return credential ? { authorization: `Bearer ${credential.value}` } : {};
}

/**
 * The server answered 401 to the credential of this tab (a token expired, a key revoked): the
 * app forgets it and shows the sign-in page with the server's words.
 */
export function signInLost(message: string): void {
  for (const f of lost) f(message);
}

export function onSignInLost(listener: (message: string) => void): () => void {
  lost.add(listener);
  return () => lost.delete(listener);
}
