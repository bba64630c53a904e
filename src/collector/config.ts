/**
 * The collector config file (README, "Live equipment"): per OPC UA endpoint how to reach and sign
 * in to it, and per node the machine and tag it feeds, what the site's tag means (domain/kpi.ts)
 * and in which unit the site sends it, how often to sample and with which deadband. Every problem
 * is listed with its path before anything connects; a secret is never in the file itself (a
 * password comes from a file or an environment variable) and never in a log.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import type { HealthLimits, Meaning } from '../domain/kpi';
import {
  DEFAULT_LIMITS,
  MEANINGS,
  converter,
  isMeaning,
  limitProblems,
  unitsOf,
} from '../domain/kpi';
import { ThreadgraphError } from '../domain/errors';

export const SECURITY_MODES = ['None', 'Sign', 'SignAndEncrypt'] as const;
export const SECURITY_POLICIES = [
  'None',
  'Basic256Sha256',
  'Aes128_Sha256_RsaOaep',
  'Aes256_Sha256_RsaPss',
] as const;

const identity = z.discriminatedUnion('type', [
  z.object({ type: z.literal('anonymous') }).strict(),
  z
    .object({
      type: z.literal('username'),
      user: z.string().min(1),
      passwordFile: z.string().min(1).optional(),
      passwordEnv: z.string().min(1).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('certificate'),
      certificateFile: z.string().min(1),
      privateKeyFile: z.string().min(1),
    })
    .strict(),
]);

const limits = z
  .object({
    vibration: z
      .object({
        ab: z.number().positive(),
        yellow: z.number().positive(),
        red: z.number().positive(),
      })
      .strict()
      .optional(),
    temperature: z.object({ yellow: z.number(), red: z.number() }).strict().optional(),
  })
  .strict();

const node = z
  .object({
    nodeId: z.string().min(1),
    equipmentId: z.string().min(1).max(512),
    tag: z.string().min(1).max(512),
    meaning: z.string().optional(),
    unit: z.string().min(1).optional(),
    samplingIntervalMs: z.number().min(0).max(3_600_000).default(1000),
    queueSize: z.number().int().min(1).max(10_000).default(100),
    deadband: z
      .union([
        z.null(),
        z.object({ type: z.enum(['absolute', 'percent']), value: z.number().min(0) }).strict(),
      ])
      .default(null),
    /** a state sent as text, mapped to numbers (machine_state) */
    values: z.record(z.string(), z.number()).optional(),
    /**
     * what makes the server report: a change of value or status (default), or also of the source
     * time — every sample, even one that repeats the last value (a heartbeat, an exact count)
     */
    trigger: z.enum(['status-value', 'status-value-timestamp']).default('status-value'),
  })
  .strict();

const endpoint = z
  .object({
    name: z.string().min(1),
    url: z.string().regex(/^opc\.tcp:\/\/[^/\s]+/, 'an opc.tcp:// URL'),
    site: z.string().min(1).optional(),
    securityMode: z.enum(SECURITY_MODES).default('None'),
    securityPolicy: z.enum(SECURITY_POLICIES).default('None'),
    identity: identity.default({ type: 'anonymous' }),
    /** trust a server certificate not yet in the PKI's trusted folder (first use); default no */
    acceptUnknownServerCertificate: z.boolean().default(false),
    publishingIntervalMs: z.number().min(10).max(60_000).default(250),
    health: limits.optional(),
    nodes: z.array(node).min(1),
  })
  .strict();

const configSchema = z
  .object({
    $schema: z.string().optional(),
    endpoints: z.array(endpoint).min(1),
    queue: z
      .object({
        /** readings waiting in Redis at most; past it new readings are dropped and counted */
        maxBacklog: z.number().int().min(0).default(5_000_000),
        /** readings held in memory while Redis is unreachable; past it the oldest are dropped */
        memoryBuffer: z.number().int().min(1000).default(200_000),
        /** how long readings gather before they are queued as one batch */
        flushMs: z.number().int().min(5).max(5000).default(100),
      })
      .strict()
      .default({ maxBacklog: 5_000_000, memoryBuffer: 200_000, flushMs: 100 }),
  })
  .strict();

export type CollectorConfigFile = z.infer<typeof configSchema>;

export interface CollectorNode {
  readonly nodeId: string;
  readonly equipmentId: string;
  readonly tag: string;
  readonly meaning: Meaning | undefined;
  /** the unit readings are kept in: the meaning's unit, else what the site said */
  readonly unit: string | undefined;
  /** site unit → kept unit */
  readonly convert: (v: number) => number;
  readonly samplingIntervalMs: number;
  readonly queueSize: number;
  readonly deadband: { readonly type: 'absolute' | 'percent'; readonly value: number } | null;
  readonly values: Readonly<Record<string, number>> | undefined;
  readonly trigger: 'status-value' | 'status-value-timestamp';
}

export interface CollectorEndpoint {
  readonly name: string;
  readonly url: string;
  readonly site: string | undefined;
  readonly securityMode: (typeof SECURITY_MODES)[number];
  readonly securityPolicy: (typeof SECURITY_POLICIES)[number];
  readonly identity:
    | { readonly type: 'anonymous' }
    | { readonly type: 'username'; readonly user: string; readonly password: string }
    | {
        readonly type: 'certificate';
        readonly certificateFile: string;
        readonly privateKeyFile: string;
      };
  readonly acceptUnknownServerCertificate: boolean;
  readonly publishingIntervalMs: number;
  readonly limits: HealthLimits;
  readonly nodes: readonly CollectorNode[];
}

