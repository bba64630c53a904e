/** `threadgraph db start|stop|status|migrate`: the local Neo4j and the schema. */
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { LocalNeo4j } from '../../graph/local-neo4j';
import { LOCAL_INSTANCE, openGraph } from '../../main';
import { UsageError } from '../args';

export async function dbCommand(args: string[], config: Config, logger: Logger): Promise<number> {
  const [action] = args;
  const local = new LocalNeo4j(config.local);
  const say = (m: string) => process.stdout.write(`${m}\n`);
  if (action === 'migrate') {
    // opening the graph applies what is missing: say what that was
    const { executor, applied } = await openGraph(config, logger);
    try {
      say(applied.length > 0 ? `applied ${applied.join(', ')}` : 'schema is up to date');
    } finally {
      await executor.close();
    }
    return 0;
  }
  if (config.neo4j.mode === 'external' && action !== 'status') {
    throw new UsageError(
      `NEO4J_URI is set (${config.neo4j.uri}): db ${action} manages only the local Neo4j`,
    );
  }
  switch (action) {
    case 'start': {
      const state = await local.start(LOCAL_INSTANCE, {
        boltPort: config.local.boltPort,
        log: say,
      });
      const { executor } = await openGraph(config, logger);
      await executor.close();
      say(
        `Neo4j runs at bolt://127.0.0.1:${state.boltPort} (pid ${state.pid}); schema is up to date`,
      );
      return 0;
    }
    case 'stop':
      say((await local.stop(LOCAL_INSTANCE)) ? 'Neo4j stopped' : 'Neo4j was not running');
      return 0;
    case 'status': {
      if (config.neo4j.mode === 'external') {
        say(`using NEO4J_URI ${config.neo4j.uri} (not managed here)`);
        return 0;
      }
      const status = await local.status(LOCAL_INSTANCE);
      say(
        status.running && status.state
          ? `running: bolt://127.0.0.1:${status.state.boltPort} pid ${status.state.pid} since ${status.state.startedAt}; data in ${status.dir}`
          : `not running; data in ${status.dir}`,
      );
      return status.running ? 0 : 3;
    }
    default:
      throw new UsageError('usage: threadgraph db start|stop|status|migrate');
  }
}
