/**
 * Thread health on a hand-built month, worked out by hand. Part H: revision A released 1 Jan,
 * B released 1 Apr 2026 (A superseded then). Work instruction W: A released 1 Jan, B released
 * 10 May 00:00 (A superseded then). Sites S1, S2 (UTC).
 *
 *   unit  site  order (locked)   executions (start, instruction)                 escaped?
 *   H-1   S1    WO-H1 (B)        OE-1 9 May 10:00 W/A  ·  OE-2 10 May 10:00 W/A  no · yes (A superseded)
 *   H-2   S2    WO-H2 (B)        OE-3 10 May 12:00 W/B                           no
 *   H-3   S2    WO-H3 (A)        OE-4 11 May 08:00 W/B                           yes (built to superseded A)
 *
 *   H-1 and H-2 ship 12 May (SH-1), H-3 ships 13 May (SH-2). Only H-2's chain is complete.
 *   NCRs: N-1 S1 10 May 09:00 structured; N-2 S2 11 May 09:00 unstructured; N-3 S1 1 Jun unstructured.
 */
import type { Executor } from '../../src/graph/executor';
import type { Services } from '../../src/main';
import { createServices } from '../../src/main';
import { line, writeLines } from '../support/canonical';
import { clearGraph, testExecutor } from '../support/neo4j-for-tests';

let executor: Executor;
let services: Services;

const exec = (id: string, serialNumber: string, startedAt: string, revision: string) =>
  line('OperationExecution', {
    id,
    serialNumber,
    opNumber: '10',
    workInstructionNumber: 'W',
    workInstructionRevision: revision,
    startedAt,
    status: 'COMPLETED',
  });
const ncr = (id: string, site: string, raisedAt: string, structured: boolean, serial: string) =>
  line(
    'Nonconformance',
    {
      id,
      raisedAt,
      status: 'CLOSED',
      serialNumbers: [serial],
      ...(structured
        ? {
            operationExecutionId: 'OE-1',
            drawingNumber: 'D-H',
            drawingRevision: 'A',
            characteristicId: 'C1',
          }
        : {}),
    },
    '2026-01-01T00:00:00Z',
    { site },
  );

const records = [
  line('Site', { code: 'S1', timezone: 'UTC' }),
  line('Site', { code: 'S2', timezone: 'UTC' }),
  line('Part', { partNumber: 'H', tracking: 'SERIAL' }),
  line('PartRevision', {
    partNumber: 'H',
    revision: 'A',
    status: 'SUPERSEDED',
    releasedAt: '2026-01-01T00:00:00Z',
    supersededAt: '2026-04-01T00:00:00Z',
    drawingNumber: 'D-H',
    drawingRevision: 'A',
  }),
  line('PartRevision', {
    partNumber: 'H',
    revision: 'B',
    status: 'RELEASED',
    releasedAt: '2026-04-01T00:00:00Z',
    drawingNumber: 'D-H',
    drawingRevision: 'A',
  }),
  line('DrawingRevision', {
    drawingNumber: 'D-H',
    revision: 'A',
    releasedAt: '2026-01-01T00:00:00Z',
  }),
  line('RoutingOperation', {
    partNumber: 'H',
    revision: 'A',
    opNumber: '10',
    workInstructionNumber: 'W',
  }),
  line('RoutingOperation', {
    partNumber: 'H',
    revision: 'B',
    opNumber: '10',
    workInstructionNumber: 'W',
  }),
  line('WorkInstructionRevision', {
    documentNumber: 'W',
    revision: 'A',
    releasedAt: '2026-01-01T00:00:00Z',
    supersededAt: '2026-05-10T00:00:00Z',
  }),
  line('WorkInstructionRevision', {
    documentNumber: 'W',
    revision: 'B',
    releasedAt: '2026-05-10T00:00:00Z',
  }),
  line('WorkOrder', {
    id: 'WO-H1',
    partNumber: 'H',
    revision: 'B',
    releasedAt: '2026-05-01T00:00:00Z',
    site: 'S1',
  }),
  line('WorkOrder', {
    id: 'WO-H2',
    partNumber: 'H',
    revision: 'B',
    releasedAt: '2026-05-01T00:00:00Z',
    site: 'S2',
  }),
  line('WorkOrder', {
    id: 'WO-H3',
    partNumber: 'H',
    revision: 'A',
    releasedAt: '2026-05-01T00:00:00Z',
    site: 'S2',
  }),
  line('Unit', {
    serialNumber: 'H-1',
    partNumber: 'H',
    workOrderId: 'WO-H1',
    site: 'S1',
    status: 'SHIPPED',
  }),
  line('Unit', {
    serialNumber: 'H-2',
    partNumber: 'H',
    workOrderId: 'WO-H2',
    site: 'S2',
    status: 'SHIPPED',
  }),
  line('Unit', {
    serialNumber: 'H-3',
    partNumber: 'H',
    workOrderId: 'WO-H3',
    site: 'S2',
    status: 'SHIPPED',
  }),
  exec('OE-1', 'H-1', '2026-05-09T10:00:00Z', 'A'),
  exec('OE-2', 'H-1', '2026-05-10T10:00:00Z', 'A'),
  exec('OE-3', 'H-2', '2026-05-10T12:00:00Z', 'B'),
  exec('OE-4', 'H-3', '2026-05-11T08:00:00Z', 'B'),
  line('Shipment', {
    id: 'SH-1',
    shippedAt: '2026-05-12T09:00:00Z',
    customer: 'Acme',
    serialNumbers: ['H-1', 'H-2'],
  }),
  line('Shipment', {
    id: 'SH-2',
    shippedAt: '2026-05-13T09:00:00Z',
    customer: 'Acme',
    serialNumbers: ['H-3'],
  }),
  ncr('N-1', 'S1', '2026-05-10T09:00:00Z', true, 'H-1'),
  ncr('N-2', 'S2', '2026-05-11T09:00:00Z', false, 'H-3'),
  ncr('N-3', 'S1', '2026-06-01T09:00:00Z', false, 'H-9'),
];

