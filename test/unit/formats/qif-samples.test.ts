/**
 * Every QIF sample in ../shared/samples/qif yields what its PROVENANCE.md works out: counts per
 * kind, keys, refusals and their reasons, and the facts the traps are about (serials outside the
 * results, duplicate profile elements, naive times, UUID joins to a plan in another file,
 * external references with mixed-case QPIds and a backslash URI, QIF 2 refused).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CanonicalRecord, ParsedLine, Rejection } from '../../../src/domain/canonical';
import { displayKey } from '../../../src/domain/canonical';
import { looksLikeQif, parseQif } from '../../../importers/qif';
import { EXPECTED } from './qif.expected';

const SAMPLES = join(__dirname, '../../../../shared/samples');
const present = existsSync(join(SAMPLES, 'qif'));
if (!present) console.warn(`qif: ${SAMPLES}/qif is absent: the sample tests are skipped`);

interface Yield {
  records: CanonicalRecord[];
  refused: Rejection[];
  all: ParsedLine[];
}

async function parse(file: string, options: Record<string, string> = {}): Promise<Yield> {
  const out: Yield = { records: [], refused: [], all: [] };
  for await (const p of parseQif(join(SAMPLES, file), options)) {
    out.all.push(p);
    if (p.ok) out.records.push(p.record);
    else out.refused.push(p.rejection);
  }
  return out;
}

const results = (y: Yield) => y.records.filter((r) => r.kind === 'InspectionResult');
const data = (r: CanonicalRecord) => r.data as Record<string, unknown>;
/** a field kept beside the canonical ones (in the record's raw line) */
const extra = (r: CanonicalRecord, field: string): unknown =>
  (JSON.parse(r.raw) as { data: Record<string, unknown> }).data[field];

