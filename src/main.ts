/**
 * Composition root: configuration → graph → services → API. Knows which Neo4j to use (NEO4J_URI,
 * else the local instance `threadgraph db start` runs) and shuts everything down in order.
 */
import { userInfo } from 'node:os';
import type { Logger } from 'pino';
import type { Identity } from './domain/access';
import { canonicalJson } from './domain/audit-chain';
import { printSchema } from 'graphql';
import type { ApiServices } from './api/schema';
import { buildApiSchema } from './api/schema';
import type { RunningApi } from './api/server';
import { startApi } from './api/server';
import type { Config } from './config';
import { redactedUrl } from './config';
import { isLoopback } from './api/allowed-hosts';
import { ThreadgraphError } from './domain/errors';
import { DEFAULT_BOUNDARY_COST } from './domain/health';
import { CypherRegistry } from './graph/cypher-registry';
import { Executor } from './graph/executor';
import { LocalNeo4j } from './graph/local-neo4j';
import { migrate } from './graph/migrations';
import { BullImportQueue } from './jobs/import-queue';
import type { RunningWorker } from './jobs/import-worker';
import { startImportWorker } from './jobs/import-worker';
import { LocalRedis, pong } from './jobs/local-redis';
import { redisOptions } from './jobs/redis';
import { DhrService } from './services/dhr-service';
import { EvidenceService } from './services/evidence-service';
import { ImportJobService } from './services/import-jobs';
import { GovernanceService } from './services/governance-service';
import { ImportService } from './services/import-service';
import { AuditService } from './services/audit-service';
import { CoverageService } from './services/coverage-service';
import { DeriveService } from './services/derive-service';
import { HealthService } from './services/health-service';
import { ImpactService } from './services/impact-service';
import { RecordService } from './services/record-service';
import { TraceService } from './services/trace-service';
import { EquipmentService } from './services/equipment-service';
import { LiveReadings } from './services/live-readings';
import { ApiKeyService } from './services/api-key-service';
import { AuditTrail } from './services/audit-trail-service';
import { createSignIn, RateLimiter } from './api/sign-in';
import { createTokenVerifier } from './api/bearer-tokens';
import type { RunningWriter } from './jobs/reading-stream';
import { startReadingWriter } from './jobs/reading-stream';
import { subscribeLiveReadings } from './jobs/reading-live';
import { readingTelemetry } from './jobs/reading-telemetry';

export const LOCAL_INSTANCE = 'local';
export const LOCAL_REDIS = 'local';

export interface Services extends ApiServices {
  readonly executor: Executor;
  readonly imports: ImportService;
  readonly derive: DeriveService;
}

export function createServices(
  executor: Executor,
  boundaryCost: Config['boundaryCost'] = DEFAULT_BOUNDARY_COST,
): Services {
  const evidence = new EvidenceService(executor);
  return {
    executor,
    imports: new ImportService(executor),
    derive: new DeriveService(executor),
    evidence,
    dhr: new DhrService(evidence),
    governance: new GovernanceService(executor),
    trace: new TraceService(executor),
    impact: new ImpactService(executor),
    coverage: new CoverageService(executor),
    health: new HealthService(executor, boundaryCost),
    audit: new AuditService(executor),
    records: new RecordService(executor),
    equipment: new EquipmentService(executor),
    live: new LiveReadings(),
    apiKeys: new ApiKeyService(executor),
    auditTrail: new AuditTrail(executor),
  };
}

/**
 * Connects to the configured Neo4j and applies pending migrations. With `startLocal`, a local
 * instance that is not running is started (and `startedLocal` says so, to stop it at exit).
 */
export async function openGraph(
  config: Config,
  logger: Logger,
  options: { startLocal: boolean } = { startLocal: false },
): Promise<{ executor: Executor; startedLocal: boolean; applied: string[] }> {
  let startedLocal = false;
  let target = config.neo4j;
  if (target.mode === 'local') {
    const local = new LocalNeo4j(config.local);
    const status = await local.status(LOCAL_INSTANCE);
    if (!status.running) {
      if (!options.startLocal) {
        throw new ThreadgraphError(
          'UNAVAILABLE',
          'the local Neo4j is not running: start it with `npx threadgraph db start`, ' +
            'or set NEO4J_URI to another Neo4j',
        );
      }
      const state = await local.start(LOCAL_INSTANCE, {
        boltPort: config.local.boltPort,
        log: (m) => logger.info(m),
      });
      target = local.target(LOCAL_INSTANCE, state.boltPort, target.database);
      startedLocal = true;
    } else if (status.state) {
      // its port and its password (from the instance's password file), never from the environment
      target = local.target(LOCAL_INSTANCE, status.state.boltPort, target.database);
    }
  }
  const executor = Executor.connect(target, CypherRegistry.load());
  let applied: string[];
  try {
    await executor.verify();
    applied = await migrate(executor);
    if (applied.length > 0) logger.info({ migrations: applied }, 'schema migrations applied');
  } catch (e) {
    await executor.close();
    throw e;
  }
  return { executor, startedLocal, applied };
}

