/**
 * The `threadgraph` command. Answers go to stdout, logs and progress to stderr; exit codes are
 * listed in HELP (exit-codes.ts). Each command lives in commands/ with its help, its text for
 * people in render/. `threadgraph <command> --help` prints the command's help; a usage error
 * says what is wrong and prints its usage line.
 */
import '../production-default';
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { loadConfig } from '../config';
import type { ErrorCode } from '../domain/errors';
import { ThreadgraphError } from '../domain/errors';
import { createLogger } from '../logger';
import { printApiSchema } from '../main';
import { PACKAGE_ROOT } from '../paths';
import type { CommandHelp } from './args';
import { closest, parse, UsageError } from './args';
import { deriveCommand, deriveHelp, generateCommand, generateHelp } from './commands/data';
import { collectCommand, collectHelp } from './commands/collect';
import { dbCommand, dbHelp } from './commands/db';
import { equipmentCommand, equipmentHelp } from './commands/equipment';
import { dhrCommand, dhrHelp } from './commands/dhr';
import { importCommand, importHelp } from './commands/import';
import { jobsCommand, jobsHelp } from './commands/jobs';
import { keysCommand, keysHelp } from './commands/keys';
import { opcuaCommand, opcuaHelp } from './commands/opcua';
import {
  auditCommand,
  auditHelp,
  healthCommand,
  healthHelp,
  impactCommand,
  impactHelp,
  searchCommand,
  searchHelp,
  traceCommand,
  traceHelp,
} from './commands/questions';
import { simulateCommand, simulateHelp } from './commands/simulate';
import { serveCommand, serveHelp, startCommand, startHelp } from './commands/start';
import { workerCommand, workerHelp } from './commands/worker';
import { EXIT } from './exit-codes';
import { renderCommandHelp, renderHelp, renderUsage } from './render/help-text';

const FOOTER = `Environment: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE (another Neo4j instead of the
local one); PORT (4000), HOST (127.0.0.1); THREADGRAPH_HOME (~/.threadgraph),
THREADGRAPH_BOLT_PORT (7687), THREADGRAPH_NEO4J_HEAP (1g), THREADGRAPH_NEO4J_PAGECACHE (512m);
THREADGRAPH_IMPORT_BATCH (2000); REDIS_URL (redis://127.0.0.1:6379), THREADGRAPH_REDIS_PREFIX
(threadgraph), THREADGRAPH_WORKER_CONCURRENCY (2), THREADGRAPH_JOB_ATTEMPTS (8),
THREADGRAPH_JOB_BACKOFF_MS (2000), THREADGRAPH_JOB_LOCK_MS (30000); THREADGRAPH_COST_PER_ESCAPE (11000),
THREADGRAPH_CHANGES_PER_YEAR (500), THREADGRAPH_CURRENCY (GBP); LOG_LEVEL (info);
THREADGRAPH_SIGN_IN (off on 127.0.0.1; required), THREADGRAPH_OIDC_ISSUER, THREADGRAPH_OIDC_AUDIENCE,
THREADGRAPH_OIDC_WEB_CLIENT_ID, THREADGRAPH_OIDC_JWKS_URI, THREADGRAPH_OIDC_ALGORITHMS (RS256),
THREADGRAPH_OIDC_CLOCK_SKEW_S (60), THREADGRAPH_OIDC_ROLES_CLAIM (roles), THREADGRAPH_OIDC_SITES_CLAIM
(sites); THREADGRAPH_MAX_DEPTH (12), THREADGRAPH_MAX_ALIASES (30), THREADGRAPH_MAX_COST (50000),
THREADGRAPH_RATE_LIMIT (1200 a minute per identity); THREADGRAPH_ALLOWED_HOSTS.

Exit codes: 0 done; 1 bad usage, configuration or unreadable input; 2 not found;
3 Neo4j or Redis unavailable, or an import job failed or was cancelled; 4 internal error;
5 import: the files were imported, but some lines were rejected. With several files, import
exits with the worst outcome: 3, then 1, then 5, then 0. 6 audit verify or export: the audit
trail (or the copy) is not intact: edited, deleted, reordered or inserted events, each named.
`;

/** A command that needs the configuration (Neo4j, Redis, …). */
type Command = (args: string[], config: Config, logger: Logger) => Promise<number>;

interface Entry {
  readonly help: CommandHelp;
  readonly run: Command;
}

/** A command that works without any configuration. */
interface OfflineEntry {
  readonly help: CommandHelp;
  readonly offline: (args: string[]) => Promise<number>;
}

const schemaHelp: CommandHelp = {
  usage: ['threadgraph schema'],
  summary: 'print the GraphQL schema served (SDL)',
};

