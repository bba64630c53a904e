/**
 * A local Neo4j 5.26 Community without Docker: the server jars come from Maven Central through
 * Maven (cached under THREADGRAPH_HOME), and the server runs as a detached Java 17+ process bound
 * to 127.0.0.1 with its data in THREADGRAPH_HOME/instances/<name>. `start` returns once Bolt
 * answers and does nothing when the instance already runs.
 *
 * Authentication is on: loopback is not a boundary on a shared machine (any local user or a
 * browser page's DNS rebinding could otherwise read and rewrite the graph). The password of user
 * `neo4j` is generated at an instance's first start and kept in
 * THREADGRAPH_HOME/instances/<name>/neo4j-password (mode 600, in a folder of mode 700); whatever
 * connects to the instance reads it from there through `target`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LocalNeo4jConfig, Neo4jTarget } from '../config';
import { ThreadgraphError } from '../domain/errors';
import { PACKAGE_ROOT } from '../paths';
import { freePort, portFree, processLives } from '../ports';

export const NEO4J_VERSION = '5.26.30';
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';
const START_TIMEOUT_MS = 180_000;
/** what the server's command line holds (a pid recycled by another program does not) */
const NEO4J_MAIN = 'CommunityEntryPoint';
const STOP_TIMEOUT_MS = 60_000;
/** the user Neo4j creates with every new store, the only one a Community instance needs */
export const LOCAL_NEO4J_USER = 'neo4j';
const PASSWORD_FILE = 'neo4j-password';
/** the in-process admin tool (`neo4j-admin`) of the same jars as the server */
const ADMIN_MAIN = 'org.neo4j.cli.AdminTool';

export interface InstanceState {
  readonly pid: number;
  readonly boltPort: number;
  readonly version: string;
  readonly startedAt: string;
}

export interface InstanceStatus {
  readonly name: string;
  readonly running: boolean;
  readonly state?: InstanceState | undefined;
  readonly dir: string;
  /** where the password of user `neo4j` is kept (its content is never shown) */
  readonly passwordFile: string;
}

export interface StartOptions {
  /** 0 picks a free port */
  readonly boltPort: number;
  readonly log?: (message: string) => void;
}

export class LocalNeo4j {
  constructor(private readonly config: LocalNeo4jConfig) {}

  instanceDir(name: string): string {
    return join(this.config.home, 'instances', name);
  }

  passwordFile(name: string): string {
    return join(this.instanceDir(name), PASSWORD_FILE);
  }

  /**
   * How to connect to a started instance: its Bolt address, user `neo4j` and the password from
   * the instance's file (read at each call, so a process connects with what the file holds now).
   */
  target(name: string, boltPort: number, database?: string): Neo4jTarget {
    const file = this.passwordFile(name);
    let password: string;
    try {
      password = readFileSync(file, 'utf8').trim();
    } catch (e) {
      throw new ThreadgraphError(
        'UNAVAILABLE',
        `cannot read the local Neo4j's password from ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'}): ` +
          'it is written when `threadgraph db start` starts the instance, readable by the user who ' +
          'ran it; an instance still running from an earlier version has none: ' +
          '`threadgraph db stop`, then `threadgraph db start`, turns its password on',
        { cause: e },
      );
    }
    return {
      mode: 'local',
      uri: `bolt://127.0.0.1:${boltPort}`,
      user: LOCAL_NEO4J_USER,
      password,
      ...(database !== undefined ? { database } : {}),
    };
  }

  /** Whether the instance's process lives and answers on its Bolt port. */
  async status(name: string): Promise<InstanceStatus> {
    const dir = this.instanceDir(name);
    const state = readState(dir);
    const running =
      state !== undefined &&
      processLives(state.pid, NEO4J_MAIN) &&
      (await portAnswers(state.boltPort));
    return { name, running, state, dir, passwordFile: this.passwordFile(name) };
  }

