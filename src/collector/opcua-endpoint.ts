/**
 * One OPC UA endpoint the collector subscribes to: a node-opcua client with the configured
 * security and identity, one session, one subscription, monitored items (sampling interval,
 * queue, deadband per node; source and server timestamps returned). node-opcua reconnects with
 * backoff after a network cut or a server restart and re-establishes the session and its
 * subscription (transferring it, or creating it again when the server lost it); the time from the
 * connection lost to it back is logged and counted as blind time.
 */
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type {
  ClientSession,
  ClientSubscription,
  DataValue,
  HistoryReadResult,
  UserIdentityInfo,
} from 'node-opcua';
import {
  AttributeIds,
  DataChangeFilter,
  DataChangeTrigger,
  DeadbandType,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAClient,
  SecurityPolicy,
  TimestampsToReturn,
  UserTokenType,
} from 'node-opcua';
import type { LiveReading } from '../domain/readings';
import { seriesKey } from '../domain/readings';
import { fromEpoch } from '../domain/time';
import type { CollectorEndpoint, CollectorNode } from './config';

export interface EndpointStats {
  readonly name: string;
  connected: boolean;
  /** monitored items the server accepted */
  monitored: number;
  /** times the connection was lost */
  cuts: number;
  /** milliseconds without a connection, in all (the start until first connected included) */
  blindMs: number;
  /** the last outage, in milliseconds */
  lastBlindMs: number;
  /** readings whose value was not a number (kept with value null) */
  notNumbers: number;
  /** readings read back from the server's history after an outage */
  backfilled: number;
  /** outages the server had no history to fill (what it produced meanwhile is lost) */
  unfilled: number;
}

const SECURITY_MODE = {
  None: MessageSecurityMode.None,
  Sign: MessageSecurityMode.Sign,
  SignAndEncrypt: MessageSecurityMode.SignAndEncrypt,
} as const;

const SECURITY_POLICY = {
  None: SecurityPolicy.None,
  Basic256Sha256: SecurityPolicy.Basic256Sha256,
  Aes128_Sha256_RsaOaep: SecurityPolicy.Aes128_Sha256_RsaOaep,
  Aes256_Sha256_RsaPss: SecurityPolicy.Aes256_Sha256_RsaPss,
} as const;

/** The normalised instant of an OPC UA time: milliseconds plus the 100 ns ticks beyond them. */
export function instantOfOpcua(date: Date, picoseconds: number | null | undefined): string {
  const ms = date.getTime();
  const ticks = Math.min(9999, Math.max(0, Math.floor((picoseconds ?? 0) / 100_000)));
  const nanos = (((ms % 1000) + 1000) % 1000) * 1_000_000 + ticks * 100;
  return fromEpoch(ms, String(nanos).padStart(9, '0'));
}

/** The reading a data change notification is, converted to the node's kept unit. */
export function readingOf(
  node: CollectorNode,
  dv: DataValue,
  receivedAt: Date,
): { reading: LiveReading; numeric: boolean } {
  const at = dv.sourceTimestamp ?? dv.serverTimestamp ?? receivedAt;
  const ps = dv.sourceTimestamp
    ? dv.sourcePicoseconds
    : dv.serverTimestamp
      ? dv.serverPicoseconds
      : 0;
  const raw: unknown = dv.value?.value;
  let value: number | null = null;
  if (typeof raw === 'number' && Number.isFinite(raw)) value = node.convert(raw);
  else if (typeof raw === 'boolean') value = raw ? 1 : 0;
  else if (typeof raw === 'string' && node.values && Object.hasOwn(node.values, raw)) {
    value = node.values[raw]!;
  } else if (Array.isArray(raw) && raw.length === 2 && raw.every((x) => typeof x === 'number')) {
    value = node.convert((raw[0] as number) * 2 ** 32 + (raw[1] as number)); // (U)Int64 as [high, low]
  }
  const good = dv.statusCode.isGood();
  return {
    reading: {
      equipmentId: node.equipmentId,
      tag: node.tag,
      t: instantOfOpcua(at, ps),
      value: good || value !== null ? value : null,
      quality: dv.statusCode.name,
    },
    numeric: value !== null || raw === null || raw === undefined,
  };
}

