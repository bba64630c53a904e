/**
 * `threadgraph opcua browse URL [NODE]`: what an OPC UA server holds, to write a collector config
 * from. Connects with node-opcua's client (security None unless told otherwise), signs in
 * (anonymous, or a user and password), and browses the hierarchical references down from NODE
 * (default the Objects folder) level by level to `depth`, at most `maxNodes` nodes; for variables
 * it reads the data type, the value and the EngineeringUnits property when there is one.
 *
 * A server that does not answer is one message within `timeoutMs`, never a stack trace or a
 * client retrying for ever: node-opcua's reconnection is off (one attempt). The server's
 * certificate is trusted on first use (browsing is how one meets a server); the client's own
 * certificate, needed for Sign and SignAndEncrypt, lives in the PKI folder given.
 */
import { format } from 'node:util';
import type {
  BrowseDescriptionLike,
  ClientSession,
  DataValue,
  ReferenceDescription,
} from 'node-opcua';
import {
  AttributeIds,
  BrowseDirection,
  DataType,
  MessageSecurityMode,
  NodeClass,
  OPCUACertificateManager,
  OPCUAClient,
  SecurityPolicy,
  UserTokenType,
  VariantArrayType,
  makeBrowsePath,
  resolveNodeId,
  setErrorLogger,
  setWarningLogger,
} from 'node-opcua';
import { ThreadgraphError } from '../domain/errors';

export type SecurityModeName = 'None' | 'Sign' | 'SignAndEncrypt';
export type SecurityPolicyName =
  'None' | 'Basic256Sha256' | 'Aes128_Sha256_RsaOaep' | 'Aes256_Sha256_RsaPss';

export interface BrowseOptions {
  /** opc.tcp://host:port/path */
  readonly url: string;
  /** where to start: a NodeId (ns=1;s=…, nsu=URI;s=…, i=85) or a standard name; ObjectsFolder */
  readonly node?: string;
  /** levels below the start (default 1: its children) */
  readonly depth?: number;
  /** nodes listed at most (default 1000); past it the answer says it was cut */
  readonly maxNodes?: number;
  /** how long connecting and each request may take (default 10 000 ms) */
  readonly timeoutMs?: number;
  readonly securityMode?: SecurityModeName;
  /** default None with mode None, Basic256Sha256 otherwise */
  readonly securityPolicy?: SecurityPolicyName;
  readonly user?: { readonly name: string; readonly password: string };
  /** the client's PKI (its certificate, the servers' it has met) */
  readonly pkiFolder: string;
  /** where node-opcua's own warnings go (process-wide); default: nowhere */
  readonly log?: (line: string) => void;
}

export interface BrowsedNode {
  readonly nodeId: string;
  /** namespace index and name: 1:Temperature */
  readonly browseName: string;
  readonly displayName: string;
  /** Object, Variable, Method, ObjectType, … */
  readonly nodeClass: string;
  /** variables: the data type's name (Double) */
  readonly dataType?: string;
  /** variables: the value as JSON can hold it (a text for what it cannot) */
  readonly value?: unknown;
  /** variables with an EngineeringUnits property: its display name (°C) */
  readonly engineeringUnits?: string;
  /** the nodes below, when the depth reaches them */
  readonly children?: BrowsedNode[];
}

export interface BrowseAnswer {
  readonly url: string;
  readonly start: BrowsedNode;
  readonly depth: number;
  /** nodes listed below the start */
  readonly count: number;
  /** true: maxNodes was reached, some nodes are not listed */
  readonly truncated: boolean;
  /** the server's namespace array: index → URI */
  readonly namespaces: readonly string[];
}

const BATCH = 500;

