/**
 * Thread health over a window [from, to) and optionally one site: the three rates with their
 * counts (whole UTC days from the daily counts the derivation keeps, the partial days at the
 * edges from the records), per site, release-to-floor latency, and the cost of broken boundaries.
 */
import { ThreadgraphError } from '../domain/errors';
import type {
  BrokenBoundaryCost,
  HealthCounts,
  HealthMetric,
  ReleaseToFloor,
} from '../domain/health';
import type { HealthBucket } from '../domain/health';
import {
  EARLIEST,
  bucketStart,
  nextDay,
  LATEST,
  NO_COUNTS,
  addCounts,
  brokenBoundaryCost,
  median,
  metricCounts,
  rate,
  releaseToFloorHours,
  splitWindow,
} from '../domain/health';
import { parseInstant } from '../domain/time';
import type { Executor } from '../graph/executor';

export interface SiteHealth extends HealthCounts {
  readonly site: string | null;
  readonly revisionEscapeRate: number;
  readonly structuredNcrRate: number;
  readonly evidenceCompleteness: number;
}

export interface ThreadHealth extends SiteHealth {
  readonly from: string | null;
  readonly to: string | null;
  readonly bySite: readonly SiteHealth[];
  readonly releaseToFloor: {
    readonly revisions: readonly ReleaseToFloor[];
    readonly medianHours: number | null;
    readonly maxHours: number | null;
  };
  readonly pmiss: number;
  brokenBoundaryCost(
    costPerEscape?: number | null,
    changesPerYear?: number | null,
  ): BrokenBoundaryCost & { currency: string };
}

interface ReleaseRow {
  partNumber: string;
  revision: string;
  releasedAt: string;
  firstWorkOrderId?: string;
  firstWorkOrderAt?: string;
}

export class HealthService {
  constructor(
    private readonly executor: Executor,
    private readonly defaults: { costPerEscape: number; changesPerYear: number; currency: string },
  ) {}

  async threadHealth(
    site: string | null | undefined,
    fromText: string | null | undefined,
    toText: string | null | undefined,
  ): Promise<ThreadHealth> {
    const from = instant('from', fromText);
    const to = instant('to', toText);
    const split = splitWindow(from, to);
    const siteParam = site ?? null;
    return this.executor.read('threadHealth', async (q) => {
      const bySite = new Map<string, HealthCounts>();
      const add = (key: string, counts: Partial<HealthCounts>) =>
        bySite.set(key, addCounts(bySite.get(key) ?? NO_COUNTS, counts));
      if (split.days) {
        const days = await q.run<HealthCounts & { site?: string }>('health/read-days', {
          fromDay: split.days.from,
          toDay: split.days.to,
          site: siteParam,
        });
        for (const row of days) add(row.site ?? '', row);
      }
      for (const part of split.partials) {
        const counts = await q.run<{
          metric: HealthMetric;
          site?: string;
          total: number;
          hits: number;
        }>('health/count-window', { from: part.from, to: part.to, site: siteParam });
        for (const c of counts) add(c.site ?? '', metricCounts(c.metric, c.total, c.hits));
      }
      const release = (
        await q.run<ReleaseRow>('health/read-release-to-floor', {
          from: from ?? EARLIEST,
          to: to ?? LATEST,
          site: siteParam,
        })
      ).map((r) => ({
        partNumber: r.partNumber,
        revision: r.revision,
        releasedAt: r.releasedAt,
        firstWorkOrderId: r.firstWorkOrderId ?? null,
        firstWorkOrderAt: r.firstWorkOrderAt ?? null,
        hours: releaseToFloorHours(r.releasedAt, r.firstWorkOrderAt),
      }));
      const hours = release.flatMap((r) => (r.hours === null ? [] : [r.hours]));
      const total = withRates(siteParam, [...bySite.values()].reduce(addCounts, NO_COUNTS));
      const defaults = this.defaults;
      return {
        ...total,
        from: from ?? null,
        to: to ?? null,
        bySite: [...bySite.entries()]
          .map(([key, counts]) => withRates(key === '' ? null : key, counts))
          .sort((a, b) => (a.site ?? '').localeCompare(b.site ?? '')),
        releaseToFloor: {
          revisions: release,
          medianHours: median(hours),
          maxHours: hours.length === 0 ? null : Math.max(...hours),
        },
        pmiss: total.revisionEscapeRate,
        brokenBoundaryCost(costPerEscape, changesPerYear) {
          for (const [name, v] of [
            ['costPerEscape', costPerEscape],
            ['changesPerYear', changesPerYear],
          ] as const) {
            if (v !== null && v !== undefined && (!Number.isFinite(v) || v < 0)) {
              throw new ThreadgraphError('INVALID_INPUT', `${name} must be a number of at least 0`);
            }
          }
          const cost = brokenBoundaryCost(
            total.revisionEscapeRate,
            changesPerYear ?? defaults.changesPerYear,
            costPerEscape ?? defaults.costPerEscape,
          );
          // each finite, their product need not be: no number answers it
          if (!Number.isFinite(cost.annualCost) || !Number.isFinite(cost.expectedEscapesPerYear)) {
            throw new ThreadgraphError(
              'INVALID_INPUT',
              'costPerEscape × changesPerYear is too large: the annual cost exceeds any number',
            );
          }
          return { ...cost, currency: defaults.currency };
        },
      };
    });
  }

