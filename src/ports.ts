/** The local servers we start (Neo4j, Redis): free ports on loopback, and whether one still runs. */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Whether the process lives and, on Linux, is still the program (a recycled pid is not). */
export function processLives(pid: number, commandLineHolds: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(commandLineHolds);
  } catch {
    return true;
  }
}

export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
