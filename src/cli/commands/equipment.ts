/**
 * `threadgraph equipment`: the live machines with their motor health (per site and across
 * sites), energy per route, and the kWh of one unit — the shop-floor KPIs of domain/kpi.ts.
 */
import type { Logger } from 'pino';
import type { Config } from '../../config';
import type { CommandHelp } from '../args';
import { parse, print, UsageError } from '../args';
import {
  describeMachines,
  describeRouteEnergy,
  describeUnitEnergy,
} from '../render/equipment-text';
import { withServices } from './with-services';

export const equipmentHelp: CommandHelp = {
  usage: [
    'threadgraph equipment [--site S] [--json]',
    'threadgraph equipment energy [--site S] [--from T] [--to T] [--json]',
    'threadgraph equipment energy SERIAL [--json]',
  ],
  summary: 'live machines and their motor health; energy per route and per unit',
  description:
    'The machines that send live readings with their motor health (vibration velocity in ISO ' +
    "10816-3 zones, temperature limits), counted per site and across sites, and each tag's latest " +
    "reading. `energy`: per part, the kWh each routing operation took (from the machines' energy " +
    'counters over each operation, counter resets handled) and their sum a unit; with a SERIAL, ' +
    'the kWh of that unit per operation.',
  options: [
    ['--site S', 'one site'],
    ['--from T, --to T', 'energy: operations started in [from, to), ISO-8601 with a zone'],
    ['--json', 'the answer as JSON'],
  ],
};

export async function equipmentCommand(
  args: string[],
  config: Config,
  logger: Logger,
): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      site: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean' },
    },
    true,
  );
  const [what, serial, ...rest] = positionals;
  if (rest.length > 0 || (what !== undefined && what !== 'energy')) {
    throw new UsageError(`unexpected ${JSON.stringify(rest[0] ?? what)}: say energy, or nothing`);
  }
  const site = values.site ?? null;
  await withServices(config, logger, async (s) => {
    if (what === undefined) {
      if (values.from !== undefined || values.to !== undefined) {
        throw new UsageError('--from and --to go with energy');
      }
      const machines = await s.equipment.machines(site);
      const counts = await s.equipment.siteHealth();
      print(values.json, { machines, counts }, () => describeMachines(machines, counts));
    } else if (serial !== undefined) {
      if (values.site !== undefined || values.from !== undefined || values.to !== undefined) {
        throw new UsageError("a unit's energy takes no --site, --from or --to");
      }
      const u = await s.equipment.unitEnergy(serial);
      print(values.json, u, () => describeUnitEnergy(u));
    } else {
      const routes = await s.equipment.energyByRoute(site, { from: values.from, to: values.to });
      print(values.json, routes, () => describeRouteEnergy(routes));
    }
  });
  return 0;
}
