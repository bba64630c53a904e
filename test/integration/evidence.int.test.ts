/**
 * The evidence chain through the whole stack: canonical lines imported into Neo4j, the chain read
 * back. The baseline unit U-1 is complete; each case adds or changes records and names the gap
 * that must appear, and a near miss that must not. Worked out by hand from the dates below:
 * part P rev A and everything else released 1 Jan 2026; work order WO-1 released 1 Feb; the
 * unit's one operation started 2 Feb 08:00 and was inspected at 08:30.
 */
import type { EvidenceChain } from '../../src/domain/evidence';
import type { Executor } from '../../src/graph/executor';
import { createServices } from '../../src/main';
import { line, writeLines } from '../support/canonical';
import { clearGraph, testExecutor } from '../support/neo4j-for-tests';

let executor: Executor;
beforeAll(async () => {
  executor = await testExecutor();
});
afterAll(() => executor.close());
beforeEach(() => clearGraph());

const JAN = '2026-01-01T00:00:00Z';
const baseline = (): Record<string, string> => ({
  site: line('Site', { code: 'S1', timezone: 'UTC' }),
  requirement: line('Requirement', { id: 'R1', title: 'Flow' }),
  part: line('Part', { partNumber: 'P', tracking: 'SERIAL' }),
  revision: line('PartRevision', {
    partNumber: 'P',
    revision: 'A',
    status: 'RELEASED',
    releasedAt: JAN,
    drawingNumber: 'D-P',
    drawingRevision: 'A',
    satisfies: ['R1'],
  }),
  drawing: line('DrawingRevision', { drawingNumber: 'D-P', revision: 'A', releasedAt: JAN }),
  routing: line('RoutingOperation', {
    partNumber: 'P',
    revision: 'A',
    opNumber: '10',
    name: 'Test',
    workInstructionNumber: 'W-10',
    inspectionPlanId: 'IP-1',
  }),
  instruction: line('WorkInstructionRevision', {
    documentNumber: 'W-10',
    revision: 'A',
    releasedAt: JAN,
  }),
  plan: line('InspectionPlanRevision', {
    planId: 'IP-1',
    revision: 'A',
    releasedAt: JAN,
    characteristics: [{ id: 'C1', name: 'Flow', verifies: ['R1'] }],
  }),
  order: line('WorkOrder', {
    id: 'WO-1',
    partNumber: 'P',
    revision: 'A',
    releasedAt: '2026-02-01T00:00:00Z',
    site: 'S1',
  }),
  unit: line('Unit', {
    serialNumber: 'U-1',
    partNumber: 'P',
    workOrderId: 'WO-1',
    site: 'S1',
    status: 'COMPLETE',
  }),
  equipment: line('Equipment', { id: 'E1', site: 'S1' }),
  operator: line('Operator', { id: 'O1' }),
  execution: line('OperationExecution', {
    id: 'OE-1',
    serialNumber: 'U-1',
    workOrderId: 'WO-1',
    opNumber: '10',
    workInstructionNumber: 'W-10',
    workInstructionRevision: 'A',
    equipmentId: 'E1',
    operatorId: 'O1',
    startedAt: '2026-02-02T08:00:00Z',
    completedAt: '2026-02-02T09:00:00Z',
    status: 'COMPLETED',
    rework: false,
  }),
  result: line('InspectionResult', {
    id: 'IR-1',
    serialNumber: 'U-1',
    operationExecutionId: 'OE-1',
    planId: 'IP-1',
    planRevision: 'A',
    characteristicId: 'C1',
    value: 42,
    result: 'PASS',
    inspectedAt: '2026-02-02T08:30:00Z',
  }),
});

async function chain(records: Record<string, string>, serial = 'U-1'): Promise<EvidenceChain> {
  await createServices(executor).imports.importCanonicalFile(writeLines(Object.values(records)), {
    batchSize: 1000,
  });
  const result = await createServices(executor).evidence.chain(serial);
  if (result === null) throw new Error(`no chain for ${serial}`);
  return result;
}
const gaps = (c: EvidenceChain) => c.gaps.map((g) => `${g.code} ${g.ref}`);

