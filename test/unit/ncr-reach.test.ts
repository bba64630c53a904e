import type { ComponentEdge, NcrNames, ReachContext } from '../../src/domain/ncr-reach';
import { ncrVia } from '../../src/domain/ncr-reach';

// SN-1 ← consumed CMP-1 (depth 1) ← consumed CMP-2 (depth 2) ← lot L-2 (depth 3)
//      ← lot L-1 (depth 1);     CMP-1 ← lot L-3 (depth 2)
const components: ComponentEdge[] = [
  { kind: 'SERIAL', id: 'CMP-1', depth: 1, parentId: 'SN-1' },
  { kind: 'LOT', id: 'L-1', depth: 1, parentId: 'SN-1' },
  { kind: 'SERIAL', id: 'CMP-2', depth: 2, parentId: 'CMP-1' },
  { kind: 'LOT', id: 'L-3', depth: 2, parentId: 'CMP-1' },
  { kind: 'LOT', id: 'L-2', depth: 3, parentId: 'CMP-2' },
];
const ctx: ReachContext = {
  serialNumber: 'SN-1',
  executionIds: new Set(['OE-1']),
  components,
  componentExecutions: new Map([['OE-CMP-2', 'CMP-2']]),
};
const ncr = (names: Partial<NcrNames>): NcrNames => ({
  id: 'NCR-1',
  serialNumbers: [],
  lotNumbers: [],
  ...names,
});

describe('ncrVia', () => {
  it('is UNIT when the NCR names the unit, whatever else it names', () => {
    expect(
      ncrVia(ncr({ serialNumbers: ['SN-1', 'CMP-1'], operationExecutionId: 'OE-1' }), ctx),
    ).toBe('UNIT');
  });

  it('is OPERATION when it names one of the unit’s executions', () => {
    expect(ncrVia(ncr({ operationExecutionId: 'OE-1', lotNumbers: ['L-1'] }), ctx)).toBe(
      'OPERATION',
    );
  });

  it('prefers a component serial to a lot, the nearest first', () => {
    expect(ncrVia(ncr({ serialNumbers: ['CMP-2', 'CMP-1'], lotNumbers: ['L-1'] }), ctx)).toBe(
      'COMPONENT:CMP-1',
    );
    expect(ncrVia(ncr({ serialNumbers: ['CMP-2'], lotNumbers: ['L-1'] }), ctx)).toBe(
      'COMPONENT:CMP-2',
    );
  });

  it('reaches a component through an execution performed on it', () => {
    expect(ncrVia(ncr({ operationExecutionId: 'OE-CMP-2' }), ctx)).toBe('COMPONENT:CMP-2');
  });

  it('is the nearest lot at any depth', () => {
    expect(ncrVia(ncr({ lotNumbers: ['L-2', 'L-3'] }), ctx)).toBe('LOT:L-3');
    expect(ncrVia(ncr({ lotNumbers: ['L-2'] }), ctx)).toBe('LOT:L-2');
  });

  it('does not touch the unit otherwise', () => {
    expect(
      ncrVia(
        ncr({ serialNumbers: ['SN-2'], lotNumbers: ['L-9'], operationExecutionId: 'OE-9' }),
        ctx,
      ),
    ).toBeUndefined();
  });
});
