/**
 * The simulated plant (`threadgraph simulate`): a node-opcua server that serves the live plant of
 * demo/live-plant.ts — the demo's machines with their nameplates and five signals each
 * (simulator-model.ts) — at opc.tcp://HOST:PORT/threadgraph, for the collector to subscribe to.
 *
 * Every tick (default 1 s, at least 10 ms) each signal is set to the plant's value at that instant
 * with setValueFromSource(variant, Good). No source timestamp is passed: given a Date,
 * node-opcua keeps whole milliseconds only (it sets sourcePicoseconds to 0); left to itself it
 * stamps the sample from its own clock (getCurrentClock: hrtime since a Date.now() reference,
 * re-synchronised every 3 s), with the sub-millisecond part in DataValue.sourcePicoseconds — on
 * the wire the DateTime's 100 ns ticks plus the 10 ps field. So a sample's source timestamp is
 * the instant it was set, microseconds after the instant the tick computed its value for. Ticks
 * keep to a fixed grid; a client sampling at 0 is sent every value (the server advertises
 * MinSupportedSampleRate 0: otherwise node-opcua folds changes over 50 ms windows).
 *
 * Security: endpoints for None, Sign and SignAndEncrypt, with Basic256Sha256 and
 * Aes128_Sha256_RsaOaep. The server's certificate and the clients' it has seen live in the PKI
 * folder given (own/, trusted/, rejected/; made at the first start; users/ holds the store of
 * X509 user certificates, which no session here uses). Client certificates are
 * accepted and trusted on first use unless `trustClients` is false: then only those in trusted/
 * are (move one there from rejected/ and restart: the folders are read at start, not watched).
 * Anonymous sessions are allowed unless `allowAnonymous` is false; a user and password may be
 * given for user-name sessions.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import {
  DataType,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAServer,
  SecurityPolicy,
  StatusCodes,
  VariantArrayType,
  coerceUInt64,
  getCurrentClock,
  nodesets,
} from 'node-opcua';
import type { LivePlant } from '../demo/live-plant';
import { machineAt } from '../demo/live-plant';
import { ThreadgraphError } from '../domain/errors';
import { routeOpcuaLogs } from './browse';
import type { SimulatedNode } from './simulator-model';
import {
  MACHINE_STATE_VALUES,
  PLANT_NAMESPACE_URI,
  SIGNALS,
  buildPlantSpace,
} from './simulator-model';

export const DEFAULT_SIMULATOR_PORT = 4840;
export const MIN_INTERVAL_MS = 10;
const RESOURCE_PATH = '/threadgraph';

export interface SimulatorOptions {
  /** the plant to serve (demo/live-plant.ts: planLivePlant) */
  readonly plant: LivePlant;
  /** the server's PKI: its certificate and the client certificates it has seen */
  readonly pkiFolder: string;
  /** default 4840; 0: a free port (see `port` of the answer) */
  readonly port?: number;
  /** the address to listen on (default 127.0.0.1); 0.0.0.0 for every interface */
  readonly host?: string;
  /** how often every signal is set (default 1000 ms, at least 10) */
  readonly intervalMs?: number;
  /** default true */
  readonly allowAnonymous?: boolean;
  /** a user-name identity the server accepts */
  readonly user?: { readonly name: string; readonly password: string };
  /** accept (and trust) client certificates not yet trusted (default true) */
  readonly trustClients?: boolean;
  /** where node-opcua's own warnings and errors go (process-wide: node-opcua has one logger) */
  readonly log?: (line: string) => void;
}

export interface SimulatorStats {
  /** ticks done: every signal was set once per tick */
  readonly ticks: number;
  /** samples set, all signals together */
  readonly produced: number;
  /** time spent setting values, in all */
  readonly busyMs: number;
  /** ticks skipped: the process was busy past their whole slot (see `startSimulator`) */
  readonly missedTicks: number;
}

export interface RunningSimulator {
  /** opc.tcp://HOST:PORT/threadgraph */
  readonly endpointUrl: string;
  readonly port: number;
  readonly namespaceUri: string;
  readonly namespaceIndex: number;
  /** every signal served, machine by machine */
  readonly nodes: readonly SimulatedNode[];
  readonly plant: LivePlant;
  readonly intervalMs: number;
  /** samples set so far: of one signal (its NodeId as in `nodes`), or of all */
  produced(nodeId?: string): number;
  stats(): SimulatorStats;
  /** stops the ticks and the server (its sessions are closed) */
  stop(): Promise<void>;
}