const closedNcr = (extra: Record<string, unknown> = {}) =>
  line('Nonconformance', {
    id: 'NCR-1',
    status: 'CLOSED',
    disposition: 'USE_AS_IS',
    serialNumbers: ['U-1'],
    operationExecutionId: 'OE-1',
    drawingNumber: 'D-P',
    drawingRevision: 'A',
    characteristicId: 'C1',
    ...extra,
  });

it('the baseline chain is complete', async () => {
  const c = await chain(baseline());
  expect(c.gaps).toEqual([]);
  expect(c.complete).toBe(true);
  expect(c).toMatchObject({
    serialNumber: 'U-1',
    partNumber: 'P',
    site: 'S1',
    workOrderId: 'WO-1',
    builtToRevision: 'A',
    status: 'COMPLETE',
  });
  expect(c.drawing).toMatchObject({ number: 'D-P', revision: 'A', current: true });
  expect(c.requirements).toEqual([
    { id: 'R1', title: 'Flow', status: 'VERIFIED', verifyingCharacteristics: ['C1'] },
  ]);
  expect(c.operations).toHaveLength(1);
  expect(c.operations[0]).toMatchObject({
    id: 'OE-1',
    opNumber: '10',
    equipmentId: 'E1',
    operatorId: 'O1',
    rework: false,
    workInstruction: { number: 'W-10', revision: 'A', current: true },
  });
  expect(c.inspections[0]).toMatchObject({
    id: 'IR-1',
    characteristicId: 'C1',
    value: 42,
    result: 'PASS',
    plan: { number: 'IP-1', revision: 'A', current: true },
  });
});

it('an unknown serial has no chain; a placeholder is not yet known either', async () => {
  await chain(baseline());
  expect(await createServices(executor).evidence.chain('U-404')).toBeNull();
  await createServices(executor).imports.importCanonicalFile(
    writeLines([line('Shipment', { id: 'SH-1', serialNumbers: ['U-2'] })]),
    { batchSize: 10 },
  );
  expect(await createServices(executor).evidence.chain('U-2')).toBeNull();
});

