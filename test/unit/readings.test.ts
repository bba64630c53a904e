import {
  chunksOf,
  extendSummary,
  EMPTY_SUMMARY,
  instantOfTicks,
  pointsOf,
  readingProblem,
  summarise,
  ticksOf,
} from '../../src/domain/readings';
import { instantOfOpcua, withIndex } from '../../src/collector/opcua-endpoint';

const p = (t: string, value: number | null, quality = 'Good') => ({
  t: `2026-02-02T${t}Z`,
  value,
  quality,
});

describe('reading times', () => {
  it('keep 100 ns ticks both ways', () => {
    const t = '2026-02-02T08:00:00.123456700Z';
    expect(ticksOf(t)).toBe(17_700_192_001_234_567n);
    expect(instantOfTicks(ticksOf(t))).toBe(t);
    expect(instantOfTicks(ticksOf('1969-12-31T23:59:59.999999900Z'))).toBe(
      '1969-12-31T23:59:59.999999900Z',
    );
  });

  it('take an OPC UA time with its picoseconds beyond the millisecond', () => {
    const d = new Date('2026-02-02T08:00:00.123Z');
    // 456 700 000 ps beyond the ms = 4 567 ticks of 100 ns
    expect(instantOfOpcua(d, 456_700_000)).toBe('2026-02-02T08:00:00.123456700Z');
    expect(instantOfOpcua(d, 0)).toBe('2026-02-02T08:00:00.123000000Z');
    expect(instantOfOpcua(d, undefined)).toBe('2026-02-02T08:00:00.123000000Z');
  });

  it('name a namespace by URI, resolved to the server’s index', () => {
    expect(withIndex('nsu=urn:x;s=M.a', ['http://opcfoundation.org/UA/', 'urn:y', 'urn:x'])).toBe(
      'ns=2;s=M.a',
    );
    expect(withIndex('ns=3;i=5', [])).toBe('ns=3;i=5');
    expect(() => withIndex('nsu=urn:z;s=M.a', ['urn:x'])).toThrow(/no namespace urn:z/);
  });
});

describe('chunks', () => {
  it('sort points, keep a time once (the first sent), leave out what is stored', () => {
    const chunks = chunksOf(
      'E',
      'vib',
      [
        p('08:00:02.000000000', 2),
        p('08:00:01.000000000', 1),
        p('08:00:02.000000000', 9),
        p('08:00:03.000000000', 3),
      ],
      new Set(['2026-02-02T08:00:03.000000000Z']),
    );
    expect(chunks).toEqual([
      {
        equipmentId: 'E',
        tag: 'vib',
        from: '2026-02-02T08:00:01.000000000Z',
        to: '2026-02-02T08:00:02.000000000Z',
        dt: [0, 10_000_000],
        v: [1, 2],
        q: ['Good', 'Good'],
      },
    ]);
    expect(pointsOf(chunks[0]!).map((x) => x.value)).toEqual([1, 2]);
  });

  it('span at most 60 s', () => {
    const chunks = chunksOf('E', 'vib', [
      p('08:00:00.000000000', 1),
      p('08:01:00.000000000', 2), // exactly 60 s after the first: same chunk
      p('08:01:00.000000100', 3), // 100 ns later: the next one
    ]);
    expect(chunks.map((c) => [c.from.slice(11, 29), c.v])).toEqual([
      ['08:00:00.000000000', [1, 2]],
      ['08:01:00.000000100', [3]],
    ]);
  });
});

describe('summaries', () => {
  it('count, min, max, mean and a counter’s increase across a reset', () => {
    // 100 → 110 (+10) → 2 (reset: +2) → 7 (+5): 17
    const s = summarise([
      p('08:40:00.000000000', 2),
      p('08:00:00.000000000', 100),
      p('08:20:00.000000000', 110),
      p('09:00:00.000000000', 7),
      p('08:20:00.000000000', 999), // the same time again: counted once
    ]);
    expect(s).toEqual({
      count: 4,
      min: 2,
      max: 110,
      sum: 219,
      numeric: 4,
      firstAt: '2026-02-02T08:00:00.000000000Z',
      firstValue: 100,
      lastAt: '2026-02-02T09:00:00.000000000Z',
      lastValue: 7,
      increase: 17,
      resets: 1,
    });
  });

  it('a reading without a number counts, and leaves min, max and mean alone', () => {
    const s = summarise([
      p('08:00:00.000000000', 1),
      p('08:01:00.000000000', null, 'BadNoCommunication'),
    ]);
    expect(s).toMatchObject({ count: 2, numeric: 1, min: 1, max: 1, sum: 1 });
  });

  it('extend only with later points; a late one needs the summary worked out again', () => {
    const s = summarise([p('08:00:00.000000000', 1)]);
    expect(extendSummary(s, [p('08:01:00.000000000', 3)])).toMatchObject({ count: 2, max: 3 });
    expect(extendSummary(s, [p('07:59:00.000000000', 3)])).toBeUndefined();
    expect(extendSummary(s, [p('08:00:00.000000000', 3)])).toBeUndefined();
    expect(extendSummary(EMPTY_SUMMARY, [])).toBe(EMPTY_SUMMARY);
  });
});

describe('a reading handed to the writer', () => {
  const good = {
    equipmentId: 'E',
    tag: 't',
    t: '2026-02-02T08:00:00.000000000Z',
    value: 1,
    quality: 'Good',
  };
  it('is kept, or refused naming the field', () => {
    expect(readingProblem(good)).toBeUndefined();
    expect(readingProblem({ ...good, value: null })).toBeUndefined();
    expect(readingProblem({ ...good, equipmentId: '' })).toBe(
      'equipmentId is not a non-empty string',
    );
    expect(readingProblem({ ...good, t: '2026-02-02T08:00:00Z' })).toBe(
      't is not a normalised instant',
    );
    expect(readingProblem({ ...good, value: Number.NaN })).toBe(
      'value is not a finite number or null',
    );
    expect(readingProblem({ ...good, value: '1' })).toBe('value is not a finite number or null');
    expect(readingProblem(null)).toBe('not an object');
  });
});
