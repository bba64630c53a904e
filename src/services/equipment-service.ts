/**
 * Live equipment: storing what the collector queued (the reading writer calls `store`), and the
 * shop-floor KPIs dashboards ask for — machines with their motor health, health per site and
 * across sites, a series' points, energy per route and kWh per unit (definitions in
 * domain/kpi.ts).
 */
import type { Health, HealthCount } from '../domain/kpi';
import { healthCounts } from '../domain/kpi';
import type { Point, ReadingBatch } from '../domain/readings';
import { CHUNK_SPAN_SECONDS, OPEN_END, pointsOf, shiftSeconds } from '../domain/readings';
import { ThreadgraphError } from '../domain/errors';
import { instantFromDate, parseInstant } from '../domain/time';
import type { Executor } from '../graph/executor';
import type { AppendResult, HealthChange } from '../graph/reading-store';
import { appendReadings } from '../graph/reading-store';
import { spread } from './evidence-service';

export interface Machine {
  readonly equipmentId: string;
  readonly site: string | null;
  readonly name: string | null;
  readonly type: string | null;
  readonly health: Health;
  readonly healthReason: string | null;
  readonly healthChangedAt: string | null;
  readonly lastReadingAt: string | null;
  readonly series: readonly SeriesHead[];
}

export interface SeriesHead {
  readonly tag: string;
  readonly meaning: string | null;
  readonly unit: string | null;
  readonly lastAt: string | null;
  readonly lastValue: number | null;
  readonly lastQuality: string | null;
}

export interface RouteEnergy {
  readonly partNumber: string;
  /** units with at least one measured operation */
  readonly units: number;
  readonly operations: readonly OperationEnergy[];
  /** the sum of the operations' mean kWh: what one unit of this route takes */
  readonly kwhPerUnit: number;
  /** counter resets met inside the operations (handled; shown so they can be checked) */
  readonly resets: number;
}

export interface OperationEnergy {
  readonly opNumber: string;
  readonly operations: number;
  readonly kwh: number;
  readonly kwhPerOperation: number;
}

export interface UnitEnergy {
  readonly serialNumber: string;
  readonly kwh: number;
  readonly operations: readonly {
    readonly executionId: string;
    readonly opNumber: string | null;
    readonly equipmentId: string | null;
    readonly kwh: number;
    readonly firstAt: string | null;
    readonly lastAt: string | null;
  }[];
}

/** What the writer publishes after a stored batch (jobs/reading-stream.ts → services/live-readings.ts). */
export interface LiveMessage {
  readonly points: readonly {
    readonly equipmentId: string;
    readonly tag: string;
    readonly unit: string | null;
    readonly t: string;
    readonly value: number | null;
    readonly quality: string;
  }[];
  readonly health: readonly HealthChange[];
}

/** Points published live per stored batch, at most (a dashboard draws, it does not audit). */
const LIVE_POINTS = 5000;

export class EquipmentService {
  constructor(private readonly executor: Executor) {}

  /** Stores a queued batch; what the writer reports and publishes. */
  async store(batch: ReadingBatch): Promise<{
    stored: number;
    duplicates: number;
    refused: number;
    live?: LiveMessage;
    result: AppendResult;
  }> {
    const result = await this.executor.write('readings:store', (q) => appendReadings(q, batch));
    const live: LiveMessage = {
      points: result.points.slice(-LIVE_POINTS).map((p) => ({
        equipmentId: p.equipmentId,
        tag: p.tag,
        unit: p.unit,
        t: p.t,
        value: p.value,
        quality: p.quality,
      })),
      health: result.healthChanges,
    };
    return {
      stored: result.stored,
      duplicates: result.duplicates,
      refused: result.refused.length,
      ...(live.points.length + live.health.length > 0 ? { live } : {}),
      result,
    };
  }

  async machines(site: string | null): Promise<Machine[]> {
    const rows = await this.executor.read('machines', (q) =>
      q.run<{
        equipmentId: string;
        site?: string;
        name?: string;
        type?: string;
        health?: Health;
        healthReason?: string;
        healthChangedAt?: string;
        lastReadingAt?: string;
        series: Partial<SeriesHead & { tag: string }>[];
      }>('readings/read-machines', { site }),
    );
    return rows.map((r) => ({
      equipmentId: r.equipmentId,
      site: r.site ?? null,
      name: r.name ?? null,
      type: r.type ?? null,
      health: r.health ?? 'UNKNOWN',
      healthReason: r.healthReason ?? null,
      healthChangedAt: r.healthChangedAt ?? null,
      lastReadingAt: r.lastReadingAt ?? null,
      series: r.series
        .filter((s): s is Partial<SeriesHead> & { tag: string } => typeof s.tag === 'string')
        .map((s) => ({
          tag: s.tag,
          meaning: s.meaning ?? null,
          unit: s.unit ?? null,
          lastAt: s.lastAt ?? null,
          lastValue: s.lastValue ?? null,
          lastQuality: s.lastQuality ?? null,
        })),
    }));
  }

