/**
 * Derived state: what each unit's evidence chain comes to (gap codes, complete, verified
 * requirements, first shipment), whether each operation escaped, and the daily thread-health
 * counts. It is worked out after every import for the units the import's changes can reach —
 * with the same reader and rules as the evidenceChain query, so the two always agree — and can
 * be rebuilt whole with `threadgraph derive`.
 */
import { eachInLanes, slices } from '../domain/collections';
import type { Seeds } from '../domain/dependencies';
import { evidenceChain } from '../domain/evidence';
import type { EvidenceChain } from '../domain/evidence';
import type { HealthCounts, HealthMetric } from '../domain/health';
import {
  NO_COUNTS,
  addCounts,
  dayStart,
  escapedOperations,
  metricCounts,
  nextDay,
} from '../domain/health';
import { instantFromDate } from '../domain/time';
import { readSnapshots } from '../graph/evidence-reader';
import type { Executor, QueryRunner } from '../graph/executor';
import { readContainingSerials } from '../graph/genealogy';
import { recordId } from '../domain/canonical';
import { workOutAllReadingSummaries, workOutReadingSummaries } from './reading-summaries';

/** units per read and write transaction */
const UNIT_BATCH = 250;
/** days recounted per transaction */
const DAY_BATCH = 20;
/**
 * batches worked on at once: one batch's evidence is read while another's is written, so Neo4j
 * uses more than one core (the batches touch disjoint units and days: no lock waits)
 */
const LANES = 2;

export interface DeriveSummary {
  readonly units: number;
  readonly days: number;
  readonly durationMs: number;
}

interface CountRow {
  metric: HealthMetric;
  site?: string;
  total: number;
  hits: number;
}

export class DeriveService {
  constructor(private readonly executor: Executor) {}

  /** Works out again what the changes seeded can reach. */
  async afterChanges(seeds: Seeds): Promise<DeriveSummary> {
    const started = Date.now();
    await workOutReadingSummaries(this.executor, seeds);
    const serials = await this.executor.read('derive:affected', (q) => affectedUnits(q, seeds));
    const days = new Set(seeds.days);
    await this.deriveUnits(serials, days);
    await this.recountDays(days);
    return { units: serials.length, days: days.size, durationMs: Date.now() - started };
  }

  /**
   * Works out every unit and every day again, and clears the changes that were waiting to be
   * derived when it began (those committed since stay pending for their own import to derive).
   */
  async all(): Promise<DeriveSummary> {
    const started = Date.now();
    const pending = (
      await this.executor.read('derive:all', (q) =>
        q.run<{ id: string }>('derive/read-all-pending'),
      )
    ).map((p) => p.id);
    await workOutAllReadingSummaries(this.executor);
    const days = new Set<string>();
    let units = 0;
    let after = '';
    for (;;) {
      const page = await this.executor.read('derive:all', (q) =>
        q.run<{ serialNumber: string }>('derive/all-units', { after, limit: 5000 }),
      );
      if (page.length === 0) break;
      const serials = page.map((r) => r.serialNumber);
      await this.deriveUnits(serials, days);
      units += serials.length;
      after = serials[serials.length - 1] as string;
    }
    const [range] = await this.executor.read('derive:all', (q) =>
      q.run<{ first?: string; last?: string }>('health/read-time-range'),
    );
    if (range?.first !== undefined && range.last !== undefined) {
      for (let d = range.first.slice(0, 10); d <= range.last.slice(0, 10); d = nextDay(d))
        days.add(d);
    }
    await this.recountDays(days);
    for (const ids of slices(pending, 5000)) {
      await this.executor.write('derive:all', (q) => q.run('derive/clear-pending', { ids }));
    }
    return { units, days: days.size, durationMs: Date.now() - started };
  }

  /**
   * Derives the given units; adds the days their operations and shipments fall on. One batch's
   * evidence is read while another's is written; the write takes the graph's write lock and, if an
   * import batch committed since the read, reads again under the lock: derived state is never
   * written from records that have changed since (graph-schema/model.md, "Import runs").
   */
  async deriveUnits(serials: readonly string[], days: Set<string>): Promise<void> {
    await eachInLanes(slices(serials, UNIT_BATCH), LANES, async (batch) => {
      const read = async (q: QueryRunner) => ({
        chains: [...(await readSnapshots(q, batch, { readings: false })).values()].map(
          evidenceChain,
        ),
        previousShippedAt: await q.run<{ shippedAt: string }>('derive/read-shipped-at', {
          serialNumbers: batch,
        }),
      });
      const early = await this.executor.read('derive:read', async (q) => ({
        seq: await writeSequence(q),
        ...(await read(q)),
      }));
      await this.executor.write('derive:write', async (q) => {
        const [lock] = await q.run<{ seq: number }>('admin/lock-writes', { step: 0 });
        const { chains, previousShippedAt } = lock?.seq === early.seq ? early : await read(q);
        for (const { shippedAt } of previousShippedAt) days.add(shippedAt.slice(0, 10));
        const derivedAt = instantFromDate(new Date());
        const units = chains.map((c) => unitRow(c, derivedAt));
        const operations = chains.flatMap((c) => {
          const escaped = escapedOperations(c);
          return c.operations.map((op) => ({
            id: op.id,
            escaped: escaped.get(op.id) ?? false,
            unitSite: c.site,
          }));
        });
        for (const c of chains) {
          for (const op of c.operations) if (op.startedAt) days.add(op.startedAt.slice(0, 10));
          const shipped = c.shipments[0]?.shippedAt;
          if (shipped) days.add(shipped.slice(0, 10));
        }
        if (units.length > 0) await q.run('derive/write-units', { rows: units });
        if (operations.length > 0) await q.run('derive/write-operations', { rows: operations });
      });
    });
  }

