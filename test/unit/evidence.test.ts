/**
 * The evidence rules on hand-built snapshots. The baseline is a unit with a complete chain; each
 * case changes one thing and names the one gap that must appear (and the near miss that must not).
 */
import type { EvidenceSnapshot, GapCode } from '../../src/domain/evidence';
import { evidenceChain, isStructuredNcr } from '../../src/domain/evidence';
import { parseInstant } from '../../src/domain/time';

const t = (s: string) => parseInstant(s) as string;

/** U-1 of part P rev A, work order WO-1 released 1 Feb, one operation on 2 Feb, inspected. */
function baseline(): EvidenceSnapshot {
  return {
    shipments: [],
    unit: {
      serialNumber: 'U-1',
      partNumber: 'P',
      workOrderId: 'WO-1',
      site: 'S1',
      status: 'COMPLETE',
    },
    part: { partNumber: 'P' },
    workOrder: {
      id: 'WO-1',
      partNumber: 'P',
      revision: 'A',
      releasedAt: t('2026-02-01T00:00:00Z'),
      site: 'S1',
    },
    timeZone: 'UTC',
    builtTo: {
      number: 'P',
      revision: 'A',
      status: 'RELEASED',
      releasedAt: t('2026-01-01T00:00:00Z'),
      drawingNumber: 'D-P',
      drawingRevision: 'A',
    },
    partRevisions: [
      { number: 'P', revision: 'A', status: 'RELEASED', releasedAt: t('2026-01-01T00:00:00Z') },
    ],
    drawing: { number: 'D-P', revision: 'A', releasedAt: t('2026-01-01T00:00:00Z') },
    drawingRevisions: [{ number: 'D-P', revision: 'A', releasedAt: t('2026-01-01T00:00:00Z') }],
    requirements: [{ id: 'R1', title: 'Flow' }],
    routing: [
      { opNumber: '10', name: 'Test', workInstructionNumber: 'W-10', inspectionPlanId: 'IP-1' },
    ],
    executions: [
      {
        id: 'OE-1',
        opNumber: '10',
        workInstructionNumber: 'W-10',
        workInstructionRevision: 'A',
        equipmentId: 'E1',
        operatorId: 'O1',
        startedAt: t('2026-02-02T08:00:00Z'),
        completedAt: t('2026-02-02T09:00:00Z'),
        status: 'COMPLETED',
        rework: false,
      },
    ],
    workInstructionRevisions: [
      { number: 'W-10', revision: 'A', releasedAt: t('2026-01-01T00:00:00Z') },
    ],
    planRevisions: [
      {
        number: 'IP-1',
        revision: 'A',
        releasedAt: t('2026-01-01T00:00:00Z'),
        characteristics: [{ id: 'C1', verifies: ['R1'] }],
      },
    ],
    inspections: [
      {
        id: 'IR-1',
        operationExecutionId: 'OE-1',
        planId: 'IP-1',
        planRevision: 'A',
        characteristicId: 'C1',
        value: 42,
        result: 'PASS',
        inspectedAt: t('2026-02-02T08:30:00Z'),
      },
    ],
    components: [],
    componentExecutions: [],
    nonconformances: [],
    capas: [],
    changeOrders: [],
    equipment: [{ id: 'E1' }],
    operators: [{ id: 'O1' }],
  };
}

const codes = (s: EvidenceSnapshot) => evidenceChain(s).gaps.map((g) => `${g.code} ${g.ref}`);

/** A structured, closed NCR naming the unit. */
const ncr = (extra: Record<string, unknown> = {}) => ({
  id: 'NCR-1',
  status: 'CLOSED',
  disposition: 'USE_AS_IS',
  serialNumbers: ['U-1'],
  lotNumbers: [],
  operationExecutionId: 'OE-1',
  drawingNumber: 'D-P',
  drawingRevision: 'A',
  characteristicId: 'C1',
  ...extra,
});

describe('the baseline', () => {
  it('is complete, with every document current and the requirement verified', () => {
    const chain = evidenceChain(baseline());
    expect(chain.gaps).toEqual([]);
    expect(chain.complete).toBe(true);
    expect(chain.builtToRevision).toBe('A');
    expect(chain.drawing).toMatchObject({
      number: 'D-P',
      revision: 'A',
      current: true,
      currentRevision: null,
    });
    expect(chain.operations[0]?.workInstruction).toMatchObject({
      number: 'W-10',
      revision: 'A',
      current: true,
    });
    expect(chain.inspections[0]?.plan).toMatchObject({
      number: 'IP-1',
      revision: 'A',
      current: true,
    });
    expect(chain.requirements).toEqual([
      { id: 'R1', title: 'Flow', status: 'VERIFIED', verifyingCharacteristics: ['C1'] },
    ]);
    expect(chain.buildStartedAt).toBe(t('2026-02-02T08:00:00Z'));
  });
});

