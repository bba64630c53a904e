/**
 * The device history record from a hand-built evidence chain: the header, every section's rows
 * (worked out by hand from the chain below), the content hash, the CSV and the PDF's text.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dhr } from '../../src/domain/dhr';
import { canonicalJson, dhrFileName } from '../../src/domain/dhr';
import type { EvidenceChain } from '../../src/domain/evidence';
import { parseInstant } from '../../src/domain/time';
import { dhrCsv } from '../../src/export/dhr-csv';
import { pdfText, renderDhrPdf, shareWidths } from '../../src/export/dhr-pdf';
import { DhrService, dhrContentHash } from '../../src/services/dhr-service';

const t = (s: string) => parseInstant(s) as string;

/**
 * U-1 of part P, locked to revision A on WO-1 (B was current at its release) inside ECO-1's
 * effectivity; requirement R2 is known only by reference and unverified; drawing D-P/A was
 * superseded by B before the build; the inspection records plan IP-1 revision B where A was
 * current; an open, unstructured NCR whose description is a formula, with an open CAPA; a lot and
 * a sub-assembly (which holds another lot); one shipment to a customer whose name has a comma and
 * a line break.
 */
function chain(): EvidenceChain {
  return {
    serialNumber: 'U-1',
    partNumber: 'P',
    site: 'S1',
    status: 'COMPLETE',
    workOrderId: 'WO-1',
    builtToRevision: 'A',
    buildStartedAt: t('2026-02-02T08:00:00Z'),
    drawing: {
      number: 'D-P',
      revision: 'A',
      current: false,
      currentRevision: 'B',
      at: t('2026-02-02T08:00:00Z'),
    },
    requirements: [
      { id: 'R1', title: 'Flow, max 3 bar', status: 'VERIFIED', verifyingCharacteristics: ['C1'] },
      { id: 'R2', title: null, status: 'NOT_VERIFIED', verifyingCharacteristics: [] },
    ],
    operations: [
      {
        id: 'OE-1',
        opNumber: '10',
        startedAt: t('2026-02-02T08:00:00Z'),
        completedAt: t('2026-02-02T09:00:00.5Z'),
        status: 'COMPLETED',
        rework: false,
        equipmentId: 'E1',
        operatorId: 'O1',
        workInstruction: {
          number: 'W-10',
          revision: 'A',
          current: true,
          currentRevision: 'A',
          at: t('2026-02-02T08:00:00Z'),
        },
        readings: [{ tag: 'temp', unit: 'C', count: 3, min: 20, max: 22.5, mean: 21.16666 }],
      },
    ],
    inspections: [
      {
        id: 'IR-1',
        characteristicId: 'C1',
        operationExecutionId: 'OE-1',
        value: 42,
        result: 'PASS',
        inspectedAt: t('2026-02-02T08:30:00Z'),
        plan: {
          number: 'IP-1',
          revision: 'B',
          current: false,
          currentRevision: 'A',
          at: t('2026-02-02T08:30:00Z'),
        },
        characteristic: { name: 'Flow', nominal: 42, lower: 40, upper: 45, unit: 'l/min' },
      },
      {
        id: 'IR-2',
        characteristicId: 'C2',
        operationExecutionId: null,
        value: null,
        result: 'PASS',
        inspectedAt: null,
        plan: { number: 'IP-1', revision: 'A', current: false, currentRevision: null, at: null },
        characteristic: { name: null, nominal: null, lower: 0.0005, upper: null, unit: null },
      },
    ],
    nonconformances: [
      {
        id: 'NCR-1',
        status: 'OPEN',
        disposition: null,
        via: 'UNIT',
        raisedAt: t('2026-02-03T10:00:00Z'),
        description: '=HYPERLINK("x")',
        structured: false,
        capa: { id: 'CAPA-1', status: 'OPEN', closedAt: null },
      },
    ],
    // in the chain's order: depth, then parent, then id
    components: [
      { kind: 'LOT', id: 'L-1', depth: 1, parentId: 'U-1' },
      { kind: 'SERIAL', id: 'U-2', partNumber: 'SUB', depth: 1, parentId: 'U-1' },
      { kind: 'LOT', id: 'L-2', partNumber: 'SEAL', depth: 2, parentId: 'U-2' },
    ],
    shipments: [
      { id: 'SH-1', shippedAt: t('2026-03-01T00:00:00Z'), customer: 'ACME, Inc.\nPlant 2' },
    ],
    gaps: [
      {
        code: 'UNKNOWN_REFERENCE',
        ref: 'R2',
        message: 'requirement R2 has no ALM record',
        record: { kind: 'Requirement', key: ['R2'] },
      },
      {
        code: 'BUILT_TO_SUPERSEDED_REVISION',
        ref: 'ECO-1',
        message: 'U-1 is inside ECO-1',
        record: { kind: 'ChangeOrder', key: ['ECO-1'] },
      },
      {
        code: 'BUILT_TO_SUPERSEDED_REVISION',
        ref: 'WO-1',
        message: 'WO-1 is locked to A',
        record: { kind: 'WorkOrder', key: ['WO-1'] },
      },
      {
        code: 'DRAWING_NOT_CURRENT',
        ref: 'D-P/A',
        message: 'drawing D-P revision A',
        record: { kind: 'DrawingRevision', key: ['D-P', 'A'] },
      },
      {
        code: 'PLAN_REVISION_NOT_CURRENT',
        ref: 'IR-1',
        message: 'inspection IR-1 plan B',
        record: { kind: 'InspectionResult', key: ['IR-1'] },
      },
      {
        code: 'OPEN_NCR',
        ref: 'NCR-1',
        message: 'NCR NCR-1 (UNIT) is open',
        record: { kind: 'Nonconformance', key: ['NCR-1'] },
      },
      {
        code: 'CAPA_NOT_CLOSED',
        ref: 'CAPA-1',
        message: 'CAPA CAPA-1 of NCR NCR-1 is OPEN',
        record: { kind: 'Capa', key: ['CAPA-1'] },
      },
      {
        code: 'UNSTRUCTURED_NCR',
        ref: 'NCR-1',
        message: 'NCR NCR-1 names no …',
        record: { kind: 'Nonconformance', key: ['NCR-1'] },
      },
      {
        code: 'UNVERIFIED_REQUIREMENT',
        ref: 'R2',
        message: 'requirement R2: no characteristic',
        record: null,
      },
    ],
    complete: false,
  };
}

