/**
 * Live machine readings: what one is, how they are kept (time-bucketed chunks per equipment and
 * tag, see graph-schema/model.md "Machine readings") and how an operation's readings are summed
 * up. Pure: the collector, the writer and the evidence chain share these rules.
 *
 * Times are normalised instants (domain/time.ts, nine fractional digits), so string order is time
 * order; inside a chunk a point's time is its offset from the chunk's first point in 100 ns ticks,
 * the resolution of an OPC UA DateTime, so no precision a server sent is lost.
 */
import type { HealthLimits } from './kpi';
import { parseInstant } from './time';

/** One sample of one tag of one machine, as the collector hands it on. */
export interface LiveReading {
  readonly equipmentId: string;
  readonly tag: string;
  /** normalised instant (nine fractional digits; OPC UA carries 100 ns) */
  readonly t: string;
  /** null: the server sent no usable number (a Bad status); kept so the gap shows */
  readonly value: number | null;
  /** the OPC UA status code's name: Good, UncertainLastUsableValue, BadNoCommunication, … */
  readonly quality: string;
}

/** What the configuration says a series means; travels with its readings to the graph. */
export interface SeriesMeta {
  readonly equipmentId: string;
  readonly tag: string;
  readonly site?: string | undefined;
  readonly meaning?: string | undefined;
  readonly unit?: string | undefined;
}

/** A series' meaning and health limits, as the collector config gave them. */
export interface SeriesInfo extends SeriesMeta {
  readonly limits?: HealthLimits | undefined;
}

/** What the collector queues and the writer stores: readings, and what their series mean. */
export interface ReadingBatch {
  readonly readings: readonly LiveReading[];
  readonly series: readonly SeriesInfo[];
}

export const seriesKey = (equipmentId: string, tag: string): string =>
  JSON.stringify([equipmentId, tag]);

/** A chunk spans at most this long, so a chunk overlapping [a, b] starts after a − CHUNK_SPAN. */
export const CHUNK_SPAN_SECONDS = 60;

/** 100 ns ticks since the epoch of a normalised instant. */
export function ticksOf(instant: string): bigint {
  const seconds = BigInt(Math.floor(Date.parse(instant.slice(0, 19) + 'Z') / 1000));
  return seconds * 10_000_000n + BigInt(instant.slice(20, 27));
}

