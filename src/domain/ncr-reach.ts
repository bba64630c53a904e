import { compareStrings } from './natural-order';

/** What the genealogy of a unit holds: every serial and lot consumed into it, at any depth. */
export interface ComponentEdge {
  readonly kind: 'SERIAL' | 'LOT';
  readonly id: string;
  readonly partNumber?: string | undefined;
  /** 1 for direct children; the shortest depth at which this edge occurs */
  readonly depth: number;
  readonly parentId: string;
  readonly placeholder?: boolean | undefined;
  /** the serial's or lot's own status, where it has one */
  readonly status?: string | undefined;
}

export interface NcrNames {
  readonly id: string;
  readonly serialNumbers: readonly string[];
  readonly lotNumbers: readonly string[];
  readonly operationExecutionId?: string | undefined;
}

export interface ReachContext {
  readonly serialNumber: string;
  /** ids of the unit's own operation executions */
  readonly executionIds: ReadonlySet<string>;
  readonly components: readonly ComponentEdge[];
  /** operation execution id → the component serial it was performed on */
  readonly componentExecutions: ReadonlyMap<string, string>;
}

/**
 * NCR reach (canonical model): an NCR touches a unit when it names the unit, one of the unit's
 * operation executions, a lot consumed at any depth, or a component serial at any depth. We
 * also count an NCR that names an operation execution of a component: it is about that
 * component as surely as if it named its serial. The answer is the most direct way — UNIT, else
 * OPERATION, else COMPONENT:<serial>, else LOT:<lot> — nearest first, ties by identifier.
 * Undefined when the NCR does not touch the unit.
 */
export function ncrVia(ncr: NcrNames, ctx: ReachContext): string | undefined {
  if (ncr.serialNumbers.includes(ctx.serialNumber)) return 'UNIT';
  if (ncr.operationExecutionId !== undefined && ctx.executionIds.has(ncr.operationExecutionId)) {
    return 'OPERATION';
  }
  const namedSerials = new Set(ncr.serialNumbers);
  const viaExecution =
    ncr.operationExecutionId === undefined
      ? undefined
      : ctx.componentExecutions.get(ncr.operationExecutionId);
  if (viaExecution !== undefined) namedSerials.add(viaExecution);
  const component = nearest(ctx.components, 'SERIAL', namedSerials);
  if (component !== undefined) return `COMPONENT:${component}`;
  const lot = nearest(ctx.components, 'LOT', new Set(ncr.lotNumbers));
  if (lot !== undefined) return `LOT:${lot}`;
  return undefined;
}

function nearest(
  components: readonly ComponentEdge[],
  kind: ComponentEdge['kind'],
  named: ReadonlySet<string>,
): string | undefined {
  let best: ComponentEdge | undefined;
  for (const c of components) {
    if (c.kind !== kind || !named.has(c.id)) continue;
    if (
      best === undefined ||
      c.depth < best.depth ||
      (c.depth === best.depth && compareStrings(c.id, best.id) < 0)
    ) {
      best = c;
    }
  }
  return best?.id;
}
