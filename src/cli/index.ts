/**
 * The `threadgraph` command. Answers go to stdout, logs and progress to stderr; exit codes are
 * listed in HELP. Each command lives in commands/, its text for people in render/.
 */
import '../production-default';
import 'reflect-metadata';
import type { Config } from '../config';
import { loadConfig } from '../config';
import type { ErrorCode } from '../domain/errors';
import { ThreadgraphError } from '../domain/errors';
import { createLogger } from '../logger';
import { printApiSchema } from '../main';
import { parse, UsageError } from './args';
import { deriveCommand, generateCommand } from './commands/data';
import { dbCommand } from './commands/db';
import { importCommand } from './commands/import';
import { jobsCommand } from './commands/jobs';
import {
  auditCommand,
  healthCommand,
  impactCommand,
  searchCommand,
  traceCommand,
} from './commands/questions';
import { serveCommand, startCommand } from './commands/start';
import { workerCommand } from './commands/worker';

const HELP = `threadgraph — the digital thread of every serial number, in Neo4j, over GraphQL

Usage:
  threadgraph start [--demo-units N]   start the local Neo4j (unless NEO4J_URI is set), migrate,
                                       load the demo thread into an empty graph, serve GraphQL
  threadgraph serve                    serve GraphQL at http://HOST:PORT/graphql
  threadgraph import [--format canonical] [--no-wait] FILE...
                                       import each file as a job (worked here when no worker
                                       runs); prints what was applied, rejected (line and
                                       reason) and refused by authority
  threadgraph worker [--concurrency N] take import jobs off the queue (SIGTERM drains)
  threadgraph jobs [--state S]... [--limit N] [--offset N] [--json]
                                       list import jobs (waiting, active, delayed, completed,
                                       failed, cancelled)
  threadgraph jobs show|retry|cancel ID [--json]
  threadgraph jobs rejected ID         every rejected line of a job, as CSV
  threadgraph trace SERIAL [--json]    the evidence chain of a serial number
  threadgraph trace --forward LOT|SERIAL [--json]
                                       every unit that contains it, at any depth (recall scope)
  threadgraph trace --backward SERIAL|LOT [--depth N] [--json]
                                       its as-built tree; cycles in the data are reported
  threadgraph impact CHANGE-ORDER [--json]
                                       units and work orders inside its effectivity, and escapes
  threadgraph health [--site S] [--from T] [--to T] [--cost-per-escape X] [--changes-per-year N] [--json]
                                       thread health: escape rate, structured NCRs, complete
                                       evidence, release to floor, cost of broken boundaries
  threadgraph search PREFIX [--kind Unit|Lot|WorkOrder|Part|Nonconformance|ChangeOrder]...
  threadgraph audit [--json]           data ownership audit per artefact class
  threadgraph derive                   work out every unit's derived state and daily counts again
  threadgraph schema                   print the GraphQL schema served (SDL)
  threadgraph generate --units N [--seed S] [--out FILE]
                                       write the demo thread as canonical JSON Lines
  threadgraph db start|stop|status     the local Neo4j (data under THREADGRAPH_HOME)
  threadgraph db migrate               apply the graph schema migrations

Environment: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE (another Neo4j instead of the
local one); PORT (4000), HOST (127.0.0.1); THREADGRAPH_HOME (~/.threadgraph),
THREADGRAPH_BOLT_PORT (7687), THREADGRAPH_NEO4J_HEAP (1g), THREADGRAPH_NEO4J_PAGECACHE (512m);
THREADGRAPH_IMPORT_BATCH (2000); REDIS_URL (redis://127.0.0.1:6379), THREADGRAPH_REDIS_PREFIX
(threadgraph), THREADGRAPH_WORKER_CONCURRENCY (2), THREADGRAPH_JOB_ATTEMPTS (8),
THREADGRAPH_JOB_BACKOFF_MS (2000), THREADGRAPH_JOB_LOCK_MS (30000); THREADGRAPH_COST_PER_ESCAPE (11000),
THREADGRAPH_CHANGES_PER_YEAR (500), THREADGRAPH_CURRENCY (GBP); LOG_LEVEL (info).

Exit codes: 0 done; 1 bad usage, configuration or unreadable input; 2 not found;
3 Neo4j or Redis unavailable, or an import job failed or was cancelled; 4 internal error.
`;

const EXIT: Record<ErrorCode | 'USAGE', number> = {
  USAGE: 1,
  INVALID_INPUT: 1,
  CONFIG_INVALID: 1,
  NOT_FOUND: 2,
  GOVERNANCE_VIOLATION: 1,
  UNAVAILABLE: 3,
  INTERNAL: 4,
};

type Command = (
  args: string[],
  config: Config,
  logger: ReturnType<typeof createLogger>,
) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  db: dbCommand,
  import: importCommand,
  worker: workerCommand,
  jobs: jobsCommand,
  trace: traceCommand,
  impact: impactCommand,
  health: healthCommand,
  search: searchCommand,
  audit: auditCommand,
  derive: deriveCommand,
  serve: serveCommand,
  start: startCommand,
};

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return command === undefined ? 1 : 0;
  }
  if (command === 'generate') return generateCommand(rest);
  if (command === 'schema') {
    parse(rest, {});
    // the GraphQL schema as served (SDL); src/api/schema.graphql is this, committed and checked
    process.stdout.write(`${await printApiSchema()}\n`);
    return 0;
  }
  const run = COMMANDS[command];
  if (run === undefined) {
    throw new UsageError(`unknown command ${JSON.stringify(command)}; see threadgraph help`);
  }
  const config = loadConfig();
  return run(rest, config, createLogger(config.logLevel));
}

/** Runs the command and sets the exit code; errors become one line on stderr. */
export function run(argv: readonly string[]): void {
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      if (e instanceof UsageError) {
        process.stderr.write(`${e.message}\n`);
        process.exitCode = EXIT.USAGE;
      } else if (e instanceof ThreadgraphError) {
        process.stderr.write(`threadgraph: ${e.message}\n`);
        process.exitCode = EXIT[e.code];
      } else {
        process.stderr.write(`threadgraph: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
        process.exitCode = EXIT.INTERNAL;
      }
    },
  );
}

if (require.main === module) run(process.argv.slice(2));