describe('gap codes', () => {
  const cases: [
    GapCode,
    string,
    (s: EvidenceSnapshot) => EvidenceSnapshot,
    (s: EvidenceSnapshot) => EvidenceSnapshot,
  ][] = [
    [
      'UNKNOWN_REFERENCE',
      'O9',
      (s) => ({ ...s, operators: [{ id: 'O9', placeholder: true }] }),
      (s) => ({ ...s, operators: [{ id: 'O9', placeholder: false }] }),
    ],
    [
      'BUILT_TO_SUPERSEDED_REVISION',
      'WO-1',
      // B released on 15 Jan: the work order released on 1 Feb still locked A
      (s) => ({
        ...s,
        partRevisions: [
          {
            number: 'P',
            revision: 'A',
            status: 'SUPERSEDED',
            releasedAt: t('2026-01-01T00:00:00Z'),
            supersededAt: t('2026-01-15T00:00:00Z'),
          },
          { number: 'P', revision: 'B', status: 'RELEASED', releasedAt: t('2026-01-15T00:00:00Z') },
        ],
      }),
      // B released on 1 Mar, after the work order: A was current when it was locked
      (s) => ({
        ...s,
        partRevisions: [
          {
            number: 'P',
            revision: 'A',
            status: 'SUPERSEDED',
            releasedAt: t('2026-01-01T00:00:00Z'),
            supersededAt: t('2026-03-01T00:00:00Z'),
          },
          { number: 'P', revision: 'B', status: 'RELEASED', releasedAt: t('2026-03-01T00:00:00Z') },
        ],
      }),
    ],
    [
      'BUILT_TO_SUPERSEDED_REVISION',
      'ECO-1',
      (s) => ({
        ...s,
        changeOrders: [
          {
            id: 'ECO-1',
            releasedAt: t('2026-03-01T00:00:00Z'),
            changes: [{ partNumber: 'P', fromRevision: 'A', toRevision: 'B' }],
            effectivity: { type: 'SERIAL', from: 'U-1' },
          },
        ],
      }),
      (s) => ({
        ...s,
        changeOrders: [
          {
            id: 'ECO-1',
            releasedAt: t('2026-03-01T00:00:00Z'),
            changes: [{ partNumber: 'P', fromRevision: 'A', toRevision: 'B' }],
            effectivity: { type: 'SERIAL', from: 'U-2' },
          },
        ],
      }),
    ],
    [
      'DRAWING_NOT_CURRENT',
      'D-P/A',
      (s) => ({
        ...s,
        drawingRevisions: [
          {
            number: 'D-P',
            revision: 'A',
            releasedAt: t('2026-01-01T00:00:00Z'),
            supersededAt: t('2026-02-01T12:00:00Z'),
          },
          { number: 'D-P', revision: 'B', releasedAt: t('2026-02-01T12:00:00Z') },
        ],
      }),
      (s) => ({
        ...s,
        drawingRevisions: [
          {
            number: 'D-P',
            revision: 'A',
            releasedAt: t('2026-01-01T00:00:00Z'),
            supersededAt: t('2026-02-03T00:00:00Z'),
          },
          { number: 'D-P', revision: 'B', releasedAt: t('2026-02-03T00:00:00Z') },
        ],
      }),
    ],
    [
      'MISSING_OPERATION',
      'P/A/20',
      (s) => ({ ...s, routing: [...s.routing, { opNumber: '20' }] }),
      (s) => ({
        ...s,
        routing: [...s.routing, { opNumber: '20' }],
        executions: [
          ...s.executions,
          {
            ...(s.executions[0] as EvidenceSnapshot['executions'][number]),
            id: 'OE-2',
            opNumber: '20',
          },
        ],
      }),
    ],
    [
      'MISSING_WORK_INSTRUCTION',
      'OE-1',
      (s) => ({
        ...s,
        executions: s.executions.map((e) => ({ ...e, workInstructionRevision: undefined })),
      }),
      (s) => s,
    ],
    [
      'SUPERSEDED_WORK_INSTRUCTION',
      'OE-1',
      (s) => ({
        ...s,
        workInstructionRevisions: [
          {
            number: 'W-10',
            revision: 'A',
            releasedAt: t('2026-01-01T00:00:00Z'),
            supersededAt: t('2026-02-01T00:00:00Z'),
          },
          { number: 'W-10', revision: 'B', releasedAt: t('2026-02-01T00:00:00Z') },
        ],
      }),
      (s) => ({
        ...s,
        workInstructionRevisions: [
          {
            number: 'W-10',
            revision: 'A',
            releasedAt: t('2026-01-01T00:00:00Z'),
            supersededAt: t('2026-02-03T00:00:00Z'),
          },
          { number: 'W-10', revision: 'B', releasedAt: t('2026-02-03T00:00:00Z') },
        ],
      }),
    ],
    [
      'MISSING_INSPECTION',
      'IP-1/A/C2',
      (s) => ({
        ...s,
        planRevisions: s.planRevisions.map((p) => ({
          ...p,
          characteristics: [...p.characteristics, { id: 'C2', verifies: [] }],
        })),
      }),
      (s) => ({
        ...s,
        planRevisions: s.planRevisions.map((p) => ({
          ...p,
          characteristics: [...p.characteristics, { id: 'C2', verifies: [] }],
        })),
        inspections: [
          ...s.inspections,
          {
            ...(s.inspections[0] as EvidenceSnapshot['inspections'][number]),
            id: 'IR-2',
            characteristicId: 'C2',
          },
        ],
      }),
    ],
    [
      'PLAN_REVISION_NOT_CURRENT',
      'IR-1',
      // the record shows revision B, released a month after the inspection (the SN-0047 story)
      (s) => ({
        ...s,
        planRevisions: [
          ...s.planRevisions,
          {
            number: 'IP-1',
            revision: 'B',
            releasedAt: t('2026-03-01T00:00:00Z'),
            characteristics: [{ id: 'C1', verifies: ['R1'] }],
          },
        ],
        inspections: s.inspections.map((i) => ({ ...i, planRevision: 'B' })),
      }),
      (s) => ({
        ...s,
        planRevisions: [
          ...s.planRevisions,
          {
            number: 'IP-1',
            revision: 'B',
            releasedAt: t('2026-03-01T00:00:00Z'),
            characteristics: [{ id: 'C1', verifies: ['R1'] }],
          },
        ],
      }),
    ],
    [
      'FAILED_INSPECTION_WITHOUT_NCR',
      'IR-1',
      (s) => ({ ...s, inspections: s.inspections.map((i) => ({ ...i, result: 'FAIL' })) }),
      (s) => ({
        ...s,
        inspections: s.inspections.map((i) => ({ ...i, result: 'FAIL' })),
        nonconformances: [ncr()],
      }),
    ],
    [
      'OPEN_NCR',
      'NCR-1',
      (s) => ({ ...s, nonconformances: [ncr({ status: 'OPEN' })] }),
      (s) => ({ ...s, nonconformances: [ncr({ status: 'DISPOSITIONED' })] }),
    ],
    [
      'CAPA_NOT_CLOSED',
      'CAPA-1',
      (s) => ({
        ...s,
        nonconformances: [ncr({ capaId: 'CAPA-1' })],
        capas: [{ id: 'CAPA-1', status: 'VERIFIED' }],
      }),
      (s) => ({
        ...s,
        nonconformances: [ncr({ capaId: 'CAPA-1' })],
        capas: [{ id: 'CAPA-1', status: 'CLOSED' }],
      }),
    ],
    [
      'UNSTRUCTURED_NCR',
      'NCR-1',
      (s) => ({ ...s, nonconformances: [ncr({ drawingRevision: undefined })] }),
      (s) => ({
        ...s,
        nonconformances: [ncr({ characteristicId: undefined, requirementId: 'R1' })],
      }),
    ],
    [
      'UNVERIFIED_REQUIREMENT',
      'R2',
      (s) => ({ ...s, requirements: [...s.requirements, { id: 'R2' }] }),
      (s) => ({
        ...s,
        requirements: [...s.requirements, { id: 'R2' }],
        planRevisions: s.planRevisions.map((p) => ({
          ...p,
          characteristics: [{ id: 'C1', verifies: ['R1', 'R2'] }],
        })),
      }),
    ],
  ];

  it.each(cases)('%s %s appears when the evidence is broken', (code, ref, broken) => {
    expect(codes(broken(baseline()))).toContain(`${code} ${ref}`);
  });

  it.each(cases)('%s %s does not appear for the near miss', (code, ref, _broken, nearMiss) => {
    expect(codes(nearMiss(baseline())).filter((c) => c.startsWith(code))).toEqual([]);
    expect(codes(nearMiss(baseline()))).not.toContain(`${code} ${ref}`);
  });

  it('each broken case breaks only what it names (plus what follows from it)', () => {
    // a failed result with no NCR also leaves its requirement FAILED
    const failed = codes(cases[9]?.[2](baseline()) as EvidenceSnapshot);
    expect(failed).toEqual(['FAILED_INSPECTION_WITHOUT_NCR IR-1', 'UNVERIFIED_REQUIREMENT R1']);
    expect(codes(cases[0]?.[2](baseline()) as EvidenceSnapshot)).toEqual(['UNKNOWN_REFERENCE O9']);
  });
});

