/**
 * Every B2MML sample in ../shared/samples/b2mml yields what its PROVENANCE.md works out (see
 * b2mml.expected.ts): counts per kind, keys, refusals with their reasons, and the fields the
 * PROVENANCE names. Skipped, saying so, where the samples folder is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CanonicalRecord, ParsedLine } from '../../../src/domain/canonical';
import { displayKey } from '../../../src/domain/canonical';
import { looksLikeB2mml, parseB2mml } from '../../../importers/b2mml';
import { EXPECTED } from './b2mml.expected';

const SAMPLES = join(__dirname, '../../../../shared/samples');
const present = existsSync(join(SAMPLES, 'b2mml'));
if (!present)
  console.warn(`b2mml samples: ${SAMPLES}/b2mml is absent: the sample tests are skipped`);
const describeSamples = present ? describe : describe.skip;

async function parse(file: string, options: Record<string, string> = {}): Promise<ParsedLine[]> {
  const out: ParsedLine[] = [];
  for await (const p of parseB2mml(join(SAMPLES, file), options)) out.push(p);
  return out;
}

const records = (lines: ParsedLine[]): CanonicalRecord[] =>
  lines.flatMap((l) => (l.ok ? [l.record] : []));
const raw = (r: CanonicalRecord): Record<string, unknown> =>
  (JSON.parse(r.raw) as { data: Record<string, unknown> }).data;

describeSamples('B2MML samples', () => {
  test.each(EXPECTED.map((e) => [e.file, e] as const))(
    '%s yields its expected records',
    async (_, e) => {
      const lines = await parse(e.file, e.options);
      const got: Record<string, number> = {};
      for (const r of records(lines)) got[r.kind] = (got[r.kind] ?? 0) + 1;
      expect(got).toEqual(e.records);
      expect(lines.filter((l) => !l.ok)).toHaveLength(e.refused);
      const keys = records(lines).map((r) => ({ kind: r.kind, key: displayKey(r.kind, r.data) }));
      expect(keys).toEqual(e.keys);
      // the same file gives the same sequence (an interrupted import resumes by re-parsing)
      expect((await parse(e.file, e.options)).map((l) => JSON.stringify(l))).toEqual(
        lines.map((l) => JSON.stringify(l)),
      );
    },
  );

  test('every sample is sniffed as B2MML, and the vendor schemas are not', () => {
    for (const dir of readdirSync(join(SAMPLES, 'b2mml'))) {
      if (dir.endsWith('.md')) continue;
      for (const f of readdirSync(join(SAMPLES, 'b2mml', dir))) {
        const head = readFileSync(join(SAMPLES, 'b2mml', dir, f))
          .subarray(0, 4096)
          .toString('utf8');
        expect([f, looksLikeB2mml(head, f)]).toEqual([f, f.endsWith('.xml')]);
      }
    }
  });

  test('Courbon material master: ERP by default (a governance violation), PLM by site agreement', async () => {
    const file = 'b2mml/mesa-courbon-v0401/MAT-20121210170256-CRBN0001.xml';
    const [erp] = records(await parse(file));
    expect(erp).toMatchObject({
      kind: 'Part',
      source: 'ERP',
      system: 'DEV130',
      recordedAt: '2012-12-10T17:02:56.000000000Z',
      data: { partNumber: 'CRBN0001', name: 'Product Courbon0001' },
    });
    const [plm] = records(await parse(file, { materialSource: 'PLM' }));
    expect(plm?.source).toBe('PLM');
  });

  test('Courbon lot and sublot: the sublot is a Lot of its own with its parent lot noted', async () => {
    const [lot] = records(await parse('b2mml/mesa-courbon-v0401/LOT-20121210170718-0001L0001.xml'));
    expect(lot).toMatchObject({
      source: 'ERP',
      data: { lotNumber: 'CRBN0001_LOT01', partNumber: 'CRBN0001' },
    });
    expect(raw(lot as CanonicalRecord).status).toBe('Valid');
    const [sub] = records(
      await parse('b2mml/mesa-courbon-v0401/INV-20121210175555-0001L0001_01.xml'),
    );
    expect(sub).toMatchObject({
      source: 'ERP',
      data: { lotNumber: 'CRBN0001_LOT01_01', partNumber: 'CRBN0001', quantity: 24.91 },
    });
    expect(raw(sub as CanonicalRecord)).toMatchObject({
      parentLotNumber: 'CRBN0001_LOT01',
      status: 'NotValid',
      unitOfMeasure: 'KG',
    });
  });

  test('Courbon schedule: one work order, its requirements are no consumption', async () => {
    const [wo] = records(await parse('b2mml/mesa-courbon-v0401/PRO-20121210181416-27942.xml'));
    expect(wo).toMatchObject({
      kind: 'WorkOrder',
      source: 'ERP',
      // the file's own CreationDateTime, though its name says 2012
      recordedAt: '2009-12-10T17:14:16.000000000Z',
      data: { id: '258456', partNumber: 'SO1215', quantity: 1 },
    });
  });

  test('Courbon performance: the execution, and the consumption refused for want of a parent', async () => {
    const lines = await parse('b2mml/mesa-courbon-v0401/PES-20121229115825-53107.xml');
    const [oe] = records(lines);
    expect(oe).toMatchObject({
      kind: 'OperationExecution',
      source: 'MES',
      // 7 fractional digits (.NET ticks), +01:00
      recordedAt: '2012-11-29T10:58:25.314955900Z',
      data: { id: '53107/Weighing', opNumber: 'Weighing' },
    });
    expect(oe?.system).toBeUndefined();
    expect(oe?.data.startedAt).toBeUndefined();
    expect(oe?.data.status).toBeUndefined();
    const refused = lines.find((l) => !l.ok);
    expect(refused).toMatchObject({
      ok: false,
      rejection: {
        line: 13,
        field:
          '/SyncProductionPerformance/DataArea/ProductionPerformance/ProductionResponse/SegmentResponse/MaterialActual',
      },
    });
    if (refused?.ok === false) expect(refused.rejection.reason).toMatch(/produced no unit or lot/);
    // with a system option, the message without Sender is attributed to it
    const [named] = records(
      await parse('b2mml/mesa-courbon-v0401/PES-20121229115825-53107.xml', { system: 'pharmacim' }),
    );
    expect(named?.system).toBe('pharmacim');
  });

  test('Rockwell batch record: phases with loop runs, no start times, exceptions as NCRs', async () => {
    const rs = records(
      await parse('b2mml/mesa-batchml-v0401-rockwell/ProductionBatchRecord_Example_v06.xml'),
    );
    const oes = rs.filter((r) => r.kind === 'OperationExecution');
    expect(
      oes.every((r) => r.data.startedAt === undefined && r.data.operatorId === 'mkuehne'),
    ).toBe(true);
    expect(
      oes.every((r) => r.data.workOrderId === '15631837' && r.data.status === 'COMPLETED'),
    ).toBe(true);
    expect(oes.every((r) => r.data.workInstructionRevision === undefined)).toBe(true);
    expect(oes[0]?.data.completedAt).toBe('2010-04-27T14:02:06.903000000Z');
    expect(oes[11]?.data.completedAt).toBe('2010-04-27T14:14:19.577000000Z');
    const loop = oes.find(
      (r) => r.data.id === 'BX10|Procedure-01|Parallel Phases|Operation-01|LIB-PH-PAVStr-02[2]',
    );
    expect(loop?.data.opNumber).toBe('LIB-PH-PAVStr-02');
    expect(raw(loop as CanonicalRecord)).toMatchObject({ instanceCount: '2', lotNumber: 'BX10' });
    expect(rs.find((r) => r.kind === 'Lot')).toMatchObject({
      source: 'MES',
      data: { lotNumber: 'BX10', partNumber: '000399FG01' },
    });
    expect(rs.find((r) => r.kind === 'WorkOrder')?.data).toMatchObject({
      id: '15631837',
      partNumber: '000399FG01',
    });
    const ncr = rs.filter((r) => r.kind === 'Nonconformance');
    expect(ncr.map((r) => [r.data.status, r.data.operationExecutionId])).toEqual([
      ['OPEN', 'BX10|Procedure-01|Parallel Phases|Operation-01|LIB-PH-PAVStrWException-01'],
      ['OPEN', 'BX10|Procedure-01|Parallel Phases|Operation-01|LIB-PH-PAVStr-05'],
      ['OPEN', 'BX10|Procedure-01|Parallel Phases|Operation-01|LIB-PH-PAVStr-05'],
    ]);
    expect(ncr[0]?.data.lotNumbers).toEqual(['BX10']);
    expect(raw(ncr[0] as CanonicalRecord)).toMatchObject({ category: 'Out of spec', risk: 'Low' });
    expect(rs.every((r) => r.recordedAt === '2010-04-30T12:30:17.217000000Z')).toBe(true);
  });

  test('amplab V0600 equipment: type from class or level, site from the Site ancestor', async () => {
    const rs = records(
      await parse('b2mml/amplab2mml-v0600/sample_b2mml_expected.xml', {
        recordedAt: '2026-01-01T00:00:00Z',
      }),
    );
    const by = new Map(rs.map((r) => [r.data.id, r]));
    expect(by.get('AcmeMining')?.data).toEqual({ id: 'AcmeMining', type: 'Enterprise' });
    expect(by.get('AcmeMining.NorthMine.CrusherPlant')).toMatchObject({
      site: 'AcmeMining.NorthMine',
      recordedAt: '2026-01-01T00:00:00.000000000Z',
      data: { type: 'Crusher.JawCrusher', site: 'AcmeMining.NorthMine' },
    });
    expect(raw(by.get('AcmeMining.NorthMine.CrusherPlant') as CanonicalRecord).parentId).toBe(
      'AcmeMining.NorthMine',
    );
    expect(by.get('AcmeMining.SouthMine.ProcessPlant')?.data).toMatchObject({
      type: 'Crusher',
      site: 'AcmeMining.SouthMine',
    });
    expect(by.get('AcmeMining.NorthMine.WasteStorage')?.data.type).toBe('Area');
    expect(by.get('AcmeMining.Applications')?.data).toEqual({
      id: 'AcmeMining.Applications',
      type: 'Other',
    });
  });
});
