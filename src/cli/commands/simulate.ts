/**
 * `threadgraph simulate`: the demo thread's machines as a live OPC UA server (collector/
 * simulator.ts serving demo/live-plant.ts) — the endpoint URL on stdout, one line, for scripts;
 * what it simulates on stderr. Runs until Ctrl+C (SIGINT) or SIGTERM.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type * as SimulatorModule from '../../collector/simulator';
import type { SimulatorConfigOptions } from '../../collector/simulator';
import type { Config } from '../../config';
import { DEMO_UNITS, readDemoPlant } from '../../demo/demo-machines';
import { planLivePlant } from '../../demo/live-plant';
import { ThreadgraphError } from '../../domain/errors';
import { onShutdown } from '../../main';
import type { CommandHelp } from '../args';
import { nonNegative, parse, positive, UsageError } from '../args';
import { describeSimulation } from '../render/opcua-text';

// as collector/simulator.ts (see loadSimulator)
const DEFAULT_SIMULATOR_PORT = 4840;
const MIN_INTERVAL_MS = 10;

export const simulateHelp: CommandHelp = {
  usage: [
    'threadgraph simulate [--port N] [--host H] [--machines N] [--interval-ms N] [--write-config FILE]',
    'threadgraph simulate [--user NAME --password-file FILE [--no-anonymous]] [--strict-pki] [--pki-dir DIR]',
  ],
  summary: "serve the demo plant's machines live over OPC UA, for the collector to subscribe to",
  description:
    'Runs an OPC UA server (OPC UA for Machinery: a Machines folder, each machine with its ' +
    'Identification nameplate and a Monitoring object) at opc.tcp://HOST:PORT/threadgraph and ' +
    'prints that URL on stdout. Each of the demo thread’s machines runs operations (60 s, then ' +
    '15 s idle) and reports its energy counter (kWh), motor current (A), vibration velocity ' +
    '(mm/s), temperature (°C) and state, as ns=1;s=<equipment>.EnergyCounter and so on. One ' +
    'machine’s vibration drifts into yellow after 2 minutes and into red after 5; another is ' +
    'stopped for maintenance after 3 minutes and its energy counter starts again from 0. ' +
    'Endpoints: None, Sign and SignAndEncrypt (Basic256Sha256, Aes128_Sha256_RsaOaep). Ctrl+C stops it.',
  options: [
    [
      '--port N',
      `port to listen on (default ${DEFAULT_SIMULATOR_PORT}; 0: a free one, see the URL)`,
    ],
    ['--host H', 'address to listen on (default 127.0.0.1; 0.0.0.0: every interface)'],
    [
      '--machines N',
      'the first N of the demo’s machines (default all 36; more: further cells of the same operations)',
    ],
    [
      '--interval-ms N',
      `how often every signal is set (default 1000, at least ${MIN_INTERVAL_MS})`,
    ],
    ['--operation-s N', 'length of an operation (default 60)'],
    ['--idle-s N', 'idle time between operations (default 15)'],
    [
      '--write-config FILE',
      'write a collector config for these machines (threadgraph collect --config FILE)',
    ],
    ['--user NAME', 'a user that may sign in, with --password-file'],
    ['--password-file FILE', 'the user’s password: the file’s first line'],
    ['--no-anonymous', 'refuse anonymous sessions (needs --user)'],
    [
      '--strict-pki',
      'accept only client certificates in the PKI’s trusted/ folder (default: trust one on first use)',
    ],
    ['--pki-dir DIR', 'the server’s certificates (default THREADGRAPH_HOME/opcua/simulator-pki)'],
    [
      '--demo-units N',
      `the demo thread the plant belongs to, for its work orders (default ${DEMO_UNITS}, as start)`,
    ],
  ],
};

export async function simulateCommand(
  args: string[],
  config: Config,
  logger: Logger,
): Promise<number> {
  const { values } = parse(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    machines: { type: 'string' },
    'interval-ms': { type: 'string' },
    'operation-s': { type: 'string' },
    'idle-s': { type: 'string' },
    'write-config': { type: 'string' },
    user: { type: 'string' },
    'password-file': { type: 'string' },
    'no-anonymous': { type: 'boolean', default: false },
    'strict-pki': { type: 'boolean', default: false },
    'pki-dir': { type: 'string' },
    'demo-units': { type: 'string' },
  });
  const port =
    values.port === undefined ? DEFAULT_SIMULATOR_PORT : nonNegative(values.port, '--port');
  if (port > 65535) throw new UsageError(`--port must be at most 65535, not ${port}`);
  const intervalMs =
    values['interval-ms'] === undefined ? 1000 : positive(values['interval-ms'], '--interval-ms');
  if (intervalMs < MIN_INTERVAL_MS) {
    throw new UsageError(`--interval-ms must be at least ${MIN_INTERVAL_MS}, not ${intervalMs}`);
  }
  const user = readUser(values.user, values['password-file']);
  if (values['no-anonymous'] && user === undefined) {
    throw new UsageError('--no-anonymous needs --user and --password-file: nobody could sign in');
  }
  const demo = readDemoPlant(
    values['demo-units'] === undefined
      ? DEMO_UNITS
      : positive(values['demo-units'], '--demo-units'),
  );
  const plant = planLivePlant(demo, {
    startedAt: Date.now(),
    machines:
      values.machines === undefined
        ? demo.machines.length
        : positive(values.machines, '--machines', 100_000),
    operationMs:
      1000 *
      (values['operation-s'] === undefined ? 60 : positive(values['operation-s'], '--operation-s')),
    idleMs:
      1000 * (values['idle-s'] === undefined ? 15 : nonNegative(values['idle-s'], '--idle-s')),
  });
  const { simulatorCollectorConfig, startSimulator } = loadSimulator();
  const sim = await startSimulator({
    plant,
    pkiFolder: values['pki-dir'] ?? join(config.local.home, 'opcua', 'simulator-pki'),
    port,
    host: values.host ?? '127.0.0.1',
    intervalMs,
    allowAnonymous: !values['no-anonymous'],
    ...(user ? { user } : {}),
    trustClients: !values['strict-pki'],
    log: (line) => logger.warn(line),
  });
  onShutdown(logger, () => sim.stop());
  let written: string | undefined;
  try {
    if (values['write-config'] !== undefined) {
      const identity: SimulatorConfigOptions['identity'] =
        user && values['password-file']
          ? { type: 'username', user: user.name, passwordFile: resolve(values['password-file']) }
          : { type: 'anonymous' };
      written = writeJson(values['write-config'], simulatorCollectorConfig(sim, { identity }));
    }
  } catch (e) {
    await sim.stop();
    throw e;
  }
  process.stdout.write(`${sim.endpointUrl}\n`);
  process.stderr.write(describeSimulation(sim, written));
  return new Promise<number>(() => undefined); // runs until a signal
}

/**
 * collector/simulator.ts, loaded when the command runs rather than with the CLI: node-opcua takes
 * a second to load, which every other command would pay.
 */
function loadSimulator(): typeof SimulatorModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../collector/simulator') as typeof SimulatorModule;
}

function readUser(
  name: string | undefined,
  passwordFile: string | undefined,
): { name: string; password: string } | undefined {
  if (name === undefined && passwordFile === undefined) return undefined;
  if (name === undefined || passwordFile === undefined) {
    throw new UsageError('--user and --password-file go together');
  }
  try {
    return { name, password: readFileSync(passwordFile, 'utf8').split(/\r?\n/)[0] ?? '' };
  } catch (e) {
    throw new ThreadgraphError(
      'INVALID_INPUT',
      `cannot read the password file ${passwordFile}: ${(e as Error).message}`,
      { cause: e },
    );
  }
}

/** Writes JSON whole or not at all (FILE.partial, then renamed); its folder is made if missing. */
function writeJson(file: string, value: unknown): string {
  const path = resolve(file);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(`${path}.partial`, `${JSON.stringify(value, null, 2)}\n`);
    renameSync(`${path}.partial`, path);
  } catch (e) {
    throw new ThreadgraphError('INVALID_INPUT', `cannot write ${file}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  return path;
}