  async start(name: string, options: StartOptions): Promise<InstanceState> {
    const log = options.log ?? (() => undefined);
    const current = await this.status(name);
    if (current.running && current.state) return current.state;
    if (current.state && processLives(current.state.pid, NEO4J_MAIN)) {
      // alive but not answering yet (another `start` is waiting for it): wait with it
      await waitForBolt(current.state.boltPort, current.state.pid, this.consoleLog(name));
      return current.state;
    }

    const java = this.java();
    const lib = this.ensureJars(log);
    const dir = this.instanceDir(name);
    const boltPort = options.boltPort === 0 ? await freePort() : options.boltPort;
    if (!(await portFree(boltPort))) {
      throw new ThreadgraphError(
        'UNAVAILABLE',
        `port ${boltPort} is in use by another program (another Neo4j?): set THREADGRAPH_BOLT_PORT, ` +
          'or point NEO4J_URI at that Neo4j',
      );
    }
    // the store, its logs and configuration are the owner's alone (an instance made before was not)
    for (const sub of ['conf', 'data', 'logs', 'run', 'plugins']) {
      mkdirSync(join(dir, sub), { recursive: true, mode: 0o700 });
      chmodSync(join(dir, sub), 0o700);
    }
    chmodSync(dir, 0o700);
    const newPassword = ensurePasswordFile(this.passwordFile(name));
    writeFileSync(join(dir, 'conf', 'neo4j.conf'), this.neo4jConf(dir, boltPort));
    // The password is handed to Neo4j before the start that needs it: for a new store (first
    // start, or its data folder removed), and for a store made before authentication was on
    // (no password file yet), whose user `neo4j` still has the default password.
    if (newPassword || !existsSync(join(dir, 'data', 'databases', 'system'))) {
      this.setInitialPassword(java, lib, name);
    }

    log(`starting Neo4j ${NEO4J_VERSION} (instance ${name}) on 127.0.0.1:${boltPort}`);
    const out = openSync(this.consoleLog(name), 'a');
    const child = spawn(
      java,
      [
        `-Xms${this.config.heap}`,
        `-Xmx${this.config.heap}`,
        '-XX:+UseG1GC',
        '-XX:+ExitOnOutOfMemoryError',
        '--add-opens=java.base/java.nio=ALL-UNNAMED',
        '--add-opens=java.base/java.io=ALL-UNNAMED',
        '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
        '-Dio.netty.tryReflectionSetAccessible=true',
        '-Dfile.encoding=UTF-8',
        '-cp',
        `${join(lib, '*')}:${join(dir, 'plugins', '*')}`,
        'org.neo4j.server.CommunityEntryPoint',
        `--home-dir=${dir}`,
        `--config-dir=${join(dir, 'conf')}`,
        '--console-mode',
      ],
      { detached: true, stdio: ['ignore', out, out] },
    );
    closeSync(out);
    child.unref();
    if (child.pid === undefined) {
      throw new ThreadgraphError('UNAVAILABLE', `could not start ${java}`);
    }
    const state: InstanceState = {
      pid: child.pid,
      boltPort,
      version: NEO4J_VERSION,
      startedAt: new Date().toISOString(),
    };
    writeFileSync(join(dir, 'run', 'threadgraph.json'), JSON.stringify(state, null, 2));
    await waitForBolt(boltPort, child.pid, this.consoleLog(name));
    log(`Neo4j is up (pid ${child.pid}); data in ${join(dir, 'data')}`);
    return state;
  }

  /** SIGTERM (a clean shutdown), then SIGKILL if it has not ended within a minute. */
  async stop(name: string): Promise<boolean> {
    const dir = this.instanceDir(name);
    const state = readState(dir);
    if (state === undefined || !processLives(state.pid, NEO4J_MAIN)) {
      rmSync(join(dir, 'run', 'threadgraph.json'), { force: true });
      return false;
    }
    process.kill(state.pid, 'SIGTERM');
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    while (processLives(state.pid, NEO4J_MAIN) && Date.now() < deadline) await sleep(200);
    if (processLives(state.pid, NEO4J_MAIN)) process.kill(state.pid, 'SIGKILL');
    rmSync(join(dir, 'run', 'threadgraph.json'), { force: true });
    return true;
  }