/** Starts the server and its ticks; answers once it listens. */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const { plant } = options;
  const intervalMs = options.intervalMs ?? 1000;
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? DEFAULT_SIMULATOR_PORT;
  const allowAnonymous = options.allowAnonymous ?? true;
  if (!Number.isFinite(intervalMs) || intervalMs < MIN_INTERVAL_MS) {
    throw new ThreadgraphError(
      'INVALID_INPUT',
      `the interval must be at least ${MIN_INTERVAL_MS} ms`,
    );
  }
  if (!allowAnonymous && options.user === undefined) {
    throw new ThreadgraphError(
      'INVALID_INPUT',
      'anonymous sessions are refused and no user is given: nobody could sign in',
    );
  }
  if (plant.machines.length === 0)
    throw new ThreadgraphError('INVALID_INPUT', 'the plant has no machines');
  if (options.log) routeOpcuaLogs(options.log);

  const certificates = new OPCUACertificateManager({
    rootFolder: options.pkiFolder,
    automaticallyAcceptUnknownCertificate: options.trustClients ?? true,
    disableFileWatchers: true,
  });
  const server = new OPCUAServer({
    port,
    host,
    // the URL says the address listened on; an unspecified one is left to node-opcua (the FQDN)
    ...(host === '0.0.0.0' || host === '::' ? {} : { hostname: host }),
    resourcePath: RESOURCE_PATH,
    nodesets: [nodesets.standard, nodesets.di, nodesets.ia, nodesets.machinery],
    serverInfo: {
      applicationUri: PLANT_NAMESPACE_URI,
      productUri: PLANT_NAMESPACE_URI,
      applicationName: { text: 'threadgraph simulated plant', locale: 'en' },
    },
    buildInfo: { productName: 'threadgraph simulated plant', manufacturerName: 'threadgraph' },
    serverCertificateManager: certificates,
    // the store of X509 user-token certificates; left out, node-opcua makes one under ~/.config
    userCertificateManager: new OPCUACertificateManager({
      rootFolder: join(options.pkiFolder, 'users'),
      automaticallyAcceptUnknownCertificate: false,
      disableFileWatchers: true,
    }),
    securityModes: [
      MessageSecurityMode.None,
      MessageSecurityMode.Sign,
      MessageSecurityMode.SignAndEncrypt,
    ],
    securityPolicies: [
      SecurityPolicy.None,
      SecurityPolicy.Basic256Sha256,
      SecurityPolicy.Aes128_Sha256_RsaOaep,
    ],
    allowAnonymous,
    // a client sampling at 0 is sent every value set: node-opcua otherwise folds the changes of
    // an exception-based item over MinSupportedSampleRate (50 ms) and keeps only the last
    serverCapabilities: { minSupportedSampleRate: 0 },
    ...(options.user ? { userManager: { isValidUser: checkUser(options.user) } } : {}),
  });
  await server.initialize();
  const addressSpace = server.engine.addressSpace;
  if (addressSpace === null) throw new Error('node-opcua made no address space');
  const space = buildPlantSpace(addressSpace, plant, intervalMs);

  let ticks = 0;
  let busyMs = 0;
  let missedTicks = 0;
  const perTick = space.nodes.length;
  const tick = () => {
    const began = performance.now();
    // node-opcua's clock (it is shared and reused: read it at once), as it stamps the samples
    const clock = getCurrentClock();
    const t = clock.timestamp.getTime() + clock.picoseconds / 1e9;
    plant.machines.forEach((m, i) => {
      const snapshot = machineAt(plant, m, t);
      const variables = space.variables[i] ?? [];
      SIGNALS.forEach((s, j) => {
        const value = s.value(snapshot);
        variables[j]?.setValueFromSource(
          typeof value === 'number'
            ? { dataType: DataType.Double, value }
            : { dataType: DataType.String, value },
          StatusCodes.Good,
        );
      });
    });
    ticks += 1;
    space.produced.setValueFromSource(
      {
        dataType: DataType.UInt64,
        arrayType: VariantArrayType.Scalar, // a UInt64 is [high, low]: not an array
        value: coerceUInt64(ticks * perTick),
      },
      StatusCodes.Good,
    );
    busyMs += performance.now() - began;
  };
  tick(); // values from the first moment a client can connect

  try {
    await server.start();
  } catch (e) {
    await server.shutdown(0).catch(() => undefined);
    throw listenError(e, host, port) ?? e;
  }
  // Ticks keep to a grid (origin + k × interval), where setInterval would count each interval
  // from the last tick: a process busy for a moment (a large publish to encode) delays one tick,
  // not every one after it. A slot passed entirely is skipped, and counted.
  const origin = performance.now();
  let slot = 0;
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    const now = performance.now();
    const due = Math.max(slot + 1, Math.ceil((now - origin) / intervalMs));
    missedTicks += due - slot - 1;
    slot = due;
    timer = setTimeout(
      () => {
        tick();
        schedule();
      },
      origin + slot * intervalMs - now,
    );
  };
  schedule();
  const taken = server.endpoints[0]?.port ?? port;
  const known = new Set(space.nodes.map((n) => n.nodeId));
  let stopping: Promise<void> | undefined;
  return {
    endpointUrl: server.getEndpointUrl(),
    port: taken,
    namespaceUri: PLANT_NAMESPACE_URI,
    namespaceIndex: space.namespaceIndex,
    nodes: space.nodes,
    plant,
    intervalMs,
    produced: (nodeId) => (nodeId === undefined ? ticks * perTick : known.has(nodeId) ? ticks : 0),
    stats: () => ({ ticks, produced: ticks * perTick, busyMs, missedTicks }),
    stop: () => {
      stopping ??= (async () => {
        clearTimeout(timer);
        await server.shutdown(0);
      })();
      return stopping;
    },
  };
}

