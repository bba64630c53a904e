/**
 * A real node-opcua server in the test process, on a free port, for the collector's tests and
 * drills: each tag's value is its own sequence number (1, 2, 3, …), one every `intervalMs`, so a
 * test counts exactly which readings arrived, which are missing and which came twice. It can be
 * stopped and started again on the same port (a server restart: the sequence goes on from where it
 * was, and the numbers due while it was down are never produced), and offers None, Sign and
 * SignAndEncrypt endpoints with anonymous and user/password sign-in. Each variable keeps its
 * history (HistoryRead), so a collector can read back what an outage hid.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UAVariable } from 'node-opcua';
import {
  DataType,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAServer,
  SecurityPolicy,
  StatusCodes,
  Variant,
  getCurrentClock,
} from 'node-opcua';
import { freePort } from '../../src/ports';

export const TEST_NAMESPACE = 'urn:threadgraph:test-plant';

export interface TestTag {
  readonly equipmentId: string;
  readonly tag: string;
}

export interface TestServerOptions {
  readonly tags: readonly TestTag[];
  readonly intervalMs?: number;
  readonly users?: Readonly<Record<string, string>>;
  /** PKI folder of the server (a temp folder by default) */
  readonly pki?: string;
  readonly allowAnonymous?: boolean;
}

export class OpcuaTestServer {
  port = 0;
  private server: OPCUAServer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly seq = new Map<string, number>();
  private readonly pki: string;
  private variables = new Map<string, UAVariable>();

  constructor(private readonly options: TestServerOptions) {
    this.pki = options.pki ?? mkdtempSync(join(tmpdir(), 'tg-opcua-server-pki-'));
  }

  get url(): string {
    return `opc.tcp://127.0.0.1:${this.port}/threadgraph-test`;
  }

  /** The string NodeId of a tag (namespace by URI). */
  static nodeId(t: TestTag): string {
    return `nsu=${TEST_NAMESPACE};s=${t.equipmentId}.${t.tag}`;
  }

  /** the last sequence number produced per tag (0: none yet) */
  produced(t: TestTag): number {
    return this.seq.get(`${t.equipmentId}.${t.tag}`) ?? 0;
  }

  get certificateFile(): string {
    return join(this.pki, 'own', 'certs', 'certificate.pem');
  }

  async start(): Promise<void> {
    if (this.port === 0) this.port = await freePort();
    const users = this.options.users ?? {};
    const serverCertificateManager = new OPCUACertificateManager({
      rootFolder: this.pki,
      automaticallyAcceptUnknownCertificate: true,
      disableFileWatchers: true,
    });
    const server = new OPCUAServer({
      port: this.port,
      hostname: '127.0.0.1',
      resourcePath: '/threadgraph-test',
      serverCertificateManager,
      certificateFile: this.certificateFile,
      allowAnonymous: this.options.allowAnonymous ?? true,
      securityModes: [
        MessageSecurityMode.None,
        MessageSecurityMode.Sign,
        MessageSecurityMode.SignAndEncrypt,
      ],
      securityPolicies: [SecurityPolicy.None, SecurityPolicy.Basic256Sha256],
      userManager: {
        isValidUser: (user: string, password: string) => users[user] === password,
      },
      serverInfo: { applicationUri: 'urn:threadgraph:test-server' },
    });
    await server.initialize();
    const ns = server.engine.addressSpace!.registerNamespace(TEST_NAMESPACE);
    const machines = ns.addFolder(server.engine.addressSpace!.rootFolder.objects, {
      browseName: 'Machines',
    });
    this.variables = new Map();
    for (const t of this.options.tags) {
      const key = `${t.equipmentId}.${t.tag}`;
      const v = ns.addVariable({
        componentOf: machines,
        browseName: key,
        nodeId: `s=${key}`,
        dataType: 'Double',
        // every change is reported (exception-based), none sampled away
        minimumSamplingInterval: 0,
      });
      // the server keeps its values' history (in memory, lost with a restart), as many do
      server.engine.addressSpace!.installHistoricalDataNode(v, { maxOnlineValues: 100_000 });
      this.variables.set(key, v);
    }
    await server.start();
    this.server = server;
    this.timer = setInterval(() => this.tick(), this.options.intervalMs ?? 100);
  }

  private tick(): void {
    const clock = getCurrentClock();
    for (const [key, v] of this.variables) {
      const n = (this.seq.get(key) ?? 0) + 1;
      this.seq.set(key, n);
      v.setValueFromSource(
        new Variant({ dataType: DataType.Double, value: n }),
        StatusCodes.Good,
        clock.timestamp,
      );
    }
  }

  /**
   * A restart's first half: stops producing, lets the last values be published (a server that
   * crashes loses what it sampled and had not yet published), and shuts down; its sessions,
   * subscriptions and history die with it.
   */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.server) await new Promise((r) => setTimeout(r, 500));
    await this.server?.shutdown(0);
    this.server = undefined;
  }

  /** Stops producing but keeps serving (the last values stay). */
  pause(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