const GENERATOR = { name: 'threadgraph', version: '9.9.9' };

function service(c: EvidenceChain, at = '2026-04-01T12:00:00.250Z') {
  const evidence = {
    chain: (serial: string) => Promise.resolve(serial === c.serialNumber ? c : null),
  };
  return new DhrService(evidence, { now: () => new Date(at), generator: GENERATOR });
}

async function record(c: EvidenceChain = chain(), at?: string): Promise<Dhr> {
  const dhr = await service(c, at).record(c.serialNumber);
  if (dhr === null) throw new Error('no DHR');
  return dhr;
}

const rowsOf = (dhr: Dhr, id: string) => dhr.sections.find((s) => s.id === id)?.rows;

describe('DhrService.record', () => {
  it('is null for a serial without an evidence chain', async () => {
    expect(await service(chain()).record('NOPE')).toBeNull();
  });

  it('heads the record with the unit, the verdict and when and by what it was generated', async () => {
    const dhr = await record();
    expect(dhr.format).toBe('threadgraph-dhr/1');
    expect(dhr.header).toEqual({
      serialNumber: 'U-1',
      partNumber: 'P',
      site: 'S1',
      status: 'COMPLETE',
      workOrderId: 'WO-1',
      builtToRevision: 'A',
      buildStartedAt: '2026-02-02T08:00:00Z',
      drawing: {
        number: 'D-P',
        revision: 'A',
        current: false,
        currentRevision: 'B',
        at: '2026-02-02T08:00:00Z',
      },
      complete: false,
      gapCount: 9,
      generatedAt: '2026-04-01T12:00:00.25Z',
      generator: { name: 'threadgraph', version: '9.9.9' },
    });
  });

  it('lays the chain out in the fixed order of sections, gaps first', async () => {
    const dhr = await record();
    expect(dhr.sections.map((s) => [s.id, s.title])).toEqual([
      ['gaps', 'Gaps'],
      ['revisions', 'Revision and drawing currency'],
      ['requirements', 'Requirements'],
      ['operations', 'Operations'],
      ['inspections', 'Inspections'],
      ['nonconformances', 'Nonconformances and CAPA'],
      ['components', 'Components'],
      ['shipments', 'Shipments'],
    ]);
    for (const s of dhr.sections)
      for (const row of s.rows) expect(row).toHaveLength(s.columns.length);
  });

  it('writes each section row by row, times as the API formats them', async () => {
    const dhr = await record();
    expect(rowsOf(dhr, 'gaps')).toEqual([
      ['UNKNOWN_REFERENCE', 'Requirement', 'R2', 'requirement R2 has no ALM record'],
      ['BUILT_TO_SUPERSEDED_REVISION', 'ChangeOrder', 'ECO-1', 'U-1 is inside ECO-1'],
      ['BUILT_TO_SUPERSEDED_REVISION', 'WorkOrder', 'WO-1', 'WO-1 is locked to A'],
      ['DRAWING_NOT_CURRENT', 'DrawingRevision', 'D-P/A', 'drawing D-P revision A'],
      ['PLAN_REVISION_NOT_CURRENT', 'InspectionResult', 'IR-1', 'inspection IR-1 plan B'],
      ['OPEN_NCR', 'Nonconformance', 'NCR-1', 'NCR NCR-1 (UNIT) is open'],
      ['CAPA_NOT_CLOSED', 'Capa', 'CAPA-1', 'CAPA CAPA-1 of NCR NCR-1 is OPEN'],
      ['UNSTRUCTURED_NCR', 'Nonconformance', 'NCR-1', 'NCR NCR-1 names no …'],
      ['UNVERIFIED_REQUIREMENT', null, 'R2', 'requirement R2: no characteristic'],
    ]);
    expect(rowsOf(dhr, 'revisions')).toEqual([
      [
        'part revision built to (locked on work order WO-1)',
        'P',
        'A',
        false,
        null,
        null,
        'BUILT_TO_SUPERSEDED_REVISION',
      ],
      ['drawing', 'D-P', 'A', false, 'B', '2026-02-02T08:00:00Z', 'DRAWING_NOT_CURRENT'],
    ]);
    expect(rowsOf(dhr, 'requirements')).toEqual([
      ['R1', 'Flow, max 3 bar', 'VERIFIED', 'C1', ''],
      ['R2', null, 'NOT_VERIFIED', '', 'UNKNOWN_REFERENCE, UNVERIFIED_REQUIREMENT'],
    ]);
    expect(rowsOf(dhr, 'operations')).toEqual([
      [
        '10',
        'OE-1',
        '2026-02-02T08:00:00Z',
        '2026-02-02T09:00:00.5Z',
        'COMPLETED',
        false,
        'W-10',
        'A',
        true,
        'A',
        'E1',
        'O1',
        'temp: 3 readings, min 20, max 22.5, mean 21.167 C',
        '',
      ],
    ]);
    expect(rowsOf(dhr, 'inspections')).toEqual([
      [
        'IR-1',
        'C1',
        'Flow',
        42,
        '40 to 45 l/min (nominal 42)',
        'PASS',
        '2026-02-02T08:30:00Z',
        'OE-1',
        'IP-1',
        'B',
        false,
        'A',
        'PLAN_REVISION_NOT_CURRENT',
      ],
      ['IR-2', 'C2', null, null, 'min 0.0005', 'PASS', null, null, 'IP-1', 'A', false, null, ''],
    ]);
    expect(rowsOf(dhr, 'nonconformances')).toEqual([
      [
        'NCR-1',
        'OPEN',
        null,
        'UNIT',
        '2026-02-03T10:00:00Z',
        false,
        '=HYPERLINK("x")',
        'CAPA-1',
        'OPEN',
        null,
        'OPEN_NCR, CAPA_NOT_CLOSED, UNSTRUCTURED_NCR',
      ],
    ]);
    // depth first: the sub-assembly's lot follows the sub-assembly
    expect(rowsOf(dhr, 'components')).toEqual([
      [1, 'LOT', 'L-1', null, 'U-1', ''],
      [1, 'SERIAL', 'U-2', 'SUB', 'U-1', ''],
      [2, 'LOT', 'L-2', 'SEAL', 'U-2', ''],
    ]);
    expect(rowsOf(dhr, 'shipments')).toEqual([
      ['SH-1', '2026-03-01T00:00:00Z', 'ACME, Inc.\nPlant 2'],
    ]);
  });

  it('calls the built-to revision current only when the chain judged it and found no gap', async () => {
    const clean = { ...chain(), gaps: [], complete: true };
    expect(rowsOf(await record(clean), 'revisions')?.[0]?.[3]).toBe(true);
    // no operation started: the work order's release time is not in the chain, so not stated
    const unstarted = { ...clean, buildStartedAt: null };
    expect(rowsOf(await record(unstarted), 'revisions')?.[0]?.[3]).toBeNull();
    const unlocked = { ...clean, builtToRevision: null, workOrderId: null };
    expect(rowsOf(await record(unlocked), 'revisions')?.[0]).toEqual([
      'part revision built to',
      'P',
      null,
      null,
      null,
      null,
      '',
    ]);
  });

  it('keeps empty sections, as tables without rows', async () => {
    const bare: EvidenceChain = {
      ...chain(),
      requirements: [],
      operations: [],
      inspections: [],
      nonconformances: [],
      components: [],
      shipments: [],
      gaps: [],
      complete: true,
    };
    const dhr = await record(bare);
    expect(dhr.sections).toHaveLength(8);
    expect(dhr.sections.filter((s) => s.rows.length === 0).map((s) => s.id)).toEqual([
      'gaps',
      'requirements',
      'operations',
      'inspections',
      'nonconformances',
      'components',
      'shipments',
    ]);
    expect(dhr.header).toMatchObject({ complete: true, gapCount: 0 });
  });
});

