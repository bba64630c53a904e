/**
 * Site CSV with mapping profiles: every Tractus-X SDE sample and the demo sites' example exports
 * yield what PROVENANCE.md (and csv.expected.ts) work out; every shipped profile passes its
 * checks; a broken profile lists every problem; and a hand-written file breaks each refusal rule
 * of importers/csv/MAPPING.md (C1–C7) and the DST rule.
 */
import { existsSync } from 'node:fs';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { ParsedLine } from '../../../src/domain/canonical';
import { displayKey } from '../../../src/domain/canonical';
import { checkProfile, loadProfile, looksLikeCsv, parseCsv } from '../../../importers/csv';
import type { Profile } from '../../../importers/csv';
import { EXPECTED } from './csv.expected';

const SAMPLES = join(__dirname, '../../../../shared/samples');
const FIXTURES = join(__dirname, '../../fixtures');
const PROFILES = join(__dirname, '../../../importers/csv/profiles');
const present = existsSync(join(SAMPLES, 'site-csv'));
if (!present) console.warn(`csv: ${SAMPLES}/site-csv is absent: the sample tests are skipped`);

async function collect(
  path: string,
  options: Parameters<typeof parseCsv>[1],
): Promise<ParsedLine[]> {
  const out: ParsedLine[] = [];
  for await (const p of parseCsv(path, options)) out.push(p);
  return out;
}

function summary(lines: ParsedLine[]) {
  const records: Record<string, number> = {};
  const keys: string[] = [];
  for (const l of lines) {
    if (!l.ok) continue;
    records[l.record.kind] = (records[l.record.kind] ?? 0) + 1;
    keys.push(`${l.record.kind} ${displayKey(l.record.kind, l.record.data)}`);
  }
  return { records, refused: lines.filter((l) => !l.ok).length, keys };
}

const dir = mkdtempSync(join(tmpdir(), 'tg-csv-'));
let n = 0;
function file(content: string | Buffer): string {
  const path = join(dir, `f${++n}.csv`);
  writeFileSync(path, content);
  return path;
}

const base: Profile = {
  format: 'threadgraph.csv-profile/1',
  id: 'test',
  version: '1',
  file: {
    delimiter: ';',
    quote: '"',
    encoding: 'utf-8',
    headerRow: 1,
    decimalComma: true,
    trim: true,
    skipEmptyRows: true,
    undeclaredColumns: 'keep',
  },
  time: { zone: 'Europe/Berlin', formats: ['dd.MM.yyyy HH:mm', 'iso'] },
  kind: 'InspectionResult',
  source: 'QMS',
  site: 'PLANT-X',
  recordedAt: { column: 'Zeit' },
  fields: {
    InspectionResult: {
      id: 'Nr',
      value: 'Wert',
      result: { column: 'Erg', map: { OK: 'PASS', NOK: 'FAIL' } },
      inspectedAt: 'Zeit',
    },
  },
  ignoreColumns: [],
};
const HEADER = 'Nr;Wert;Erg;Zeit\n';

