/** Data housekeeping: `generate` the demo thread, `derive` every unit's derived state again. */
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { demoLines } from '../../demo/generate';
import { writeLines } from '../../demo/write-lines';
import { nonNegative, parse, positive, UsageError } from '../args';
import { withServices } from './with-services';

export async function deriveCommand(
  args: string[],
  config: Config,
  logger: Logger,
): Promise<number> {
  parse(args, {});
  return withServices(config, logger, async (s) => {
    const d = await s.derive.all();
    process.stdout.write(
      `derived ${d.units} units and ${d.days} days in ${(d.durationMs / 1000).toFixed(1)} s\n`,
    );
    return 0;
  });
}

export async function generateCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {
    units: { type: 'string' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
  });
  if (values.units === undefined)
    throw new UsageError('usage: threadgraph generate --units N [--seed S] [--out FILE]');
  const options = {
    units: positive(values.units, '--units'),
    seed: nonNegative(values.seed, '--seed'),
  };
  await writeLines(demoLines(options), values.out);
  return 0;
}
