/**
 * Thread health (canonical model, "Derived figures"): escaped operations, the three rates, the
 * window split into whole UTC days and partial edges, release-to-floor latency, and the cost of
 * broken boundaries (the seed: Pmiss × changes × cost per escape; 15 % → £825k).
 */
import type { EvidenceChain } from './evidence';
import { epochMs, fromEpoch } from './time';

/**
 * Escaped operation: its work-instruction revision was not current at its start, or its unit
 * was built to a superseded revision. An execution naming no revision is a
 * MISSING_WORK_INSTRUCTION gap, not an escape: nothing says it ran on a superseded one.
 */
export function escapedOperations(chain: EvidenceChain): Map<string, boolean> {
  const superseded = chain.gaps.some((g) => g.code === 'BUILT_TO_SUPERSEDED_REVISION');
  return new Map(
    chain.operations.map((op) => [
      op.id,
      superseded || (op.workInstruction !== null && !op.workInstruction.current),
    ]),
  );
}

/** A rate over zero items is 0 (with its count 0). */
export function rate(hits: number, total: number): number {
  return total === 0 ? 0 : hits / total;
}

export interface WindowSplit {
  /** whole UTC days inside the window: [fromDay, toDay), or undefined when there are none */
  readonly days?: { readonly from: string; readonly to: string } | undefined;
  /** the parts of days at the window's edges, counted record by record */
  readonly partials: readonly { readonly from: string; readonly to: string }[];
}

const DAY_MS = 86_400_000;
/** before and after every instant the model can hold */
export const EARLIEST = '0000-01-01T00:00:00.000000000Z';
export const LATEST = '9999-12-31T23:59:59.999999999Z';

/**
 * Splits [from, to) into whole UTC days (answered from daily counts) and the partial days at its
 * edges (answered from the records). An open end is open; the result counts exactly the records
 * with from ≤ t < to.
 */
export function splitWindow(from: string | undefined, to: string | undefined): WindowSplit {
  const start = from ?? EARLIEST;
  const end = to ?? LATEST;
  if (start >= end) return { partials: [] };
  const firstWholeDay = isMidnight(start) ? start.slice(0, 10) : nextDay(start.slice(0, 10));
  const lastDayStart = to === undefined ? undefined : end.slice(0, 10);
  const wholeTo = lastDayStart ?? '9999-12-31';
  const partials: { from: string; to: string }[] = [];
  if (firstWholeDay >= wholeTo) return { partials: [{ from: start, to: end }] };
  if (!isMidnight(start)) partials.push({ from: start, to: dayStart(firstWholeDay) });
  if (to !== undefined && !isMidnight(end)) partials.push({ from: dayStart(wholeTo), to: end });
  return { days: { from: firstWholeDay, to: wholeTo }, partials };
}

export function dayStart(day: string): string {
  return `${day}T00:00:00.000000000Z`;
}

export function nextDay(day: string): string {
  return fromEpoch(Date.parse(`${day}T00:00:00Z`) + DAY_MS).slice(0, 10);
}

function isMidnight(instant: string): boolean {
  return instant.slice(11) === '00:00:00.000000000Z';
}

/** The seed's example inputs: 15 % of 500 changes a year at £11 000 an escape is £825k. */
export const DEFAULT_BOUNDARY_COST = {
  costPerEscape: 11_000,
  changesPerYear: 500,
  currency: 'GBP',
} as const;

export interface BrokenBoundaryCost {
  readonly pmiss: number;
  readonly changesPerYear: number;
  readonly costPerEscape: number;
  readonly expectedEscapesPerYear: number;
  readonly annualCost: number;
}

/** The cost of broken boundaries: Pmiss × changes per year × cost per escape. */
export function brokenBoundaryCost(
  pmiss: number,
  changesPerYear: number,
  costPerEscape: number,
): BrokenBoundaryCost {
  const expectedEscapesPerYear = pmiss * changesPerYear;
  return {
    pmiss,
    changesPerYear,
    costPerEscape,
    expectedEscapesPerYear,
    annualCost: expectedEscapesPerYear * costPerEscape,
  };
}

export interface ReleaseToFloor {
  readonly partNumber: string;
  readonly revision: string;
  readonly releasedAt: string;
  readonly firstWorkOrderId: string | null;
  readonly firstWorkOrderAt: string | null;
  /** hours from release to the first work order locked to it; null while none is */
  readonly hours: number | null;
}

export function releaseToFloorHours(
  releasedAt: string,
  firstWorkOrderAt: string | undefined,
): number | null {
  return firstWorkOrderAt === undefined
    ? null
    : (epochMs(firstWorkOrderAt) - epochMs(releasedAt)) / 3_600_000;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The thread-health counts of a stretch of time (a day, a window) at one site or all. */
export interface HealthCounts {
  readonly operations: number;
  readonly escapedOperations: number;
  readonly nonconformances: number;
  readonly structuredNonconformances: number;
  readonly shippedUnits: number;
  readonly completeShippedUnits: number;
}

export const NO_COUNTS: HealthCounts = {
  operations: 0,
  escapedOperations: 0,
  nonconformances: 0,
  structuredNonconformances: 0,
  shippedUnits: 0,
  completeShippedUnits: 0,
};

export type HealthMetric = 'operations' | 'nonconformances' | 'shipped';

/** One metric's total and hits (escaped, structured, complete) as counts. */
export function metricCounts(
  metric: HealthMetric,
  total: number,
  hits: number,
): Partial<HealthCounts> {
  switch (metric) {
    case 'operations':
      return { operations: total, escapedOperations: hits };
    case 'nonconformances':
      return { nonconformances: total, structuredNonconformances: hits };
    case 'shipped':
      return { shippedUnits: total, completeShippedUnits: hits };
  }
}

export function addCounts(a: HealthCounts, b: Partial<HealthCounts>): HealthCounts {
  return {
    operations: a.operations + (b.operations ?? 0),
    escapedOperations: a.escapedOperations + (b.escapedOperations ?? 0),
    nonconformances: a.nonconformances + (b.nonconformances ?? 0),
    structuredNonconformances: a.structuredNonconformances + (b.structuredNonconformances ?? 0),
    shippedUnits: a.shippedUnits + (b.shippedUnits ?? 0),
    completeShippedUnits: a.completeShippedUnits + (b.completeShippedUnits ?? 0),
  };
}

export const HEALTH_BUCKETS = ['DAY', 'WEEK', 'MONTH'] as const;
export type HealthBucket = (typeof HEALTH_BUCKETS)[number];

/** The first day of the day's bucket: itself, the Monday of its ISO week, or the 1st of its month. */
export function bucketStart(day: string, bucket: HealthBucket): string {
  if (bucket === 'DAY') return day;
  if (bucket === 'MONTH') return `${day.slice(0, 8)}01`;
  const ms = Date.parse(`${day}T00:00:00Z`);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return fromEpoch(ms - weekday * DAY_MS).slice(0, 10);
}
