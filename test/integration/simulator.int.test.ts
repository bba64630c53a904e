/**
 * `threadgraph simulate`'s server in this process, on a free port, with node-opcua clients: the
 * machines with their nameplates, values whose source timestamps advance with the tick, a
 * SignAndEncrypt session with a client certificate the test makes, the browse command's view of
 * the same nodes, and the samples a subscriber sees against the `produced` count.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientSession, DataValue, OPCUAClientOptions, UserIdentityInfo } from 'node-opcua';
import {
  AttributeIds,
  BrowseDirection,
  DataType,
  DataChangeFilter,
  DataChangeTrigger,
  DeadbandType,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAClient,
  SecurityPolicy,
  TimestampsToReturn,
  UserTokenType,
  getCurrentClock,
  makeBrowsePath,
} from 'node-opcua';
import { browseServer } from '../../src/collector/browse';
import type { RunningSimulator } from '../../src/collector/simulator';
import { simulatorCollectorConfig, startSimulator } from '../../src/collector/simulator';
import { readDemoPlant } from '../../src/demo/demo-machines';
import { planLivePlant } from '../../src/demo/live-plant';
import { ThreadgraphError } from '../../src/domain/errors';

const TICK_MS = 50;
const USER = { name: 'operator', password: 'line-2-secret' };
const MACHINERY = 'http://opcfoundation.org/UA/Machinery/';
const DRIFTING = 'A-CNC-IMP10-01';
const SIGNALS = [
  'EnergyCounter',
  'MotorCurrent',
  'VibrationVelocity',
  'Temperature',
  'MachineState',
];

let dir: string;
let sim: RunningSimulator;
const open: { client: OPCUAClient; session?: ClientSession }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tg-simulator-'));
  // the first 15 demo machines: PLANT-A up to A-CNC-IMP10-01, the drifting one
  const plant = planLivePlant(readDemoPlant(), { startedAt: Date.now(), machines: 15 });
  sim = await startSimulator({
    plant,
    pkiFolder: join(dir, 'server-pki'),
    port: 0,
    intervalMs: TICK_MS,
    user: USER,
    log: () => undefined,
  });
});

afterEach(async () => {
  for (const { client, session } of open.splice(0)) {
    await session?.close().catch(() => undefined);
    await client.disconnect();
  }
});

afterAll(async () => {
  await sim?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function connect(
  options: Partial<OPCUAClientOptions> & { pki?: string } = {},
  identity: UserIdentityInfo = { type: UserTokenType.Anonymous },
): Promise<ClientSession> {
  const { pki, ...rest } = options;
  const client = OPCUAClient.create({
    endpointMustExist: false,
    connectionStrategy: { maxRetry: 0 },
    clientCertificateManager: new OPCUACertificateManager({
      rootFolder: pki ?? join(dir, 'client-pki'),
      automaticallyAcceptUnknownCertificate: true,
      disableFileWatchers: true,
    }),
    ...rest,
  });
  const entry: (typeof open)[number] = { client };
  open.push(entry);
  await client.connect(sim.endpointUrl);
  entry.session = await client.createSession(identity);
  return entry.session;
}

/** The value at a browse path below a node (`/2:Identification.2:SerialNumber`). */
async function readPath(session: ClientSession, from: string, path: string): Promise<unknown> {
  const [found] = await session.translateBrowsePath([makeBrowsePath(from, path)]);
  const target = found?.targets?.[0]?.targetId.toString();
  if (target === undefined) throw new Error(`${from} has no ${path}`);
  const dv = await session.read({ nodeId: target, attributeId: AttributeIds.Value });
  return dv.value.value;
}

/** A sample's source time in epoch ms, with its fraction of a millisecond. */
const sourceMs = (dv: DataValue) =>
  (dv.sourceTimestamp?.getTime() ?? NaN) + (dv.sourcePicoseconds ?? 0) / 1e9;