  /**
   * The thread-health counts and rates over time: per bucket (day, ISO week or month) and site,
   * and for every site together (site null), from the daily counts. Whole UTC days: a window
   * edge inside a day takes that day whole. Buckets with nothing recorded are left out.
   */
  async series(
    site: string | null | undefined,
    fromText: string | null | undefined,
    toText: string | null | undefined,
    bucket: HealthBucket,
  ): Promise<HealthPoint[]> {
    const from = instant('from', fromText);
    const to = instant('to', toText);
    return this.executor.read('threadHealthSeries', async (q) => {
      const [range] = await q.run<{ first?: string; last?: string }>('health/read-day-range');
      if (range?.first === undefined || range.last === undefined) return [];
      const fromDay = from?.slice(0, 10) ?? range.first;
      // [from, to): a window ending at midnight leaves that day out
      const toDay =
        to === undefined
          ? nextDay(range.last)
          : to.endsWith('T00:00:00.000000000Z')
            ? to.slice(0, 10)
            : nextDay(to.slice(0, 10));
      const rows = await q.run<HealthCounts & { day: string; site?: string }>(
        'health/read-day-rows',
        { fromDay, toDay, site: site ?? null },
      );
      const bySite = new Map<string, { start: string; site: string; counts: HealthCounts }>();
      const all = new Map<string, HealthCounts>();
      for (const row of rows) {
        const start = bucketStart(row.day, bucket);
        const key = `${start}\u0000${row.site ?? ''}`;
        const sum = bySite.get(key) ?? { start, site: row.site ?? '', counts: NO_COUNTS };
        sum.counts = addCounts(sum.counts, row);
        bySite.set(key, sum);
        all.set(start, addCounts(all.get(start) ?? NO_COUNTS, row));
      }
      const points: HealthPoint[] = [...bySite.values()].map((s) => ({
        ...withRates(s.site === '' ? null : s.site, s.counts),
        start: s.start,
        allSites: false,
      }));
      // one site asked for: its series is the whole answer
      if (!site) {
        for (const [start, counts] of all) {
          points.push({ ...withRates(null, counts), start, allSites: true });
        }
      }
      return points.sort(
        (a, b) =>
          a.start.localeCompare(b.start) ||
          Number(b.allSites) - Number(a.allSites) ||
          (a.site ?? '').localeCompare(b.site ?? ''),
      );
    });
  }
}

export interface HealthPoint extends SiteHealth {
  /** the first day of the bucket (YYYY-MM-DD) */
  readonly start: string;
  /** every site together (site is then null), rather than one site's counts */
  readonly allSites: boolean;
}

/** Window bounds in any zone, normalised; absent stays absent. */
function instant(name: string, text: string | null | undefined): string | undefined {
  if (text === null || text === undefined) return undefined;
  const value = parseInstant(text);
  if (value === undefined) {
    throw new ThreadgraphError('INVALID_INPUT', `${name} must be an ISO-8601 time with a zone`);
  }
  return value;
}

function withRates(site: string | null, c: HealthCounts): SiteHealth {
  return {
    site,
    ...c,
    revisionEscapeRate: rate(c.escapedOperations, c.operations),
    structuredNcrRate: rate(c.structuredNonconformances, c.nonconformances),
    evidenceCompleteness: rate(c.completeShippedUnits, c.shippedUnits),
  };
}
