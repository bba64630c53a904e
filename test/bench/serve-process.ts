/** `threadgraph serve` as its own process, as users run it: the benches ask it over HTTP. */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Driver } from 'neo4j-driver';
import neo4j from 'neo4j-driver';
import type { Neo4jTarget } from '../../src/config';
import { PACKAGE_ROOT } from '../../src/paths';

export interface ServeProcess {
  /** the GraphQL endpoint */
  readonly url: string;
  readonly child: ChildProcess;
}

/** Starts the built server with `env` (PORT 0: a free port) and waits for its address. */
export async function serveProcess(env: NodeJS.ProcessEnv): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [join(PACKAGE_ROOT, 'dist', 'src', 'cli', 'index.js'), 'serve'],
    {
      env: { PORT: '0', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (d: Buffer) => {
      text += d.toString();
      const m = /open (http:\/\/\S+?)\/? /.exec(text);
      if (m?.[1]) resolve(`${m[1]}/graphql`);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url, child };
}

/**
 * What points a `threadgraph` process at the bench's own instance: NEO4J_URI with the user and
 * the password from the instance's file (the local Neo4j asks for them).
 */
export function neo4jEnv(target: Neo4jTarget): Record<string, string> {
  return {
    NEO4J_URI: target.uri,
    ...(target.user !== undefined ? { NEO4J_USER: target.user } : {}),
    ...(target.password !== undefined ? { NEO4J_PASSWORD: target.password } : {}),
  };
}

/** A driver on the bench's instance with its credentials, for what a bench checks directly. */
export function benchDriver(
  target: Neo4jTarget,
  options: { disableLosslessIntegers?: boolean } = {},
): Driver {
  return neo4j.driver(
    target.uri,
    target.user !== undefined ? neo4j.auth.basic(target.user, target.password ?? '') : undefined,
    options,
  );
}

/** The environment without a Neo4j target: a bench always uses its own local instance. */
export function withoutNeo4jTarget(source: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const rest = { ...source };
  for (const name of ['NEO4J_URI', 'NEO4J_USER', 'NEO4J_PASSWORD', 'NEO4J_DATABASE'])
    delete rest[name];
  return rest;
}
