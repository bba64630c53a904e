import { addSeeds, emptySeeds, seedCount } from '../../src/domain/dependencies';

describe('addSeeds', () => {
  it('an operation reaches its unit and the day it started', () => {
    const s = emptySeeds();
    addSeeds(s, 'OperationExecution', {
      id: 'OE-1',
      serialNumber: 'SN-1',
      startedAt: '2026-05-01T23:30:00-02:00',
    });
    expect([...s.serials]).toEqual(['SN-1']);
    expect([...s.days]).toEqual(['2026-05-02']);
    // and its reading summaries are worked out again (its window may have moved)
    expect([...s.measured]).toEqual(['OE-1']);
    expect(seedCount(s)).toBe(3);
  });

  it('an NCR reaches what it names; a change order the parts it changes', () => {
    const s = emptySeeds();
    addSeeds(s, 'Nonconformance', {
      id: 'N',
      serialNumbers: ['SN-1', 'SN-2'],
      lotNumbers: ['L-1'],
      operationExecutionId: 'OE-9',
    });
    addSeeds(s, 'ChangeOrder', { id: 'ECO', changes: [{ partNumber: 'P' }, { partNumber: 'Q' }] });
    addSeeds(s, 'Consumption', { parentLotNumber: 'L-2', childSerialNumber: 'SN-3' });
    expect([...s.serials]).toEqual(['SN-1', 'SN-2']);
    expect([...s.lots]).toEqual(['L-1', 'L-2']);
    expect([...s.executions]).toEqual(['OE-9']);
    expect([...s.partNumbers]).toEqual(['P', 'Q']);
  });

  it('readings, BOM lines and field events reach no chain', () => {
    const s = emptySeeds();
    addSeeds(s, 'Reading', { equipmentId: 'E', tag: 't', sourceTimestamp: '2026-05-01T00:00:00Z' });
    // a reading reaches only the summaries of its machine's executions that day
    expect([...s.readingDays]).toEqual(['["E","2026-05-01"]']);
    s.readingDays.clear();
    addSeeds(s, 'BomLine', {
      parentPartNumber: 'P',
      parentRevision: 'A',
      childPartNumber: 'C',
      findNumber: '10',
    });
    addSeeds(s, 'FieldEvent', { id: 'F', serialNumber: 'SN-1' });
    expect(seedCount(s)).toBe(0);
  });
});
