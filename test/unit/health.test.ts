import {
  DEFAULT_BOUNDARY_COST,
  bucketStart,
  brokenBoundaryCost,
  escapedOperations,
  median,
  rate,
  releaseToFloorHours,
  splitWindow,
} from '../../src/domain/health';
import type { EvidenceChain } from '../../src/domain/evidence';
import { parseInstant } from '../../src/domain/time';

const t = (s: string) => parseInstant(s) as string;

describe('the cost of broken boundaries', () => {
  it('reproduces the seed: 15 % → £825k with the default inputs', () => {
    const cost = brokenBoundaryCost(
      0.15,
      DEFAULT_BOUNDARY_COST.changesPerYear,
      DEFAULT_BOUNDARY_COST.costPerEscape,
    );
    expect(cost.expectedEscapesPerYear).toBeCloseTo(75, 10);
    expect(cost.annualCost).toBeCloseTo(825_000, 6);
    expect(DEFAULT_BOUNDARY_COST.currency).toBe('GBP');
  });
});

describe('rate and median', () => {
  it('a rate over zero items is 0', () => {
    expect(rate(0, 0)).toBe(0);
    expect(rate(1, 4)).toBe(0.25);
  });

  it('median of an even count is the mean of the middle two', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('release to floor in hours, null while no order is locked', () => {
    expect(releaseToFloorHours(t('2026-04-01T00:00:00Z'), t('2026-04-02T12:00:00Z'))).toBe(36);
    expect(releaseToFloorHours(t('2026-04-01T00:00:00Z'), undefined)).toBeNull();
  });
});

describe('splitWindow', () => {
  it('whole days only when both ends are midnights', () => {
    expect(splitWindow(t('2026-05-01T00:00:00Z'), t('2026-06-01T00:00:00Z'))).toEqual({
      days: { from: '2026-05-01', to: '2026-06-01' },
      partials: [],
    });
  });

  it('partial days at the edges are counted record by record', () => {
    expect(splitWindow(t('2026-05-01T06:00:00Z'), t('2026-05-04T18:00:00Z'))).toEqual({
      days: { from: '2026-05-02', to: '2026-05-04' },
      partials: [
        { from: t('2026-05-01T06:00:00Z'), to: t('2026-05-02T00:00:00Z') },
        { from: t('2026-05-04T00:00:00Z'), to: t('2026-05-04T18:00:00Z') },
      ],
    });
  });

  it('a window inside one day, or across one midnight, has no whole day', () => {
    expect(splitWindow(t('2026-05-01T06:00:00Z'), t('2026-05-01T18:00:00Z'))).toEqual({
      partials: [{ from: t('2026-05-01T06:00:00Z'), to: t('2026-05-01T18:00:00Z') }],
    });
    expect(splitWindow(t('2026-05-01T06:00:00Z'), t('2026-05-02T06:00:00Z'))).toEqual({
      partials: [{ from: t('2026-05-01T06:00:00Z'), to: t('2026-05-02T06:00:00Z') }],
    });
  });

  it('open ends are open, and an empty or backwards window is nothing', () => {
    expect(splitWindow(undefined, undefined)).toEqual({
      days: { from: '0000-01-01', to: '9999-12-31' },
      partials: [],
    });
    expect(splitWindow(t('2026-05-01T06:00:00Z'), undefined).partials).toEqual([
      { from: t('2026-05-01T06:00:00Z'), to: t('2026-05-02T00:00:00Z') },
    ]);
    expect(splitWindow(t('2026-05-02T00:00:00Z'), t('2026-05-01T00:00:00Z'))).toEqual({
      partials: [],
    });
  });
});

describe('escapedOperations', () => {
  const chain = (gaps: string[], current: (boolean | null)[]) =>
    ({
      gaps: gaps.map((code) => ({ code, ref: null, message: '' })),
      operations: current.map((c, i) => ({
        id: `OE-${i}`,
        workInstruction:
          c === null
            ? null
            : { number: 'W', revision: 'A', current: c, currentRevision: null, at: null },
      })),
    }) as unknown as EvidenceChain;

  it('escaped when its instruction was not current, not when it names none', () => {
    expect([...escapedOperations(chain([], [true, false, null])).values()]).toEqual([
      false,
      true,
      false,
    ]);
  });

  it('every operation of a unit built to a superseded revision escaped', () => {
    expect([
      ...escapedOperations(chain(['BUILT_TO_SUPERSEDED_REVISION'], [true, null])).values(),
    ]).toEqual([true, true]);
  });
});

describe('bucketStart', () => {
  it('gives the day, the Monday of its ISO week, or the first of its month', () => {
    // 2026-03-01 is a Sunday: its ISO week began on Monday 23 February
    expect(bucketStart('2026-03-01', 'DAY')).toBe('2026-03-01');
    expect(bucketStart('2026-03-01', 'WEEK')).toBe('2026-02-23');
    expect(bucketStart('2026-03-02', 'WEEK')).toBe('2026-03-02');
    expect(bucketStart('2026-01-01', 'WEEK')).toBe('2025-12-29');
    expect(bucketStart('2026-03-31', 'MONTH')).toBe('2026-03-01');
  });
});
