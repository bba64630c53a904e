/**
 * `threadgraph collect --config FILE`: subscribe to the configured OPC UA servers and queue every
 * reading in Redis, where the reading writer (in `threadgraph start` or `threadgraph worker`)
 * takes it into the graph. Needs Redis only, so it can run beside the machines.
 */
import type { Logger } from 'pino';
import type * as CollectorModule from '../../collector/collector';
import { loadCollectorConfig } from '../../collector/config';
import type { Config } from '../../config';
import { RedisReadingStream } from '../../jobs/reading-stream';
import { redactedUrl } from '../../config';
import { onShutdown } from '../../main';
import type { CommandHelp } from '../args';
import { parse, UsageError } from '../args';

export const collectHelp: CommandHelp = {
  usage: ['threadgraph collect --config FILE'],
  summary: 'subscribe to OPC UA servers and queue their readings for the graph',
  description:
    'Connects to every endpoint in the collector config (security mode and policy, anonymous, ' +
    'user/password or certificate sign-in; its own certificate is kept in THREADGRAPH_HOME/opcua/' +
    'collector-pki), subscribes to the configured nodes and queues each reading in Redis ' +
    '(REDIS_URL) before letting it go. The reading writer in `threadgraph start` or `threadgraph ' +
    'worker` stores them in Neo4j. It reconnects by itself and logs how long it was blind. ' +
    'Write a config from `threadgraph opcua browse URL`, or see `threadgraph simulate --write-config`.',
  options: [['--config FILE', 'the collector config (JSON; README, "Live equipment")']],
};

export async function collectCommand(
  args: string[],
  config: Config,
  logger: Logger,
): Promise<number> {
  const { values } = parse(args, { config: { type: 'string' } });
  if (values.config === undefined) throw new UsageError('--config FILE is required');
  const collector = loadCollectorConfig(values.config, config.secrets);
  const sink = new RedisReadingStream(
    config.jobs.redisUrl,
    config.jobs.prefix,
    collector.queue.maxBacklog,
  );
  // node-opcua is loaded by the commands that use it only (it takes a second or so)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startCollector } = require('../../collector/collector') as typeof CollectorModule;
  const running = startCollector(collector, sink, { home: config.local.home, logger });
  const nodes = collector.endpoints.reduce((n, e) => n + e.nodes.length, 0);
  process.stdout.write(
    `collecting ${nodes} node${nodes === 1 ? '' : 's'} from ${collector.endpoints.length} endpoint` +
      `${collector.endpoints.length === 1 ? '' : 's'} into Redis at ${redactedUrl(config.jobs.redisUrl)}; ` +
      'Ctrl+C stops\n',
  );
  const report = setInterval(() => {
    const { endpoints, ...counts } = running.stats;
    logger.info(
      {
        ...counts,
        endpoints: endpoints.map((e) => ({
          name: e.name,
          connected: e.connected,
          blindMs: e.blindMs,
        })),
      },
      'collector',
    );
  }, 30_000);
  onShutdown(logger, async () => {
    clearInterval(report);
    await running.stop();
    await sink.close();
  });
  return new Promise<number>(() => undefined); // runs until a signal
}
