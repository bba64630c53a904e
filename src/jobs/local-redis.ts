/**
 * A local Redis for the job queues, run from the `redis-server` on this machine when no Redis
 * answers at REDIS_URL: append-only file on (a restart keeps every queued job) and
 * maxmemory-policy noeviction, data in THREADGRAPH_HOME/redis/<name>. Tests start their own the
 * same way, on a free port, so they can restart it without touching anyone else's Redis.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ThreadgraphError } from '../domain/errors';
import { freePort, portFree, processLives } from '../ports';

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 20_000;
const REDIS_MAIN = 'redis-server';

export interface LocalRedisState {
  readonly pid: number;
  readonly port: number;
  readonly startedAt: string;
}

export class LocalRedis {
  constructor(private readonly home: string) {}

  dir(name: string): string {
    return join(this.home, 'redis', name);
  }

  /** Whether the binary is there to run one at all. */
  static available(): boolean {
    return !spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).error;
  }

  async status(name: string): Promise<LocalRedisState | undefined> {
    const state = readState(this.dir(name));
    return state !== undefined && processLives(state.pid, REDIS_MAIN) && (await pong(state.port))
      ? state
      : undefined;
  }

  /** Starts it (port 0: a free one) unless it runs; returns once it answers PING. */
  async start(
    name: string,
    options: { port: number; log?: (message: string) => void },
  ): Promise<LocalRedisState> {
    const running = await this.status(name);
    if (running) return running;
    const dir = this.dir(name);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const port = options.port === 0 ? await freePort() : options.port;
    if (!(await portFree(port))) {
      throw new ThreadgraphError(
        'UNAVAILABLE',
        `port ${port} is in use by a program that does not answer as Redis: set REDIS_URL`,
      );
    }
    options.log?.(`starting Redis (instance ${name}) on 127.0.0.1:${port}, data in ${dir}`);
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--save',
        '',
        '--maxmemory-policy',
        'noeviction',
        '--daemonize',
        'no',
        '--logfile',
        join(dir, 'redis.log'),
      ],
      { detached: true, stdio: 'ignore' },
    );
    child.unref();
    if (child.pid === undefined) {
      throw new ThreadgraphError('UNAVAILABLE', 'could not start redis-server: is it installed?');
    }
    const state: LocalRedisState = { pid: child.pid, port, startedAt: new Date().toISOString() };
    writeFileSync(join(dir, 'threadgraph.json'), JSON.stringify(state, null, 2));
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await pong(port))) {
      if (!processLives(child.pid, REDIS_MAIN) || Date.now() > deadline) {
        const log = join(dir, 'redis.log');
        const tail = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
        throw new ThreadgraphError('UNAVAILABLE', `Redis did not start; ${log} ends:\n${tail}`);
      }
      await sleep(50);
    }
    return state;
  }

  /** SIGTERM: Redis flushes its append-only file and exits. */
  async stop(name: string, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<boolean> {
    const dir = this.dir(name);
    const state = readState(dir);
    if (state === undefined || !processLives(state.pid, REDIS_MAIN)) {
      rmSync(join(dir, 'threadgraph.json'), { force: true });
      return false;
    }
    process.kill(state.pid, signal);
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    while (processLives(state.pid, REDIS_MAIN) && Date.now() < deadline) await sleep(50);
    if (processLives(state.pid, REDIS_MAIN)) process.kill(state.pid, 'SIGKILL');
    rmSync(join(dir, 'threadgraph.json'), { force: true });
    return true;
  }
}

function readState(dir: string): LocalRedisState | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'threadgraph.json'), 'utf8')) as LocalRedisState;
  } catch {
    return undefined;
  }
}

/** Whether a Redis answers PING on the port (inline command, no client needed). */
export function pong(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.connect(port, host, () => socket.write('PING\r\n'));
  });
}
