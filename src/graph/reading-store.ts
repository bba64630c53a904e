/**
 * Live readings in the graph (graph-schema/model.md, "Machine readings"): points stored as
 * chunks per machine and tag, each series' head, each machine's live state and motor health, and
 * per operation execution a summary per tag. Two ways in, both under the machine's write lock
 * (cypher/readings/lock-equipment.cypher), so a reading and the execution it falls in are linked
 * whichever arrives first:
 * - appendReadings: the writer stores a batch, leaves out what is stored already (duplicates change
 *   nothing), extends the summaries of the executions the new points fall in, or works them out
 *   again when a point arrives late;
 * - workOutSummaries: after an import wrote executions (or Reading records), their summaries are
 *   worked out again from every stored point of their window.
 */
import type { HealthLimits } from '../domain/kpi';
import { DEFAULT_LIMITS, motorHealth } from '../domain/kpi';
import type { Health } from '../domain/kpi';
import type {
  Chunk,
  ExecutionWindow,
  LiveReading,
  Point,
  ReadingBatch,
  SeriesInfo,
  TagSummary,
} from '../domain/readings';
import {
  CHUNK_SPAN_SECONDS,
  EMPTY_SUMMARY,
  OPEN_END,
  chunksOf,
  extendSummary,
  inWindow,
  pointsOf,
  readingProblem,
  seriesKey,
  shiftSeconds,
  summarise,
} from '../domain/readings';
import { instantFromDate } from '../domain/time';
import type { QueryRunner } from './executor';

export interface HealthChange {
  readonly equipmentId: string;
  readonly site: string | null;
  readonly health: Health;
  readonly previous: Health | null;
  readonly reason: string;
  readonly changedAt: string;
}

export interface AppendResult {
  /** points stored */
  readonly stored: number;
  /** points stored already (same machine, tag and source time): nothing changed */
  readonly duplicates: number;
  /** readings refused, with why (never stored) */
  readonly refused: readonly { readonly reading: unknown; readonly reason: string }[];
  /** the stored points, per series, for live subscribers */
  readonly points: readonly (LiveReading & { readonly unit: string | null })[];
  readonly healthChanges: readonly HealthChange[];
  /** executions whose summaries changed */
  readonly executions: number;
}

interface SummaryProps extends TagSummary {
  readonly unit: string | null;
  readonly meaning: string | null;
}