(present ? describe : describe.skip)(
  'the samples and the demo sites yield what is worked out',
  () => {
    test.each(EXPECTED.map((e) => [e.file, e] as const))('%s', async (_f, e) => {
      const path = e.file.startsWith('test/fixtures/')
        ? join(FIXTURES, e.file.slice('test/fixtures/'.length))
        : join(SAMPLES, e.file);
      const profile = join(PROFILES, `${e.options?.profile ?? ''}.json`);
      const got = summary(await collect(path, { profilePath: profile }));
      expect({ records: got.records, refused: got.refused }).toEqual({
        records: e.records,
        refused: e.refused,
      });
      for (const k of e.keys ?? []) expect(got.keys).toContain(`${k.kind} ${k.key}`);
    });

    it('SDE serial parts: naive manufacturing dates placed in Europe/Berlin, twin ids kept', async () => {
      const lines = await collect(
        join(SAMPLES, 'site-csv/tractusx-sde-csv/serialPartTypization.csv'),
        {
          profilePath: join(PROFILES, 'tractusx-sde-serial-part.json'),
        },
      );
      const first = lines[0];
      if (!first?.ok) throw new Error('refused');
      expect(first.record.data).toMatchObject({
        serialNumber: 'NO-159040131155901488695376',
        partNumber: '37754B7-76',
        catenaXId: 'urn:uuid:8eea5f45-0823-48ce-a4fc-c3bf1cdfa4c2',
        completedAt: '2022-02-04T13:48:54.000000000Z',
        status: 'COMPLETE',
      });
      expect(first.record.line).toBe(2);
    });

    it('SDE assembly: the leading space of parent ids is trimmed (the profile says trim), kg kept', async () => {
      const lines = await collect(
        join(SAMPLES, 'site-csv/tractusx-sde-csv/assemblyPartRelationship.csv'),
        { profilePath: join(PROFILES, 'tractusx-sde-assembly-part-relationship.json') },
      );
      const first = lines[0];
      if (!first?.ok) throw new Error('refused');
      expect(first.record.data.parentSerialNumber).toBe('NO-159040131155901488695555');
      expect(first.record.data.quantity).toBe(0.1908);
      expect(JSON.parse(first.record.raw).data.quantityUnit).toBe('kilogram');
    });

    it('SDE as-planned BOM: each row refused for the key fields the export lacks', async () => {
      const lines = await collect(
        join(SAMPLES, 'site-csv/tractusx-sde-csv/SingleLevelBoMAsPlanned.csv'),
        {
          profilePath: join(PROFILES, 'tractusx-sde-bom-as-planned.json'),
        },
      );
      expect(
        lines.map((l) => (l.ok ? 'ok' : [l.rejection.line, l.rejection.field, l.rejection.reason])),
      ).toEqual([
        [2, 'data.parentRevision', expect.stringContaining('key field is missing')],
        [3, 'data.parentRevision', expect.stringContaining('key field is missing')],
      ]);
    });
  },
);

describe('the demo sites', () => {
  it('PLANT-A: windows-1252, decimal comma, i.O. → PASS, local time in Europe/London, multi-line cell', async () => {
    const lines = await collect(join(FIXTURES, 'csv/plant-a-inspection.csv'), {
      profilePath: join(PROFILES, 'plant-a-inspection.json'),
    });
    const data = lines.map((l) => (l.ok ? { ...l.record.data, line: l.record.line } : l.rejection));
    expect(data[0]).toMatchObject({
      id: 'IR-SN-0047-40-FLOW',
      value: 43.12,
      result: 'PASS',
      inspectedAt: '2026-05-14T09:32:00.000000000Z',
      line: 2,
    });
    expect(data[3]).toMatchObject({
      id: 'IR-SN-0048-30-LEAK',
      value: 0.061,
      result: 'FAIL',
      line: 5,
    });
    // the row after the two-line cell starts on line 7
    expect(data[4]).toMatchObject({ id: 'IR-SN-0049-40-FLOW', line: 7 });
    const ok = lines[1];
    if (!ok?.ok) throw new Error('refused');
    expect(JSON.parse(ok.record.original ?? '{}').Bemerkung).toBe(
      'Messung wiederholt, Prüfer Müller',
    );
    expect(ok.record.site).toBe('PLANT-A');
  });

  it('PLANT-B: the kind from a column, US 12-hour times in America/Chicago, serial or lot child', async () => {
    const lines = await collect(join(FIXTURES, 'csv/plant-b-genealogy.csv'), {
      profilePath: join(PROFILES, 'plant-b-genealogy.json'),
    });
    const ok = lines.filter((l) => l.ok).map((l) => (l.ok ? l.record : undefined));
    expect(ok[1]?.data).toMatchObject({
      childLotNumber: 'SK-0001',
      consumedAt: '2026-02-02T14:35:00.000000000Z',
    });
    expect(ok[2]?.data).toMatchObject({
      serialNumber: 'SN-0011',
      status: 'COMPLETE',
      completedAt: '2026-02-03T20:45:00.000000000Z',
    });
  });
});

