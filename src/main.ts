/**
 * Composition root: configuration → graph → services → API. Knows which Neo4j to use (NEO4J_URI,
 * else the local instance `threadgraph db start` runs) and shuts everything down in order.
 */
import type { Logger } from 'pino';
import { printSchema } from 'graphql';
import type { ApiServices } from './api/schema';
import { buildApiSchema } from './api/schema';
import type { RunningApi } from './api/server';
import { startApi } from './api/server';
import type { Config } from './config';
import { ThreadgraphError } from './domain/errors';
import { DEFAULT_BOUNDARY_COST } from './domain/health';
import { CypherRegistry } from './graph/cypher-registry';
import { Executor } from './graph/executor';
import { LocalNeo4j } from './graph/local-neo4j';
import { migrate } from './graph/migrations';
import { EvidenceService } from './services/evidence-service';
import { GovernanceService } from './services/governance-service';
import { ImportService } from './services/import-service';
import { AuditService } from './services/audit-service';
import { CoverageService } from './services/coverage-service';
import { DeriveService } from './services/derive-service';
import { HealthService } from './services/health-service';
import { ImpactService } from './services/impact-service';
import { TraceService } from './services/trace-service';

export const LOCAL_INSTANCE = 'local';

export interface Services extends ApiServices {
  readonly executor: Executor;
  readonly imports: ImportService;
  readonly derive: DeriveService;
}

export function createServices(
  executor: Executor,
  boundaryCost: Config['boundaryCost'] = DEFAULT_BOUNDARY_COST,
): Services {
  return {
    executor,
    imports: new ImportService(executor),
    derive: new DeriveService(executor),
    evidence: new EvidenceService(executor),
    governance: new GovernanceService(executor),
    trace: new TraceService(executor),
    impact: new ImpactService(executor),
    coverage: new CoverageService(executor),
    health: new HealthService(executor, boundaryCost),
    audit: new AuditService(executor),
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
      target = { ...target, uri: `bolt://127.0.0.1:${state.boltPort}` };
      startedLocal = true;
    } else if (status.state) {
      target = { ...target, uri: `bolt://127.0.0.1:${status.state.boltPort}` };
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

/** The GraphQL schema served, as SDL (building it touches no database). */
export async function printApiSchema(): Promise<string> {
  return printSchema(await buildApiSchema(createServices({} as Executor)));
}

export async function serve(
  services: Services,
  config: Config,
  logger: Logger,
): Promise<RunningApi> {
  return startApi(services, {
    host: config.http.host,
    port: config.http.port,
    production: config.production,
    logger,
    healthCheck: () => services.executor.verify(),
  });
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