/** Connects, browses, disconnects. Errors are ThreadgraphErrors with one line for people. */
export async function browseServer(options: BrowseOptions): Promise<BrowseAnswer> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const depth = options.depth ?? 1;
  const maxNodes = options.maxNodes ?? 1000;
  const securityMode = options.securityMode ?? 'None';
  const securityPolicy =
    options.securityPolicy ?? (securityMode === 'None' ? 'None' : 'Basic256Sha256');
  if ((securityMode === 'None') !== (securityPolicy === 'None')) {
    throw new ThreadgraphError(
      'INVALID_INPUT',
      `security mode ${securityMode} with policy ${securityPolicy}: None goes with None, Sign and SignAndEncrypt need a policy`,
    );
  }
  if (options.log) routeOpcuaLogs(options.log);
  const certificates = new OPCUACertificateManager({
    rootFolder: options.pkiFolder,
    automaticallyAcceptUnknownCertificate: true,
    disableFileWatchers: true,
  });
  const client = OPCUAClient.create({
    applicationName: 'threadgraph opcua browse',
    applicationUri: 'urn:threadgraph:opcua-browse',
    clientCertificateManager: certificates,
    securityMode: MessageSecurityMode[securityMode],
    securityPolicy: SecurityPolicy[securityPolicy],
    endpointMustExist: false,
    keepSessionAlive: false,
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 100 },
    transportTimeout: timeoutMs,
    defaultTransactionTimeout: timeoutMs,
  });
  try {
    await within(client.connect(options.url), timeoutMs, options.url);
  } catch (e) {
    await client.disconnect().catch(() => undefined);
    throw unreachable(e, options.url, timeoutMs);
  }
  try {
    const session = await within(
      client.createSession(
        options.user
          ? {
              type: UserTokenType.UserName,
              userName: options.user.name,
              password: options.user.password,
            }
          : { type: UserTokenType.Anonymous },
      ),
      timeoutMs,
      options.url,
    ).catch((e: unknown) => {
      throw new ThreadgraphError(
        'INVALID_INPUT',
        `${options.url} refused the session (${options.user ? `user ${options.user.name}` : 'anonymous'}): ${firstLine(e)}`,
        { cause: e },
      );
    });
    try {
      return await browseFrom(session, options.url, options.node, depth, maxNodes);
    } finally {
      await session.close().catch(() => undefined);
    }
  } finally {
    await client.disconnect().catch(() => undefined);
  }
}