/**
 * A NodeId naming its namespace by URI (`nsu=urn:…;s=…`, stable across server restarts and
 * versions) with the server's index for it (`ns=2;s=…`); other NodeIds as they are.
 */
export function withIndex(nodeId: string, namespaces: readonly string[]): string {
  const m = /^nsu=([^;]+);(.*)$/.exec(nodeId);
  if (m === null) return nodeId;
  const index = namespaces.indexOf(m[1]!);
  if (index < 0) throw new Error(`the server has no namespace ${m[1]} (${nodeId})`);
  return `ns=${index};${m[2]}`;
}

export class OpcuaEndpoint {
  readonly stats: EndpointStats;
  private client: OPCUAClient | undefined;
  private session: ClientSession | undefined;
  private subscription: ClientSubscription | undefined;
  private blindSince: number;
  private closing = false;
  private namespaces: string[] = [];
  /** per node: the latest source time received, to read back what an outage hid */
  private readonly lastSeen = new Map<CollectorNode, Date>();
  /** lastSeen when the connection was lost: where the hole to fill starts */
  private seenAtCut = new Map<CollectorNode, Date>();
  /** the first source time the subscription delivered after the connection came back */
  private firstAfterCut = new Map<CollectorNode, Date>();

  constructor(
    private readonly endpoint: CollectorEndpoint,
    private readonly pkiFolder: string,
    private readonly onReading: (reading: LiveReading) => void,
    private readonly logger: Logger,
  ) {
    this.stats = {
      name: endpoint.name,
      connected: false,
      monitored: 0,
      cuts: 0,
      blindMs: 0,
      lastBlindMs: 0,
      notNumbers: 0,
      backfilled: 0,
      unfilled: 0,
    };
    this.blindSince = Date.now();
  }

  /**
   * Connects (trying again with backoff until it can), signs in, subscribes. `queuedUntil` (per
   * series, the latest source time queued, even by an earlier collector process) is where the
   * server's history is asked to go on from once subscribed.
   */
  async start(queuedUntil: ReadonlyMap<string, string> = new Map()): Promise<void> {
    this.closing = false;
    this.stats.monitored = 0;
    const e = this.endpoint;
    const log = this.logger.child({ endpoint: e.name, url: e.url });
    const certificates = new OPCUACertificateManager({
      rootFolder: this.pkiFolder,
      automaticallyAcceptUnknownCertificate: e.acceptUnknownServerCertificate,
      disableFileWatchers: true,
    });
    await certificates.initialize();
    const client = OPCUAClient.create({
      applicationName: 'threadgraph collector',
      applicationUri: 'urn:threadgraph:collector',
      clientCertificateManager: certificates,
      securityMode: SECURITY_MODE[e.securityMode],
      securityPolicy: SECURITY_POLICY[e.securityPolicy],
      endpointMustExist: false,
      keepSessionAlive: true,
      requestedSessionTimeout: 60_000,
      connectionStrategy: { initialDelay: 500, maxDelay: 10_000, maxRetry: 1_000_000_000 },
    });
    this.client = client;
    client.on('connection_lost', () => {
      if (this.stats.connected) this.stats.cuts += 1;
      if (this.stats.connected) {
        this.seenAtCut = new Map(this.lastSeen);
        this.firstAfterCut = new Map();
      }
      this.stats.connected = false;
      this.blindSince = Date.now();
      log.warn('OPC UA connection lost: readings are not collected until it is back');
    });
    client.on('backoff', (count: number, delay: number) => {
      log.info({ attempt: count, delayMs: delay }, 'OPC UA: trying to connect again');
    });
    client.on('after_reconnection', () => {
      this.seeAgain(log, 'connection re-established');
      void this.backfill(log);
    });
    await client.connect(e.url);
    if (this.closing) return;
    this.session = await client.createSession(this.identity());
    this.subscription = await this.session.createSubscription2({
      requestedPublishingInterval: e.publishingIntervalMs,
      requestedLifetimeCount: 600,
      requestedMaxKeepAliveCount: 20,
      maxNotificationsPerPublish: 0,
      publishingEnabled: true,
      priority: 10,
    });
    this.namespaces = await this.session.readNamespaceArray();
    this.seenAtCut = new Map();
    this.firstAfterCut = new Map();
    for (const n of e.nodes) {
      const t = queuedUntil.get(seriesKey(n.equipmentId, n.tag));
      if (t !== undefined) this.seenAtCut.set(n, new Date(t.slice(0, 23) + 'Z'));
    }
    await this.monitor(this.subscription, this.namespaces);
    this.seeAgain(log, 'subscribed');
    if (this.seenAtCut.size > 0) void this.backfill(log);
  }

