/**
 * Catena-X / Tractus-X as-built JSON (Trace-X import format): both samples yield what
 * PROVENANCE.md and catenax.expected.ts work out, and a hand-written file breaks each refusal rule
 * of importers/catenax/MAPPING.md (1–8).
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedLine } from '../../../src/domain/canonical';
import { displayKey } from '../../../src/domain/canonical';
import { looksLikeCatenax, parseCatenax } from '../../../importers/catenax';
import type { CatenaxOptions } from '../../../importers/catenax';
import { readCatenax } from '../../../importers/catenax/read-catenax';
import { EXPECTED } from './catenax.expected';

const SAMPLES = join(__dirname, '../../../../shared/samples');
const present = existsSync(join(SAMPLES, 'site-csv/tractusx-tracex-import-json'));
if (!present) console.warn(`catenax: ${SAMPLES}/site-csv is absent: the sample tests are skipped`);

async function collect(path: string, options?: CatenaxOptions): Promise<ParsedLine[]> {
  const out: ParsedLine[] = [];
  for await (const p of parseCatenax(path, options)) out.push(p);
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'tg-catenax-'));
let n = 0;
function file(content: string | Buffer): string {
  const path = join(dir, `f${++n}.json`);
  writeFileSync(path, content);
  return path;
}

const serial = (sn: string, id: string, extra: object = {}) => ({
  assetMetaInfo: { catenaXId: id, digitalTwinType: 'partInstance' },
  submodels: <unknown[]>[
    {
      aspectType: 'urn:samm:io.catenax.serial_part:3.0.0#SerialPart',
      payload: {
        localIdentifiers: [
          { key: 'manufacturerId', value: 'BPNL000000000001' },
          { key: 'partInstanceId', value: sn },
        ],
        manufacturingInformation: { date: '2024-03-01T10:00:00.000Z', country: 'DEU' },
        partTypeInformation: { manufacturerPartId: 'P-1', nameAtManufacturer: 'Pump' },
        catenaXId: id,
        ...extra,
      },
    },
  ],
});
const bom = (parent: string, child: string) => ({
  aspectType: 'urn:samm:io.catenax.single_level_bom_as_built:3.0.0#SingleLevelBomAsBuilt',
  payload: {
    catenaXId: parent,
    childItems: [
      {
        catenaXId: child,
        quantity: { value: 2, unit: 'unit:piece' },
        createdOn: '2024-03-01T09:00:00.000Z',
        lastModifiedOn: '2024-03-02T09:00:00.000Z',
      },
    ],
  },
});
const doc = (...assets: unknown[]) => JSON.stringify({ assets }, null, 2);
const lines = (got: ParsedLine[]) =>
  got.map((l) =>
    l.ok
      ? `${l.record.kind} ${displayKey(l.record.kind, l.record.data)}`
      : `REFUSED ${l.rejection.line} ${l.rejection.field ?? ''} | ${l.rejection.reason}`,
  );

(present ? describe : describe.skip)('the samples yield what is worked out', () => {
  test.each(EXPECTED.map((e) => [e.file, e] as const))('%s', async (_f, e) => {
    const got = await collect(join(SAMPLES, e.file));
    const records: Record<string, number> = {};
    for (const l of got) if (l.ok) records[l.record.kind] = (records[l.record.kind] ?? 0) + 1;
    expect({ records, refused: got.filter((l) => !l.ok).length }).toEqual({
      records: e.records,
      refused: e.refused,
    });
    const keys = lines(got);
    for (const k of e.keys ?? []) expect(keys).toContain(`${k.kind} ${k.key}`);
  });

  it('the 2BR4 file: catenaXIds kept, BPN as system, refusals with their reasons', async () => {
    const got = await collect(
      join(SAMPLES, 'site-csv/tractusx-tracex-import-json/import-test-data-2BR4_v1.0.1.json'),
    );
    const vehicle = got.find((l) => l.ok && l.record.data.serialNumber === 'OMAOYGBDTSRCMYSCX');
    if (!vehicle?.ok) throw new Error('no vehicle');
    expect(vehicle.record).toMatchObject({
      kind: 'Unit',
      source: 'MES',
      system: 'BPNL000000002BR4',
      data: {
        partNumber: '3500076-05',
        catenaXId: 'urn:uuid:6b2296cc-26c0-4f38-8a22-092338c36e22',
        completedAt: '2018-09-28T04:15:57.000000000Z',
      },
    });
    expect(JSON.parse(vehicle.record.raw).data.van).toBe('OMAOYGBDTSRCMYSCX');
    const battery = got.find(
      (l) => l.ok && l.record.data.serialNumber === 'NO-282209222605524629600815',
    );
    if (!battery?.ok) throw new Error('no battery');
    expect(JSON.parse(battery.record.raw).data.tractionBatteryCode.tractionBatteryCode).toBe(
      'X12MCPM27KLPCLX2M2382320',
    );
    const refusals = got
      .filter((l) => !l.ok)
      .map((l) => (l.ok ? '' : l.rejection.reason.slice(0, 7)));
    expect(refusals.sort()).toEqual([
      ...Array(5).fill('rule 4:'),
      'rule 6:',
      ...Array(5).fill('rule 8:'),
    ]);
    const hv = got.find(
      (l) =>
        l.ok &&
        l.record.kind === 'Consumption' &&
        l.record.data.childLotNumber === 'BID12345678' &&
        l.record.data.parentSerialNumber === 'NO-570196089623842018037372',
    );
    if (!hv?.ok) throw new Error('no HV module consumption');
    expect(JSON.parse(hv.record.raw).data).toMatchObject({
      childCatenaXId: 'urn:uuid:e3b2f5e2-5be5-4ea6-98f0-6876de0fca4f',
      quantityUnit: 'unit:piece',
    });
  });

  it('the bad-structure file: one refusal for the whole file', async () => {
    const got = await collect(
      join(SAMPLES, 'site-csv/tractusx-tracex-import-json/invalidImportFileBadStructure.json'),
    );
    expect(lines(got)).toEqual([expect.stringContaining('rule 1: no top-level `assets` array')]);
  });

  it('looksLikeCatenax claims both samples', () => {
    expect(looksLikeCatenax('{\n  "assets" : [\n    {\n      "assetMetaInfo" : {', 'x.json')).toBe(
      true,
    );
    expect(
      looksLikeCatenax(
        '{"fasdasdfsfda":[{"afd":[{"aspectType":"urn:samm:io.catenax.serial_part:3.0.0#SerialPart"',
        'x',
      ),
    ).toBe(true);
  });
});

describe('mapping', () => {
  it('a child later in the file resolves to its serial; an unknown one is keyed by its catenaXId', async () => {
    const a = serial('SN-1', 'urn:uuid:a');
    a.submodels.push(bom('urn:uuid:a', 'urn:uuid:b'));
    a.submodels.push(bom('urn:uuid:a', 'urn:uuid:zzz'));
    const got = await collect(file(doc(a, serial('SN-2', 'urn:uuid:b'))), { site: 'PLANT-A' });
    expect(lines(got)).toEqual([
      'Unit SN-1',
      'Consumption SN-1/SN-2',
      'Consumption SN-1/urn:uuid:zzz',
      'Unit SN-2',
    ]);
    const c = got[1];
    if (!c?.ok) throw new Error('refused');
    expect(c.record).toMatchObject({
      site: 'PLANT-A',
      recordedAt: '2024-03-02T09:00:00.000000000Z',
      data: { quantity: 2, consumedAt: '2024-03-01T09:00:00.000000000Z' },
    });
  });

  it('a naive time is refused, or placed in the timezone option', async () => {
    const path = file(
      doc(
        serial('SN-1', 'urn:uuid:a', { manufacturingInformation: { date: '2024-07-01T10:00:00' } }),
      ),
    );
    expect(lines(await collect(path))).toEqual([
      expect.stringContaining('must be an ISO-8601 time with a zone'),
    ]);
    const got = await collect(path, { timezone: 'Europe/Berlin' });
    expect(got[0]).toMatchObject({
      ok: true,
      record: { data: { completedAt: '2024-07-01T08:00:00.000000000Z' } },
    });
  });

  it('the same file yields the same sequence twice', async () => {
    const path = file(doc(serial('SN-1', 'urn:uuid:a'), serial('SN-2', 'urn:uuid:b')));
    expect(await collect(path)).toEqual(await collect(path));
  });
});

describe('refusal rules', () => {
  it('rule 1: not an object, broken, empty, not UTF-8 — the file ends with one refusal', async () => {
    expect(lines(await collect(file('[1,2]')))).toEqual([
      expect.stringContaining('rule 1: the document is not a JSON object'),
    ]);
    expect(lines(await collect(file('')))).toEqual([
      expect.stringContaining('rule 1: the file is empty'),
    ]);
    expect(lines(await collect(file('{"assets": [\n{"a": "b"}\n')))).toEqual([
      expect.stringContaining('rule 2: missing'),
      expect.stringContaining('rule 1: the document ends early'),
    ]);
    expect(
      lines(await collect(file(Buffer.from('{"assets": [{"a": "\xff"}]}', 'latin1')))),
    ).toEqual([expect.stringContaining('rule 1: the file is not valid UTF-8')]);
    expect(lines(await collect(file('{"assets": {}}')))).toEqual([
      expect.stringContaining('rule 1: `assets` is not an array'),
    ]);
  });

  it('rule 1: an asset past the limits or not valid JSON is refused; the next still comes out', async () => {
    const deep = `${'['.repeat(80)}${']'.repeat(80)}`;
    const path = file(
      `{"assets": [\n{"x": ${deep}},\n{"x": tru},\n${JSON.stringify(serial('SN-1', 'urn:uuid:a'))}]}`,
    );
    expect(lines(await collect(path))).toEqual([
      'REFUSED 2 assets[0] | rule 1: assets[0] nests deeper than 64 levels',
      expect.stringMatching(/^REFUSED 3 assets\[1\] \| rule 1: assets\[1\] is not valid JSON/),
      'Unit SN-1',
    ]);
    const big = file(`{"assets": [{"x": "${'a'.repeat(2000)}"}]}`);
    const got: string[] = [];
    for await (const l of readCatenax(big, {}, { maxAssetChars: 1000, maxDepth: 64 }))
      got.push(...lines([l]));
    expect(got).toEqual(['REFUSED 1 assets[0] | rule 1: assets[0] is longer than 1000 characters']);
  });

  it('rule 2: an asset without its catenaXId, a SerialPart without its serial, an item without its twin', async () => {
    const noSerial = serial('SN-1', 'urn:uuid:a');
    (
      noSerial.submodels[0] as { payload: { localIdentifiers: unknown[] } }
    ).payload.localIdentifiers = [];
    const item = serial('SN-2', 'urn:uuid:b');
    item.submodels.push(bom('urn:uuid:b', ''));
    const got = lines(await collect(file(doc({ submodels: [] }, noSerial, item))));
    expect(got).toEqual([
      expect.stringMatching(/assets\[0\] assetMetaInfo \| rule 2: missing/),
      expect.stringMatching(
        /assets\[1\]\.submodels\[0\] payload\.localIdentifiers\[key=partInstanceId\] \| rule 2/,
      ),
      'Unit SN-2',
      expect.stringMatching(
        /assets\[2\]\.submodels\[1\]\.payload\.childItems\[0\] catenaXId \| rule 2/,
      ),
    ]);
  });

  it('rule 3: no time at all to record a unit at — unless the recordedAt option gives one', async () => {
    const path = file(doc(serial('SN-1', 'urn:uuid:a', { manufacturingInformation: {} })));
    expect(lines(await collect(path))).toEqual([expect.stringContaining('rule 3:')]);
    expect(lines(await collect(path, { recordedAt: '2024-01-01T00:00:00Z' }))).toEqual([
      'Unit SN-1',
    ]);
  });

  it('rule 4: one batch id for two part numbers refuses both', async () => {
    const batch = (id: string, part: string) => ({
      assetMetaInfo: { catenaXId: id },
      submodels: [
        {
          aspectType: 'urn:samm:io.catenax.batch:3.0.0#Batch',
          payload: {
            localIdentifiers: [{ key: 'batchId', value: 'B-1' }],
            manufacturingInformation: { date: '2024-03-01T10:00:00Z' },
            partTypeInformation: { manufacturerPartId: part },
          },
        },
      ],
    });
    const got = lines(
      await collect(
        file(
          doc(batch('urn:uuid:1', 'P-1'), batch('urn:uuid:2', 'P-2'), batch('urn:uuid:3', 'P-1')),
        ),
      ),
    );
    expect(got.filter((l) => l.includes('rule 4'))).toHaveLength(3);
    const single = lines(await collect(file(doc(batch('urn:uuid:1', 'P-1')))));
    expect(single).toEqual(['Lot B-1']);
  });

  it('rules 5–8: a second SerialPart, a lone attached aspect, an unknown aspect, an as-planned BOM line', async () => {
    const a = serial('SN-1', 'urn:uuid:a');
    a.submodels.push(a.submodels[0]);
    const lone = {
      assetMetaInfo: { catenaXId: 'urn:uuid:b' },
      submodels: [
        {
          aspectType: 'urn:samm:io.catenax.traction_battery_code:2.0.0#TractionBatteryCode',
          payload: {},
        },
        { aspectType: 'urn:samm:io.catenax.mystery:1.0.0#Mystery', payload: {} },
        {
          aspectType:
            'urn:samm:io.catenax.single_level_bom_as_planned:3.0.0#SingleLevelBomAsPlanned',
          payload: { childItems: [{ catenaXId: 'urn:uuid:c' }] },
        },
      ],
    };
    expect(lines(await collect(file(doc(a, lone))))).toEqual([
      'Unit SN-1',
      expect.stringContaining('rule 5: a second SerialPart'),
      expect.stringContaining('rule 6: TractionBatteryCode'),
      expect.stringContaining('rule 7: aspect urn:samm:io.catenax.mystery:1.0.0#Mystery'),
      expect.stringContaining('rule 8: an as-planned BOM line'),
    ]);
  });
});

describe('looksLikeCatenax', () => {
  it('does not claim other JSON', () => {
    expect(looksLikeCatenax('{"kind":"Unit","source":"MES"}', 'x.jsonl')).toBe(false);
    expect(looksLikeCatenax('{"specversion":"1.0","id":"1"}', 'x.json')).toBe(false);
    expect(looksLikeCatenax('a;b\n1;2', 'x.csv')).toBe(false);
  });
});