describe('requirement status', () => {
  const results = (...list: [string, string, string][]) =>
    list.map(([id, result, at]) => ({
      id,
      characteristicId: 'C1',
      planId: 'IP-1',
      planRevision: 'A',
      result,
      inspectedAt: t(at),
      operationExecutionId: 'OE-1',
    }));

  it('takes the latest result: a pass after a fail verifies', () => {
    const s = {
      ...baseline(),
      inspections: results(
        ['IR-1', 'FAIL', '2026-02-02T08:30:00Z'],
        ['IR-2', 'PASS', '2026-02-02T10:00:00Z'],
      ),
    };
    expect(evidenceChain(s).requirements[0]?.status).toBe('VERIFIED');
    expect(codes(s)).toEqual([]);
  });

  it('a fail after a pass fails it', () => {
    const s = {
      ...baseline(),
      inspections: results(
        ['IR-1', 'PASS', '2026-02-02T08:30:00Z'],
        ['IR-2', 'FAIL', '2026-02-02T10:00:00Z'],
      ),
    };
    expect(evidenceChain(s).requirements[0]?.status).toBe('FAILED');
  });

  it('no result leaves it NOT_VERIFIED', () => {
    const s = { ...baseline(), inspections: [] };
    expect(evidenceChain(s).requirements[0]?.status).toBe('NOT_VERIFIED');
    expect(codes(s)).toEqual(['MISSING_INSPECTION IP-1/A/C1', 'UNVERIFIED_REQUIREMENT R1']);
  });
});

