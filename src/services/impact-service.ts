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
  partNumber?: string;
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

type OrderRows = [string, string?, string?, string?, string?, string?][];

async function readWorkOrders(
  q: QueryRunner,
  name: 'impact/read-work-orders' | 'impact/read-work-orders-of-part',
  params: Record<string, unknown>,
): Promise<WorkOrderRow[]> {
  const [row] = await q.run<{ orders: OrderRows }>(name, params);
  return (row?.orders ?? []).map(([id, partNumber, revision, releasedAt, site, status]) => ({
    id,
    partNumber,
    revision,
    releasedAt,
    site,
    status,
  }));
}

async function readUnitsOfWorkOrders(
  q: QueryRunner,
  workOrderIds: readonly string[],
): Promise<UnitRow[]> {
  if (workOrderIds.length === 0) return [];
  const rows = await q.run<{ workOrderId: string; units: [string, string?, string?, string?][] }>(
    'impact/read-units-of-work-orders',
    { workOrderIds },
  );
  return rows.flatMap(({ workOrderId, units }) =>
    units.map(([serialNumber, partNumber, status, site]) => ({
      serialNumber,
      partNumber,
      status,
      site,
      workOrderId,
    })),
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
        // what each effectivity is judged on is read first, and only what lies inside is read
        // in full: SERIAL the serial numbers, LOT the work-order ids, DATE the orders' release
        const serial = co.effectivity?.type === 'SERIAL';
        let rows: UnitRow[] = [];
        let orders: WorkOrderRow[];
        if (serial) {
          const [serialsRow] = await q.run<{ serialNumbers: string[] }>(
            'impact/read-serials-of-part',
            { partNumber },
          );
          const serialNumbers = (serialsRow?.serialNumbers ?? []).filter((serialNumber) =>
            insideEffectivity(co, { serialNumber, partNumber }),
          );
          if (serialNumbers.length > 0)
            rows = await q.run<UnitRow>('impact/read-units-by-serial', { serialNumbers });
          orders = await readWorkOrders(q, 'impact/read-work-orders', {
            ids: [...new Set(rows.flatMap((u) => (u.workOrderId ? [u.workOrderId] : [])))],
          });
        } else if (co.effectivity?.type === 'LOT') {
          // the orders inside the range: the part's received orders, and whatever orders its
          // units name (a unit is judged by the order it names: its production lot)
          const ids = new Set<string>();
          for (const name of [
            'impact/read-work-order-ids-of-part',
            'impact/read-work-order-ids-of-units',
          ] as const) {
            const [row] = await q.run<{ ids: string[] }>(name, { partNumber });
            for (const id of row?.ids ?? []) ids.add(id);
          }
          const inside = [...ids].filter((workOrderId) =>
            insideEffectivity(co, { serialNumber: '', partNumber, workOrderId }),
          );
          orders = await readWorkOrders(q, 'impact/read-work-orders', { ids: inside });
          rows = await readUnitsOfWorkOrders(q, inside);
        } else {
          // DATE: the units are read once the orders are judged, below
          orders = await readWorkOrders(q, 'impact/read-work-orders-of-part', { partNumber });
        }
        orders = orders.filter((wo) => wo.partNumber === partNumber);
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
        const workOrderIds = serial
          ? []
          : [...ordersById.values()]
              .filter((wo) => insideEffectivity(co, orderScope(partNumber, wo)))
              .map((wo) => wo.id);
        if (co.effectivity?.type === 'DATE') rows = await readUnitsOfWorkOrders(q, workOrderIds);
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
