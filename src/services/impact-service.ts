/**
 * Change impact: the units and work orders inside a change order's effectivity (serial, lot and
 * date ranges in natural order), which of them were built to the revision it supersedes, and how
 * many escaped.
 */
import type { ChangeOrderFacts, Effectivity, PartChange, UnitInScope } from '../domain/effectivity';
import { builtToSupersededBy, insideEffectivity } from '../domain/effectivity';
import { sortedNatural } from '../domain/natural-order';
import type { Executor, QueryRunner } from '../graph/executor';

export interface ImpactedUnit {
  readonly serialNumber: string;
  readonly partNumber: string;
  readonly workOrderId: string | null;
  readonly builtToRevision: string | null;
  readonly builtToSupersededRevision: boolean;
  readonly status: string | null;
  readonly site: string | null;
}

export interface ImpactedWorkOrder {
  readonly id: string;
  readonly partNumber: string;
  readonly revision: string | null;
  readonly releasedAt: string | null;
  readonly site: string | null;
  readonly status: string | null;
  /** locked to a change's fromRevision: everything built under it is an escape */
  readonly lockedToSupersededRevision: boolean;
  /** units of it inside the effectivity */
  readonly units: number;
}

export interface ChangeImpact {
  readonly changeOrderId: string;
  readonly title: string | null;
  readonly releasedAt: string | null;
  readonly effectivity: Effectivity | null;
  readonly changes: readonly PartChange[];
  readonly units: readonly ImpactedUnit[];
  readonly workOrders: readonly ImpactedWorkOrder[];
  readonly escapeCount: number;
}

interface UnitRow {
  serialNumber: string;
  partNumber?: string;
  status?: string;
  site?: string;
  workOrderId?: string;
}

interface WorkOrderRow {
  id: string;
  revision?: string;
  releasedAt?: string;
  site?: string;
  status?: string;
  timeZone?: string;
}

async function siteZones(
  q: QueryRunner,
  codes: readonly (string | undefined)[],
): Promise<Map<string, string>> {
  const distinct = [...new Set(codes.filter((c): c is string => c !== undefined))];
  if (distinct.length === 0) return new Map();
  const rows = await q.run<{ code: string; timezone?: string }>('impact/read-site-zones', {
    codes: distinct,
  });
  return new Map(
    rows.flatMap((r) => (r.timezone === undefined ? [] : [[r.code, r.timezone] as const])),
  );
}

/** A work order as LOT and DATE effectivity judge it. */
function orderScope(partNumber: string, wo: WorkOrderRow): UnitInScope {
  return {
    serialNumber: '',
    partNumber,
    workOrderId: wo.id,
    workOrderReleasedAt: wo.releasedAt,
    timeZone: wo.timeZone,
  };
}

export class ImpactService {
  constructor(private readonly executor: Executor) {}