beforeAll(async () => {
  executor = await testExecutor();
  services = createServices(executor);
  await clearGraph();
  await services.imports.importCanonicalFile(writeLines(records), { batchSize: 1000 });
});
afterAll(() => executor.close());

const MAY = ['2026-05-01T00:00:00Z', '2026-06-01T00:00:00Z'] as const;

describe('threadHealth', () => {
  it('the hand-built chains come out as the table says', async () => {
    expect((await services.evidence.chain('H-2'))?.complete).toBe(true);
    expect((await services.evidence.chain('H-1'))?.gaps.map((g) => g.code)).toEqual([
      'SUPERSEDED_WORK_INSTRUCTION',
    ]);
    expect((await services.evidence.chain('H-3'))?.gaps.map((g) => g.code)).toContain(
      'BUILT_TO_SUPERSEDED_REVISION',
    );
  });

  it('May, every site: 2 of 4 operations escaped, 1 of 2 NCRs structured, 1 of 3 shipped units complete', async () => {
    const h = await services.health.threadHealth(null, ...MAY);
    expect(h).toMatchObject({
      operations: 4,
      escapedOperations: 2,
      revisionEscapeRate: 0.5,
      nonconformances: 2,
      structuredNonconformances: 1,
      structuredNcrRate: 0.5,
      shippedUnits: 3,
      completeShippedUnits: 1,
    });
    expect(h.evidenceCompleteness).toBeCloseTo(1 / 3, 10);
    expect(
      h.bySite.map((s) => [
        s.site,
        s.operations,
        s.escapedOperations,
        s.nonconformances,
        s.structuredNonconformances,
        s.shippedUnits,
        s.completeShippedUnits,
      ]),
    ).toEqual([
      ['S1', 2, 1, 1, 1, 1, 0],
      ['S2', 2, 1, 1, 0, 2, 1],
    ]);
  });

  it('one site', async () => {
    const h = await services.health.threadHealth('S1', ...MAY);
    expect(h).toMatchObject({
      operations: 2,
      revisionEscapeRate: 0.5,
      nonconformances: 1,
      structuredNcrRate: 1,
      shippedUnits: 1,
      evidenceCompleteness: 0,
    });
  });

  it('a window with partial days at both edges counts records by their exact times', async () => {
    // 10 May 11:00 to 11 May 09:00: OE-3 (10 May 12:00) and OE-4 (11 May 08:00, escaped); N-2 at
    // 11 May 09:00 is at the exclusive end; nothing shipped
    const h = await services.health.threadHealth(
      null,
      '2026-05-10T11:00:00Z',
      '2026-05-11T09:00:00Z',
    );
    expect(h).toMatchObject({
      operations: 2,
      escapedOperations: 1,
      revisionEscapeRate: 0.5,
      nonconformances: 0,
      structuredNcrRate: 0,
      shippedUnits: 0,
    });
  });

  it('an empty window, and a backwards one, are zero with zero counts', async () => {
    for (const [from, to] of [
      ['2027-01-01T00:00:00Z', '2027-02-01T00:00:00Z'],
      ['2026-06-01T00:00:00Z', '2026-05-01T00:00:00Z'],
    ] as const) {
      const h = await services.health.threadHealth(null, from, to);
      expect(h).toMatchObject({
        operations: 0,
        revisionEscapeRate: 0,
        nonconformances: 0,
        structuredNcrRate: 0,
        shippedUnits: 0,
        evidenceCompleteness: 0,
        bySite: [],
      });
    }
  });

  it('no window is all time: N-3 in June joins', async () => {
    const h = await services.health.threadHealth(null, null, null);
    expect(h).toMatchObject({
      operations: 4,
      nonconformances: 3,
      structuredNonconformances: 1,
      shippedUnits: 3,
    });
  });

  it('release to floor: H/B released 1 Apr, first locked order 1 May: 720 hours', async () => {
    const h = await services.health.threadHealth(
      null,
      '2026-03-01T00:00:00Z',
      '2026-06-01T00:00:00Z',
    );
    expect(h.releaseToFloor.revisions).toEqual([
      {
        partNumber: 'H',
        revision: 'B',
        releasedAt: '2026-04-01T00:00:00.000000000Z',
        firstWorkOrderId: 'WO-H1',
        firstWorkOrderAt: '2026-05-01T00:00:00.000000000Z',
        hours: 720,
      },
    ]);
    expect(h.releaseToFloor.medianHours).toBe(720);
  });

  it('the cost of broken boundaries: Pmiss × changes × cost per escape', async () => {
    const h = await services.health.threadHealth(null, ...MAY);
    expect(h.brokenBoundaryCost()).toMatchObject({
      pmiss: 0.5,
      changesPerYear: 500,
      costPerEscape: 11_000,
      annualCost: 2_750_000,
      currency: 'GBP',
    });
    expect(h.brokenBoundaryCost(20_000, 100).annualCost).toBe(1_000_000);
    expect(() => h.brokenBoundaryCost(-1, null)).toThrow(/at least 0/);
    // each input a finite number, the product not: refused as input, not failed as INTERNAL
    expect(() => h.brokenBoundaryCost(1e308, 1e308)).toThrow(/too large/);
    expect(h.brokenBoundaryCost(1e150, 1e150).annualCost).toBe(0.5 * 1e150 * 1e150);
  });

  it('follows a later import: W/B moved back to 9 May makes OE-1 an escape too', async () => {
    await services.imports.importCanonicalFile(
      writeLines([
        line(
          'WorkInstructionRevision',
          {
            documentNumber: 'W',
            revision: 'A',
            releasedAt: '2026-01-01T00:00:00Z',
            supersededAt: '2026-05-09T00:00:00Z',
          },
          '2026-06-01T00:00:00Z',
        ),
        line(
          'WorkInstructionRevision',
          { documentNumber: 'W', revision: 'B', releasedAt: '2026-05-09T00:00:00Z' },
          '2026-06-01T00:00:00Z',
        ),
      ]),
      { batchSize: 10 },
    );
    const h = await services.health.threadHealth(null, ...MAY);
    expect(h).toMatchObject({ operations: 4, escapedOperations: 3 });
  });
});

