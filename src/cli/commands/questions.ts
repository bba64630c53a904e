/** The questions: trace (evidence chain, recall scope, as-built tree), impact, health, search, audit. */
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { ThreadgraphError } from '../../domain/errors';
import type { AffectedUnit } from '../../services/trace-service';
import { parse, positive, print, UsageError } from '../args';
import { renderEvidenceChain } from '../render/evidence-text';
import {
  renderBackwardTrace,
  renderChangeImpact,
  renderForwardTrace,
  renderOwnership,
  renderThreadHealth,
} from '../render/questions-text';
import { withServices } from './with-services';

export async function traceCommand(
  args: string[],
  config: Config,
  logger: Logger,
): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      json: { type: 'boolean', default: false },
      forward: { type: 'boolean', default: false },
      backward: { type: 'boolean', default: false },
      depth: { type: 'string', default: '50' },
    },
    true,
  );
  const [id] = positionals;
  if (id === undefined || positionals.length > 1 || (values.forward && values.backward)) {
    throw new UsageError(
      'usage: threadgraph trace [--forward | --backward [--depth N]] SERIAL|LOT [--json]',
    );
  }
  return withServices(config, logger, async (s) => {
    if (values.forward) {
      // a lot or a serial: whichever of them is known
      let target: { lotNumber?: string; serialNumber?: string } = { lotNumber: id };
      let first = await s.trace.forward(target, 1, null);
      if (!first.found) {
        target = { serialNumber: id };
        first = await s.trace.forward(target, 1, null);
      }
      if (!first.found) throw new ThreadgraphError('NOT_FOUND', `no lot or serial ${id}`);
      const units: AffectedUnit[] = [];
      for (let after: string | null = null; ;) {
        const page = await s.trace.forward(target, 1000, after);
        units.push(...page.nodes);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      print(values.json, units, () =>
        renderForwardTrace(`${target.lotNumber ? 'lot' : 'serial'} ${id}`, units),
      );
      return 0;
    }
    if (values.backward) {
      let tree = await s.trace.backward({ serialNumber: id }, positive(values.depth, '--depth'));
      if (!tree.found)
        tree = await s.trace.backward({ lotNumber: id }, positive(values.depth, '--depth'));
      if (!tree.found) throw new ThreadgraphError('NOT_FOUND', `no serial or lot ${id}`);
      print(values.json, tree, () => renderBackwardTrace(tree));
      return 0;
    }
    const chain = await s.evidence.chain(id);
    if (chain === null) throw new ThreadgraphError('NOT_FOUND', `no unit with serial number ${id}`);
    print(values.json, chain, () => renderEvidenceChain(chain));
    return 0;
  });
}

export async function impactCommand(
  args: string[],
  config: Config,
  logger: Logger,
): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean', default: false } }, true);
  const [id] = positionals;
  if (id === undefined || positionals.length > 1)
    throw new UsageError('usage: threadgraph impact CHANGE-ORDER [--json]');
  return withServices(config, logger, async (s) => {
    const result = await s.impact.changeImpact(id);
    if (result === null) throw new ThreadgraphError('NOT_FOUND', `no change order ${id}`);
    print(values.json, result, () => renderChangeImpact(result));
    return 0;
  });
}

export async function healthCommand(
  args: string[],
  config: Config,
  logger: Logger,
): Promise<number> {
  const { values } = parse(args, {
    json: { type: 'boolean', default: false },
    site: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    'cost-per-escape': { type: 'string' },
    'changes-per-year': { type: 'string' },
  });
  const amount = (v: string | undefined, name: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0)
      throw new UsageError(`${name} must be a number of at least 0`);
    return n;
  };
  return withServices(config, logger, async (s) => {
    const h = await s.health.threadHealth(values.site, values.from, values.to);
    const cost = h.brokenBoundaryCost(
      amount(values['cost-per-escape'], '--cost-per-escape'),
      amount(values['changes-per-year'], '--changes-per-year'),
    );
    print(values.json, { ...h, brokenBoundaryCost: cost }, () => renderThreadHealth(h, cost));
    return 0;
  });
}

export async function searchCommand(
  args: string[],
  config: Config,
  logger: Logger,
): Promise<number> {
  const { values, positionals } = parse(
    args,
    { json: { type: 'boolean', default: false }, kind: { type: 'string', multiple: true } },
    true,
  );
  const [prefix] = positionals;
  if (prefix === undefined || positionals.length > 1)
    throw new UsageError('usage: threadgraph search PREFIX [--kind K]... [--json]');
  return withServices(config, logger, async (s) => {
    const hits = await s.trace.search(prefix, values.kind, 50);
    print(values.json, hits, () =>
      hits.length === 0
        ? `nothing starts with ${prefix}`
        : hits
            .map(
              (h) =>
                `${h.kind.padEnd(15)} ${h.key}${h.partNumber && h.kind !== 'Part' ? `  ${h.partNumber}` : ''}${h.status ? `  ${h.status}` : ''}${h.placeholder ? '  (referenced, not received)' : ''}`,
            )
            .join('\n'),
    );
    return 0;
  });
}

export async function auditCommand(
  args: string[],
  config: Config,
  logger: Logger,
): Promise<number> {
  const { values } = parse(args, { json: { type: 'boolean', default: false } });
  return withServices(config, logger, async (s) => {
    const rows = await s.audit.ownership();
    print(values.json, rows, () => renderOwnership(rows));
    return 0;
  });
}