/** Stores a batch of live readings; one write transaction (the caller's). */
export async function appendReadings(q: QueryRunner, batch: ReadingBatch): Promise<AppendResult> {
  const refused: { reading: unknown; reason: string }[] = [];
  const bySeries = new Map<string, { equipmentId: string; tag: string; points: Point[] }>();
  for (const r of batch.readings) {
    const problem = readingProblem(r);
    if (problem !== undefined) {
      refused.push({ reading: r, reason: problem });
      continue;
    }
    const key = seriesKey(r.equipmentId, r.tag);
    const s = bySeries.get(key) ?? { equipmentId: r.equipmentId, tag: r.tag, points: [] };
    s.points.push({ t: r.t, value: r.value, quality: r.quality });
    bySeries.set(key, s);
  }
  const meta = new Map(batch.series.map((s) => [seriesKey(s.equipmentId, s.tag), s]));
  const empty: AppendResult = {
    stored: 0,
    duplicates: 0,
    refused,
    points: [],
    healthChanges: [],
    executions: 0,
  };
  if (bySeries.size === 0) return empty;

  const equipment = new Map<string, { site: string | null; lastReadingAt: string }>();
  for (const s of bySeries.values()) {
    const site = meta.get(seriesKey(s.equipmentId, s.tag))?.site ?? null;
    const latest = s.points.reduce((t, p) => (p.t > t ? p.t : t), '');
    const e = equipment.get(s.equipmentId);
    equipment.set(s.equipmentId, {
      site: site ?? e?.site ?? null,
      lastReadingAt: e !== undefined && e.lastReadingAt > latest ? e.lastReadingAt : latest,
    });
  }
  await q.run('readings/lock-equipment', {
    equipment: [...equipment].map(([equipmentId, e]) => ({ equipmentId, ...e })),
  });

  const heads = new Map(
    (
      await q.run<{ equipmentId: string; tag: string; high?: string }>(
        'readings/read-series-heads',
        {
          series: [...bySeries.values()].map(({ equipmentId, tag }) => ({ equipmentId, tag })),
        },
      )
    ).map((h) => [seriesKey(h.equipmentId, h.tag), h.high]),
  );

  // late points (not after the series' head) may be stored already: read those times
  const ranges = [...bySeries.entries()].flatMap(([key, s]) => {
    const high = heads.get(key);
    if (high === undefined) return [];
    const late = s.points.filter((p) => p.t <= high).map((p) => p.t);
    if (late.length === 0) return [];
    const from = late.reduce((a, b) => (a < b ? a : b));
    const to = late.reduce((a, b) => (a > b ? a : b));
    return [{ equipmentId: s.equipmentId, tag: s.tag, from, to, seekFrom: seekFrom(from) }];
  });
  const known = new Map<string, Set<string>>();
  if (ranges.length > 0) {
    for (const c of await q.run<{ equipmentId: string; tag: string; from: string; dt: number[] }>(
      'readings/read-chunk-times',
      { ranges },
    )) {
      const key = seriesKey(c.equipmentId, c.tag);
      const set = known.get(key) ?? new Set<string>();
      for (const p of pointsOf({ from: c.from, dt: c.dt, v: [], q: [] })) set.add(p.t);
      known.set(key, set);
    }
  }

  const chunks: Chunk[] = [];
  const seriesRows: Record<string, unknown>[] = [];
  const stored = new Map<string, Point[]>();
  let received = 0;
  for (const [key, s] of bySeries) {
    received += s.points.length;
    const made = chunksOf(s.equipmentId, s.tag, s.points, known.get(key));
    if (made.length === 0) continue;
    chunks.push(...made);
    const points = made.flatMap(pointsOf);
    stored.set(key, points);
    const last = points[points.length - 1]!;
    const m = meta.get(key);
    const high = heads.get(key);
    seriesRows.push({
      equipmentId: s.equipmentId,
      tag: s.tag,
      site: m?.site ?? null,
      meaning: m?.meaning ?? null,
      unit: m?.unit ?? null,
      limits: m?.limits ? JSON.stringify(m.limits) : null,
      high: high !== undefined && high > last.t ? high : last.t,
      lastAt: last.t,
      lastValue: last.value,
      lastQuality: last.quality,
      added: points.length,
    });
  }
  const storedCount = chunks.reduce((n, c) => n + c.dt.length, 0);
  if (chunks.length === 0) return { ...empty, duplicates: received };
  await q.run('readings/create-chunks', {
    chunks: chunks.map((c) => ({ ...c, count: c.dt.length })),
  });
  await q.run('readings/update-series', { series: seriesRows });

  const executions = await extendExecutionSummaries(q, stored, bySeries, meta);
  const healthChanges = await judgeHealth(q, bySeries, meta);
  return {
    stored: storedCount,
    duplicates: received - storedCount,
    refused,
    points: [...stored].flatMap(([key, points]) => {
      const s = bySeries.get(key)!;
      const unit = meta.get(key)?.unit ?? null;
      return points.map((p) => ({ equipmentId: s.equipmentId, tag: s.tag, unit, ...p }));
    }),
    healthChanges,
    executions,
  };
}

function seekFrom(from: string): string {
  return shiftSeconds(from, -CHUNK_SPAN_SECONDS);
}