export interface Jobs {
  readonly queue: BullImportQueue;
  readonly jobs: ImportJobService;
  close(): Promise<void>;
}

/**
 * Connects to the job queue at REDIS_URL. With `startLocal` and no REDIS_URL given, a Redis
 * that does not answer at the default address is started from this machine's redis-server
 * (AOF on, noeviction; `startedLocal` says so, to stop it at exit).
 */
export async function openJobs(
  config: Config,
  executor: Executor | undefined,
  logger: Logger,
  options: { startLocal: boolean } = { startLocal: false },
): Promise<Jobs & { startedLocal: boolean }> {
  let jobsConfig = config.jobs;
  let startedLocal = false;
  if (options.startLocal && !jobsConfig.redisUrlGiven) {
    const { host, port } = redisOptions(jobsConfig.redisUrl);
    if (!(await pong(port, host))) {
      if (!LocalRedis.available()) {
        throw new ThreadgraphError(
          'UNAVAILABLE',
          `no Redis answers at ${redactedUrl(jobsConfig.redisUrl)} and redis-server is not installed: ` +
            'install Redis 6.2+ or set REDIS_URL',
        );
      }
      const state = await new LocalRedis(config.local.home).start(LOCAL_REDIS, {
        port,
        log: (m) => logger.info(m),
      });
      jobsConfig = { ...jobsConfig, redisUrl: `redis://127.0.0.1:${state.port}` };
      startedLocal = true;
    }
  }
  const queue = await new BullImportQueue(jobsConfig).open().catch((e: unknown) => {
    throw new ThreadgraphError(
      'UNAVAILABLE',
      `${(e as Error).message}\nImport jobs need Redis: start one (redis-server), set REDIS_URL, ` +
        'or run `npx threadgraph start`, which starts one when it can',
      { cause: e },
    );
  });
  return {
    queue,
    jobs: new ImportJobService(queue, executor, config.local.home),
    startedLocal,
    close: async () => {
      await queue.close();
      if (startedLocal) await new LocalRedis(config.local.home).stop(LOCAL_REDIS);
    },
  };
}

/** A worker of the import queue in this process. */
export function runWorker(
  config: Config,
  services: Services,
  jobs: Jobs,
  logger: Logger,
  concurrency: number = config.jobs.concurrency,
): Promise<RunningWorker> {
  return startImportWorker({
    config: { ...config.jobs, redisUrl: jobs.queue.redisUrl },
    queue: jobs.queue,
    imports: services.imports,
    batchSize: config.importBatchSize,
    concurrency,
    logger,
  });
}

/**
 * The reading writer (one at a time across processes: the others wait for its lease) and this
 * process's live feed for subscriptions, on the job queue's Redis.
 */
export async function runReadings(
  config: Config,
  services: Services,
  jobs: Jobs,
  logger: Logger,
  options: { writer: boolean } = { writer: true },
): Promise<{ writer?: RunningWriter; close(): Promise<void> }> {
  const redisUrl = jobs.queue.redisUrl;
  const feed = await subscribeLiveReadings(
    redisUrl,
    config.jobs.prefix,
    (m) => services.live.publish(m),
    logger,
  );
  const writer = options.writer
    ? startReadingWriter({
        redisUrl,
        prefix: config.jobs.prefix,
        store: (batch) => services.equipment.store(batch),
        logger,
      })
    : undefined;
  return {
    ...(writer ? { writer } : {}),
    close: async () => {
      await writer?.close();
      await feed.close();
    },
  };
}

/** The GraphQL schema served, as SDL (building it touches no database). */
export async function printApiSchema(): Promise<string> {
  return printSchema(await buildApiSchema(createServices({} as Executor)));
}

