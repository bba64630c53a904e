/**
 * Which `Host` headers the server answers. A web page can make a browser send requests to a
 * workstation's 127.0.0.1 under the page's own name (DNS rebinding): the `Host` header then names
 * the attacker's domain. Bound to loopback, the server answers only loopback names and those
 * configured (THREADGRAPH_ALLOWED_HOSTS); bound to another address, the configured names, or any
 * name when none are configured (a plant server is reached by names we cannot guess).
 */

export interface HostPolicy {
  /** every name is answered */
  readonly any: boolean;
  /** the names answered (lower case, no port; IPv6 in brackets) */
  readonly names: ReadonlySet<string>;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

export function isLoopback(bindHost: string): boolean {
  const h = bindHost.toLowerCase();
  return h === 'localhost' || h === '::1' || h === '[::1]' || /^127(\.\d{1,3}){3}$/.test(h);
}

export function hostPolicy(bindHost: string, configured: readonly string[]): HostPolicy {
  const names = configured.map((n) => n.trim().toLowerCase()).filter((n) => n !== '');
  if (isLoopback(bindHost)) {
    const bound = bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost;
    return { any: false, names: new Set([...LOOPBACK_NAMES, bound.toLowerCase(), ...names]) };
  }
  return { any: names.length === 0, names: new Set(names) };
}

/** The name a `Host` header gives, without its port: `[::1]:4000` → `[::1]`, `A.b:80` → `a.b`. */
export function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

export function hostAllowed(header: string | undefined, policy: HostPolicy): boolean {
  if (policy.any) return true;
  return header !== undefined && policy.names.has(hostName(header));
}

/** What a refused request is told. */
export function refusedHost(header: string | undefined): string {
  return (
    `Host ${JSON.stringify(header ?? '')} is not served here: this server answers its own names ` +
    'only (add more with THREADGRAPH_ALLOWED_HOSTS, comma-separated)'
  );
}