describe('the content hash', () => {
  it('is sha256 of the canonical JSON of everything but generatedAt and itself', async () => {
    const dhr = await record();
    const { generatedAt: _, ...header } = dhr.header;
    const expected = createHash('sha256')
      .update(canonicalJson({ format: dhr.format, header, sections: dhr.sections }))
      .digest('hex');
    expect(dhr.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(dhr.contentHash).toBe(expected);
    expect(dhrContentHash(dhr)).toBe(dhr.contentHash);
  });

  it('is the same when only the time of generation differs', async () => {
    const morning = await record(chain(), '2026-04-01T08:00:00Z');
    const a_year_later = await record(chain(), '2027-04-01T17:30:00Z');
    expect(morning.header.generatedAt).not.toBe(a_year_later.header.generatedAt);
    expect(morning.contentHash).toBe(a_year_later.contentHash);
  });

  it('changes when any value of the record changes', async () => {
    const base = (await record()).contentHash;
    const c = chain();
    const disposed = {
      ...c,
      nonconformances: c.nonconformances.map((n) => ({ ...n, disposition: 'REWORK' })),
    };
    expect((await record(disposed)).contentHash).not.toBe(base);
    expect((await record({ ...c, site: 'S2' })).contentHash).not.toBe(base);
    const reordered = {
      ...c,
      shipments: [...c.shipments, { id: 'SH-2', shippedAt: null, customer: null }],
    };
    expect((await record(reordered)).contentHash).not.toBe(base);
  });

  it('rests on a canonical JSON: keys sorted, no spaces, undefined left out', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { e: undefined, d: 'é "q"' } })).toBe(
      '{"a":[true,null,"x"],"b":1,"c":{"d":"é \\"q\\""}}',
    );
    expect(canonicalJson({ z: 1, Z: 2, a: 3 })).toBe('{"Z":2,"a":3,"z":1}');
  });
});