describe('derived state', () => {
  it('agrees with the evidence chain, unit by unit, after a full rebuild too', async () => {
    const before = await services.health.threadHealth(null, null, null);
    const summary = await services.derive.all();
    expect(summary.units).toBe(3);
    const after = await services.health.threadHealth(null, null, null);
    expect(after.operations).toBe(before.operations);
    expect(after.escapedOperations).toBe(before.escapedOperations);
    expect(after.completeShippedUnits).toBe(before.completeShippedUnits);
  });
});

describe('ownershipAudit', () => {
  it('names each class’s authority, its senders, and what stands out', async () => {
    await services.imports.importCanonicalFile(
      writeLines([
        line('PartRevision', { partNumber: 'H', revision: 'C' }, '2026-07-01T00:00:00Z', {
          source: 'ERP',
          system: 'erp-eu',
        }),
      ]),
      { batchSize: 10 },
    );
    const audit = await services.audit.ownership();
    const partRevision = audit.find((a) => a.kind === 'PartRevision');
    expect(partRevision).toMatchObject({
      authority: 'PLM',
      contested: true,
      versioning: 'REVISION',
    });
    expect(partRevision?.senders).toEqual([
      { source: 'ERP', system: 'erp-eu', records: 1, refused: 1 },
      { source: 'PLM', system: null, records: 2, refused: 0 },
    ]);
    expect(partRevision?.findings[0]).toMatch(/claimed by ERP, PLM; only PLM is its authority/);
    const bom = audit.find((a) => a.kind === 'BomLine');
    expect(bom?.findings).toEqual(['no downstream recipient', 'no system has sent records of it']);
    expect(audit.find((a) => a.kind === 'Unit')).toMatchObject({ contested: false, findings: [] });
  });
});