describe('placeholders and missing links', () => {
  it('a work order not yet received is an unknown reference, and the rest cannot be judged', () => {
    // what the graph gives then: no locked revision, so no requirements and no routing
    const s = {
      ...baseline(),
      workOrder: { id: 'WO-1', placeholder: true },
      builtTo: undefined,
      requirements: [],
      routing: [],
    };
    expect(codes(s)).toEqual(['UNKNOWN_REFERENCE WO-1']);
    expect(evidenceChain(s).builtToRevision).toBeNull();
  });

  it('a unit that names no work order is incomplete', () => {
    const s = {
      ...baseline(),
      unit: { ...baseline().unit, workOrderId: undefined },
      workOrder: undefined,
      builtTo: undefined,
    };
    expect(codes(s)).toContain('UNKNOWN_REFERENCE U-1');
  });

  it('a part revision without a drawing cannot show the drawing current at build', () => {
    const s = {
      ...baseline(),
      builtTo: {
        ...(baseline().builtTo as NonNullable<EvidenceSnapshot['builtTo']>),
        drawingNumber: undefined,
      },
    };
    expect(codes(s)).toEqual(['DRAWING_NOT_CURRENT P/A']);
  });

  it('a placeholder revision named by another unit is not part of this chain', () => {
    const s = {
      ...baseline(),
      workInstructionRevisions: [
        ...baseline().workInstructionRevisions,
        { number: 'W-10', revision: 'Z', placeholder: true },
      ],
    };
    expect(codes(s)).toEqual([]);
  });
});

describe('isStructuredNcr', () => {
  it('needs an execution, a drawing revision, and a requirement or characteristic', () => {
    expect(isStructuredNcr(ncr())).toBe(true);
    expect(isStructuredNcr(ncr({ characteristicId: undefined, requirementId: 'R1' }))).toBe(true);
    expect(isStructuredNcr(ncr({ characteristicId: undefined }))).toBe(false);
    expect(isStructuredNcr(ncr({ operationExecutionId: undefined }))).toBe(false);
    expect(isStructuredNcr(ncr({ drawingNumber: undefined }))).toBe(false);
  });
});
