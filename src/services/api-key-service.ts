/**
 * API keys for import jobs, collectors and dashboards (issue 13): named, one role, optionally some
 * sites, an expiry, revocable. A key reads `tgk_<id>_<secret>`; the graph keeps its id and the
 * SHA-256 of the whole key, never the key, so a copy of the database signs no one in. The secret
 * is 32 random bytes: a fast hash is enough (there is nothing to guess by brute force), and a
 * request is checked in one indexed read. A key checked is remembered for a few seconds, so a
 * dashboard's polling does not read the graph each time; a revocation reaches every request within
 * CHECKED_FOR_MS.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Identity, Role } from '../domain/access';
import { isRole, ROLES } from '../domain/access';
import { ThreadgraphError } from '../domain/errors';
import type { Executor } from '../graph/executor';

export const KEY_PREFIX = 'tgk_';
const KEY = /^tgk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;
export const CHECKED_FOR_MS = 5000;

export interface ApiKeyInfo {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** null: every site */
  readonly sites: readonly string[] | null;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
}

export interface NewApiKey {
  readonly name: string;
  readonly role: string;
  readonly sites?: readonly string[] | null | undefined;
  /** ISO-8601; null: never (an admin's deliberate choice) */
  readonly expiresAt: string | null;
}

interface StoredKey {
  id: string;
  name: string;
  hash: string;
  role: string;
  sites: string[] | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export class ApiKeyService {
  private readonly checked = new Map<string, { identity: Identity; until: number }>();

  constructor(
    private readonly executor: Executor,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Makes a key; its secret is in the answer and nowhere else. */
  async create(input: NewApiKey, createdBy: string): Promise<{ key: string; info: ApiKeyInfo }> {
    const problems: string[] = [];
    if (!NAME.test(input.name)) {
      problems.push(
        `name must be 1–64 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit, not ${JSON.stringify(input.name)}`,
      );
    }
    if (!isRole(input.role)) {
      problems.push(`role must be one of ${ROLES.join(', ')}, not ${JSON.stringify(input.role)}`);
    }
    const sites = input.sites === undefined || input.sites === null ? null : [...input.sites];
    if (sites !== null && (sites.length === 0 || sites.some((s) => s.trim() === '' || s === '*'))) {
      problems.push('sites must name at least one site (leave them out for every site)');
    }
    const now = this.now();
    if (input.expiresAt !== null) {
      const at = Date.parse(input.expiresAt);
      if (Number.isNaN(at) || at <= now.getTime()) {
        problems.push(
          `expiresAt must be a time in the future, not ${JSON.stringify(input.expiresAt)}`,
        );
      }
    }
    if (problems.length > 0) throw new ThreadgraphError('INVALID_INPUT', problems.join('; '));
    const id = randomBytes(8).toString('hex');
    const key = `${KEY_PREFIX}${id}_${randomBytes(32).toString('base64url')}`;
    const info: ApiKeyInfo = {
      id,
      name: input.name,
      role: input.role as Role,
      sites,
      createdAt: now.toISOString(),
      createdBy,
      expiresAt: input.expiresAt === null ? null : new Date(input.expiresAt).toISOString(),
      revokedAt: null,
      revokedBy: null,
    };
    const made = await this.executor.write('createApiKey', (q) =>
      q.run<{ id: string }>('access/create-api-key', { ...info, hash: digest(key) }),
    );
    if (made.length === 0) {
      throw new ThreadgraphError(
        'INVALID_INPUT',
        `an API key named ${JSON.stringify(input.name)} exists: revoke it first or choose another name`,
      );
    }
    return { key, info };
  }

  async list(): Promise<ApiKeyInfo[]> {
    const rows = await this.executor.read('apiKeys', (q) =>
      q.run<Partial<ApiKeyInfo>>('access/list-api-keys'),
    );
    return rows.map(toInfo);
  }

  /** Revokes the key with this id or name; NOT_FOUND when no key not yet revoked has it. */
  async revoke(key: string, revokedBy: string): Promise<ApiKeyInfo> {
    const rows = await this.executor.write('revokeApiKey', (q) =>
      q.run<Partial<ApiKeyInfo>>('access/revoke-api-key', {
        key,
        revokedAt: this.now().toISOString(),
        revokedBy,
      }),
    );
    const revoked = rows[0];
    if (revoked === undefined) {
      throw new ThreadgraphError(
        'NOT_FOUND',
        `no API key ${JSON.stringify(key)} that is not revoked`,
      );
    }
    this.checked.clear();
    return toInfo(revoked);
  }

  /** The identity a key stands for; UNAUTHENTICATED for a malformed, unknown, revoked or expired one. */
  async identify(key: string): Promise<Identity> {
    const remembered = this.checked.get(key);
    const now = this.now();
    if (remembered !== undefined && remembered.until > now.getTime()) return remembered.identity;
    const m = KEY.exec(key);
    if (m === null) throw refused('malformed API key');
    const [row] = await this.executor.read('identifyApiKey', (q) =>
      q.run<Partial<StoredKey>>('access/read-api-key', { id: m[1] }),
    );
    // a property the node does not have comes back absent, not null
    const stored: StoredKey | undefined = row && {
      id: String(row.id),
      name: String(row.name),
      hash: String(row.hash),
      role: String(row.role),
      sites: row.sites ?? null,
      expiresAt: row.expiresAt ?? null,
      revokedAt: row.revokedAt ?? null,
    };
    if (stored === undefined || !sameHash(stored.hash, digest(key))) {
      throw refused('API key not accepted');
    }
    if (stored.revokedAt !== null) throw refused('API key revoked');
    if (stored.expiresAt !== null && Date.parse(stored.expiresAt) <= now.getTime()) {
      throw refused('API key expired');
    }
    const identity: Identity = {
      kind: 'api-key',
      subject: stored.name,
      roles: isRole(stored.role) ? [stored.role] : [],
      sites: stored.sites === null ? 'all' : stored.sites,
    };
    const until = Math.min(
      now.getTime() + CHECKED_FOR_MS,
      stored.expiresAt === null ? Infinity : Date.parse(stored.expiresAt),
    );
    if (this.checked.size > 10_000) this.checked.clear();
    this.checked.set(key, { identity, until });
    return identity;
  }
}

/** A key as read: a property the node does not have comes back absent, not null. */
function toInfo(k: Partial<ApiKeyInfo>): ApiKeyInfo {
  return {
    id: String(k.id),
    name: String(k.name),
    role: k.role as Role,
    sites: k.sites ?? null,
    createdAt: String(k.createdAt),
    createdBy: String(k.createdBy),
    expiresAt: k.expiresAt ?? null,
    revokedAt: k.revokedAt ?? null,
    revokedBy: k.revokedBy ?? null,
  };
}

function digest(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

function refused(reason: string): ThreadgraphError {
  return new ThreadgraphError('UNAUTHENTICATED', reason);
}