export interface CollectorConfig {
  readonly endpoints: readonly CollectorEndpoint[];
  readonly queue: {
    readonly maxBacklog: number;
    readonly memoryBuffer: number;
    readonly flushMs: number;
  };
}

/** Reads and checks a config file; every problem at once, each with its path. */
export function loadCollectorConfig(
  file: string,
  env: Readonly<Record<string, string | undefined>>,
): CollectorConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ThreadgraphError(
      'CONFIG_INVALID',
      `cannot read the collector config ${file}: ${(e as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ThreadgraphError('CONFIG_INVALID', `${file} is not JSON: ${(e as Error).message}`);
  }
  return checkCollectorConfig(json, file, env);
}

export function checkCollectorConfig(
  json: unknown,
  file: string,
  env: Readonly<Record<string, string | undefined>>,
): CollectorConfig {
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    throw invalid(
      file,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`),
    );
  }
  const problems: string[] = [];
  const base = dirname(resolve(file));
  const path = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const seen = new Map<string, string>();
  const endpoints = parsed.data.endpoints.map((e, i): CollectorEndpoint => {
    const at = `endpoints.${i}`;
    if ((e.securityMode === 'None') !== (e.securityPolicy === 'None')) {
      problems.push(
        `${at}: securityMode ${e.securityMode} with securityPolicy ${e.securityPolicy}: ` +
          'None goes with None, Sign and SignAndEncrypt need a policy',
      );
    }
    let id: CollectorEndpoint['identity'] = { type: 'anonymous' };
    if (e.identity.type === 'username') {
      const { passwordFile, passwordEnv } = e.identity;
      let password: string | undefined;
      if ((passwordFile === undefined) === (passwordEnv === undefined)) {
        problems.push(`${at}.identity: give one of passwordFile or passwordEnv`);
      } else if (passwordFile !== undefined) {
        try {
          password = readFileSync(path(passwordFile), 'utf8').replace(/\r?\n$/, '');
        } catch (err) {
          problems.push(
            `${at}.identity.passwordFile: cannot read ${passwordFile}: ${(err as Error).message}`,
          );
        }
      } else if (passwordEnv !== undefined) {
        password = env[passwordEnv];
        if (password === undefined)
          problems.push(`${at}.identity.passwordEnv: ${passwordEnv} is not set`);
      }
      id = { type: 'username', user: e.identity.user, password: password ?? '' };
    } else if (e.identity.type === 'certificate') {
      id = {
        type: 'certificate',
        certificateFile: path(e.identity.certificateFile),
        privateKeyFile: path(e.identity.privateKeyFile),
      };
    }
    const health: HealthLimits = {
      vibration: e.health?.vibration ?? DEFAULT_LIMITS.vibration,
      temperature: e.health?.temperature ?? DEFAULT_LIMITS.temperature,
    };
    problems.push(...limitProblems(health, `${at}.health`));
    const nodes = e.nodes.map((n, j): CollectorNode => {
      const nat = `${at}.nodes.${j}`;
      const key = JSON.stringify([n.equipmentId, n.tag]);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        problems.push(`${nat}: ${n.equipmentId} ${n.tag} is fed by ${earlier} already`);
      }
      seen.set(key, nat);
      let meaning: Meaning | undefined;
      let convert = (v: number) => v;
      let unit = n.unit;
      if (n.meaning !== undefined) {
        if (!isMeaning(n.meaning)) {
          problems.push(`${nat}.meaning: ${n.meaning} is not one of ${MEANINGS.join(', ')}`);
        } else {
          meaning = n.meaning;
          const c = converter(meaning, n.unit ?? unitsOf(meaning)[0]!);
          if (c === undefined) {
            problems.push(
              `${nat}.unit: ${n.unit} is not a unit of ${meaning} (one of ${unitsOf(meaning).join(', ')})`,
            );
          } else {
            convert = c;
            unit = unitsOf(meaning)[0];
          }
        }
      }
      return {
        nodeId: n.nodeId,
        equipmentId: n.equipmentId,
        tag: n.tag,
        meaning,
        unit,
        convert,
        samplingIntervalMs: n.samplingIntervalMs,
        queueSize: n.queueSize,
        deadband: n.deadband,
        values: n.values,
        trigger: n.trigger,
      };
    });
    return {
      name: e.name,
      url: e.url,
      site: e.site,
      securityMode: e.securityMode,
      securityPolicy: e.securityPolicy,
      identity: id,
      acceptUnknownServerCertificate: e.acceptUnknownServerCertificate,
      publishingIntervalMs: e.publishingIntervalMs,
      limits: health,
      nodes,
    };
  });
  const names = new Set<string>();
  for (const e of endpoints) {
    if (names.has(e.name)) problems.push(`endpoints: the name ${e.name} is used twice`);
    names.add(e.name);
  }
  if (problems.length > 0) throw invalid(file, problems);
  return { endpoints, queue: parsed.data.queue };
}

function invalid(file: string, problems: readonly string[]): ThreadgraphError {
  return new ThreadgraphError(
    'CONFIG_INVALID',
    `the collector config ${file} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
      problems.map((p) => `  ${p}`).join('\n'),
  );
}