describe('the simulated plant over OPC UA', () => {
  it('reports where it listens: the port it took, the resource path, the plant namespace', () => {
    expect(sim.port).toBeGreaterThan(0);
    expect(sim.endpointUrl).toBe(`opc.tcp://127.0.0.1:${sim.port}/threadgraph`);
    expect(sim.namespaceUri).toBe('urn:threadgraph:simulated-plant');
    expect(sim.nodes).toHaveLength(15 * 5);
    expect(sim.nodes[0]?.nodeId).toBe(`ns=${sim.namespaceIndex};s=A-ASSY-SN10-01.EnergyCounter`);
  });

  it('(a) holds the machines in the Machinery Machines folder, each with its nameplate', async () => {
    const session = await connect();
    const namespaces = await session.readNamespaceArray();
    const machinery = namespaces.indexOf(MACHINERY);
    expect(machinery).toBeGreaterThan(0);
    const folder = await session.browse({
      nodeId: `ns=${machinery};i=1001`,
      browseDirection: BrowseDirection.Forward,
      referenceTypeId: 'Organizes',
      includeSubtypes: true,
      resultMask: 0x3f,
    });
    const machines = (folder.references ?? []).map((r) => r.browseName.name);
    expect(machines).toEqual(sim.plant.machines.map((m) => m.equipmentId));

    const machine = `ns=${sim.namespaceIndex};s=${DRIFTING}`;
    const di = namespaces.indexOf('http://opcfoundation.org/UA/DI/');
    // DI's nameplate properties, and Machinery's own (YearOfConstruction)
    const plate = (name: string, ns = di) =>
      readPath(session, machine, `/${di}:Identification.${ns}:${name}`);
    expect(await plate('Manufacturer')).toMatchObject({ text: 'Kessler Werkzeugmaschinen GmbH' });
    expect(await plate('Model')).toMatchObject({ text: 'KMC 650' });
    expect(await plate('SerialNumber')).toMatch(/^KMC-20\d\d-\d{5}$/);
    expect(await plate('ProductInstanceUri')).toMatch(/^urn:kessler-werkzeugmaschinen-gmbh:KMC-/);
    expect(await plate('AssetId')).toBe(DRIFTING);
    expect(await plate('YearOfConstruction', machinery)).toBeGreaterThanOrEqual(2012);

    // the nameplate is an add-in of MachineIdentificationType
    const [identification] = await session.translateBrowsePath([
      makeBrowsePath(machine, `/${di}:Identification`),
    ]);
    const id = identification?.targets?.[0]?.targetId.toString() as string;
    const [type] = await session
      .browse({
        nodeId: id,
        browseDirection: BrowseDirection.Forward,
        referenceTypeId: 'HasTypeDefinition',
        resultMask: 0x3f,
      })
      .then((r) => r.references ?? []);
    expect(type?.browseName.toString()).toBe(`${machinery}:MachineIdentificationType`);
    // and the signals are read-only
    const write = await session.write({
      nodeId: `ns=${sim.namespaceIndex};s=${DRIFTING}.Temperature`,
      attributeId: AttributeIds.Value,
      value: { value: { dataType: DataType.Double, value: 20 } },
    });
    expect(write.name).toMatch(/^Bad(NotWritable|UserAccessDenied)$/);
  });

  it('(b) a subscriber sees every signal change, source timestamps advancing with the tick', async () => {
    const session = await connect();
    const subscription = await session.createSubscription2({
      requestedPublishingInterval: 100,
      requestedMaxKeepAliveCount: 10,
      publishingEnabled: true,
    });
    const seen = new Map<string, DataValue[]>(SIGNALS.map((s) => [s, []]));
    const group = await subscription.monitorItems(
      SIGNALS.map((s) => ({
        nodeId: `ns=${sim.namespaceIndex};s=${DRIFTING}.${s}`,
        attributeId: AttributeIds.Value,
      })),
      // a tick that repeats a value (the state, mostly) counts too: trigger on the timestamp
      { samplingInterval: 0, queueSize: 100, discardOldest: false, filter: everySample() },
      TimestampsToReturn.Both,
    );
    group.on('changed', (_item, dv: DataValue, index: number) => {
      seen.get(SIGNALS[index] as string)?.push(dv);
    });
    await until(() => [...seen.values()].every((v) => v.length >= 8));
    await subscription.terminate();

    for (const [signal, values] of seen) {
      const times = values.map(sourceMs);
      // The first is the value when the item was made; node-opcua reads it after it starts
      // listening, so a tick in between may come twice, or before it. From the third on, each
      // sample is a later tick's.
      const [first = 0, second = 0, ...later] = times;
      expect(later[0]).toBeGreaterThan(Math.max(first, second));
      later.slice(1).forEach((t, i) => expect(t).toBeGreaterThan(later[i] as number));
      // every value comes with a source timestamp finer than a millisecond (100 ns steps)
      expect(values.some((v) => (v.sourcePicoseconds ?? 0) > 0)).toBe(true);
      expect(values.every((v) => v.statusCode.isGood())).toBe(true);
      if (signal === 'MachineState') {
        expect(['RUNNING', 'IDLE', 'STOPPED']).toContain(values[0]?.value.value);
      } else {
        expect(typeof values[0]?.value.value).toBe('number');
      }
    }
    // the five signals of a tick were set together: the energy counter and the state agree in time
    const energy = (seen.get('EnergyCounter') ?? []).slice(1).map(sourceMs);
    const state = (seen.get('MachineState') ?? []).slice(1).map(sourceMs);
    for (const t of energy.slice(0, 3)) {
      expect(state.some((s) => Math.abs(s - t) < TICK_MS / 2)).toBe(true);
    }
  });

  it('(c) signs and encrypts (Basic256Sha256) with a client certificate the test made, as a user', async () => {
    const pki = join(dir, 'secure-client-pki');
    const certificates = new OPCUACertificateManager({
      rootFolder: pki,
      automaticallyAcceptUnknownCertificate: true,
      disableFileWatchers: true,
    });
    await certificates.initialize();
    const certificateFile = join(pki, 'own', 'certs', 'client_certificate.pem');
    await certificates.createSelfSignedCertificate({
      applicationUri: 'urn:threadgraph:simulator-test',
      subject: '/CN=threadgraph simulator test',
      dns: ['localhost'],
      startDate: new Date(),
      validity: 7,
      outputFile: certificateFile,
    });
    await certificates.dispose();
    expect(existsSync(certificateFile)).toBe(true);
    const secure = {
      pki,
      applicationUri: 'urn:threadgraph:simulator-test',
      securityMode: MessageSecurityMode.SignAndEncrypt,
      securityPolicy: SecurityPolicy.Basic256Sha256,
    };
    const session = await connect(secure, {
      type: UserTokenType.UserName,
      userName: USER.name,
      password: USER.password,
    });
    const dv = await session.read({
      nodeId: `ns=${sim.namespaceIndex};s=${DRIFTING}.VibrationVelocity`,
      attributeId: AttributeIds.Value,
    });
    expect(dv.statusCode.isGood()).toBe(true);
    expect(dv.value.value).toBeGreaterThan(0);
    // the server met the certificate for the first time and trusted it (trustClients by default)
    expect(readdirSync(join(dir, 'server-pki', 'trusted', 'certs')).length).toBeGreaterThan(0);

    // a wrong password is refused
    await expect(
      connect(secure, { type: UserTokenType.UserName, userName: USER.name, password: 'guess' }),
    ).rejects.toThrow(/BadUserAccessDenied|BadIdentityTokenRejected|BadIdentityTokenInvalid/);
  });

  it('(d) opcua browse finds the same machines, nameplates and signals with their units', async () => {
    const pkiFolder = join(dir, 'browse-pki');
    const answer = await browseServer({
      url: sim.endpointUrl,
      node: 'nsu=http://opcfoundation.org/UA/Machinery/;i=1001',
      depth: 3,
      pkiFolder,
    });
    expect(answer.truncated).toBe(false);
    const machines = answer.start.children ?? [];
    expect(machines.map((m) => m.displayName)).toEqual(
      sim.plant.machines.map((m) => m.equipmentId),
    );
    const drifting = machines.find((m) => m.displayName === DRIFTING);
    const part = (name: string) => drifting?.children?.find((c) => c.displayName === name);
    const plate = part('Identification')?.children ?? [];
    expect(plate.find((p) => p.displayName === 'Manufacturer')?.value).toBe(
      'Kessler Werkzeugmaschinen GmbH',
    );
    expect(plate.find((p) => p.displayName === 'AssetId')?.value).toBe(DRIFTING);
    const monitoring = part('Monitoring')?.children ?? [];
    expect(monitoring.map((v) => [v.nodeId, v.dataType, v.engineeringUnits ?? null])).toEqual([
      [`ns=${sim.namespaceIndex};s=${DRIFTING}.EnergyCounter`, 'Double', 'kWh'],
      [`ns=${sim.namespaceIndex};s=${DRIFTING}.MotorCurrent`, 'Double', 'A'],
      [`ns=${sim.namespaceIndex};s=${DRIFTING}.VibrationVelocity`, 'Double', 'mm/s'],
      [`ns=${sim.namespaceIndex};s=${DRIFTING}.Temperature`, 'Double', '°C'],
      [`ns=${sim.namespaceIndex};s=${DRIFTING}.MachineState`, 'String', null],
    ]);
    // the config simulate --write-config writes names exactly these nodes
    const config = simulatorCollectorConfig(sim);
    const nodes = (config.endpoints[0]?.nodes ?? []) as { nodeId: string; equipmentId: string }[];
    expect(nodes.filter((n) => n.equipmentId === DRIFTING).map((n) => n.nodeId)).toEqual(
      monitoring.map((v) => v.nodeId),
    );

    // bounded: at most maxNodes, and it says it was cut
    const cut = await browseServer({ url: sim.endpointUrl, depth: 4, maxNodes: 10, pkiFolder });
    expect(cut.count).toBe(10);
    expect(cut.truncated).toBe(true);

    // a node that is not there, and a server that is not there: one clear error each
    await expect(
      browseServer({ url: sim.endpointUrl, node: 'ns=1;s=NO-SUCH-MACHINE', pkiFolder }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const dead = browseServer({ url: 'opc.tcp://127.0.0.1:1/nothing', timeoutMs: 3000, pkiFolder });
    await expect(dead).rejects.toBeInstanceOf(ThreadgraphError);
    await expect(dead).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/^cannot reach opc\.tcp:\/\/127\.0\.0\.1:1\/nothing: /),
    });
  });

  it('(e) produced counts what a subscriber sampling at 0 with a queue receives', async () => {
    const session = await connect();
    const subscription = await session.createSubscription2({
      requestedPublishingInterval: 100,
      requestedMaxKeepAliveCount: 10,
      publishingEnabled: true,
    });
    const nodeIds = SIGNALS.map((s) => `ns=${sim.namespaceIndex};s=A-ASSY-SN10-01.${s}`);
    const seen = nodeIds.map(() => [] as number[]);
    // every sample counts, even one repeating the value before it
    const group = await subscription.monitorItems(
      nodeIds.map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })),
      {
        samplingInterval: 0,
        queueSize: 1000,
        discardOldest: false,
        filter: everySample(),
      },
      TimestampsToReturn.Both,
    );
    group.on('changed', (_item, dv: DataValue, index: number) => seen[index]?.push(sourceMs(dv)));
    expect(group.monitoredItems.every((m) => m.statusCode.isGood())).toBe(true);
    // sampling 0 stays 0: every value set is sent (the server advertises MinSupportedSampleRate 0)
    expect(group.monitoredItems.map((m) => m.result?.revisedSamplingInterval)).toEqual(
      nodeIds.map(() => 0),
    );

    // The server ticks in this process, so between two statements of the test no tick runs: the
    // count read with the clock at `from` and `to` brackets exactly the samples stamped between.
    const clock = () => {
      const c = getCurrentClock(); // shared and reused by node-opcua: read at once
      return c.timestamp.getTime() + c.picoseconds / 1e9;
    };
    const from = clock();
    const before = nodeIds.map((n) => sim.produced(n));
    await new Promise((resolve) => setTimeout(resolve, 20 * TICK_MS));
    const to = clock();
    const after = nodeIds.map((n) => sim.produced(n));
    // once each item has a sample stamped after `to`, all those before it have arrived (in order)
    await until(() => seen.every((times) => times.some((t) => t > to)));
    await subscription.terminate();

    nodeIds.forEach((_, i) => {
      const produced = (after[i] as number) - (before[i] as number);
      expect(produced).toBeGreaterThan(0);
      expect(seen[i]?.filter((t) => t > from && t <= to)).toHaveLength(produced);
    });

    // Simulation.Produced holds the total as of the last tick; a tick may run between the read
    // being answered and the test reading `produced()`: the one in flight
    const total = await session.read({
      nodeId: `ns=${sim.namespaceIndex};s=Simulation.Produced`,
      attributeId: AttributeIds.Value,
    });
    const [high, low] = total.value.value as [number, number];
    const served = high * 2 ** 32 + low;
    expect([sim.produced(), sim.produced() - sim.nodes.length]).toContain(served);
    expect(sim.produced('ns=1;s=NOT-SERVED')).toBe(0);
  });
});

/** Reports a sample even when only its timestamp changed (the default trigger is StatusValue). */
function everySample(): DataChangeFilter {
  return new DataChangeFilter({
    trigger: DataChangeTrigger.StatusValueTimestamp,
    deadbandType: DeadbandType.None,
  });
}

async function until(done: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