  /**
   * `neo4j-admin dbms set-initial-password`, run from the server's own jars. The password goes
   * in as a picocli argument file (`@file`), so the command line `ps` shows holds only the path.
   * Neo4j stores a hash in data/dbms/auth.ini and applies it at the next start while user
   * `neo4j` still has the default password.
   */
  private setInitialPassword(java: string, lib: string, name: string): void {
    const dir = this.instanceDir(name);
    const result = spawnSync(
      java,
      [
        '-Xmx256m',
        '-cp',
        join(lib, '*'),
        ADMIN_MAIN,
        'dbms',
        'set-initial-password',
        `@${this.passwordFile(name)}`,
      ],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        // the admin tool learns its home only from NEO4J_HOME; the rest of the environment is
        // passed on as to every child (not configuration read here)
        // eslint-disable-next-line no-restricted-properties
        env: { ...process.env, NEO4J_HOME: dir, NEO4J_CONF: join(dir, 'conf') },
      },
    );
    if (result.error || result.status !== 0) {
      // picocli repeats arguments it cannot place: a password edited into the file by hand
      // (with spaces, say) must not come back in the message
      let said = `${result.stdout}${result.stderr}`;
      for (const word of readFileSync(this.passwordFile(name), 'utf8').split(/\s+/))
        if (word !== '') said = said.split(word).join('***');
      throw new ThreadgraphError(
        'UNAVAILABLE',
        `could not set the password of the local Neo4j (neo4j-admin dbms set-initial-password ` +
          `exited ${result.status ?? result.error?.message}): ${said.trim().slice(-1000)}`,
      );
    }
  }

  consoleLog(name: string): string {
    return join(this.instanceDir(name), 'logs', 'console.log');
  }

  /** Resolves the server jars once into THREADGRAPH_HOME/neo4j-<version>/lib. */
  ensureJars(log: (message: string) => void = () => undefined): string {
    const lib = join(this.config.home, `neo4j-${NEO4J_VERSION}`, 'lib');
    if (existsSync(join(lib, '.complete'))) return lib;
    const mvn = process.platform === 'win32' ? 'mvn.cmd' : 'mvn';
    const staging = `${lib}.partial-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    log(`resolving Neo4j ${NEO4J_VERSION} jars from Maven Central (once; cached in ${lib})`);
    const result = spawnSync(
      mvn,
      [
        '-B',
        '-q',
        '-f',
        join(PACKAGE_ROOT, 'neo4j', 'pom.xml'),
        `-Dneo4j.version=${NEO4J_VERSION}`,
        `${DEPENDENCY_PLUGIN}:copy-dependencies`,
        '-DincludeScope=runtime',
        `-DoutputDirectory=${staging}`,
      ],
      // Maven inherits JAVA_HOME, so it runs on the same Java as the server
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    if (result.error || result.status !== 0) {
      rmSync(staging, { recursive: true, force: true });
      const detail =
        result.error?.message ?? `${result.stdout}${result.stderr}`.trim().slice(-2000);
      throw new ThreadgraphError(
        'UNAVAILABLE',
        `could not resolve the Neo4j jars with Maven (${mvn}): ${detail}\n` +
          'Install Maven 3.8+ and Java 17+, or set NEO4J_URI to a Neo4j you run yourself.',
      );
    }
    writeFileSync(join(staging, '.complete'), `${NEO4J_VERSION}\n`);
    rmSync(lib, { recursive: true, force: true });
    mkdirSync(join(lib, '..'), { recursive: true });
    renameSync(staging, lib);
    return lib;
  }

  /** The java executable: JAVA_HOME when set, else the one on PATH (checked to be 17 or later). */
  java(): string {
    const java = this.config.javaHome ? join(this.config.javaHome, 'bin', 'java') : 'java';
    const probe = spawnSync(java, ['-version'], { encoding: 'utf8' });
    const text = `${probe.stdout ?? ''}${probe.stderr ?? ''}`;
    const major = /version "(\d+)/.exec(text)?.[1];
    if (probe.error || major === undefined) {
      throw new ThreadgraphError(
        'UNAVAILABLE',
        `Java 17 or 21 is needed to run the local Neo4j, and ${java} did not answer` +
          ' (set JAVA_HOME, or set NEO4J_URI to a Neo4j you run yourself)',
      );
    }
    if (Number(major) < 17) {
      throw new ThreadgraphError(
        'UNAVAILABLE',
        `Neo4j ${NEO4J_VERSION} needs Java 17 or 21; ${java} is ${major}`,
      );
    }
    return java;
  }

  private neo4jConf(dir: string, boltPort: number): string {
    return [
      '# written by `threadgraph db start`; edits are overwritten at the next start',
      'server.default_listen_address=127.0.0.1',
      'server.default_advertised_address=127.0.0.1',
      `server.bolt.listen_address=127.0.0.1:${boltPort}`,
      `server.bolt.advertised_address=127.0.0.1:${boltPort}`,
      'server.http.enabled=false',
      'server.https.enabled=false',
      'dbms.security.auth_enabled=true',
      `server.directories.data=${join(dir, 'data')}`,
      `server.directories.logs=${join(dir, 'logs')}`,
      `server.directories.run=${join(dir, 'run')}`,
      `server.directories.plugins=${join(dir, 'plugins')}`,
      `server.memory.pagecache.size=${this.config.pageCache}`,
      'db.transaction.timeout=120s',
      'db.tx_log.rotation.retention_policy=256M size',
      'dbms.usage_report.enabled=false',
      '',
    ].join('\n');
  }
}

/**
 * The instance's password file, made with a new random password (256 bits, hex: no character a
 * shell, a URL or an argument file treats specially) when missing; mode 600 either way.
 * Returns whether it was made now.
 */
function ensurePasswordFile(file: string): boolean {
  let made = false;
  try {
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    made = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  chmodSync(file, 0o600);
  return made;
}

function readState(dir: string): InstanceState | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'run', 'threadgraph.json'), 'utf8')) as InstanceState;
  } catch {
    return undefined;
  }
}

async function waitForBolt(port: number, pid: number, consoleLog: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await portAnswers(port)) return;
    if (!processLives(pid, NEO4J_MAIN)) {
      const tail = existsSync(consoleLog) ? readFileSync(consoleLog, 'utf8').slice(-3000) : '';
      throw new ThreadgraphError(
        'UNAVAILABLE',
        `Neo4j exited while starting; ${consoleLog} ends:\n${tail}`,
      );
    }
    await sleep(250);
  }
  throw new ThreadgraphError(
    'UNAVAILABLE',
    `Neo4j did not answer on 127.0.0.1:${port} within ${START_TIMEOUT_MS / 1000} s; see ${consoleLog}`,
  );
}

/** Bolt answers its handshake preamble; a plain TCP accept is not enough during start-up. */
function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.length === 4));
    socket.connect(port, '127.0.0.1', () => {
      // magic preamble, then four proposed versions: 5.x .. 4.4
      socket.write(
        Buffer.from([
          0x60, 0x60, 0xb0, 0x17, 0x00, 0x04, 0x04, 0x05, 0x00, 0x00, 0x04, 0x04, 0, 0, 0, 0, 0, 0,
          0, 0,
        ]),
      );
    });
  });
}