const cases: [
  string,
  string,
  (b: Record<string, string>) => Record<string, string>,
  (b: Record<string, string>) => Record<string, string>,
][] = [
  [
    'UNKNOWN_REFERENCE',
    'O9',
    (b) => ({ ...b, execution: (b.execution as string).replace('"O1"', '"O9"') }),
    (b) => ({
      ...b,
      execution: (b.execution as string).replace('"O1"', '"O9"'),
      o9: line('Operator', { id: 'O9' }),
    }),
  ],
  [
    'BUILT_TO_SUPERSEDED_REVISION',
    'WO-1',
    (b) => ({
      ...b,
      revision: line('PartRevision', {
        partNumber: 'P',
        revision: 'A',
        status: 'SUPERSEDED',
        releasedAt: JAN,
        supersededAt: '2026-01-15T00:00:00Z',
        drawingNumber: 'D-P',
        drawingRevision: 'A',
        satisfies: ['R1'],
      }),
      revisionB: line('PartRevision', {
        partNumber: 'P',
        revision: 'B',
        status: 'RELEASED',
        releasedAt: '2026-01-15T00:00:00Z',
      }),
    }),
    (b) => ({
      ...b,
      revision: line('PartRevision', {
        partNumber: 'P',
        revision: 'A',
        status: 'SUPERSEDED',
        releasedAt: JAN,
        supersededAt: '2026-03-01T00:00:00Z',
        drawingNumber: 'D-P',
        drawingRevision: 'A',
        satisfies: ['R1'],
      }),
      revisionB: line('PartRevision', {
        partNumber: 'P',
        revision: 'B',
        status: 'RELEASED',
        releasedAt: '2026-03-01T00:00:00Z',
      }),
    }),
  ],
  [
    'BUILT_TO_SUPERSEDED_REVISION',
    'ECO-1',
    (b) => ({
      ...b,
      eco: line('ChangeOrder', {
        id: 'ECO-1',
        releasedAt: '2026-03-01T00:00:00Z',
        changes: [{ partNumber: 'P', fromRevision: 'A', toRevision: 'B' }],
        effectivity: { type: 'SERIAL', from: 'U-1' },
      }),
    }),
    (b) => ({
      ...b,
      eco: line('ChangeOrder', {
        id: 'ECO-1',
        releasedAt: '2026-03-01T00:00:00Z',
        changes: [{ partNumber: 'P', fromRevision: 'A', toRevision: 'B' }],
        effectivity: { type: 'SERIAL', from: 'U-2' },
      }),
    }),
  ],
  [
    'DRAWING_NOT_CURRENT',
    'D-P/A',
    (b) => ({
      ...b,
      drawing: line('DrawingRevision', {
        drawingNumber: 'D-P',
        revision: 'A',
        releasedAt: JAN,
        supersededAt: '2026-02-01T12:00:00Z',
      }),
      drawingB: line('DrawingRevision', {
        drawingNumber: 'D-P',
        revision: 'B',
        releasedAt: '2026-02-01T12:00:00Z',
      }),
    }),
    (b) => ({
      ...b,
      drawing: line('DrawingRevision', {
        drawingNumber: 'D-P',
        revision: 'A',
        releasedAt: JAN,
        supersededAt: '2026-02-03T00:00:00Z',
      }),
      drawingB: line('DrawingRevision', {
        drawingNumber: 'D-P',
        revision: 'B',
        releasedAt: '2026-02-03T00:00:00Z',
      }),
    }),
  ],
  [
    'MISSING_OPERATION',
    'P/A/20',
    (b) => ({
      ...b,
      op20: line('RoutingOperation', { partNumber: 'P', revision: 'A', opNumber: '20' }),
    }),
    (b) => ({
      ...b,
      op20: line('RoutingOperation', { partNumber: 'P', revision: 'A', opNumber: '20' }),
      oe20: (b.execution as string)
        .replace('"OE-1"', '"OE-2"')
        .replace('"opNumber":"10"', '"opNumber":"20"'),
    }),
  ],
  [
    'MISSING_OPERATION',
    'P/A/10',
    // only an aborted execution of the operation
    (b) => ({ ...b, execution: (b.execution as string).replace('"COMPLETED"', '"ABORTED"') }),
    (b) => ({
      ...b,
      retry: (b.execution as string).replace('"OE-1"', '"OE-1B"'),
      execution: (b.execution as string).replace('"COMPLETED"', '"ABORTED"'),
    }),
  ],
  [
    'MISSING_WORK_INSTRUCTION',
    'OE-1',
    (b) => ({
      ...b,
      execution: (b.execution as string).replace(',"workInstructionRevision":"A"', ''),
    }),
    (b) => b,
  ],
  [
    'SUPERSEDED_WORK_INSTRUCTION',
    'OE-1',
    (b) => ({
      ...b,
      instruction: line('WorkInstructionRevision', {
        documentNumber: 'W-10',
        revision: 'A',
        releasedAt: JAN,
        supersededAt: '2026-02-01T00:00:00Z',
      }),
      instructionB: line('WorkInstructionRevision', {
        documentNumber: 'W-10',
        revision: 'B',
        releasedAt: '2026-02-01T00:00:00Z',
      }),
    }),
    (b) => ({
      ...b,
      instruction: line('WorkInstructionRevision', {
        documentNumber: 'W-10',
        revision: 'A',
        releasedAt: JAN,
        supersededAt: '2026-02-03T00:00:00Z',
      }),
      instructionB: line('WorkInstructionRevision', {
        documentNumber: 'W-10',
        revision: 'B',
        releasedAt: '2026-02-03T00:00:00Z',
      }),
    }),
  ],
  [
    'MISSING_INSPECTION',
    'IP-1/A/C2',
    (b) => ({
      ...b,
      plan: line('InspectionPlanRevision', {
        planId: 'IP-1',
        revision: 'A',
        releasedAt: JAN,
        characteristics: [{ id: 'C1', verifies: ['R1'] }, { id: 'C2' }],
      }),
    }),
    (b) => ({
      ...b,
      plan: line('InspectionPlanRevision', {
        planId: 'IP-1',
        revision: 'A',
        releasedAt: JAN,
        characteristics: [{ id: 'C1', verifies: ['R1'] }, { id: 'C2' }],
      }),
      result2: (b.result as string).replace('"IR-1"', '"IR-2"').replace('"C1"', '"C2"'),
    }),
  ],
  [
    'PLAN_REVISION_NOT_CURRENT',
    'IR-1',
    // the SN-0047 story: QMS re-exports the result showing a plan revision released a month later
    (b) => ({
      ...b,
      planB: line('InspectionPlanRevision', {
        planId: 'IP-1',
        revision: 'B',
        releasedAt: '2026-03-01T00:00:00Z',
        characteristics: [{ id: 'C1', verifies: ['R1'] }],
      }),
      reExport: line(
        'InspectionResult',
        {
          id: 'IR-1',
          serialNumber: 'U-1',
          operationExecutionId: 'OE-1',
          planId: 'IP-1',
          planRevision: 'B',
          characteristicId: 'C1',
          value: 42,
          result: 'PASS',
          inspectedAt: '2026-02-02T08:30:00Z',
        },
        '2026-03-05T00:00:00Z',
      ),
    }),
    (b) => ({
      ...b,
      planB: line('InspectionPlanRevision', {
        planId: 'IP-1',
        revision: 'B',
        releasedAt: '2026-03-01T00:00:00Z',
        characteristics: [{ id: 'C1', verifies: ['R1'] }],
      }),
    }),
  ],
  [
    'FAILED_INSPECTION_WITHOUT_NCR',
    'IR-1',
    (b) => ({ ...b, result: (b.result as string).replace('"PASS"', '"FAIL"') }),
    (b) => ({ ...b, result: (b.result as string).replace('"PASS"', '"FAIL"'), ncr: closedNcr() }),
  ],
  [
    'OPEN_NCR',
    'NCR-1',
    (b) => ({ ...b, ncr: closedNcr({ status: 'OPEN' }) }),
    (b) => ({ ...b, ncr: closedNcr({ status: 'DISPOSITIONED' }) }),
  ],
  [
    'CAPA_NOT_CLOSED',
    'CAPA-1',
    (b) => ({
      ...b,
      ncr: closedNcr({ capaId: 'CAPA-1' }),
      capa: line('Capa', { id: 'CAPA-1', status: 'VERIFIED' }),
    }),
    (b) => ({
      ...b,
      ncr: closedNcr({ capaId: 'CAPA-1' }),
      capa: line('Capa', { id: 'CAPA-1', status: 'CLOSED', closedAt: '2026-03-01T00:00:00Z' }),
    }),
  ],
  [
    'UNSTRUCTURED_NCR',
    'NCR-1',
    (b) => ({
      ...b,
      ncr: line('Nonconformance', {
        id: 'NCR-1',
        status: 'CLOSED',
        serialNumbers: ['U-1'],
        description: 'scratch on housing',
      }),
    }),
    (b) => ({ ...b, ncr: closedNcr({ characteristicId: undefined, requirementId: 'R1' }) }),
  ],
  [
    'UNVERIFIED_REQUIREMENT',
    'R2',
    (b) => ({
      ...b,
      revision: (b.revision as string).replace('["R1"]', '["R1","R2"]'),
      r2: line('Requirement', { id: 'R2' }),
    }),
    (b) => ({
      ...b,
      revision: (b.revision as string).replace('["R1"]', '["R1","R2"]'),
      r2: line('Requirement', { id: 'R2' }),
      plan: line('InspectionPlanRevision', {
        planId: 'IP-1',
        revision: 'A',
        releasedAt: JAN,
        characteristics: [{ id: 'C1', verifies: ['R1', 'R2'] }],
      }),
    }),
  ],
];