(present ? describe : describe.skip)('QIF samples', () => {
  test.each(EXPECTED.map((e) => [e.file, e] as const))(
    '%s yields its expected counts and keys',
    async (file, e) => {
      const y = await parse(file, e.options);
      const counts: Record<string, number> = {};
      for (const r of y.records) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
      expect(counts).toEqual(e.records);
      expect(y.refused).toHaveLength(e.refused);
      const keys = new Set(y.records.map((r) => `${r.kind} ${displayKey(r.kind, r.data)}`));
      for (const k of e.keys ?? []) expect(keys).toContain(`${k.kind} ${k.key}`);
      // ids are unique within a file
      expect(keys.size).toBe(y.records.length);
    },
  );

  test('the same file gives the same sequence twice (resume replays it)', async () => {
    const file = 'qif/sheet-metal/SheetMetal_QIF_Results_6_samples_w_UUIDs.QIF';
    const a = await parse(file);
    const b = await parse(file);
    expect(b.all).toEqual(a.all);
  });

  describe('sheet-metal: six serialised parts', () => {
    const file = 'qif/sheet-metal/SheetMetal_QIF_Results_6_samples_w_UUIDs.QIF';

    test('serials come from ActualComponentSets, 38 elements each, 126 distinct characteristics', async () => {
      const r = results(await parse(file, { plan: 'sheetMetalPlanWithUUIDs.QIF' }));
      const bySerial = new Map<string, number>();
      for (const x of r) {
        const s = data(x).serialNumber as string;
        bySerial.set(s, (bySerial.get(s) ?? 0) + 1);
      }
      expect([...bySerial.entries()]).toEqual([1, 2, 3, 4, 5, 6].map((n) => [`SN580280${n}`, 38]));
      const distinct = new Set(
        r.map((x) => `${String(data(x).serialNumber)} ${String(data(x).characteristicId)}`),
      );
      expect(distinct.size).toBe(126);
      // the duplicate profile element: a second record, #2, with the value 0 and the same status
      const second = r.find(
        (x) => data(x).id === '0f00c17e-2877-40f9-aa4f-ee175fbd76b0:SN5802801:W1RFTMRA02V#2',
      );
      expect(second && data(second).value).toBe(0);
      expect(second && data(second).result).toBe('PASS');
    });

    test('failing characteristics per serial: 10 pairs, 14 FAIL elements (PROVENANCE says 20)', async () => {
      const r = results(await parse(file));
      const fails = r.filter((x) => data(x).result === 'FAIL');
      // 4 failing profiles (2 elements each) and 6 failing positions (1 each): 14 FAIL statuses
      expect(fails).toHaveLength(14);
      const pairs = new Map<string, Set<string>>();
      for (const x of fails) {
        const s = data(x).serialNumber as string;
        pairs.set(s, (pairs.get(s) ?? new Set()).add(data(x).characteristicId as string));
      }
      expect(Object.fromEntries([...pairs].map(([s, c]) => [s, [...c].sort()]))).toEqual({
        SN5802802: ['W1RISMRA07V'],
        SN5802803: ['W1RXXMRA20P', 'W1RXXMRA21P'],
        SN5802806: [
          'W1RHSMRA06V',
          'W1RISMRA07V',
          'W1RISMRA13V',
          'W1RXXMRA19P',
          'W1RXXMRA20P',
          'W1RXXMRA21P',
          'W1RXXMRA22P',
        ],
      });
      expect(r.every((x) => data(x).result === 'PASS' || data(x).result === 'FAIL')).toBe(true);
    });

    test('naive TimeCreated read as UTC by default, or in the named zone', async () => {
      const utc = results(await parse(file));
      expect(new Set(utc.map((x) => data(x).inspectedAt))).toEqual(
        new Set(['2015-10-23T06:11:55.000000000Z']),
      );
      expect(utc[0]?.recordedAt).toBe('2015-10-23T06:11:55.000000000Z');
      expect(utc[0]?.source).toBe('QMS');
      expect(utc[0]?.system).toBe('SOLIDWORKS 2016 / CheckMate 14 for SOLIDWORKS');
      const toronto = results(await parse(file, { timezone: 'America/Toronto' }));
      expect(data(toronto[0] as CanonicalRecord).inspectedAt).toBe(
        '2015-10-23T10:11:55.000000000Z',
      );
    });

    test('without the plan: no plan id (the results name none); with it: joined by UUID', async () => {
      const alone = results(await parse(file));
      expect(alone.some((x) => data(x).planId !== undefined)).toBe(false);
      const joined = results(await parse(file, { plan: 'sheetMetalPlanWithUUIDs.QIF' }));
      expect(
        new Set(joined.map((x) => `${String(data(x).planId)}/${String(data(x).planRevision)}`)),
      ).toEqual(
        new Set(['e33a5a5b-b9e7-47c6-b548-a1ec71c72d02/11378ccd-e0e1-42bd-8f27-6e803ea8b6d0']),
      );
      expect(extra(joined[0] as CanonicalRecord, 'characteristicUuid')).toBe(
        '57a8a5f7-6309-495b-839f-ebe88ebb9a05',
      );
    });

    test('the plan: 21 characteristics, names and UUIDs as in the results, zone tolerances, mm, no time', async () => {
      const y = await parse('qif/sheet-metal/sheetMetalPlanWithUUIDs.QIF');
      const p = y.records[0] as CanonicalRecord;
      expect(data(p).releasedAt).toBeUndefined();
      const chars = data(p).characteristics as Record<string, unknown>[];
      expect(chars).toHaveLength(21);
      const resultNames = new Set(results(await parse(file)).map((x) => data(x).characteristicId));
      expect(new Set(chars.map((c) => c.id))).toEqual(resultNames);
      expect(chars[0]).toEqual({
        id: 'W1RFTMRA02V',
        name: 'PointProfile',
        lower: -2,
        upper: 2,
        unit: 'mm',
      });
      expect(chars.find((c) => c.id === 'W1RXXMRA19P')).toEqual({
        id: 'W1RXXMRA19P',
        name: 'Position',
        upper: 1.25,
        unit: 'mm',
      });
      expect(chars.some((c) => c.nominal !== undefined)).toBe(false);
    });
  });

  describe('widget: unserialised, balloon numbers', () => {
    test('42 results without a serial; 6 and 7 fail twice, 19 once', async () => {
      const r = results(await parse('qif/widget/WIDGET_QIF_RESULTS.QIF'));
      expect(r).toHaveLength(42);
      expect(r.some((x) => data(x).serialNumber !== undefined)).toBe(false);
      expect(
        r.filter((x) => data(x).result === 'FAIL').map((x) => data(x).characteristicId),
      ).toEqual(['6', '7', '6', '7', '19']);
      expect(new Set(r.map((x) => data(x).characteristicId)).size).toBe(26);
    });

    test('option requireSerial refuses each of them, naming the serial', async () => {
      const y = await parse('qif/widget/WIDGET_QIF_RESULTS.QIF', { requireSerial: 'true' });
      expect(y.records).toHaveLength(0);
      expect(y.refused).toHaveLength(42);
      expect(y.refused[0]?.field).toMatch(/ActualComponent\/SerialNumber$/);
      expect(y.refused[0]?.reason).toMatch(/has no serial number/);
    });

    test('the plan: 26 characteristics by type; ± tolerances around the nominal', async () => {
      const y = await parse('qif/widget/WIDGET_QIF_PLAN.QIF');
      const p = y.records[0] as CanonicalRecord;
      expect(data(p).releasedAt).toBe('2015-10-23T14:01:52.000000000Z');
      const chars = data(p).characteristics as Record<string, unknown>[];
      const types: Record<string, number> = {};
      for (const c of (JSON.parse(p.raw) as { data: { characteristics: { type: string }[] } }).data
        .characteristics)
        types[c.type] = (types[c.type] ?? 0) + 1;
      expect(types).toEqual({
        Flatness: 5,
        Position: 5,
        Diameter: 4,
        DistanceBetween: 4,
        PointProfile: 4,
        Perpendicularity: 2,
        Angularity: 1,
        Width: 1,
      });
      expect(chars.find((c) => c.id === '10')).toEqual({
        id: '10',
        name: 'Diameter',
        nominal: 19,
        lower: 18.87,
        upper: 19.13,
        unit: 'mm',
      });
    });

    test('joined to its plan by name (no UUIDs) with option plan', async () => {
      const r = results(
        await parse('qif/widget/WIDGET_QIF_RESULTS.QIF', { plan: 'WIDGET_QIF_PLAN.QIF' }),
      );
      expect(new Set(r.map((x) => data(x).planId))).toEqual(
        new Set(['5cd22692-9940-4276-a080-ec81a7d0e14c']),
      );
    });
  });

  describe('external references', () => {
    test('All-in-one: the plan and two results sets, all FAIL, no serials or times', async () => {
      const y = await parse('qif/external-refs/All-in-one.QIF');
      const r = results(y);
      expect(r.map((x) => [data(x).characteristicId, data(x).value, data(x).result])).toEqual([
        ['SphericalDiameter1', 25.008279671621, 'FAIL'],
        ['Sphericity1', 0.251457258827, 'FAIL'],
        ['SphericalDiameter1', 25.680053102206, 'FAIL'],
        ['Sphericity1', 0.051042207099, 'FAIL'],
      ]);
      expect(r.every((x) => data(x).planId === 'dc5103a5-75da-4fc9-b5cf-ecf0f7eed9fd')).toBe(true);
      expect(
        r.every((x) => data(x).inspectedAt === undefined && data(x).serialNumber === undefined),
      ).toBe(true);
    });

    test.each([
      ['Exploded_Results1.QIF', './Exploded_Plan.QIF'],
      ['Exploded_Results2.QIF', '.\\Exploded_Plan.QIF (backslash)'],
    ])('%s resolves its items in the plan file (%s), mixed-case QPIds', async (file) => {
      const r = results(await parse(`qif/external-refs/${file}`));
      expect(r.map((x) => data(x).characteristicId)).toEqual(['SphericalDiameter1', 'Sphericity1']);
      expect(
        r.every(
          (x) =>
            data(x).planId === '6558f196-d952-4b80-8054-0a0756d60526' &&
            data(x).result === 'FAIL' &&
            extra(x, 'unresolvedReference') === undefined,
        ),
      ).toBe(true);
    });

    test('the same results in All-in-one and Exploded_Results1 have the same ids', async () => {
      const all = results(await parse('qif/external-refs/All-in-one.QIF')).map((x) => data(x).id);
      const one = results(await parse('qif/external-refs/Exploded_Results1.QIF')).map(
        (x) => data(x).id,
      );
      const two = results(await parse('qif/external-refs/Exploded_Results2.QIF')).map(
        (x) => data(x).id,
      );
      expect(all).toEqual([...one, ...two]);
    });
  });

  describe('misc', () => {
    test('minimal serialised file: nothing to record, nothing refused', async () => {
      const y = await parse('qif/misc/mitutoyo_results_serialized_pass_fail_sample.QIF');
      expect(y.all).toEqual([]);
    });

    test('mixed statuses: PASS 7, FAIL 4, BASIC_OR_TED 2 kept as reportedStatus without result', async () => {
      const r = results(await parse('qif/misc/QIF_Results_Sample.QIF'));
      const tally: Record<string, number> = {};
      for (const x of r) {
        const s = (data(x).result ?? `reported ${String(data(x).reportedStatus)}`) as string;
        tally[s] = (tally[s] ?? 0) + 1;
      }
      expect(tally).toEqual({ PASS: 7, FAIL: 4, 'reported BASIC_OR_TED': 2 });
      expect(r.find((x) => data(x).characteristicId === '-NONE-')).toBeDefined();
      expect(r.find((x) => data(x).characteristicId === 'DIST1')).toBeDefined();
    });
  });

  test.each([
    ['qif/legacy-qif2/qif-2.0_mitutoyo_results_serialized_pass_fail_sample.QIF', '2.0.0'],
    ['qif/legacy-qif2/qif-2.1_QIF_Results_Sample.QIF', '2.1.0'],
  ])('%s is refused with the version it has (rule 1)', async (file, version) => {
    const y = await parse(file);
    expect(y.records).toHaveLength(0);
    expect(y.refused).toEqual([
      expect.objectContaining({
        line: 1,
        field: '/QIFDocument versionQIF',
        reason: `QIF ${version} is not read: threadgraph reads QIF 3 (versionQIF 3.x, namespace http://qifstandards.org/xsd/qif3)`,
      }),
    ]);
  });

  test('looksLikeQif claims every QIF sample and no other sample', () => {
    const claimed: string[] = [];
    const walk = (d: string): void => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (!name.endsWith('.md')) {
          const head = readFileSync(p).subarray(0, 4096).toString('latin1');
          if (looksLikeQif(head, name)) claimed.push(p.slice(SAMPLES.length + 1));
        }
      }
    };
    walk(SAMPLES);
    expect(claimed.sort()).toEqual(EXPECTED.map((e) => e.file).sort());
  });
});
