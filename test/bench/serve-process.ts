/** `threadgraph serve` as its own process, as users run it: the benches ask it over HTTP. */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
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

/** The environment without a Neo4j target: a bench always uses its own local instance. */
export function withoutNeo4jTarget(source: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const rest = { ...source };
  for (const name of ['NEO4J_URI', 'NEO4J_USER', 'NEO4J_PASSWORD', 'NEO4J_DATABASE'])
    delete rest[name];
  return rest;
}