describe.each(cases)('%s %s', (code, ref, broken, nearMiss) => {
  it('appears when the evidence is broken', async () => {
    const c = await chain(broken(baseline()));
    expect(gaps(c)).toContain(`${code} ${ref}`);
    expect(c.complete).toBe(false);
  });

  it('does not appear for the near miss', async () => {
    const c = await chain(nearMiss(baseline()));
    expect(gaps(c).filter((g) => g.startsWith(code))).toEqual([]);
  });
});

describe('what the gaps say', () => {
  it('SN-0047 in small: built to A inside ECO-1, drawing superseded, plan re-exported as B', async () => {
    const b = baseline();
    const records = {
      ...b,
      revision: line('PartRevision', {
        partNumber: 'P',
        revision: 'A',
        status: 'SUPERSEDED',
        releasedAt: JAN,
        supersededAt: '2026-01-31T23:00:00Z',
        drawingNumber: 'D-P',
        drawingRevision: 'A',
        satisfies: ['R1'],
      }),
      revisionB: line('PartRevision', {
        partNumber: 'P',
        revision: 'B',
        status: 'RELEASED',
        releasedAt: '2026-01-31T23:00:00Z',
        drawingNumber: 'D-P',
        drawingRevision: 'B',
        satisfies: ['R1'],
      }),
      drawing: line('DrawingRevision', {
        drawingNumber: 'D-P',
        revision: 'A',
        releasedAt: JAN,
        supersededAt: '2026-01-31T23:00:00Z',
      }),
      drawingB: line('DrawingRevision', {
        drawingNumber: 'D-P',
        revision: 'B',
        releasedAt: '2026-01-31T23:00:00Z',
      }),
      eco: line('ChangeOrder', {
        id: 'ECO-1',
        releasedAt: '2026-01-31T22:00:00Z',
        changes: [{ partNumber: 'P', fromRevision: 'A', toRevision: 'B' }],
        effectivity: { type: 'SERIAL', from: 'U-1' },
      }),
      planB: line('InspectionPlanRevision', {
        planId: 'IP-1',
        revision: 'B',
        releasedAt: '2026-03-01T00:00:00Z',
        characteristics: [{ id: 'C1', verifies: ['R1'] }],
      }),
      reExport: (b.result as string)
        .replace('"planRevision":"A"', '"planRevision":"B"')
        .replace('"recordedAt":"2026-01-01T00:00:00Z"', '"recordedAt":"2026-03-05T00:00:00Z"'),
    };
    const c = await chain(records);
    expect(gaps(c)).toEqual([
      'BUILT_TO_SUPERSEDED_REVISION ECO-1',
      'BUILT_TO_SUPERSEDED_REVISION WO-1',
      'DRAWING_NOT_CURRENT D-P/A',
      'PLAN_REVISION_NOT_CURRENT IR-1',
    ]);
    expect(c.drawing).toMatchObject({ revision: 'A', current: false, currentRevision: 'B' });
    expect(c.inspections[0]?.plan).toMatchObject({
      revision: 'B',
      current: false,
      currentRevision: 'A',
    });
  });
});