/** Every command, in the order HELP lists them. */
const COMMANDS: Readonly<Record<string, Entry | OfflineEntry>> = {
  start: { help: startHelp, run: startCommand },
  serve: { help: serveHelp, run: serveCommand },
  import: { help: importHelp, run: importCommand },
  worker: { help: workerHelp, run: workerCommand },
  collect: { help: collectHelp, run: collectCommand },
  jobs: { help: jobsHelp, run: jobsCommand },
  trace: { help: traceHelp, run: traceCommand },
  dhr: { help: dhrHelp, run: dhrCommand },
  impact: { help: impactHelp, run: impactCommand },
  health: { help: healthHelp, run: healthCommand },
  equipment: { help: equipmentHelp, run: equipmentCommand },
  search: { help: searchHelp, run: searchCommand },
  audit: { help: auditHelp, run: auditCommand },
  keys: { help: keysHelp, run: keysCommand },
  derive: { help: deriveHelp, run: deriveCommand },
  schema: { help: schemaHelp, offline: schemaCommand },
  generate: { help: generateHelp, offline: generateCommand },
  db: { help: dbHelp, run: dbCommand },
  simulate: { help: simulateHelp, run: simulateCommand },
  opcua: { help: opcuaHelp, run: opcuaCommand },
};

const HELP = renderHelp(
  Object.values(COMMANDS).map((c) => c.help),
  FOOTER,
);

const EXIT_OF: Record<ErrorCode, number> = {
  INVALID_INPUT: EXIT.USAGE,
  CONFIG_INVALID: EXIT.USAGE,
  NOT_FOUND: EXIT.NOT_FOUND,
  GOVERNANCE_VIOLATION: EXIT.USAGE,
  UNAVAILABLE: EXIT.UNAVAILABLE,
  UNAUTHENTICATED: EXIT.USAGE,
  FORBIDDEN: EXIT.USAGE,
  RATE_LIMITED: EXIT.UNAVAILABLE,
  INTERNAL: EXIT.INTERNAL,
};

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    process.stdout.write(HELP);
    return EXIT.USAGE;
  }
  if (command === '--version' || command === '-V') {
    process.stdout.write(`threadgraph ${version()}\n`);
    return EXIT.DONE;
  }
  if (command === 'help' || command === '--help' || command === '-h') return help(rest);
  const entry = COMMANDS[command];
  if (entry === undefined) throw unknownCommand(command);
  if (asksHelp(rest)) {
    process.stdout.write(renderCommandHelp(entry.help));
    return EXIT.DONE;
  }
  try {
    if ('offline' in entry) return await entry.offline(rest);
    const config = loadConfig();
    return await entry.run(rest, config, createLogger(config.logLevel));
  } catch (e) {
    if (e instanceof UsageError) {
      // what is wrong, then the usage line (a message that is a usage line already stays as it is)
      throw new UsageError(
        e.message.startsWith('usage: ')
          ? e.message
          : `threadgraph ${command}: ${e.message}\n${renderUsage(entry.help)}`,
        { cause: e },
      );
    }
    throw e;
  }
}

/** `threadgraph help [COMMAND]`. */
function help(args: readonly string[]): number {
  const [topic, ...more] = args;
  if (topic === undefined) {
    process.stdout.write(HELP);
    return EXIT.DONE;
  }
  const entry = COMMANDS[topic];
  if (entry === undefined || more.length > 0) {
    throw entry === undefined
      ? unknownCommand(topic)
      : new UsageError(
          'threadgraph help: one command at a time\nusage: threadgraph help [COMMAND]',
        );
  }
  process.stdout.write(renderCommandHelp(entry.help));
  return EXIT.DONE;
}

/** `--help` or `-h` among a command's arguments (before a `--`). */
function asksHelp(args: readonly string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

function unknownCommand(typed: string): UsageError {
  const names = Object.keys(COMMANDS);
  const near = typed.startsWith('-') ? undefined : closest(typed, names);
  return new UsageError(
    `threadgraph: ${typed.startsWith('-') ? `unknown option ${typed}: a command comes first` : `unknown command ${JSON.stringify(typed)}`}` +
      `${near ? ` (did you mean ${near}?)` : ''}\n` +
      `usage: threadgraph COMMAND [options]; threadgraph help lists the commands (${names.join(', ')})`,
  );
}

async function schemaCommand(args: string[]): Promise<number> {
  parse(args, {});
  // the GraphQL schema as served (SDL); src/api/schema.graphql is this, committed and checked
  process.stdout.write(`${await printApiSchema()}\n`);
  return EXIT.DONE;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? 'unknown';
}

/** Runs the command and sets the exit code; errors become one line on stderr (no stack). */
export function run(argv: readonly string[]): void {
  process.stdout.on('error', stdoutFailed);
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      if ((e as NodeJS.ErrnoException | undefined)?.code === 'EPIPE') {
        process.exitCode = EXIT.DONE; // see stdoutFailed
      } else if (e instanceof UsageError) {
        process.stderr.write(`${e.message}\n`);
        process.exitCode = EXIT.USAGE;
      } else if (e instanceof ThreadgraphError) {
        process.stderr.write(`threadgraph: ${e.message}\n`);
        process.exitCode = EXIT_OF[e.code];
      } else {
        process.stderr.write(`threadgraph: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
        process.exitCode = EXIT.INTERNAL;
      }
    },
  );
}

/**
 * Writing the answer failed. EPIPE: whoever read it went away (`threadgraph generate … | head`):
 * stop at once and quietly, as any Unix filter does, with the status so far.
 */
function stdoutFailed(e: NodeJS.ErrnoException): void {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.DONE);
  process.stderr.write(`threadgraph: cannot write the output: ${e.message}\n`);
  process.exit(EXIT.USAGE);
}

if (require.main === module) run(process.argv.slice(2));