async function browseFrom(
  session: ClientSession,
  url: string,
  node: string | undefined,
  depth: number,
  maxNodes: number,
): Promise<BrowseAnswer> {
  const namespaces = await session.readNamespaceArray();
  let startId: string;
  try {
    startId = resolveNodeId(node ?? 'ObjectsFolder', { namespaceArray: namespaces }).toString();
  } catch (e) {
    throw new ThreadgraphError(
      'INVALID_INPUT',
      `${node} is not a NodeId (ns=1;s=Name, nsu=URI;s=Name, i=85) or a standard node name: ${firstLine(e)}`,
      { cause: e },
    );
  }
  const [name, display, cls] = await session.read(
    [AttributeIds.BrowseName, AttributeIds.DisplayName, AttributeIds.NodeClass].map((a) => ({
      nodeId: startId,
      attributeId: a,
    })),
  );
  if (!name?.statusCode.isGood()) {
    throw new ThreadgraphError(
      'NOT_FOUND',
      `${url} has no node ${startId} (${name?.statusCode.name})`,
    );
  }
  const start = {
    nodeId: startId,
    browseName: String(name.value.value),
    displayName: (display?.value.value as { text?: string } | null)?.text ?? '',
    nodeClass: classOf(cls?.value.value as number),
    children: [] as BrowsedNode[],
  };
  const seen = new Set([startId]);
  let level: { nodeId: string; children: BrowsedNode[] }[] = [start];
  let count = 0;
  let truncated = false;
  for (let d = 1; d <= depth && level.length > 0 && !truncated; d++) {
    const next: { nodeId: string; children: BrowsedNode[] }[] = [];
    const found: { parent: BrowsedNode[]; ref: ReferenceDescription }[] = [];
    for (let i = 0; i < level.length; i += BATCH) {
      const batch = level.slice(i, i + BATCH);
      const refs = await browseAll(
        session,
        batch.map((n) => n.nodeId),
      );
      refs.forEach((list, j) => {
        for (const ref of list)
          found.push({ parent: (batch[j] as (typeof batch)[number]).children, ref });
      });
    }
    const fresh = found.filter(({ ref }) => {
      const id = ref.nodeId.toString();
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    if (count + fresh.length > maxNodes) {
      fresh.length = maxNodes - count;
      truncated = true;
    }
    const details = await variableDetails(
      session,
      fresh
        .filter(({ ref }) => classOf(ref.nodeClass) === 'Variable')
        .map(({ ref }) => ref.nodeId.toString()),
    );
    for (const { parent, ref } of fresh) {
      const id = ref.nodeId.toString();
      const entry: BrowsedNode = {
        nodeId: id,
        browseName: ref.browseName.toString(),
        displayName: ref.displayName.text ?? '',
        nodeClass: classOf(ref.nodeClass),
        ...details.get(id),
        ...(d < depth ? { children: [] } : {}),
      };
      parent.push(entry);
      if (entry.children) next.push({ nodeId: id, children: entry.children });
    }
    count += fresh.length;
    level = next;
  }
  return { url, start, depth, count, truncated, namespaces };
}

/** The forward hierarchical references of each node, continuation points followed. */
async function browseAll(
  session: ClientSession,
  nodeIds: string[],
): Promise<ReferenceDescription[][]> {
  const descriptions: BrowseDescriptionLike[] = nodeIds.map((nodeId) => ({
    nodeId,
    browseDirection: BrowseDirection.Forward,
    referenceTypeId: 'HierarchicalReferences',
    includeSubtypes: true,
    nodeClassMask: 0,
    resultMask: 0x3f,
  }));
  const results = await session.browse(descriptions);
  return Promise.all(
    results.map(async (r) => {
      const refs = [...(r.references ?? [])];
      let point = r.continuationPoint;
      while (point && point.length > 0) {
        const more = await session.browseNext(point, false);
        refs.push(...(more.references ?? []));
        point = more.continuationPoint;
      }
      return refs;
    }),
  );
}

/** Data type, value and engineering units of variables, in a few batched requests. */
async function variableDetails(
  session: ClientSession,
  nodeIds: string[],
): Promise<Map<string, Pick<BrowsedNode, 'dataType' | 'value' | 'engineeringUnits'>>> {
  const out = new Map<string, Pick<BrowsedNode, 'dataType' | 'value' | 'engineeringUnits'>>();
  const typeNames = new Map<string, string>();
  for (let i = 0; i < nodeIds.length; i += BATCH) {
    const batch = nodeIds.slice(i, i + BATCH);
    const read = await session.read(
      batch.flatMap((nodeId) => [
        { nodeId, attributeId: AttributeIds.DataType },
        { nodeId, attributeId: AttributeIds.Value },
      ]),
    );
    const paths = await session.translateBrowsePath(
      batch.map((nodeId) => makeBrowsePath(nodeId, '.EngineeringUnits')),
    );
    const unitNodes = paths.map((p) =>
      p.statusCode.isGood() ? p.targets?.[0]?.targetId.toString() : undefined,
    );
    const unitReads = unitNodes.flatMap((n) =>
      n ? [{ nodeId: n, attributeId: AttributeIds.Value }] : [],
    );
    // (a request with nothing in it is refused: BadNothingToDo)
    const units = unitReads.length > 0 ? await session.read(unitReads) : [];
    const types = read.filter((_, k) => k % 2 === 0).map((dv) => String(dv.value.value));
    const unknown = [...new Set(types)].filter((t) => !typeNames.has(t));
    if (unknown.length > 0) {
      const names = await session.read(
        unknown.map((nodeId) => ({ nodeId, attributeId: AttributeIds.BrowseName })),
      );
      unknown.forEach((t, k) => {
        const n = names[k];
        typeNames.set(
          t,
          n?.statusCode.isGood() ? String((n.value.value as { name?: string }).name) : t,
        );
      });
    }
    let u = 0;
    batch.forEach((nodeId, k) => {
      const type = types[k] ?? '';
      const value = read[2 * k + 1];
      const unit = unitNodes[k] ? units[u++] : undefined;
      const eu = (unit?.value.value as { displayName?: { text?: string | null } } | null)
        ?.displayName?.text;
      out.set(nodeId, {
        dataType: typeNames.get(type) ?? type,
        ...(value ? { value: plain(value) } : {}),
        ...(eu ? { engineeringUnits: eu } : {}),
      });
    });
  }
  return out;
}

/** A value as JSON can hold it: numbers, texts and booleans as they are, the rest as text. */
function plain(dv: DataValue): unknown {
  if (!dv.statusCode.isGood()) return dv.statusCode.name;
  const v: unknown = dv.value.value;
  const one = (x: unknown): unknown => {
    if (x === null || x === undefined) return null;
    if (typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean') return x;
    if (typeof x === 'bigint') return x.toString();
    if (x instanceof Date) return x.toISOString();
    if (Buffer.isBuffer(x)) return `<${x.length} bytes>`;
    if (typeof x === 'object' && 'text' in x) return x.text ?? null; // LocalizedText
    // NodeId, QualifiedName, … say themselves; a structure goes as JSON
    const text = (x as { toString(): string }).toString();
    return text === '[object Object]' ? JSON.stringify(x) : text;
  };
  // (U)Int64 come as [high, low]
  const int64 = dv.value.dataType === DataType.Int64 || dv.value.dataType === DataType.UInt64;
  if (int64 && dv.value.arrayType === VariantArrayType.Scalar && Array.isArray(v)) {
    const [high, low] = v as [number, number];
    // an Int64's high word is signed, a UInt64's not
    const top = dv.value.dataType === DataType.UInt64 ? high >>> 0 : high;
    const n = BigInt(top) * 2n ** 32n + BigInt(low >>> 0);
    return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
  }
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const items = Array.from(v as ArrayLike<unknown>);
    return items.length > 20
      ? [...items.slice(0, 20).map(one), `… ${items.length} in all`]
      : items.map(one);
  }
  return one(v);
}

/** Object, Variable, …: a NodeClass's name (the SDK's enums differ between its packages) */
function classOf(nodeClass: number): string {
  return NodeClass[nodeClass] ?? 'Unknown';
}

function within<T>(promise: Promise<T>, ms: number, url: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TimeoutError(`no answer from ${url} within ${ms / 1000} s`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

class TimeoutError extends Error {}

function unreachable(e: unknown, url: string, timeoutMs: number): ThreadgraphError {
  // node-opcua puts the socket's error code on a later line of its message
  const text = `${(e as Error | undefined)?.message ?? String(e)} ${(e as NodeJS.ErrnoException | undefined)?.code ?? ''}`;
  const say = (why: string) =>
    new ThreadgraphError('UNAVAILABLE', `cannot reach ${url}: ${why}`, { cause: e });
  if (e instanceof TimeoutError) return say(`no answer within ${timeoutMs / 1000} s`);
  if (/ECONNREFUSED/.test(text)) return say('nothing listens there (connection refused)');
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return say('the host name does not resolve');
  if (/EHOSTUNREACH|ENETUNREACH/.test(text)) return say('no route to the host');
  if (/certificate/i.test(text)) return say(`the secure channel was refused: ${firstLine(e)}`);
  return say(firstLine(e));
}

function firstLine(e: unknown): string {
  return ((e as Error | undefined)?.message ?? String(e)).split('\n')[0] ?? '';
}

/**
 * node-opcua's warnings and errors, one line each, to `log` instead of stdout (where node-opcua
 * writes them with console.log). Process-wide: node-opcua has one logger.
 */
export function routeOpcuaLogs(log: (line: string) => void): void {
  const line = (context: unknown, ...args: unknown[]) => {
    const where = (context as { filename?: string } | undefined)?.filename;
    log(`node-opcua${where ? ` ${where}` : ''}: ${format(...args).replace(/\s*\n\s*/g, ' ')}`);
  };
  setWarningLogger(line);
  setErrorLogger(line);
}