/** Adds newly stored points to the summaries of the executions they fall in. */
async function extendExecutionSummaries(
  q: QueryRunner,
  stored: ReadonlyMap<string, Point[]>,
  bySeries: ReadonlyMap<string, { equipmentId: string; tag: string }>,
  meta: ReadonlyMap<string, SeriesInfo>,
): Promise<number> {
  const span = new Map<string, { from: string; to: string }>();
  for (const [key, points] of stored) {
    const { equipmentId } = bySeries.get(key)!;
    const first = points[0]!.t;
    const last = points[points.length - 1]!.t;
    const s = span.get(equipmentId);
    span.set(equipmentId, {
      from: s === undefined || first < s.from ? first : s.from,
      to: s === undefined || last > s.to ? last : s.to,
    });
  }
  const executions = await q.run<{
    id: string;
    equipmentId: string;
    startedAt: string;
    completedAt?: string;
    summaries: (SummaryProps & { tag: string })[];
  }>('readings/read-executions-in-ranges', {
    ranges: [...span].map(([equipmentId, r]) => ({ equipmentId, ...r })),
  });
  const rows: { executionId: string; tag: string; props: SummaryProps }[] = [];
  const again = new Set<string>();
  for (const e of executions) {
    const window: ExecutionWindow = {
      executionId: e.id,
      startedAt: e.startedAt,
      completedAt: e.completedAt,
    };
    const existing = new Map(e.summaries.map((s) => [s.tag, s]));
    for (const [key, points] of stored) {
      const series = bySeries.get(key)!;
      if (series.equipmentId !== e.equipmentId) continue;
      const inside = points.filter((p) => inWindow(window, p.t));
      if (inside.length === 0) continue;
      const before = existing.get(series.tag);
      const extended = extendSummary(before ? fromProps(before) : EMPTY_SUMMARY, inside);
      if (extended === undefined) {
        again.add(e.id);
        continue;
      }
      const m = meta.get(key);
      rows.push({
        executionId: e.id,
        tag: series.tag,
        props: {
          ...extended,
          unit: m?.unit ?? before?.unit ?? null,
          meaning: m?.meaning ?? before?.meaning ?? null,
        },
      });
    }
  }
  const kept = rows.filter((r) => !again.has(r.executionId));
  if (kept.length > 0) await q.run('readings/write-summaries', { rows: kept });
  if (again.size > 0) await workOutSummaries(q, [...again], { locked: true });
  return new Set(rows.map((r) => r.executionId)).size + again.size;
}

function fromProps(p: SummaryProps): TagSummary {
  return {
    count: p.count,
    min: p.min ?? null,
    max: p.max ?? null,
    sum: p.sum ?? 0,
    numeric: p.numeric ?? 0,
    firstAt: p.firstAt ?? null,
    firstValue: p.firstValue ?? null,
    lastAt: p.lastAt ?? null,
    lastValue: p.lastValue ?? null,
    increase: p.increase ?? 0,
    resets: p.resets ?? 0,
  };
}

/** Judges the motor health of the machines whose vibration or temperature moved on. */
async function judgeHealth(
  q: QueryRunner,
  bySeries: ReadonlyMap<string, { equipmentId: string; tag: string }>,
  meta: ReadonlyMap<string, SeriesInfo>,
): Promise<HealthChange[]> {
  const judged = new Set<string>();
  for (const [key, s] of bySeries) {
    const meaning = meta.get(key)?.meaning;
    if (meaning === 'vibration_velocity' || meaning === 'temperature') judged.add(s.equipmentId);
  }
  if (judged.size === 0) return [];
  const latest = await q.run<{
    equipmentId: string;
    meaning?: string;
    lastValue?: number;
    lastAt?: string;
    limits?: string;
  }>('readings/read-latest', { equipmentIds: [...judged] });
  const byMachine = new Map<
    string,
    { vibration?: number; temperature?: number; limits?: HealthLimits; lastAt?: string }
  >();
  for (const s of latest) {
    const m = byMachine.get(s.equipmentId) ?? {};
    if (s.meaning === 'vibration_velocity' && s.lastValue !== undefined) m.vibration = s.lastValue;
    if (s.meaning === 'temperature' && s.lastValue !== undefined) m.temperature = s.lastValue;
    if (s.limits !== undefined && m.limits === undefined)
      m.limits = JSON.parse(s.limits) as HealthLimits;
    if (s.lastAt !== undefined && (m.lastAt === undefined || s.lastAt > m.lastAt))
      m.lastAt = s.lastAt;
    byMachine.set(s.equipmentId, m);
  }
  const rows = [...byMachine].map(([equipmentId, m]) => ({
    equipmentId,
    ...motorHealth(m, m.limits ?? DEFAULT_LIMITS),
    lastReadingAt: m.lastAt ?? null,
  }));
  const written = await q.run<{
    equipmentId: string;
    site?: string;
    health: Health;
    previous?: Health;
    reason: string;
    changedAt: string;
  }>('readings/write-health', { rows, at: instantFromDate(new Date()) });
  return written
    .filter((w) => w.previous !== w.health)
    .map((w) => ({
      equipmentId: w.equipmentId,
      site: w.site ?? null,
      health: w.health,
      previous: w.previous ?? null,
      reason: w.reason,
      changedAt: w.changedAt,
    }));
}