  /** Null when no PLM record of the change order exists. */
  changeImpact(changeOrderId: string): Promise<ChangeImpact | null> {
    return this.executor.read('changeImpact', async (q) => {
      const [row] = await q.run<{
        id: string;
        title?: string;
        releasedAt?: string;
        changes?: string;
        effectivity?: string;
        placeholder?: boolean;
      }>('impact/read-change-order', { id: changeOrderId });
      if (row === undefined || row.placeholder) return null;
      const co: ChangeOrderFacts = {
        id: row.id,
        releasedAt: row.releasedAt,
        changes: row.changes ? (JSON.parse(row.changes) as PartChange[]) : [],
        effectivity: row.effectivity ? (JSON.parse(row.effectivity) as Effectivity) : undefined,
      };
      const units: ImpactedUnit[] = [];
      const workOrders: ImpactedWorkOrder[] = [];
      const governs = co.releasedAt !== undefined && co.effectivity !== undefined;
      for (const partNumber of governs ? [...new Set(co.changes.map((c) => c.partNumber))] : []) {
        const fromRevisions = new Set(
          co.changes.filter((c) => c.partNumber === partNumber).map((c) => c.fromRevision),
        );
        const [ordersRow] = await q.run<{ orders: [string, string?, string?, string?, string?][] }>(
          'impact/read-work-orders-of-part',
          { partNumber },
        );
        const orders: WorkOrderRow[] = (ordersRow?.orders ?? []).map(
          ([id, revision, releasedAt, site, status]) => ({
            id,
            revision,
            releasedAt,
            site,
            status,
          }),
        );
        const zones = await siteZones(
          q,
          orders.map((wo) => wo.site),
        );
        const ordersById = new Map(
          orders.map((wo) => [
            wo.id,
            { ...wo, timeZone: wo.site ? zones.get(wo.site) : undefined },
          ]),
        );
        // SERIAL is judged on the serial numbers alone; LOT and DATE on the work orders: only the
        // units inside are read
        const serial = co.effectivity?.type === 'SERIAL';
        const serialNumbers = serial
          ? (
              (
                await q.run<{ serialNumbers: string[] }>('impact/read-serials-of-part', {
                  partNumber,
                })
              )[0]?.serialNumbers ?? []
            ).filter((serialNumber) => insideEffectivity(co, { serialNumber, partNumber }))
          : [];
        const workOrderIds = serial
          ? []
          : [...ordersById.values()]
              .filter((wo) => insideEffectivity(co, orderScope(partNumber, wo)))
              .map((wo) => wo.id);
        const rows = serial
          ? serialNumbers.length === 0
            ? []
            : await q.run<UnitRow>('impact/read-units-by-serial', { serialNumbers })
          : workOrderIds.length === 0
            ? []
            : (
                await q.run<{ workOrderId: string; units: [string, string?, string?, string?][] }>(
                  'impact/read-units-of-work-orders',
                  { workOrderIds },
                )
              ).flatMap(({ workOrderId, units }) =>
                units.map(([serialNumber, partNumber, status, site]) => ({
                  serialNumber,
                  partNumber,
                  status,
                  site,
                  workOrderId,
                })),
              );
        const perOrder = new Map<string, number>();
        for (const u of rows) {
          if (u.partNumber !== partNumber) continue; // a change covers units of the parts it changes only
          const wo = u.workOrderId === undefined ? undefined : ordersById.get(u.workOrderId);
          const scope: UnitInScope = {
            serialNumber: u.serialNumber,
            partNumber,
            workOrderId: u.workOrderId,
            lockedRevision: wo?.revision,
            workOrderReleasedAt: wo?.releasedAt,
            timeZone: wo?.timeZone ?? (u.site ? zones.get(u.site) : undefined),
          };
          if (!insideEffectivity(co, scope)) continue;
          if (u.workOrderId !== undefined)
            perOrder.set(u.workOrderId, (perOrder.get(u.workOrderId) ?? 0) + 1);
          units.push({
            serialNumber: u.serialNumber,
            partNumber,
            workOrderId: u.workOrderId ?? null,
            builtToRevision: wo?.revision ?? null,
            builtToSupersededRevision: builtToSupersededBy(co, scope),
            status: u.status ?? null,
            site: u.site ?? null,
          });
        }
        const insideOrders = new Set(serial ? perOrder.keys() : workOrderIds);
        for (const wo of orders) {
          if (!insideOrders.has(wo.id)) continue;
          workOrders.push({
            id: wo.id,
            partNumber,
            revision: wo.revision ?? null,
            releasedAt: wo.releasedAt ?? null,
            site: wo.site ?? null,
            status: wo.status ?? null,
            lockedToSupersededRevision: wo.revision !== undefined && fromRevisions.has(wo.revision),
            units: perOrder.get(wo.id) ?? 0,
          });
        }
      }
      const sortedUnits = sortedNatural(units, (u) => u.serialNumber);
      const sortedOrders = sortedNatural(workOrders, (w) => w.id);
      return {
        changeOrderId: co.id,
        title: row.title ?? null,
        releasedAt: co.releasedAt ?? null,
        effectivity: co.effectivity ?? null,
        changes: co.changes,
        units: sortedUnits,
        workOrders: sortedOrders,
        escapeCount: units.filter((u) => u.builtToSupersededRevision).length,
      };
    });
  }
}