  private seeAgain(log: Logger, what: string): void {
    const blind = Date.now() - this.blindSince;
    this.stats.connected = true;
    this.stats.blindMs += blind;
    this.stats.lastBlindMs = blind;
    log.info(
      { blindMs: blind, monitored: this.stats.monitored },
      `OPC UA ${what}: blind for ${(blind / 1000).toFixed(1)} s`,
    );
  }

  private identity(): UserIdentityInfo {
    const id = this.endpoint.identity;
    switch (id.type) {
      case 'anonymous':
        return { type: UserTokenType.Anonymous };
      case 'username':
        return { type: UserTokenType.UserName, userName: id.user, password: id.password };
      case 'certificate': {
        const pem = readFileSync(id.certificateFile, 'utf8');
        const der = Buffer.from(
          pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, ''),
          'base64',
        );
        return {
          type: UserTokenType.Certificate,
          certificateData: der,
          privateKey: readFileSync(id.privateKeyFile, 'utf8'),
        };
      }
    }
  }

  /** One monitored-item group per distinct sampling/queue/deadband settings. */
  private async monitor(subscription: ClientSubscription, namespaces: string[]): Promise<void> {
    const groups = new Map<string, CollectorNode[]>();
    for (const n of this.endpoint.nodes) {
      const key = JSON.stringify([n.samplingIntervalMs, n.queueSize, n.deadband, n.trigger]);
      groups.set(key, [...(groups.get(key) ?? []), n]);
    }
    for (const nodes of groups.values()) {
      const first = nodes[0]!;
      const trigger =
        first.trigger === 'status-value-timestamp'
          ? DataChangeTrigger.StatusValueTimestamp
          : DataChangeTrigger.StatusValue;
      const filter =
        first.deadband === null && first.trigger === 'status-value'
          ? undefined
          : new DataChangeFilter({
              trigger,
              deadbandType:
                first.deadband === null
                  ? DeadbandType.None
                  : first.deadband.type === 'absolute'
                    ? DeadbandType.Absolute
                    : DeadbandType.Percent,
              deadbandValue: first.deadband?.value ?? 0,
            });
      const group = await subscription.monitorItems(
        nodes.map((n) => ({
          nodeId: withIndex(n.nodeId, namespaces),
          attributeId: AttributeIds.Value,
        })),
        {
          samplingInterval: first.samplingIntervalMs,
          queueSize: first.queueSize,
          discardOldest: true,
          ...(filter ? { filter } : {}),
        },
        TimestampsToReturn.Both,
      );
      group.on('changed', (_item, dataValue: DataValue, index: number) => {
        const node = nodes[index];
        if (node === undefined) return;
        this.deliver(node, dataValue);
      });
      const statuses = group.monitoredItems.map((m) => m.statusCode);
      statuses.forEach((s, i) => {
        if (s.isGood()) this.stats.monitored += 1;
        else {
          this.logger.warn(
            { endpoint: this.endpoint.name, nodeId: nodes[i]?.nodeId, status: s.name },
            'OPC UA: the server refused to monitor a node',
          );
        }
      });
    }
  }

  private deliver(node: CollectorNode, dataValue: DataValue, live = true): void {
    if (live && dataValue.sourceTimestamp && !this.firstAfterCut.has(node)) {
      this.firstAfterCut.set(node, dataValue.sourceTimestamp);
    }
    const { reading, numeric } = readingOf(node, dataValue, new Date());
    if (!numeric) this.stats.notNumbers += 1;
    const seen = this.lastSeen.get(node);
    const at = dataValue.sourceTimestamp;
    if (at && (seen === undefined || at > seen)) this.lastSeen.set(node, at);
    this.onReading(reading);
  }

  /**
   * After an outage, what each node's server produced meanwhile, read back from its history
   * (OPC UA HistoryRead, raw values from the last source time received until now). A reading
   * received twice — history and subscription overlap — is stored once. A server that keeps no
   * history is said in the log and counted: what it produced while the collector was blind is lost.
   */
  private async backfill(log: Logger): Promise<void> {
    const session = this.session;
    if (session === undefined) return;
    // the hole of each node ends where the subscription took over again: wait a moment for it
    const deadline = Date.now() + 5000;
    while (
      Date.now() < deadline &&
      [...this.seenAtCut.keys()].some((n) => !this.firstAfterCut.has(n))
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const now = new Date();
    let unsupported = 0;
    for (const node of this.endpoint.nodes) {
      const seen = this.seenAtCut.get(node);
      if (seen === undefined) continue;
      const until = this.firstAfterCut.get(node) ?? now;
      // exclusive at both ends, to the millisecond: a server may keep its history at another
      // precision than it publishes, so the same sample must not come back as another
      const inside = (dv: DataValue) => {
        const t = dv.sourceTimestamp?.getTime();
        return t !== undefined && t > seen.getTime() && t < until.getTime();
      };
      let start: Date = seen;
      try {
        for (let page = 0; page < 100; page++) {
          const result: HistoryReadResult = await session.readHistoryValue(
            { nodeId: withIndex(node.nodeId, this.namespaces) },
            start,
            until,
            { numValuesPerNode: 10_000, timestampsToReturn: TimestampsToReturn.Both },
          );
          if (!result.statusCode.isGood()) {
            unsupported += 1;
            break;
          }
          const values: DataValue[] =
            (result.historyData as { dataValues?: DataValue[] } | null)?.dataValues ?? [];
          const kept = values.filter(inside);
          for (const dv of kept) this.deliver(node, dv, false);
          this.stats.backfilled += kept.length;
          const last: Date | null | undefined = values[values.length - 1]?.sourceTimestamp;
          if (values.length < 10_000 || !last || last <= start) break;
          start = last;
        }
      } catch (e) {
        unsupported += 1;
        log.debug({ err: (e as Error).message, nodeId: node.nodeId }, 'OPC UA history read failed');
      }
    }
    if (unsupported > 0) {
      this.stats.unfilled += 1;
      log.warn(
        { nodes: unsupported },
        'OPC UA: the server keeps no history of some nodes: what they produced while the collector was blind is lost',
      );
    } else if (this.seenAtCut.size > 0) {
      log.info(
        { readings: this.stats.backfilled },
        'OPC UA: what the outage hid was read back from the server history',
      );
    }
  }

  /** Ends the subscription and session politely when the server answers, within seconds when not. */
  async stop(): Promise<void> {
    this.closing = true;
    const within = (work: Promise<unknown> | undefined) =>
      Promise.race([
        Promise.resolve(work).catch(() => undefined), // the server may be gone
        new Promise((r) => setTimeout(r, 2000).unref()),
      ]);
    await within(this.subscription?.terminate());
    await within(this.session?.close());
    await within(this.client?.disconnect());
  }
}
