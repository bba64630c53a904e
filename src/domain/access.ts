/**
 * Who may do what (issue 13): four roles, what each is granted, and the sites an identity may
 * see. Pure: the API's one policy point (api/access-policy.ts) and the CLI ask these rules; how
 * an identity is established (a signed-in person's token, an API key, the local default without
 * sign-in) is the API's concern.
 */
import { ThreadgraphError } from './errors';

export const ROLES = ['viewer', 'engineer', 'importer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * read: the questions (evidence, genealogy, impact, coverage, health, records, equipment);
 * export: device history records and CSV exports; import: start imports and send events;
 * retry: retry and cancel import jobs; configure: API keys and settings; audit: the audit trail.
 */
export const PERMISSIONS = ['read', 'export', 'import', 'retry', 'configure', 'audit'] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Readonly<Record<Role, readonly Permission[]>> = {
  // a person who looks things up
  viewer: ['read'],
  // a quality engineer: reads, exports for an auditor, loads a plant export and follows its job
  engineer: ['read', 'export', 'import', 'retry'],
  // an import job, collector or MES bridge: loads records, reads none
  importer: ['import', 'retry'],
  admin: ['read', 'export', 'import', 'retry', 'configure', 'audit'],
};

export interface Identity {
  /** local: no sign-in configured (a workstation's own server); user: a verified token; api-key */
  readonly kind: 'local' | 'user' | 'api-key';
  /** who, as the audit trail names them: the token's subject, the key's name, or `local` */
  readonly subject: string;
  /** a readable name where one is known (a token's name or email claim) */
  readonly name?: string | undefined;
  readonly roles: readonly Role[];
  /** the sites whose units it may see, or every site (and the figures across sites) */
  readonly sites: readonly string[] | 'all';
}

/** The identity of every request when no sign-in is configured: the workstation's own user. */
export const LOCAL_IDENTITY: Identity = {
  kind: 'local',
  subject: 'local',
  roles: ['admin'],
  sites: 'all',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function permissionsOf(identity: Identity): ReadonlySet<Permission> {
  return new Set(identity.roles.flatMap((r) => GRANTS[r]));
}

export function can(identity: Identity, permission: Permission): boolean {
  return identity.roles.some((r) => GRANTS[r].includes(permission));
}

/** Refuses, naming what is missing, unless the identity holds the permission. */
export function demand(identity: Identity, permission: Permission, what: string): void {
  if (!can(identity, permission)) {
    throw new ThreadgraphError(
      'FORBIDDEN',
      `${what} needs the ${permission} permission (${rolesGranting(permission).join(' or ')}); ${describe(identity)} has ${identity.roles.length > 0 ? `the role${identity.roles.length > 1 ? 's' : ''} ${identity.roles.join(', ')}` : 'no role'}`,
    );
  }
}

export function rolesGranting(permission: Permission): Role[] {
  return ROLES.filter((r) => GRANTS[r].includes(permission));
}

/** Whether the identity may see the given site's units (a unit with no site: every identity). */
export function seesSite(identity: Identity, site: string | null | undefined): boolean {
  if (identity.sites === 'all' || site === null || site === undefined) return true;
  return identity.sites.includes(site);
}

/** Figures across every site (a health rate, a count per site) need every site. */
export function seesAllSites(identity: Identity): boolean {
  return identity.sites === 'all';
}

/**
 * A question scoped by an optional site: with a site, the identity must see it; without one it
 * asks across sites, which needs every site.
 */
export function demandSite(
  identity: Identity,
  site: string | null | undefined,
  what: string,
): void {
  if (site === null || site === undefined) {
    if (!seesAllSites(identity)) {
      throw new ThreadgraphError(
        'FORBIDDEN',
        `${what} across every site needs access to every site; ${describe(identity)} sees ${(identity.sites as readonly string[]).join(', ') || 'no site'}: give site`,
      );
    }
    return;
  }
  if (!seesSite(identity, site)) {
    throw new ThreadgraphError('FORBIDDEN', `${describe(identity)} does not see site ${site}`);
  }
}

export function describe(identity: Identity): string {
  return identity.kind === 'api-key'
    ? `API key ${identity.subject}`
    : identity.kind === 'local'
      ? 'the local user'
      : `${identity.name ?? identity.subject}`;
}

/**
 * Roles and sites from a token's claims: roles the product does not know are ignored (a provider
 * issues roles for many applications); `*` among the sites means every site.
 */
export function accessFromClaims(
  roles: unknown,
  sites: unknown,
): { roles: Role[]; sites: readonly string[] | 'all' } {
  const list = (v: unknown): string[] =>
    Array.isArray(v)
      ? v.filter((x): x is string => typeof x === 'string')
      : typeof v === 'string'
        ? v.split(/[\s,]+/).filter((x) => x.length > 0)
        : [];
  const siteList = list(sites);
  return {
    roles: [...new Set(list(roles).filter(isRole))],
    sites: siteList.includes('*') ? 'all' : [...new Set(siteList)],
  };
}
