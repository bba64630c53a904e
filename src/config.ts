/**
 * The only reader of process.env. Everything is validated up front and every problem is reported
 * at once, so a misconfigured plant server fails at start with one readable message.
 */
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { ThreadgraphError } from './domain/errors';
import { DEFAULT_BOUNDARY_COST } from './domain/health';

export interface Neo4jTarget {
  /**
   * `external`: NEO4J_URI names a Neo4j we do not manage (NEO4J_USER, NEO4J_PASSWORD); `local`:
   * the one `db start` runs, whose user and password are not configuration but the instance's
   * own (LocalNeo4j.target reads its password file when connecting)
   */
  readonly mode: 'external' | 'local';
  readonly uri: string;
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  readonly database?: string | undefined;
}

export interface LocalNeo4jConfig {
  /** cache of the server jars and home of the local instances */
  readonly home: string;
  readonly boltPort: number;
  readonly heap: string;
  readonly pageCache: string;
  readonly javaHome?: string | undefined;
}

export interface JobsConfig {
  /** redis:// or rediss:// URL; the default is a Redis on this machine */
  readonly redisUrl: string;
  /** whether REDIS_URL was set (`start` runs a local Redis only when it was not) */
  readonly redisUrlGiven: boolean;
  /** key prefix of every queue key, so one Redis can serve several installations */
  readonly prefix: string;
  /** attempts of a job before it stays failed (transient faults retry; invalid input never) */
  readonly attempts: number;
  /** first retry delay; each next one doubles */
  readonly backoffMs: number;
  /** how long a worker's lock on a job lasts without renewal: a killed worker's job is taken up after one to two of these */
  readonly lockMs: number;
  /** jobs one worker runs at once (a small job does not wait behind a large one) */
  readonly concurrency: number;
  /** largest upload accepted, in bytes */
  readonly uploadMaxBytes: number;
  /**
   * the folders whose files `startImport(path:)` may name (a GraphQL client must not be able to
   * have the server read any file it can): THREADGRAPH_IMPORT_DIRS, by default THREADGRAPH_HOME/inbox
   */
  readonly importDirs: readonly string[];
}

/** An OpenID Connect provider whose access tokens sign people (and the web app) in. */
export interface OidcConfig {
  readonly issuer: string;
  /** the `aud` the tokens must carry: this server's resource identifier at the provider */
  readonly audience: string;
  /** by default discovered from the issuer's /.well-known/openid-configuration */
  readonly jwksUri?: string | undefined;
  /** the signing algorithms accepted (pinned: `none` and HMAC never) */
  readonly algorithms: readonly string[];
  readonly clockToleranceSeconds: number;
  readonly rolesClaim: string;
  readonly sitesClaim: string;
  /** the web app's public client (authorization code + PKCE); without it the app takes a pasted key */
  readonly webClientId?: string | undefined;
  readonly webScopes: string;
}

export interface AccessConfig {
  /**
   * whether every request must carry a token or API key (THREADGRAPH_SIGN_IN=required, implied by
   * THREADGRAPH_OIDC_ISSUER); off, every request is the local user, allowed only on loopback
   */
  readonly signIn: boolean;
  readonly oidc?: OidcConfig | undefined;
  /** GraphQL operation limits (api/limits.ts) */
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxCost: number;
  /** requests one identity may make a minute (0: no limit) */
  readonly ratePerMinute: number;
}