/** How `simulate --write-config` has the collector connect. */
export interface SimulatorConfigOptions {
  /** each node's sampling interval (default 0: every value as it is set, exception-based) */
  readonly samplingIntervalMs?: number;
  readonly securityMode?: 'None' | 'Sign' | 'SignAndEncrypt';
  readonly securityPolicy?: 'None' | 'Basic256Sha256' | 'Aes128_Sha256_RsaOaep';
  readonly identity?:
    | { readonly type: 'anonymous' }
    | { readonly type: 'username'; readonly user: string; readonly passwordFile: string };
}

/**
 * A collector config (src/collector/config.ts) for everything the simulator serves: one endpoint
 * per site (the same URL), each listing that site's signals.
 */
export function simulatorCollectorConfig(
  sim: RunningSimulator,
  options: SimulatorConfigOptions = {},
): { endpoints: Record<string, unknown>[] } {
  const securityMode = options.securityMode ?? 'None';
  const sites = [...new Set(sim.nodes.map((n) => n.site))];
  return {
    endpoints: sites.map((site) => ({
      name: `sim-${site.toLowerCase()}`,
      url: sim.endpointUrl,
      site,
      securityMode,
      securityPolicy:
        options.securityPolicy ?? (securityMode === 'None' ? 'None' : 'Basic256Sha256'),
      identity: options.identity ?? { type: 'anonymous' },
      // the simulator's certificate is self-signed: trust it on first use
      ...(securityMode === 'None' ? {} : { acceptUnknownServerCertificate: true }),
      nodes: sim.nodes
        .filter((n) => n.site === site)
        .map((n) => ({
          nodeId: n.nodeId,
          equipmentId: n.equipmentId,
          tag: n.tag,
          meaning: n.meaning,
          unit: n.unit,
          samplingIntervalMs: options.samplingIntervalMs ?? 0,
          deadband: null,
          ...(n.meaning === 'machine_state' ? { values: MACHINE_STATE_VALUES } : {}),
        })),
    })),
  };
}

/** Compares in constant time (digests of equal length), so the answer leaks nothing. */
function checkUser(user: { readonly name: string; readonly password: string }) {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  const name = digest(user.name);
  const password = digest(user.password);
  return (userName: string, pass: string): boolean =>
    timingSafeEqual(digest(userName), name) && timingSafeEqual(digest(pass), password);
}

function listenError(e: unknown, host: string, port: number): ThreadgraphError | undefined {
  const text = `${(e as Error | undefined)?.message ?? ''} ${(e as NodeJS.ErrnoException | undefined)?.code ?? ''}`;
  if (/EADDRINUSE/.test(text)) {
    return new ThreadgraphError(
      'CONFIG_INVALID',
      `port ${port} on ${host} is in use: choose another with --port`,
      { cause: e },
    );
  }
  if (/EADDRNOTAVAIL|ENOTFOUND|EAI_AGAIN/.test(text)) {
    return new ThreadgraphError(
      'CONFIG_INVALID',
      `${host} is not an address of this machine: choose another with --host`,
      { cause: e },
    );
  }
  if (/EACCES/.test(text)) {
    return new ThreadgraphError(
      'CONFIG_INVALID',
      `port ${port} may not be used by this user: choose 1024 or above`,
      { cause: e },
    );
  }
  return undefined;
}