export async function serve(
  services: Services,
  config: Config,
  logger: Logger,
  jobs?: Jobs,
): Promise<RunningApi> {
  const { host, port, allowedHosts } = config.http;
  const { access } = config;
  checkSignInForHost(config);
  if (!isLoopback(host) && allowedHosts.length === 0) {
    logger.warn('any Host name is answered: list yours in THREADGRAPH_ALLOWED_HOSTS');
  }
  if (!access.signIn) {
    logger.warn(
      'no sign-in: every request is the local user (admin), which is fine on 127.0.0.1 only',
    );
  }
  // the provider's settings are the verifier's options (OidcConfig carries the web app's too)
  const verifier = access.oidc ? createTokenVerifier(access.oidc) : undefined;
  const audit = async (
    identity: Identity,
    from: string | null,
    action: string,
    target: string | null,
    detail: Record<string, string | number | boolean | null> | null = null,
  ): Promise<void> => {
    try {
      await services.auditTrail.record({
        actor: identity.subject,
        actorKind: identity.kind,
        action,
        target,
        from,
        reason: null,
        detail,
      });
    } catch (e) {
      // the action is done; an audit trail that cannot be written is an operator's emergency
      logger.error({ err: e, action, target, actor: identity.subject }, 'audit trail not written');
    }
  };
  await recordConfiguration(services.auditTrail, config, logger);
  const signIn = createSignIn({
    onFirstUse: (identity, from) => void audit(identity, from, 'sign-in', null),
    required: access.signIn,
    identifyKey: (key) => services.apiKeys.identify(key),
    verifyToken: verifier ? (token) => verifier.verify(token) : undefined,
  });
  return startApi(
    {
      ...services,
      ...(jobs ? { jobs: { jobs: jobs.jobs, importDirs: config.jobs.importDirs } } : {}),
    },
    {
      host,
      port,
      allowedHosts,
      production: config.production,
      logger,
      healthCheck: () => services.executor.verify(),
      home: config.local.home,
      uploadMaxBytes: config.jobs.uploadMaxBytes,
      signIn,
      audit,
      limits: { maxDepth: access.maxDepth, maxAliases: access.maxAliases, maxCost: access.maxCost },
      // one identity without sign-in: the workstation limits no one but itself (and its benches)
      rateLimiter: new RateLimiter(access.signIn ? access.ratePerMinute : 0),
      signInInfo: {
        signIn: access.signIn ? 'required' : 'off',
        ...(access.oidc?.webClientId
          ? {
              oidc: {
                issuer: access.oidc.issuer,
                clientId: access.oidc.webClientId,
                scopes: access.oidc.webScopes,
                audience: access.oidc.audience,
              },
            }
          : {}),
      },
      // the app discovers the provider and exchanges its code there, from the browser
      appConnectOrigins: access.oidc?.webClientId ? [new URL(access.oidc.issuer).origin] : [],
      ...(jobs
        ? { readingTelemetry: readingTelemetry(jobs.queue.redisUrl, config.jobs.prefix) }
        : {}),
    },
  );
}

/**
 * A configuration change is an audit event: at start, the settings that decide who may do what
 * and how much (never a secret) are compared with the last ones recorded, and recorded if they
 * differ, by the operating-system user who started the server.
 */
async function recordConfiguration(
  trail: AuditTrail,
  config: Config,
  logger: Logger,
): Promise<void> {
  const { access, http } = config;
  const detail = {
    host: http.host,
    port: http.port,
    allowedHosts: http.allowedHosts.join(','),
    signIn: access.signIn,
    oidcIssuer: access.oidc?.issuer ?? null,
    oidcAudience: access.oidc?.audience ?? null,
    oidcAlgorithms: access.oidc?.algorithms.join(',') ?? null,
    maxDepth: access.maxDepth,
    maxAliases: access.maxAliases,
    maxCost: access.maxCost,
    ratePerMinute: access.ratePerMinute,
  };
  try {
    const [last] = (await trail.page(1, null, { actionPrefix: 'config.change' })).nodes;
    if (last && canonicalJson(last.detail) === canonicalJson(detail)) return;
    await trail.record({
      actor: `os:${userInfo().username}`,
      actorKind: 'cli',
      action: 'config.change',
      target: null,
      from: null,
      reason: last ? 'the settings differ from the last recorded' : 'the first start recorded',
      detail,
    });
  } catch (e) {
    logger.error({ err: e }, 'audit trail not written: the configuration at start');
  }
}

/**
 * Listening beyond loopback without sign-in is refused: anyone who could reach the port would
 * read every record and start imports. `start` asks before it starts anything.
 */
export function checkSignInForHost(config: Config): void {
  const { host, port } = config.http;
  if (isLoopback(host) || config.access.signIn) return;
  throw new ThreadgraphError(
    'CONFIG_INVALID',
    `HOST=${host} listens beyond this machine, and no sign-in is configured: anyone who could ` +
      `reach port ${port} would read every record and start imports. Set ` +
      'THREADGRAPH_SIGN_IN=required (API keys: threadgraph keys create) and/or ' +
      'THREADGRAPH_OIDC_ISSUER and THREADGRAPH_OIDC_AUDIENCE, or listen on 127.0.0.1',
  );
}

/** Runs `stop` once on SIGINT or SIGTERM, then exits. */
export function onShutdown(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stop()
      .then(() => process.exit(0))
      .catch((e: unknown) => {
        logger.error({ err: e }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