export interface Config {
  readonly neo4j: Neo4jTarget;
  readonly local: LocalNeo4jConfig;
  readonly http: {
    readonly host: string;
    readonly port: number;
    /** Host names answered besides the loopback ones (THREADGRAPH_ALLOWED_HOSTS) */
    readonly allowedHosts: readonly string[];
  };
  readonly access: AccessConfig;
  readonly importBatchSize: number;
  readonly jobs: JobsConfig;
  /** defaults of the broken-boundary cost (seed 001: 15 % of 500 changes at £11 000 → £825k) */
  readonly boundaryCost: {
    readonly costPerEscape: number;
    readonly changesPerYear: number;
    readonly currency: string;
  };
  readonly logLevel: string;
  readonly production: boolean;
  /**
   * where a collector config's `passwordEnv` is looked up: the environment, read here like every
   * other setting (secrets stay out of config files and logs)
   */
  readonly secrets: Readonly<Record<string, string | undefined>>;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const MEMORY = /^\d+[kmg]$/i;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const v = text(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(v)}`);
      return fallback;
    }
    return n;
  };
  const amount = (name: string, fallback: number): number => {
    const v = text(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) {
      problems.push(`${name} must be a number of at least 0, not ${JSON.stringify(v)}`);
      return fallback;
    }
    return n;
  };
  const memory = (name: string, fallback: string): string => {
    const v = text(name) ?? fallback;
    if (!MEMORY.test(v))
      problems.push(`${name} must be a size like 512m or 2g, not ${JSON.stringify(v)}`);
    return v;
  };

  const home = text('THREADGRAPH_HOME') ?? join(homedir(), '.threadgraph');
  if (!isAbsolute(home) && text('THREADGRAPH_HOME') !== undefined) {
    problems.push(`THREADGRAPH_HOME must be an absolute path, not ${JSON.stringify(home)}`);
  }
  const local: LocalNeo4jConfig = {
    home: resolve(home),
    boltPort: integer('THREADGRAPH_BOLT_PORT', 7687, 1, 65535),
    heap: memory('THREADGRAPH_NEO4J_HEAP', '1g'),
    pageCache: memory('THREADGRAPH_NEO4J_PAGECACHE', '512m'),
    javaHome: text('JAVA_HOME'),
  };

  const uri = text('NEO4J_URI');
  const user = text('NEO4J_USER');
  const password = env.NEO4J_PASSWORD;
  if (uri === undefined && (user !== undefined || password !== undefined)) {
    problems.push(
      'NEO4J_USER or NEO4J_PASSWORD is set but NEO4J_URI is not: set NEO4J_URI to use that ' +
        'Neo4j, or unset them to use the local one',
    );
  }
  if (uri !== undefined && !/^(neo4j|bolt)(\+s|\+ssc)?:\/\/[^\s]+$/.test(uri)) {
    problems.push(
      `NEO4J_URI must be a neo4j:// or bolt:// URI, not ${JSON.stringify(redactedUrl(uri))}`,
    );
  }
  const neo4j: Neo4jTarget =
    uri !== undefined
      ? { mode: 'external', uri, user: user ?? 'neo4j', password, database: text('NEO4J_DATABASE') }
      : {
          mode: 'local',
          uri: `bolt://127.0.0.1:${local.boltPort}`,
          database: text('NEO4J_DATABASE'),
        };

  const logLevel = text('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(
      `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not ${JSON.stringify(logLevel)}`,
    );
  }

  const redisUrl = text('REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\/[^\s]+$/.test(redisUrl)) {
    problems.push(`REDIS_URL must be a redis:// or rediss:// URL, not ${JSON.stringify(redisUrl)}`);
  }
  const prefix = text('THREADGRAPH_REDIS_PREFIX') ?? 'threadgraph';
  if (!/^[A-Za-z0-9_.-]+$/.test(prefix)) {
    problems.push(
      `THREADGRAPH_REDIS_PREFIX may hold letters, digits, '_', '.' and '-' only, not ${JSON.stringify(prefix)}`,
    );
  }
  const jobs: JobsConfig = {
    redisUrl: redisUrl ?? 'redis://127.0.0.1:6379',
    redisUrlGiven: redisUrl !== undefined,
    prefix,
    attempts: integer('THREADGRAPH_JOB_ATTEMPTS', 8, 1, 100),
    backoffMs: integer('THREADGRAPH_JOB_BACKOFF_MS', 2000, 10, 3_600_000),
    lockMs: integer('THREADGRAPH_JOB_LOCK_MS', 30_000, 1000, 600_000),
    concurrency: integer('THREADGRAPH_WORKER_CONCURRENCY', 2, 1, 64),
    uploadMaxBytes: integer('THREADGRAPH_UPLOAD_MAX_BYTES', 1024 ** 3, 1, 2 ** 50),
    importDirs: (text('THREADGRAPH_IMPORT_DIRS')?.split(delimiter) ?? [join(local.home, 'inbox')])
      .filter((d) => d.trim() !== '')
      .map((d) => {
        if (!isAbsolute(d)) {
          problems.push(
            `THREADGRAPH_IMPORT_DIRS must list absolute folders, not ${JSON.stringify(d)}`,
          );
        }
        return resolve(d);
      }),
  };

  const issuer = text('THREADGRAPH_OIDC_ISSUER');
  const audience = text('THREADGRAPH_OIDC_AUDIENCE');
  const signInText = text('THREADGRAPH_SIGN_IN');
  if (signInText !== undefined && !['required', 'off'].includes(signInText)) {
    problems.push(`THREADGRAPH_SIGN_IN must be required or off, not ${JSON.stringify(signInText)}`);
  }
  if (signInText === 'off' && issuer !== undefined) {
    problems.push('THREADGRAPH_SIGN_IN is off but THREADGRAPH_OIDC_ISSUER is set: unset one');
  }
  if (issuer !== undefined && audience === undefined) {
    problems.push(
      'THREADGRAPH_OIDC_ISSUER is set but THREADGRAPH_OIDC_AUDIENCE is not: the tokens must be meant for this server',
    );
  }
  const url = (name: string): string | undefined => {
    const v = text(name);
    if (v !== undefined && !/^https?:\/\/[^\s]+$/.test(v)) {
      problems.push(`${name} must be an http(s) URL, not ${JSON.stringify(v)}`);
    }
    return v;
  };
  const algorithms = (text('THREADGRAPH_OIDC_ALGORITHMS') ?? 'RS256')
    .split(',')
    .map((a) => a.trim());
  for (const a of algorithms) {
    if (!/^(RS|PS|ES)(256|384|512)$|^EdDSA$/.test(a)) {
      problems.push(
        `THREADGRAPH_OIDC_ALGORITHMS may list RS, PS and ES 256/384/512 and EdDSA, not ${JSON.stringify(a)} (none and HMAC are never accepted)`,
      );
    }
  }
  const oidc: OidcConfig | undefined =
    issuer === undefined
      ? undefined
      : {
          issuer: url('THREADGRAPH_OIDC_ISSUER') ?? issuer,
          audience: audience ?? '',
          jwksUri: url('THREADGRAPH_OIDC_JWKS_URI'),
          algorithms,
          clockToleranceSeconds: integer('THREADGRAPH_OIDC_CLOCK_SKEW_S', 60, 0, 600),
          rolesClaim: text('THREADGRAPH_OIDC_ROLES_CLAIM') ?? 'roles',
          sitesClaim: text('THREADGRAPH_OIDC_SITES_CLAIM') ?? 'sites',
          webClientId: text('THREADGRAPH_OIDC_WEB_CLIENT_ID'),
          webScopes: text('THREADGRAPH_OIDC_WEB_SCOPES') ?? 'openid profile',
        };
  const access: AccessConfig = {
    signIn: signInText === 'required' || issuer !== undefined,
    oidc,
    maxDepth: integer('THREADGRAPH_MAX_DEPTH', 12, 2, 100),
    maxAliases: integer('THREADGRAPH_MAX_ALIASES', 30, 0, 10_000),
    maxCost: integer('THREADGRAPH_MAX_COST', 50_000, 100, 100_000_000),
    ratePerMinute: integer('THREADGRAPH_RATE_LIMIT', 1200, 0, 1_000_000),
  };

  const config: Config = {
    neo4j,
    access,
    local,
    http: {
      host: text('HOST') ?? '127.0.0.1',
      port: integer('PORT', 4000, 0, 65535),
      allowedHosts: (text('THREADGRAPH_ALLOWED_HOSTS') ?? '')
        .split(',')
        .map((h) => h.trim())
        .filter((h) => h !== ''),
    },
    importBatchSize: integer('THREADGRAPH_IMPORT_BATCH', 2000, 1, 50_000),
    jobs,
    boundaryCost: {
      costPerEscape: amount('THREADGRAPH_COST_PER_ESCAPE', DEFAULT_BOUNDARY_COST.costPerEscape),
      changesPerYear: amount('THREADGRAPH_CHANGES_PER_YEAR', DEFAULT_BOUNDARY_COST.changesPerYear),
      currency: text('THREADGRAPH_CURRENCY') ?? DEFAULT_BOUNDARY_COST.currency,
    },
    logLevel,
    production: text('NODE_ENV') === 'production',
    secrets: env,
  };
  if (problems.length > 0) {
    throw new ThreadgraphError(
      'CONFIG_INVALID',
      `invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  return config;
}

/** The URL with any password replaced (Redis, Neo4j, PostgreSQL URLs), for messages and logs. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    // not parseable: still no password out, whatever follows `//user:` up to `@`
    return url.replace(/(\/\/[^:@/\s]*:)[^@/\s]*@/, '$1***@');
  }
}