  /** Machines per motor health: per site, then across all sites (site null). */
  async siteHealth(): Promise<HealthCount[]> {
    return healthCounts(await this.machines(null));
  }

  /** One series' points in [from, to] (default: the last hour of it), at most `limit`. */
  async series(
    equipmentId: string,
    tag: string,
    window: { from?: string | null; to?: string | null },
    limit: number,
  ): Promise<{ unit: string | null; count: number; points: Point[] }> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 5000) {
      throw new ThreadgraphError('INVALID_INPUT', 'limit must be 1 to 5000');
    }
    const to = window.to ? instant(window.to, 'to') : OPEN_END;
    const from = window.from
      ? instant(window.from, 'from')
      : shiftSeconds(to === OPEN_END ? instantFromDate(new Date()) : to, -3600);
    const fromN = parseInstant(from) ?? from;
    const [row] = await this.executor.read('equipmentReadings', (q) =>
      q.run<{
        unit?: string;
        chunks: { from: string; dt: number[]; v: (number | null)[]; q: string[] }[];
      }>('readings/read-series-points', {
        equipmentId,
        tag,
        from: fromN,
        to,
        seekFrom: shiftSeconds(fromN, -CHUNK_SPAN_SECONDS),
      }),
    );
    const points = (row?.chunks ?? [])
      .flatMap(pointsOf)
      .filter((p) => p.t >= fromN && p.t <= to)
      .sort((a, b) => (a.t < b.t ? -1 : 1));
    return { unit: row?.unit ?? null, count: points.length, points: spread(points, limit) };
  }

  async energyByRoute(
    site: string | null,
    window: { from?: string | null; to?: string | null },
  ): Promise<RouteEnergy[]> {
    const rows = await this.executor.read('energyByRoute', (q) =>
      q.run<{
        partNumber?: string;
        opNumber?: string;
        operations: number;
        units: number;
        kwh: number;
        resets: number;
      }>('readings/read-energy-by-route', {
        site,
        from: window.from ? instant(window.from, 'from') : '0001-01-01T00:00:00.000000000Z',
        to: window.to ? instant(window.to, 'to') : OPEN_END,
      }),
    );
    return routeEnergy(rows);
  }

  async unitEnergy(serialNumber: string): Promise<UnitEnergy> {
    const rows = await this.executor.read('unitEnergy', (q) =>
      q.run<{
        executionId: string;
        opNumber?: string;
        equipmentId?: string;
        kwh?: number;
        firstAt?: string;
        lastAt?: string;
      }>('readings/read-unit-energy', { serialNumber }),
    );
    const operations = rows.map((r) => ({
      executionId: r.executionId,
      opNumber: r.opNumber ?? null,
      equipmentId: r.equipmentId ?? null,
      kwh: r.kwh ?? 0,
      firstAt: r.firstAt ?? null,
      lastAt: r.lastAt ?? null,
    }));
    return { serialNumber, kwh: operations.reduce((n, o) => n + o.kwh, 0), operations };
  }
}

/** Rows per part and operation → per route: each operation's mean, their sum per unit. */
export function routeEnergy(
  rows: readonly {
    partNumber?: string;
    opNumber?: string;
    operations: number;
    units: number;
    kwh: number;
    resets: number;
  }[],
): RouteEnergy[] {
  const byPart = new Map<string, { units: number; resets: number; ops: OperationEnergy[] }>();
  for (const r of rows) {
    const part = r.partNumber ?? '(unknown part)';
    const p = byPart.get(part) ?? { units: 0, resets: 0, ops: [] };
    p.units = Math.max(p.units, r.units);
    p.resets += r.resets;
    p.ops.push({
      opNumber: r.opNumber ?? '(no op number)',
      operations: r.operations,
      kwh: r.kwh,
      kwhPerOperation: r.operations > 0 ? r.kwh / r.operations : 0,
    });
    byPart.set(part, p);
  }
  return [...byPart].map(([partNumber, p]) => ({
    partNumber,
    units: p.units,
    operations: p.ops,
    kwhPerUnit: p.ops.reduce((n, o) => n + o.kwhPerOperation, 0),
    resets: p.resets,
  }));
}

function instant(text: string, name: string): string {
  const parsed = parseInstant(text);
  if (parsed === undefined) {
    throw new ThreadgraphError(
      'INVALID_INPUT',
      `${name} is not a time with a zone: ${text.slice(0, 60)}`,
    );
  }
  return parsed;
}