describe('profiles', () => {
  it('every shipped profile passes its checks', async () => {
    for (const name of readdirSync(PROFILES)) {
      const loaded = await loadProfile(join(PROFILES, name));
      expect({ name, problems: 'problems' in loaded ? loaded.problems : [] }).toEqual({
        name,
        problems: [],
      });
      if ('hash' in loaded) expect(loaded.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('rule C1: a broken profile lists every problem with its path', () => {
    const checked = checkProfile({
      ...base,
      file: { ...base.file, encoding: 'klingon', delimiter: ',', decimalComma: true },
      time: { zone: 'Europe/Atlantis', formats: ['dd.MM.yyyy QQ'] },
      kind: 'InspectionResult',
      fields: {
        InspectionResult: {
          value: 'Wert',
          colour: 'Farbe',
          result: { column: 'Erg', map: { OK: 'GOOD' } },
        },
      },
    });
    if (!('problems' in checked)) throw new Error('accepted');
    expect(checked.problems.map((p) => p.path)).toEqual([
      'file.encoding',
      'file.decimalComma',
      'time.zone',
      'time.formats.0',
      'fields.InspectionResult.colour',
      'fields.InspectionResult.result.map.OK',
      'fields.InspectionResult.id',
    ]);
  });

  it('rule C1: shape errors from zod come with their paths, all of them', () => {
    const checked = checkProfile({ format: 'x', id: 'Bad Id', kind: 3, fields: {} });
    if (!('problems' in checked)) throw new Error('accepted');
    expect(checked.problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['format', 'id', 'version', 'kind', 'source', 'recordedAt']),
    );
  });

  it('rule C1: parseCsv with a broken profile refuses the file once', async () => {
    const lines = await collect(file(HEADER), { profile: { ...base, id: 'Bad Id' } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      ok: false,
      rejection: { field: 'profile', reason: expect.stringContaining('id:') },
    });
  });
});

describe('refusal rules', () => {
  it('rule C2: a header without a mapped column refuses the file, naming the columns', async () => {
    const lines = await collect(file('Nr;Wert;Zeit\n1;2;01.01.2026 10:00\n'), { profile: base });
    expect(lines).toEqual([
      {
        ok: false,
        rejection: expect.objectContaining({
          line: 1,
          field: 'header',
          reason: expect.stringContaining('"Erg"'),
        }),
      },
    ]);
  });

  it('rule C2: undeclared columns refused when the profile says so', async () => {
    const p: Profile = { ...base, file: { ...base.file, undeclaredColumns: 'refuse' } };
    const lines = await collect(file('Nr;Wert;Erg;Zeit;Geheim\n'), { profile: p });
    expect(lines[0]).toMatchObject({
      ok: false,
      rejection: { reason: expect.stringContaining('"Geheim"') },
    });
  });

  it('rule C3: a malformed row is refused with its line; the rows beside it come out', async () => {
    const lines = await collect(
      file(
        `${HEADER}A1;1,5;OK;01.03.2026 10:00\nA2;1"5;OK;01.03.2026 10:00\nA3;"2,5"x;OK;01.03.2026 10:00\nA4;2;OK;01.03.2026 10:00\n`,
      ),
      { profile: base },
    );
    expect(
      lines.map((l) => (l.ok ? l.record.data.id : `${l.rejection.line} ${l.rejection.reason}`)),
    ).toEqual([
      'A1',
      '3 rule C3: a quote inside an unquoted cell (quote the whole cell and double the quote)',
      '4 rule C3: text after the closing quote of a cell',
      'A4',
    ]);
  });

  it('rule C3: a quote never closed refuses the last row; invalid UTF-8 refuses its row', async () => {
    const lines = await collect(
      file(
        Buffer.concat([
          Buffer.from(`${HEADER}A1;1;OK;01.03.2026 10:00\nA\xff;1;OK;01.03.2026 10:00\n`, 'latin1'),
          Buffer.from('A3;"1;OK;01.03.2026 10:00\n'),
        ]),
      ),
      { profile: base },
    );
    expect(
      lines.map((l) => (l.ok ? l.record.data.id : `${l.rejection.line} ${l.rejection.reason}`)),
    ).toEqual([
      'A1',
      expect.stringMatching(/^3 rule C3: the row is not valid UTF-8/),
      '4 rule C3: a quoted cell is never closed (the file ends inside it)',
    ]);
  });

  it('rule C4: more cells than the header', async () => {
    const lines = await collect(file(`${HEADER}A1;1;OK;01.03.2026 10:00;extra\n`), {
      profile: base,
    });
    expect(lines[0]).toMatchObject({
      ok: false,
      rejection: { line: 2, reason: 'rule C4: 5 cells, the header has 4 columns' },
    });
  });

  it('rule C5: a kind column with a code the map does not name', async () => {
    const p: Profile = {
      ...base,
      kind: { column: 'Typ', map: { IR: 'InspectionResult' } },
      source: { InspectionResult: 'QMS' },
    };
    const lines = await collect(file(`Typ;${HEADER}XX;A1;1;OK;01.03.2026 10:00\n`), { profile: p });
    expect(lines[0]).toMatchObject({
      ok: false,
      rejection: { field: 'column "Typ" (kind)', reason: expect.stringMatching(/^rule C5: "XX"/) },
    });
  });

  it('rule C6: a code outside the map, a number with a decimal point, a bad date — each names column and field', async () => {
    const lines = await collect(
      file(
        `${HEADER}A1;1;MAYBE;01.03.2026 10:00\nA2;1.5;OK;01.03.2026 10:00\nA3;1;OK;2026-13-01\n`,
      ),
      { profile: base },
    );
    expect(
      lines.map((l) =>
        l.ok ? 'ok' : [l.rejection.line, l.rejection.field, l.rejection.reason.slice(0, 30)],
      ),
    ).toEqual([
      [2, 'column "Erg" (data.result)', 'rule C6: the code "MAYBE" is n'],
      [3, 'column "Wert" (data.value)', 'rule C6: "1.5": a point where '],
      [4, 'column "Zeit" (data.inspectedAt)', 'rule C6: "2026-13-01" matches '],
    ]);
  });

  it('rule C6 (DST): a local time that happened twice or never is refused, naming the row', async () => {
    const lines = await collect(
      file(
        `${HEADER}A1;1;OK;25.10.2026 02:30\nA2;1;OK;29.03.2026 02:30\nA3;1;OK;25.10.2026 03:30\nA4;1;OK;25.10.2026 01:59\n`,
      ),
      { profile: base },
    );
    expect(
      lines.map((l) =>
        l.ok ? l.record.data.inspectedAt : `${l.rejection.line} ${l.rejection.reason}`,
      ),
    ).toEqual([
      expect.stringMatching(/^2 rule C6: "25.10.2026 02:30" happened twice in Europe\/Berlin/),
      expect.stringMatching(/^3 rule C6: "29.03.2026 02:30" never happened in Europe\/Berlin/),
      '2026-10-25T02:30:00.000000000Z',
      '2026-10-24T23:59:00.000000000Z',
    ]);
  });

  it('rule C7: no recording time', async () => {
    const lines = await collect(file(`${HEADER}A1;1;OK;\n`), { profile: base });
    expect(lines[0]).toMatchObject({
      ok: false,
      rejection: { field: 'column "Zeit" (recordedAt)', reason: expect.stringMatching(/^rule C7/) },
    });
  });

  it('the canonical validator still applies: a missing key names the column', async () => {
    const lines = await collect(file(`${HEADER};1;OK;01.03.2026 10:00\n`), { profile: base });
    expect(lines[0]).toMatchObject({
      ok: false,
      rejection: {
        line: 2,
        field: 'column "Nr" (data.id)',
        reason: expect.stringContaining('key field is missing'),
      },
    });
  });

  it('latin1 and CR line ends: cells decoded, lines counted', async () => {
    const p: Profile = { ...base, file: { ...base.file, encoding: 'latin1' } };
    const lines = await collect(
      file(
        iconv.encode(
          `${HEADER.trim()}\rÄ1;1;OK;01.03.2026 10:00\r\rÄ2;2;OK;01.03.2026 10:00`,
          'latin1',
        ),
      ),
      { profile: p },
    );
    expect(
      lines.map((l) =>
        l.ok ? `${l.record.line} ${l.record.data.id as string}` : l.rejection.reason,
      ),
    ).toEqual(['2 Ä1', '4 Ä2']);
  });

  it('the same file yields the same sequence twice', async () => {
    const path = file(`${HEADER}A1;1;OK;01.03.2026 10:00\nA2;x;OK;01.03.2026 10:00\n`);
    expect(await collect(path, { profile: base })).toEqual(await collect(path, { profile: base }));
  });
});

describe('looksLikeCsv', () => {
  it('claims delimited text and .csv names, not JSON or XML', () => {
    expect(looksLikeCsv('a;b;c\n1;2;3\n', 'export.txt')).toBe(true);
    expect(looksLikeCsv('anything', 'export.csv')).toBe(true);
    expect(looksLikeCsv('{"assets": []}', 'x.csv')).toBe(false);
    expect(looksLikeCsv('<?xml version="1.0"?><a/>', 'x.xml')).toBe(false);
    expect(looksLikeCsv('{"kind":"Unit"}\n{"kind":"Unit"}\n', 'x.jsonl')).toBe(false);
  });
});

describe('the onboarding example (importers/csv/ONBOARDING.md)', () => {
  it('yields the two records the text shows', async () => {
    const lines = await collect(join(FIXTURES, 'csv/onboarding/ncr-export-2026-06.csv'), {
      profilePath: join(FIXTURES, 'csv/onboarding/plant-c-ncr.json'),
    });
    expect(lines.map((l) => (l.ok ? JSON.parse(l.record.raw) : l.rejection))).toEqual([
      {
        kind: 'Nonconformance',
        source: 'QMS',
        system: 'qms-plant-c',
        site: 'PLANT-C',
        recordedAt: '2026-06-02T12:07:00.000000000Z',
        data: {
          id: 'NC-24-0107',
          raisedAt: '2026-06-02T12:05:00.000000000Z',
          status: 'OPEN',
          serialNumbers: ['SN-0512', 'SN-0513'],
          description: "Fuite au joint d'arbre, 0,08 mbar.l/s",
          characteristicId: 'LEAK',
          operationExecutionId: 'OE-SN-0512-30',
          drawingNumber: 'DWG-PA-100',
          drawingRevision: 'D',
          requirementId: 'REQ-PA-2',
        },
      },
      {
        kind: 'Nonconformance',
        source: 'QMS',
        system: 'qms-plant-c',
        site: 'PLANT-C',
        recordedAt: '2026-06-04T14:20:00.000000000Z',
        data: {
          id: 'NC-24-0108',
          raisedAt: '2026-06-03T07:40:00.000000000Z',
          status: 'CLOSED',
          disposition: 'REWORK',
          serialNumbers: ['SN-0520'],
          description: 'Marquage illisible;\r\nrepris au poste 50',
          characteristicId: 'MARK',
          operationExecutionId: 'OE-SN-0520-50',
          drawingNumber: 'DWG-PA-100',
          drawingRevision: 'D',
          requirementId: 'REQ-PA-4',
        },
      },
    ]);
  });
});
