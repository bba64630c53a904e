/** `threadgraph db start|stop|status|migrate`: the local Neo4j and the schema. */
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { redactedUrl } from '../../config';
import { LocalNeo4j } from '../../graph/local-neo4j';
import { LOCAL_INSTANCE, openGraph } from '../../main';
import type { CommandHelp } from '../args';
import { actionOf, parse, print, UsageError } from '../args';
import { EXIT } from '../exit-codes';

const ACTIONS = ['start', 'stop', 'status', 'migrate'] as const;

export const dbHelp: CommandHelp = {
  usage: ['threadgraph db start|stop|status [--json]', 'threadgraph db migrate'],
  summary:
    'the local Neo4j (data under THREADGRAPH_HOME); migrate: apply the graph schema migrations',
  description:
    'start: start the local Neo4j (its jars come from Maven Central the first time) and apply ' +
    'the schema migrations; returns when it answers. stop: stop it. status: whether it runs ' +
    '(exit status 3 if not), its Bolt port, process id, data folder and the file holding the ' +
    'password of its user neo4j (never the password itself). migrate: apply the ' +
    'schema migrations to the configured Neo4j (NEO4J_URI, or the local one).',
  options: [
    ['--json', 'status only: the answer as JSON (running, boltPort, pid, dataDir, passwordFile)'],
  ],
};

export async function dbCommand(args: string[], config: Config, logger: Logger): Promise<number> {
  const [typed, ...rest] = args;
  const action = actionOf(typed, ACTIONS);
  const { values } = parse(
    rest,
    action === 'status' ? { json: { type: 'boolean', default: false } } : {},
  );
  const json = values.json === true;
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
      `NEO4J_URI is set (${redactedUrl(config.neo4j.uri)}): db ${action} manages only the local Neo4j`,
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
        `Neo4j runs at bolt://127.0.0.1:${state.boltPort} (pid ${state.pid}); schema is up to date\n` +
          `user neo4j, password in ${local.passwordFile(LOCAL_INSTANCE)}`,
      );
      return 0;
    }
    case 'stop':
      say((await local.stop(LOCAL_INSTANCE)) ? 'Neo4j stopped' : 'Neo4j was not running');
      return 0;
    case 'status': {
      if (config.neo4j.mode === 'external') {
        print(
          json,
          { mode: 'external', uri: redactedUrl(config.neo4j.uri), managed: false },
          () => `using NEO4J_URI ${redactedUrl(config.neo4j.uri)} (not managed here)`,
        );
        return EXIT.DONE;
      }
      const status = await local.status(LOCAL_INSTANCE);
      const state = status.running ? status.state : undefined;
      print(
        json,
        {
          mode: 'local',
          running: status.running,
          boltPort: state?.boltPort ?? null,
          uri: state ? `bolt://127.0.0.1:${state.boltPort}` : null,
          pid: state?.pid ?? null,
          startedAt: state?.startedAt ?? null,
          version: state?.version ?? null,
          dataDir: status.dir,
          // where, not what: the password stays in its owner-only file
          passwordFile: status.passwordFile,
        },
        () =>
          (state
            ? `running: bolt://127.0.0.1:${state.boltPort} pid ${state.pid} since ${state.startedAt}; data in ${status.dir}`
            : `not running; data in ${status.dir}`) +
          `\nuser neo4j, password in ${status.passwordFile}`,
      );
      return status.running ? EXIT.DONE : EXIT.UNAVAILABLE;
    }
  }
}