/** RFC 4180 read back: the test's own small parser, so the CSV is checked as a reader sees it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('the CSV', () => {
  it('neutralises a formula sent in a record and quotes commas and line breaks', async () => {
    const csv = dhrCsv(await record());
    // 16 cells a line: section, record, and the operations table's 14 columns
    expect(csv).toContain(
      'nonconformances,row,NCR-1,OPEN,,UNIT,2026-02-03T10:00:00Z,false,"\'=HYPERLINK(""x"")",' +
        'CAPA-1,OPEN,,"OPEN_NCR, CAPA_NOT_CLOSED, UNSTRUCTURED_NCR",,,\r\n',
    );
    expect(csv).toContain(
      `shipments,row,SH-1,2026-03-01T00:00:00Z,"ACME, Inc.\nPlant 2"${','.repeat(11)}\r\n`,
    );
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('holds the header fields, then each section as its column headings and rows', async () => {
    const dhr = await record();
    const rows = parseCsv(dhrCsv(dhr));
    expect(rows.every((r) => r.length === 16)).toBe(true);
    const fields = rows.filter((r) => r[0] === 'dhr').map((r) => [r[2], r[3]]);
    expect(fields).toEqual([
      ['format', 'threadgraph-dhr/1'],
      ['serialNumber', 'U-1'],
      ['partNumber', 'P'],
      ['site', 'S1'],
      ['status', 'COMPLETE'],
      ['workOrderId', 'WO-1'],
      ['builtToRevision', 'A'],
      ['buildStartedAt', '2026-02-02T08:00:00Z'],
      ['drawing.number', 'D-P'],
      ['drawing.revision', 'A'],
      ['drawing.current', 'false'],
      ['drawing.currentRevision', 'B'],
      ['drawing.at', '2026-02-02T08:00:00Z'],
      ['complete', 'false'],
      ['gapCount', '9'],
      ['generatedAt', '2026-04-01T12:00:00.25Z'],
      ['generator.name', 'threadgraph'],
      ['generator.version', '9.9.9'],
      ['contentHash', dhr.contentHash],
    ]);
    const rest = rows.filter((r) => r[0] !== 'dhr').map((r) => `${r[0]} ${r[1]}`);
    // 8 heading lines; 9 gaps, 2 revisions, 2 requirements, 1 op, 2 inspections, 1 NCR, 3 components, 1 shipment
    expect(rest).toEqual([
      'gaps columns',
      ...Array<string>(9).fill('gaps row'),
      'revisions columns',
      'revisions row',
      'revisions row',
      'requirements columns',
      'requirements row',
      'requirements row',
      'operations columns',
      'operations row',
      'inspections columns',
      'inspections row',
      'inspections row',
      'nonconformances columns',
      'nonconformances row',
      'components columns',
      'components row',
      'components row',
      'components row',
      'shipments columns',
      'shipments row',
    ]);
    expect(rows.find((r) => r[0] === 'gaps' && r[1] === 'columns')?.slice(2, 6)).toEqual([
      'code',
      'record kind',
      'ref',
      'message',
    ]);
    expect(rows.find((r) => r[0] === 'shipments' && r[1] === 'row')?.slice(2, 5)).toEqual([
      'SH-1',
      '2026-03-01T00:00:00Z',
      'ACME, Inc.\nPlant 2',
    ]);
  });
});

describe('the PDF', () => {
  const script = join(__dirname, '..', 'support', 'pdf-text.mjs');
  const textOf = (pdf: Buffer): string[] => {
    const file = join(mkdtempSync(join(tmpdir(), 'threadgraph-dhr-')), 'dhr.pdf');
    writeFileSync(file, pdf);
    const out = spawnSync(process.execPath, [script, file], { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`pdf-text failed: ${out.stderr}`);
    return out.stdout.split('\f');
  };

  it('splits a row taller than a page across pages, repeating the title and headings', async () => {
    const c = chain();
    const long = Array.from({ length: 700 }, (_, i) => `word${i}`).join(' ');
    const dhr = await record({
      ...c,
      nonconformances: c.nonconformances.map((n) => ({ ...n, description: `${long} THE-END` })),
    });
    const pdf = await renderDhrPdf(dhr);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = textOf(pdf);
    const n = pages.length;
    expect(n).toBeGreaterThan(2);
    pages.forEach((text, i) => expect(text).toContain(`page ${i + 1} of ${n}`));
    const continued = pages.filter((p) => p.includes('6. Nonconformances and CAPA (1), continued'));
    expect(continued.length).toBeGreaterThan(0);
    for (const p of continued) expect(p).toContain('disposition');
    const all = pages.join('\n');
    expect(all).toContain('word0');
    expect(all).toContain('word699');
    expect(all).toContain('THE-END');
    expect(all).toContain('8. Shipments (1)');
  });

  it('prints what the standard fonts can, and ? for the rest', () => {
    expect(pdfText('Müller ✓ Łódź\tx\r\nnext')).toBe('Müller ? ?ódz x\nnext');
    expect(pdfText('€ – “q”')).toBe('€ – “q”');
  });

  it('gives narrow columns their width and the wide ones share the rest', () => {
    expect(shareWidths([10, 20, 300, 400], 400)).toEqual([10, 20, 185, 185]);
    expect(shareWidths([10, 30], 80)).toEqual([20, 60]);
  });
});

describe('dhrFileName', () => {
  it('names the file after the serial, characters a file system may refuse replaced', () => {
    expect(dhrFileName('SN-0047', 'pdf')).toBe('DHR-SN-0047.pdf');
    expect(dhrFileName('A/B:C 1', 'csv')).toBe('DHR-A_B_C_1.csv');
  });
});
