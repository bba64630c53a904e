/**
 * What this tab may do, for the pages to hide or disable what it may not (the server refuses it
 * anyway; this only spares people buttons that would answer "forbidden"). Without sign-in every
 * request is the server's local admin, so everything is offered.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { OidcSettings } from './api/oidc';
import { graphql } from './gql';
import type { MeQuery } from './gql/graphql';

/** GET /auth/config: whether the server requires sign-in, and its provider for the browser. */
export interface AuthConfig {
  readonly signIn: 'off' | 'required';
  readonly oidc?: OidcSettings;
}

export async function loadAuthConfig(): Promise<AuthConfig> {
  const res = await fetch('/auth/config', { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`the server answered ${res.status} to /auth/config`);
  const body = (await res.json()) as Partial<AuthConfig>;
  if (body.signIn !== 'off' && body.signIn !== 'required') {
    throw new Error('the server did not say whether it requires sign-in');
  }
  return body.oidc ? { signIn: body.signIn, oidc: body.oidc } : { signIn: body.signIn };
}

export const ME = graphql(`
  query Me {
    me {
      kind
      subject
      name
      roles
      permissions
      sites
      signInRequired
    }
  }
`);

export type Me = MeQuery['me'];

/** read, export, import, retry, configure, audit: as the server's roles grant them */
export type Permission = 'read' | 'export' | 'import' | 'retry' | 'configure' | 'audit';

export interface Access {
  readonly signInRequired: boolean;
  /** who signed in; undefined without sign-in */
  readonly me?: Me;
  can(permission: Permission): boolean;
  /** figures across sites (health, impact, coverage, governance) need every site */
  readonly seesAllSites: boolean;
  signOut(): void;
}

export const LOCAL_ACCESS: Access = {
  signInRequired: false,
  can: () => true,
  seesAllSites: true,
  signOut: () => undefined,
};

export function accessOf(me: Me, signOut: () => void): Access {
  return {
    signInRequired: true,
    me,
    can: (p) => me.permissions.includes(p),
    seesAllSites: me.sites === null || me.sites === undefined,
    signOut,
  };
}

export const AccessContext = createContext<Access>(LOCAL_ACCESS);

export const useAccess = (): Access => useContext(AccessContext);

/** Who, as the header says it: a person's name, or the API key's name. */
export function whoName(me: Me): string {
  return me.kind === 'api-key' ? `API key ${me.subject}` : (me.name ?? me.subject);
}

/** The roles that grant a permission, for "needs the export permission (engineer or admin)". */
export const GRANTED_BY: Readonly<Record<Permission, string>> = {
  read: 'viewer, engineer or admin',
  export: 'engineer or admin',
  import: 'engineer, importer or admin',
  retry: 'engineer, importer or admin',
  configure: 'admin',
  audit: 'admin',
};