describe('NCR reach through the genealogy', () => {
  // U-1 consumed CMP-1 (which consumed lot L-2) and lot L-1
  const genealogy = (b: Record<string, string>) => ({
    ...b,
    cmp: line('Unit', { serialNumber: 'CMP-1', partNumber: 'Q' }),
    l1: line('Lot', { lotNumber: 'L-1', partNumber: 'AL' }),
    l2: line('Lot', { lotNumber: 'L-2', partNumber: 'AL' }),
    al: line('Part', { partNumber: 'AL' }),
    q: line('Part', { partNumber: 'Q' }),
    c1: line('Consumption', { parentSerialNumber: 'U-1', childSerialNumber: 'CMP-1', quantity: 1 }),
    c2: line('Consumption', { parentSerialNumber: 'U-1', childLotNumber: 'L-1', quantity: 1 }),
    c3: line('Consumption', { parentSerialNumber: 'CMP-1', childLotNumber: 'L-2', quantity: 1 }),
    cmpOp: line('OperationExecution', { id: 'OE-C', serialNumber: 'CMP-1', opNumber: '10' }),
  });
  const via = async (ncr: Record<string, unknown>) => {
    await clearGraph();
    const c = await chain({
      ...genealogy(baseline()),
      ncr: closedNcr({ serialNumbers: [], ...ncr }),
    });
    return c.nonconformances.map((n) => n.via);
  };

  it('lists every serial and lot consumed, at any depth', async () => {
    const c = await chain(genealogy(baseline()));
    expect(c.components.map((x) => [x.kind, x.id, x.depth, x.parentId])).toEqual([
      ['SERIAL', 'CMP-1', 1, 'U-1'],
      ['LOT', 'L-1', 1, 'U-1'],
      ['LOT', 'L-2', 2, 'CMP-1'],
    ]);
    expect(c.gaps).toEqual([]);
  });

  it('names the most direct way an NCR touches the unit', async () => {
    expect(await via({ serialNumbers: ['U-1'], lotNumbers: ['L-1'] })).toEqual(['UNIT']);
    expect(await via({ operationExecutionId: 'OE-1', lotNumbers: ['L-1'] })).toEqual(['OPERATION']);
    expect(
      await via({ operationExecutionId: undefined, serialNumbers: ['CMP-1'], lotNumbers: ['L-1'] }),
    ).toEqual(['COMPONENT:CMP-1']);
    expect(await via({ operationExecutionId: 'OE-C' })).toEqual(['COMPONENT:CMP-1']);
    expect(await via({ operationExecutionId: undefined, lotNumbers: ['L-2'] })).toEqual([
      'LOT:L-2',
    ]);
    expect(await via({ operationExecutionId: 'OE-X', lotNumbers: ['L-9'] })).toEqual([]);
  });

  it('an open NCR on a lot deep in the genealogy leaves the unit incomplete', async () => {
    const c = await chain({
      ...genealogy(baseline()),
      ncr: closedNcr({
        serialNumbers: [],
        operationExecutionId: undefined,
        lotNumbers: ['L-2'],
        status: 'OPEN',
      }),
    });
    expect(gaps(c)).toEqual(['OPEN_NCR NCR-1', 'UNSTRUCTURED_NCR NCR-1']);
  });
});