interface WindowRow {
  id: string;
  equipmentId?: string;
  startedAt?: string;
  completedAt?: string;
  site?: string;
}

/** Every stored point of each window, per tag: live chunks and imported Reading records. */
export async function readWindowPoints(
  q: QueryRunner,
  windows: readonly { key: string; equipmentId: string; from: string; to: string }[],
): Promise<
  Map<string, { tag: string; unit: string | null; meaning: string | null; points: Point[] }[]>
> {
  const out = new Map<
    string,
    { tag: string; unit: string | null; meaning: string | null; points: Point[] }[]
  >();
  if (windows.length === 0) return out;
  const rows = await q.run<{
    key: string;
    tag: string;
    unit?: string;
    meaning?: string;
    chunks: Pick<Chunk, 'from' | 'dt' | 'v' | 'q'>[];
    records: { t: string; value?: number; quality?: string }[];
  }>('readings/read-window-points', {
    windows: windows.map((w) => ({ ...w, seekFrom: seekFrom(w.from) })),
  });
  const range = new Map(windows.map((w) => [w.key, w]));
  const merged = new Map<
    string,
    { tag: string; unit: string | null; meaning: string | null; points: Point[] }
  >();
  for (const r of rows) {
    const w = range.get(r.key)!;
    const id = JSON.stringify([r.key, r.tag]);
    const m = merged.get(id) ?? { tag: r.tag, unit: null, meaning: null, points: [] };
    m.unit = m.unit ?? r.unit ?? null;
    m.meaning = m.meaning ?? r.meaning ?? null;
    for (const c of r.chunks) {
      for (const p of pointsOf(c)) if (p.t >= w.from && p.t <= w.to) m.points.push(p);
    }
    for (const p of r.records) {
      m.points.push({ t: p.t, value: p.value ?? null, quality: p.quality ?? 'Good' });
    }
    merged.set(id, m);
  }
  for (const [id, m] of merged) {
    const [key] = JSON.parse(id) as [string];
    const byTime = new Map<string, Point>();
    for (const p of m.points) if (!byTime.has(p.t)) byTime.set(p.t, p);
    m.points = [...byTime.values()].sort((a, b) => (a.t < b.t ? -1 : 1));
    const list = out.get(key) ?? [];
    list.push(m);
    out.set(key, list);
  }
  for (const list of out.values()) list.sort((a, b) => (a.tag < b.tag ? -1 : 1));
  return out;
}

/**
 * Works the reading summaries of executions out again from every stored point of their window
 * (their readingWindowEnd set on the way). Takes their machines' locks unless `locked`.
 */
export async function workOutSummaries(
  q: QueryRunner,
  ids: readonly string[],
  options: { locked: boolean } = { locked: false },
): Promise<number> {
  if (ids.length === 0) return 0;
  const windows = await q.run<WindowRow>('readings/read-execution-windows', { ids });
  const linked = windows.filter(
    (w): w is WindowRow & { equipmentId: string; startedAt: string } =>
      w.equipmentId !== undefined && w.startedAt !== undefined,
  );
  if (!options.locked && linked.length > 0) {
    const equipment = [...new Set(linked.map((w) => w.equipmentId))].sort();
    await q.run('readings/lock-equipment', {
      equipment: equipment.map((equipmentId) => ({ equipmentId, site: null, lastReadingAt: null })),
    });
  }
  await q.run('readings/replace-summaries', {
    rows: windows.map((w) => ({
      id: w.id,
      windowEnd:
        w.equipmentId !== undefined && w.startedAt !== undefined
          ? (w.completedAt ?? OPEN_END)
          : null,
    })),
  });
  const points = await readWindowPoints(
    q,
    linked.map((w) => ({
      key: w.id,
      equipmentId: w.equipmentId,
      from: w.startedAt,
      to: w.completedAt ?? OPEN_END,
    })),
  );
  const rows = [...points].flatMap(([executionId, series]) =>
    series
      .filter((s) => s.points.length > 0)
      .map((s) => ({
        executionId,
        tag: s.tag,
        props: { ...summarise(s.points), unit: s.unit, meaning: s.meaning },
      })),
  );
  if (rows.length > 0) await q.run('readings/write-summaries', { rows });
  return linked.length;
}
