/** The graph and every service, for a command that answers a question and exits. */
import type { Logger } from 'pino';
import type { Config } from '../../config';
import type { Services } from '../../main';
import { createServices, openGraph } from '../../main';

/** Runs `work` on the configured graph with every service, closing the connection after. */
export async function withServices<T>(
  config: Config,
  logger: Logger,
  work: (s: Services) => Promise<T>,
): Promise<T> {
  const { executor } = await openGraph(config, logger);
  try {
    return await work(createServices(executor, config.boundaryCost));
  } finally {
    await executor.close();
  }
}