/** The normalised instant of 100 ns ticks since the epoch. */
export function instantOfTicks(ticks: bigint): string {
  const seconds = ticks / 10_000_000n - (ticks % 10_000_000n < 0n ? 1n : 0n);
  const rest = ticks - seconds * 10_000_000n;
  const whole = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${whole}.${rest.toString().padStart(7, '0')}00Z`;
}

/** `instant` moved by whole seconds (negative: earlier). */
export function shiftSeconds(instant: string, seconds: number): string {
  return instantOfTicks(ticksOf(instant) + BigInt(seconds) * 10_000_000n);
}

/** A stored chunk: points of one series, oldest first, no two at the same time. */
export interface Chunk {
  readonly equipmentId: string;
  readonly tag: string;
  readonly from: string;
  readonly to: string;
  /** offsets from `from` in 100 ns ticks */
  readonly dt: readonly number[];
  readonly v: readonly (number | null)[];
  readonly q: readonly string[];
}

export interface Point {
  readonly t: string;
  readonly value: number | null;
  readonly quality: string;
}

/** The points of a chunk with their times. */
export function pointsOf(chunk: Pick<Chunk, 'from' | 'dt' | 'v' | 'q'>): Point[] {
  const base = ticksOf(chunk.from);
  return chunk.dt.map((d, i) => ({
    t: instantOfTicks(base + BigInt(d)),
    value: chunk.v[i] ?? null,
    quality: chunk.q[i] ?? 'Good',
  }));
}

/**
 * Points of one series as chunks: sorted, a time given twice kept once (the first one sent),
 * times in `known` left out (they are stored already: a duplicate changes nothing), and no chunk
 * longer than CHUNK_SPAN_SECONDS.
 */
export function chunksOf(
  equipmentId: string,
  tag: string,
  points: readonly Point[],
  known: ReadonlySet<string> = new Set(),
): Chunk[] {
  const seen = new Set(known);
  const fresh: Point[] = [];
  for (const p of points) {
    if (seen.has(p.t)) continue;
    seen.add(p.t);
    fresh.push(p);
  }
  fresh.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
  const chunks: Chunk[] = [];
  const span = BigInt(CHUNK_SPAN_SECONDS) * 10_000_000n;
  let start = 0;
  while (start < fresh.length) {
    const base = ticksOf(fresh[start]!.t);
    let end = start;
    const dt: number[] = [];
    const v: (number | null)[] = [];
    const q: string[] = [];
    while (end < fresh.length) {
      const p = fresh[end]!;
      const offset = ticksOf(p.t) - base;
      if (offset > span) break;
      dt.push(Number(offset));
      v.push(p.value);
      q.push(p.quality);
      end++;
    }
    chunks.push({ equipmentId, tag, from: fresh[start]!.t, to: fresh[end - 1]!.t, dt, v, q });
    start = end;
  }
  return chunks;
}

/**
 * What an operation's equipment measured of one tag while it ran. `increase` is what a counter
 * (energy in kWh) went up by between the first and the last reading inside the window: a fall is
 * a counter reset (the counter restarted from zero, so the increase since is the new value).
 */
export interface TagSummary {
  readonly count: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly sum: number;
  /** readings with a number (mean = sum / numeric) */
  readonly numeric: number;
  readonly firstAt: string | null;
  readonly firstValue: number | null;
  readonly lastAt: string | null;
  readonly lastValue: number | null;
  readonly increase: number;
  readonly resets: number;
}

export const EMPTY_SUMMARY: TagSummary = {
  count: 0,
  min: null,
  max: null,
  sum: 0,
  numeric: 0,
  firstAt: null,
  firstValue: null,
  lastAt: null,
  lastValue: null,
  increase: 0,
  resets: 0,
};

/**
 * `summary` with `points` (all later than its lastAt, oldest first) added. Undefined when a
 * point is not later than what the summary holds: a late reading, which only a summary worked
 * out again from every stored point can place.
 */
export function extendSummary(
  summary: TagSummary,
  points: readonly Point[],
): TagSummary | undefined {
  let s = summary;
  for (const p of points) {
    if (s.lastAt !== null && p.t <= s.lastAt) return undefined;
    const v = p.value;
    let increase = s.increase;
    let resets = s.resets;
    let lastValue = s.lastValue;
    if (v !== null) {
      if (lastValue !== null) {
        if (v >= lastValue) increase += v - lastValue;
        else {
          increase += v;
          resets += 1;
        }
      }
      lastValue = v;
    }
    s = {
      count: s.count + 1,
      min: v === null ? s.min : s.min === null ? v : Math.min(s.min, v),
      max: v === null ? s.max : s.max === null ? v : Math.max(s.max, v),
      sum: v === null ? s.sum : s.sum + v,
      numeric: v === null ? s.numeric : s.numeric + 1,
      firstAt: s.firstAt ?? p.t,
      firstValue: s.firstAt === null ? v : s.firstValue,
      lastAt: p.t,
      lastValue,
      increase,
      resets,
    };
  }
  return s;
}

/** The summary of points in any order (duplicates by time counted once). */
export function summarise(points: readonly Point[]): TagSummary {
  const byTime = new Map<string, Point>();
  for (const p of points) if (!byTime.has(p.t)) byTime.set(p.t, p);
  const sorted = [...byTime.values()].sort((a, b) => (a.t < b.t ? -1 : 1));
  return extendSummary(EMPTY_SUMMARY, sorted) ?? EMPTY_SUMMARY;
}

/** An operation's window: [startedAt, completedAt], open while it has not completed. */
export interface ExecutionWindow {
  readonly executionId: string;
  readonly startedAt: string;
  readonly completedAt?: string | undefined;
}

export function inWindow(w: ExecutionWindow, t: string): boolean {
  return t >= w.startedAt && (w.completedAt === undefined || t <= w.completedAt);
}

/** Until when an execution collects readings: its completion, or forever while it runs. */
export const OPEN_END = '9999-12-31T23:59:59.999999999Z';

/** Checks a reading handed to the writer; the reason it cannot be kept, or undefined. */
export function readingProblem(r: unknown): string | undefined {
  if (typeof r !== 'object' || r === null) return 'not an object';
  const x = r as Record<string, unknown>;
  for (const f of ['equipmentId', 'tag', 't', 'quality'] as const) {
    if (typeof x[f] !== 'string' || x[f] === '') return `${f} is not a non-empty string`;
  }
  if (parseInstant(x.t as string) !== x.t) return 't is not a normalised instant';
  if (x.value !== null && (typeof x.value !== 'number' || !Number.isFinite(x.value))) {
    return 'value is not a finite number or null';
  }
  return undefined;
}
