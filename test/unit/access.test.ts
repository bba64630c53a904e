/**
 * The access rules (domain/access.ts) and how a request's credential is told (api/sign-in.ts):
 * what each role is granted, sites, claims, the Authorization header, the rate per identity.
 */
import type { Identity } from '../../src/domain/access';
import {
  accessFromClaims,
  can,
  demand,
  demandSite,
  LOCAL_IDENTITY,
  permissionsOf,
  seesSite,
} from '../../src/domain/access';
import { ThreadgraphError } from '../../src/domain/errors';
import { createSignIn, RateLimiter } from '../../src/api/sign-in';

const person = (roles: Identity['roles'], sites: Identity['sites']): Identity => ({
  kind: 'user',
  subject: 'u1',
  name: 'Ana',
  roles,
  sites,
});

describe('roles', () => {
  it('grants each role its permissions and no more', () => {
    expect([...permissionsOf(person(['viewer'], 'all'))]).toEqual(['read']);
    expect([...permissionsOf(person(['engineer'], 'all'))]).toEqual([
      'read',
      'export',
      'import',
      'retry',
    ]);
    expect([...permissionsOf(person(['importer'], 'all'))]).toEqual(['import', 'retry']);
    expect([...permissionsOf(person(['admin'], 'all'))]).toEqual([
      'read',
      'export',
      'import',
      'retry',
      'configure',
      'audit',
    ]);
    // two roles: the union
    expect([...permissionsOf(person(['viewer', 'importer'], 'all'))].sort()).toEqual([
      'import',
      'read',
      'retry',
    ]);
    expect(can(person([], 'all'), 'read')).toBe(false);
  });

  it('says what is missing when it refuses', () => {
    expect(() => demand(person(['viewer'], 'all'), 'export', 'the device history record')).toThrow(
      new ThreadgraphError(
        'FORBIDDEN',
        'the device history record needs the export permission (engineer or admin); Ana has the role viewer',
      ),
    );
    expect(() => demand(LOCAL_IDENTITY, 'audit', 'x')).not.toThrow();
  });
});

describe('sites', () => {
  const a = person(['viewer'], ['PLANT-A']);
  it('sees its own sites, units without a site, and across sites only with every site', () => {
    expect(seesSite(a, 'PLANT-A')).toBe(true);
    expect(seesSite(a, 'PLANT-B')).toBe(false);
    expect(seesSite(a, null)).toBe(true);
    expect(() => demandSite(a, 'PLANT-A', 'threadHealth')).not.toThrow();
    expect(() => demandSite(a, 'PLANT-B', 'threadHealth')).toThrow('Ana does not see site PLANT-B');
    expect(() => demandSite(a, undefined, 'threadHealth')).toThrow(
      'threadHealth across every site needs access to every site; Ana sees PLANT-A: give site',
    );
    expect(() => demandSite(person(['viewer'], 'all'), undefined, 'threadHealth')).not.toThrow();
  });

  it('reads roles and sites from claims: unknown roles dropped, * for every site', () => {
    expect(accessFromClaims(['viewer', 'owner', 'admin', 'viewer'], ['PLANT-A'])).toEqual({
      roles: ['viewer', 'admin'],
      sites: ['PLANT-A'],
    });
    expect(accessFromClaims('engineer importer', 'PLANT-A,*')).toEqual({
      roles: ['engineer', 'importer'],
      sites: 'all',
    });
    expect(accessFromClaims(undefined, 42)).toEqual({ roles: [], sites: [] });
  });
});

describe('sign-in', () => {
  const key = person(['importer'], 'all');
  const token = person(['viewer'], ['PLANT-A']);
  const firstUses: string[] = [];
  const signIn = createSignIn({
    required: true,
    identifyKey: (k) =>
      k === 'tgk_good'
        ? Promise.resolve(key)
        : Promise.reject(new ThreadgraphError('UNAUTHENTICATED', 'API key not accepted')),
    verifyToken: (t) =>
      t === 'eyJ.good'
        ? Promise.resolve(token)
        : Promise.reject(new ThreadgraphError('UNAUTHENTICATED', 'token signature invalid')),
    onFirstUse: (i) => firstUses.push(i.name ?? i.subject),
  });

  it('tells an API key from a token, and refuses anything else', async () => {
    await expect(signIn.identify('Bearer tgk_good')).resolves.toBe(key);
    await expect(signIn.identify('bearer   eyJ.good ')).resolves.toBe(token);
    await expect(signIn.identify('Bearer tgk_bad')).rejects.toThrow('API key not accepted');
    await expect(signIn.identify('Bearer eyJ.bad')).rejects.toThrow('token signature invalid');
    await expect(signIn.identify(undefined)).rejects.toThrow(
      /^sign in: send Authorization: Bearer/,
    );
    await expect(signIn.identify('Basic dXNlcjpwYXNz')).rejects.toThrow(/must read Bearer/);
  });

  it('announces each credential once: the sign-in of the audit trail', async () => {
    firstUses.length = 0;
    const fresh = createSignIn({
      required: true,
      identifyKey: () => Promise.resolve(key),
      onFirstUse: (i) => firstUses.push(i.subject),
    });
    await fresh.identify('Bearer tgk_1');
    await fresh.identify('Bearer tgk_1');
    await fresh.identify('Bearer tgk_2');
    expect(firstUses).toEqual(['u1', 'u1']);
  });

  it('without sign-in, everyone is the local user and no token is read', async () => {
    const off = createSignIn({
      required: false,
      identifyKey: () => Promise.reject(new Error('read')),
    });
    await expect(off.identify('Bearer tgk_whatever')).resolves.toBe(LOCAL_IDENTITY);
    await expect(off.identify(undefined)).resolves.toBe(LOCAL_IDENTITY);
  });

  it('with no provider configured, a token is refused and an API key is asked for', async () => {
    const keysOnly = createSignIn({ required: true, identifyKey: () => Promise.resolve(key) });
    await expect(keysOnly.identify('Bearer eyJ.x')).rejects.toThrow(/use an API key/);
  });
});

describe('rate per identity', () => {
  it('lets n a minute through, then says how long to wait, per identity, and forgets at the minute', () => {
    let now = 120_000 + 15_000; // 15 s into a minute
    const limiter = new RateLimiter(3, () => now);
    const a = person(['viewer'], 'all');
    const b = { ...a, subject: 'u2' };
    expect([limiter.take(a), limiter.take(a), limiter.take(a)]).toEqual([0, 0, 0]);
    expect(limiter.take(a)).toBe(45);
    expect(limiter.take(b)).toBe(0);
    now = 180_000; // the next minute
    expect(limiter.take(a)).toBe(0);
    expect(new RateLimiter(0, () => now).take(a)).toBe(0);
  });
});
