import { parseCanonicalLine } from '../../importers/canonical/parse-line';

const ok = (text: string) => {
  const parsed = parseCanonicalLine(text, 7);
  if (!parsed?.ok) throw new Error(`expected a record, got ${JSON.stringify(parsed)}`);
  return parsed.record;
};
const rejected = (text: string) => {
  const parsed = parseCanonicalLine(text, 7);
  if (parsed === undefined || parsed.ok)
    throw new Error(`expected a rejection, got ${JSON.stringify(parsed)}`);
  return parsed.rejection;
};
const record = (data: Record<string, unknown>, envelope: Record<string, unknown> = {}) =>
  JSON.stringify({
    kind: 'OperationExecution',
    source: 'MES',
    recordedAt: '2026-01-10T08:00:00+01:00',
    data,
    ...envelope,
  });

describe('parseCanonicalLine', () => {
  it('reads the example line of the contract', () => {
    const r = ok(
      '{"kind":"PartRevision","source":"PLM","site":"PLANT-A","recordedAt":"2026-01-10T08:00:00Z","data":{"partNumber":"P-100","revision":"C"}}',
    );
    expect(r).toMatchObject({
      kind: 'PartRevision',
      source: 'PLM',
      site: 'PLANT-A',
      line: 7,
      data: { partNumber: 'P-100', revision: 'C' },
    });
    expect(r.recordedAt).toBe('2026-01-10T08:00:00.000000000Z');
  });

  it('normalises times and identifiers sent as numbers, and keeps the line verbatim', () => {
    const text = record({
      id: 'OE-1',
      opNumber: 10,
      startedAt: '2026-01-10T09:00:00.5+01:00',
      rework: false,
    });
    const r = ok(text);
    expect(r.data).toEqual({
      id: 'OE-1',
      opNumber: '10',
      startedAt: '2026-01-10T08:00:00.500000000Z',
      rework: false,
    });
    expect(r.recordedAt).toBe('2026-01-10T07:00:00.000000000Z');
    expect(r.raw).toBe(text);
  });

  it('keeps unknown fields in the raw line, not as data', () => {
    const r = ok(record({ id: 'OE-1', shiftLeader: 'Ann', legacy: { a: 1 } }));
    expect(r.data).toEqual({ id: 'OE-1' });
    expect(r.raw).toContain('shiftLeader');
  });

  it('gives the same version hash whatever the key order and spacing', () => {
    const a = ok(
      '{"kind":"Unit","source":"MES","recordedAt":"2026-01-10T08:00:00Z","data":{"serialNumber":"SN-1","status":"COMPLETE"}}',
    );
    const b = ok(
      '{ "data": {"status":"COMPLETE", "serialNumber":"SN-1"}, "recordedAt":"2026-01-10T08:00:00Z", "source":"MES", "kind":"Unit" }',
    );
    const c = ok(
      '{"kind":"Unit","source":"MES","recordedAt":"2026-01-10T08:00:00Z","data":{"serialNumber":"SN-1","status":"SHIPPED"}}',
    );
    expect(a.versionHash).toBe(b.versionHash);
    expect(a.versionHash).not.toBe(c.versionHash);
    expect(a.versionHash).toMatch(/^[0-9a-f]{32}$/);
  });

  it('skips blank lines', () => {
    expect(parseCanonicalLine('   ', 1)).toBeUndefined();
  });

  it.each([
    ['{"kind":', undefined, /^not valid JSON/],
    ['[1,2]', undefined, /JSON object/],
    [
      JSON.stringify({
        kind: 'Widget',
        source: 'MES',
        recordedAt: '2026-01-10T08:00:00Z',
        data: {},
      }),
      'kind',
      /unknown kind "Widget"/,
    ],
    [
      JSON.stringify({ source: 'MES', recordedAt: '2026-01-10T08:00:00Z', data: {} }),
      'kind',
      /missing/,
    ],
    [record({ id: 'OE-1' }, { source: 'SAP' }), 'source', /must be one of ALM, PLM/],
    [record({ id: 'OE-1' }, { recordedAt: '2026-01-10T08:00:00' }), 'recordedAt', /with a zone/],
    [record({ opNumber: '10' }), 'data.id', /key field is missing/],
    [record({ id: '' }), 'data.id', /key field is missing/],
    [record({ id: 'OE-1', startedAt: 'noon' }), 'data.startedAt', /ISO-8601 time with a zone/],
    [record({ id: 'OE-1', status: 'DONE' }), 'data.status', /COMPLETED, ABORTED/],
    [record({ id: 'OE-1', rework: 'yes' }), 'data.rework', /true or false/],
    [
      JSON.stringify({
        kind: 'Consumption',
        source: 'MES',
        recordedAt: '2026-01-10T08:00:00Z',
        data: { parentSerialNumber: 'SN-1' },
      }),
      'data.childSerialNumber or data.childLotNumber',
      /key field is missing/,
    ],
    [
      JSON.stringify({
        kind: 'Consumption',
        source: 'MES',
        recordedAt: '2026-01-10T08:00:00Z',
        data: { parentSerialNumber: 'SN-1', parentLotNumber: 'L-1', childLotNumber: 'L-2' },
      }),
      'data.parentSerialNumber or data.parentLotNumber',
      /not both/,
    ],
    [
      JSON.stringify({
        kind: 'ChangeOrder',
        source: 'PLM',
        recordedAt: '2026-01-10T08:00:00Z',
        data: { id: 'ECO-1', effectivity: { type: 'DATE', from: 'March' } },
      }),
      'data.effectivity.from',
      /ISO date/,
    ],
    [
      JSON.stringify({
        kind: 'InspectionPlanRevision',
        source: 'QMS',
        recordedAt: '2026-01-10T08:00:00Z',
        data: { planId: 'IP-1', revision: 'A', characteristics: [{ name: 'Flow' }] },
      }),
      'data.characteristics[0].id',
      /missing/,
    ],
  ])('rejects %s naming field %s', (text, field, reason) => {
    const r = rejected(text);
    expect(r.line).toBe(7);
    expect(r.field).toBe(field);
    expect(r.reason).toMatch(reason);
  });

  it('reports every problem of a line at once', () => {
    const r = rejected(record({ startedAt: 'noon', status: 'DONE' }));
    expect(r.field).toBe('data.id');
    expect(r.reason).toContain('data.startedAt');
    expect(r.reason).toContain('data.status');
  });

  it('accepts DATE effectivity as a day or an instant, and leaves SERIAL bounds alone', () => {
    const date = ok(
      JSON.stringify({
        kind: 'ChangeOrder',
        source: 'PLM',
        recordedAt: '2026-01-10T08:00:00Z',
        data: {
          id: 'ECO-1',
          effectivity: { type: 'DATE', from: '2026-03-01', to: '2026-04-01T00:00:00+02:00' },
        },
      }),
    );
    expect(date.data.effectivity).toEqual({
      type: 'DATE',
      from: '2026-03-01',
      to: '2026-03-31T22:00:00.000000000Z',
    });
    const serial = ok(
      JSON.stringify({
        kind: 'ChangeOrder',
        source: 'PLM',
        recordedAt: '2026-01-10T08:00:00Z',
        data: { id: 'ECO-2', effectivity: { type: 'SERIAL', from: 'SN-0040' } },
      }),
    );
    expect(serial.data.effectivity).toEqual({ type: 'SERIAL', from: 'SN-0040' });
  });
});