  /** Recounts the thread-health numbers of the given UTC days from the records. */
  async recountDays(days: ReadonlySet<string>): Promise<void> {
    await eachInLanes(slices([...days].sort(), DAY_BATCH), LANES, (batch) =>
      this.executor.write('derive:days', async (q) => {
        // counted and written under the write lock: no import batch lands in between
        await q.run('admin/lock-writes', { step: 0 });
        const rows: Record<string, unknown>[] = [];
        for (const day of batch) rows.push(...(await countDay(q, day)));
        await q.run('health/replace-days', { days: batch, rows });
      }),
    );
  }
}

async function countDay(q: QueryRunner, day: string): Promise<Record<string, unknown>[]> {
  const counts = await q.run<CountRow>('health/count-window', {
    from: dayStart(day),
    to: dayStart(nextDay(day)),
    site: null,
  });
  const bySite = new Map<string, HealthCounts>();
  for (const c of counts) {
    const site = c.site ?? '';
    bySite.set(
      site,
      addCounts(bySite.get(site) ?? NO_COUNTS, metricCounts(c.metric, c.total, c.hits)),
    );
  }
  return [...bySite.entries()].map(([site, c]) => ({ day, site, ...c }));
}

/** How many import batches have committed (see admin/lock-writes). */
async function writeSequence(q: QueryRunner): Promise<number | undefined> {
  const [row] = await q.run<{ seq: number }>('admin/read-write-sequence');
  return row?.seq;
}

function unitRow(c: EvidenceChain, derivedAt: string): Record<string, unknown> {
  return {
    serialNumber: c.serialNumber,
    gapCodes: [...new Set(c.gaps.map((g) => g.code))],
    gapCount: c.gaps.length,
    complete: c.complete,
    verifiedRequirements: c.requirements.filter((r) => r.status === 'VERIFIED').map((r) => r.id),
    builtToSuperseded: c.gaps.some((g) => g.code === 'BUILT_TO_SUPERSEDED_REVISION'),
    shippedAt: c.shipments[0]?.shippedAt ?? null,
    derivedAt,
  };
}

/** The serial numbers whose chains the seeded changes can reach, containers included. */
async function affectedUnits(q: QueryRunner, seeds: Seeds): Promise<string[]> {
  const serials = new Set(seeds.serials);
  const lots = new Set(seeds.lots);
  const executions = new Set(seeds.executions);
  const collect = async (
    name: Parameters<QueryRunner['run']>[0],
    params: Record<string, unknown>,
  ) => {
    for (const r of await q.run<{ serialNumber?: string }>(name, params)) {
      if (r.serialNumber !== undefined) serials.add(r.serialNumber);
    }
  };
  if (seeds.capas.size > 0) {
    for (const n of await q.run<{
      serialNumbers?: string[];
      lotNumbers?: string[];
      operationExecutionId?: string;
    }>('derive/names-of-capas', { ids: [...seeds.capas] })) {
      for (const s of n.serialNumbers ?? []) serials.add(s);
      for (const l of n.lotNumbers ?? []) lots.add(l);
      if (n.operationExecutionId !== undefined) executions.add(n.operationExecutionId);
    }
  }
  const parts = new Set(seeds.partNumbers);
  const addParts = async (
    name: Parameters<QueryRunner['run']>[0],
    params: Record<string, unknown>,
  ) => {
    for (const r of await q.run<{ partNumber?: string }>(name, params)) {
      if (r.partNumber !== undefined) parts.add(r.partNumber);
    }
  };
  if (seeds.drawings.size > 0)
    await addParts('derive/parts-of-drawings', { drawingNumbers: [...seeds.drawings] });
  if (seeds.requirements.size > 0)
    await addParts('derive/parts-of-requirements', { ids: [...seeds.requirements] });
  if (seeds.plans.size > 0) {
    await addParts('derive/parts-of-plans', { planIds: [...seeds.plans] });
    await collect('derive/units-of-plan-results', { planIds: [...seeds.plans] });
  }
  if (parts.size > 0) await collect('derive/units-of-parts', { partNumbers: [...parts] });
  if (seeds.workOrders.size > 0)
    await collect('derive/units-of-work-orders', { ids: [...seeds.workOrders] });
  if (seeds.sites.size > 0) await collect('derive/units-of-sites', { codes: [...seeds.sites] });
  if (
    executions.size + seeds.workInstructions.size + seeds.equipment.size + seeds.operators.size >
    0
  ) {
    await collect('derive/units-of-executions', {
      ids: [...executions],
      workInstructions: [...seeds.workInstructions],
      equipment: [...seeds.equipment],
      operators: [...seeds.operators],
    });
  }
  // a change to a component reaches every unit it was consumed into
  const starts = [
    ...[...serials].map((serialNumber) => recordId('Unit', { serialNumber })),
    ...[...lots].map((lotNumber) => recordId('Lot', { lotNumber })),
  ];
  if (starts.length > 0) {
    for (const serial of await readContainingSerials(q, starts)) serials.add(serial);
  }
  return [...serials].sort();
}