describe('machine readings', () => {
  it('summarises the readings of the operation’s equipment while it ran', async () => {
    const reading = (at: string, value: number, equipmentId = 'E1') =>
      line('Reading', {
        equipmentId,
        tag: 'power_kw',
        sourceTimestamp: at,
        value,
        unit: 'kW',
        quality: 'Good',
      });
    const c = await chain({
      ...baseline(),
      r1: reading('2026-02-02T08:10:00Z', 2),
      r2: reading('2026-02-02T08:50:00Z', 4),
      before: reading('2026-02-02T07:59:59Z', 100),
      after: reading('2026-02-02T09:00:01Z', 100),
      elsewhere: reading('2026-02-02T08:20:00Z', 100, 'E2'),
    });
    expect(c.operations[0]?.readings).toEqual([
      {
        tag: 'power_kw',
        unit: 'kW',
        count: 2,
        min: 2,
        max: 4,
        mean: 3,
        firstAt: '2026-02-02T08:10:00.000000000Z',
        lastAt: '2026-02-02T08:50:00.000000000Z',
      },
    ]);
  });
});

describe('statements run together (one statement, one round trip)', () => {
  it('give each statement the rows it gives alone; one that finds nothing empties no other', async () => {
    await createServices(executor).imports.importCanonicalFile(
      writeLines(Object.values(baseline())),
      { batchSize: 1000 },
    );
    const params = { serialNumbers: ['U-1', 'U-NONE'], rids: ['["Unit","U-1"]'], maxDepth: 50 };
    const names = [
      'evidence/read-executions',
      'evidence/read-readings', // U-1 has no readings: no rows
      'evidence/read-inspections',
    ] as const;
    const [alone, together] = await executor.read('test', async (q) => [
      await Promise.all(names.map((n) => q.run(n, params))),
      await q.runTogether(names, params),
    ]);
    expect(alone.map((rows) => rows.length)).toEqual([1, 0, 1]);
    expect(together).toEqual(alone);
    // the columns learnt the first time serve the next: the same again, with a part left out
    const again = await executor.read('test', (q) =>
      q.runTogether(['evidence/read-inspections', 'evidence/read-executions'], params),
    );
    expect(again).toEqual([alone[2], alone[0]]);
  });
});
