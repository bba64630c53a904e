/**
 * Lines built to break the importer: each must become that line's rejection, naming the field,
 * or be kept exactly as sent — never crash the parse, never change a value silently.
 */
import { parseCanonicalLine } from '../../importers/canonical/parse-line';

const unitLine = (data: Record<string, unknown>) =>
  JSON.stringify({ kind: 'Unit', source: 'MES', recordedAt: '2026-01-10T08:00:00Z', data });
const execution = (data: Record<string, unknown>) =>
  JSON.stringify({
    kind: 'OperationExecution',
    source: 'MES',
    recordedAt: '2026-01-10T08:00:00Z',
    data: { id: 'OE-1', ...data },
  });

const parse = (text: string) => {
  const parsed = parseCanonicalLine(text, 3);
  if (parsed === undefined) throw new Error('blank');
  return parsed;
};
const rejected = (text: string) => {
  const parsed = parse(text);
  if (parsed.ok) throw new Error(`expected a rejection, got ${JSON.stringify(parsed.record.data)}`);
  return parsed.rejection;
};
const ok = (text: string) => {
  const parsed = parse(text);
  if (!parsed.ok) throw new Error(`expected a record, got ${JSON.stringify(parsed.rejection)}`);
  return parsed.record;
};

describe('a line nested far deeper than any record', () => {
  it('is refused with the path where it gets too deep', () => {
    let legacy: unknown = 'bottom';
    for (let i = 0; i < 40; i += 1) legacy = [legacy];
    const r = rejected(unitLine({ serialNumber: 'SN-1', legacy }));
    // the root is level 0, data 1, legacy 2: the array at level 32 is legacy plus 30 steps down
    expect(r.field).toBe(`data.legacy${'[0]'.repeat(30)}`);
    expect(r.reason).toBe('nests deeper than 32 levels');
  });

  it('is refused without overflowing the stack at any depth', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const text = `{"kind":"Unit","source":"MES","recordedAt":"2026-01-10T08:00:00Z","data":{"serialNumber":"SN-1","x":${deep}}}`;
    expect(rejected(text).reason).toBe('nests deeper than 32 levels');
  });

  it('is accepted at 32 levels', () => {
    let legacy: unknown = 1;
    for (let i = 0; i < 29; i += 1) legacy = [legacy]; // legacy's innermost array at level 30
    expect(ok(unitLine({ serialNumber: 'SN-1', legacy })).data).toEqual({ serialNumber: 'SN-1' });
  });
});

describe('times', () => {
  it('refuses a time that leaves years 0001–9999 once converted to UTC', () => {
    for (const startedAt of ['0001-01-01T00:30:00+01:00', '9999-12-31T23:30:00-01:00']) {
      const r = rejected(execution({ startedAt }));
      expect(r.field).toBe('data.startedAt');
      expect(r.reason).toBe('falls outside the years 0001–9999 once converted to UTC');
    }
    expect(
      rejected(execution({}).replace('2026-01-10T08:00:00Z', '0000-06-01T00:00:00Z')),
    ).toMatchObject({ field: 'recordedAt', reason: /outside the years 0001–9999/ });
  });

  it('keeps years 0001–0099 as sent (not 1901–1999)', () => {
    const r = ok(
      execution({ startedAt: '0050-06-01T12:00:00Z', completedAt: '0001-01-01T00:00:00Z' }),
    );
    expect(r.data.startedAt).toBe('0050-06-01T12:00:00.000000000Z');
    expect(r.data.completedAt).toBe('0001-01-01T00:00:00.000000000Z');
  });

  it('knows the leap years of the first centuries', () => {
    expect(ok(execution({ startedAt: '0004-02-29T00:00:00Z' })).data.startedAt).toBe(
      '0004-02-29T00:00:00.000000000Z',
    );
    expect(rejected(execution({ startedAt: '0100-02-29T00:00:00Z' })).reason).toBe(
      'must be an ISO-8601 time with a zone',
    );
  });
});

describe('numbers where an identifier is expected', () => {
  it('keeps an integer past 2^53 digit for digit', () => {
    const a = ok(
      '{"kind":"Unit","source":"MES","recordedAt":"2026-01-10T08:00:00Z","data":{"serialNumber":12345678901234567890,"workOrderId":98765432109876543210}}',
    );
    expect(a.data.serialNumber).toBe('12345678901234567890');
    expect(a.data.workOrderId).toBe('98765432109876543210');
  });

  it('does not give two such identifiers the same version', () => {
    const text = (n: string) =>
      `{"kind":"Unit","source":"MES","recordedAt":"2026-01-10T08:00:00Z","data":{"serialNumber":"SN-1","workOrderId":${n}}}`;
    // both are the same double: 12345678901234567000
    const a = ok(text('12345678901234567890'));
    const b = ok(text('12345678901234567891'));
    expect(a.data.workOrderId).toBe('12345678901234567890');
    expect(b.data.workOrderId).toBe('12345678901234567891');
    expect(a.versionHash).not.toBe(b.versionHash);
  });

  it('keeps a decimal as written when it reads back the same, and refuses one that would not', () => {
    expect(
      ok(
        '{"kind":"OperationExecution","source":"MES","recordedAt":"2026-01-10T08:00:00Z","data":{"id":"OE-1","opNumber":10.5}}',
      ).data.opNumber,
    ).toBe('10.5');
    const r = rejected(
      '{"kind":"OperationExecution","source":"MES","recordedAt":"2026-01-10T08:00:00Z","data":{"id":"OE-1","opNumber":10.10}}',
    );
    expect(r.field).toBe('data.opNumber');
    expect(r.reason).toBe('the number "10.10" would not be kept as written: send it as a string');
  });

  it('reads identifiers in lists the same way', () => {
    const r = ok(
      '{"kind":"Shipment","source":"ERP","recordedAt":"2026-01-10T08:00:00Z","data":{"id":"SH-1","serialNumbers":[12345678901234567890, "SN-2", 7]}}',
    );
    expect(r.data.serialNumbers).toEqual(['12345678901234567890', 'SN-2', '7']);
  });
});

describe('text that is not text', () => {
  it('refuses a lone surrogate in a field, naming it', () => {
    const r = rejected(
      '{"kind":"Unit","source":"MES","recordedAt":"2026-01-10T08:00:00Z","data":{"serialNumber":"SN-\\ud800"}}',
    );
    expect(r.field).toBe('data.serialNumber');
    expect(r.reason).toMatch(/lone UTF-16 surrogate/);
  });

  it('refuses one in a field the model does not know, and in a key name', () => {
    expect(
      rejected(
        '{"kind":"Unit","source":"MES","recordedAt":"2026-01-10T08:00:00Z","data":{"serialNumber":"SN-1","note":["ok","\\udc00"]}}',
      ).field,
    ).toBe('data.note[1]');
    expect(
      rejected(
        '{"kind":"Unit","source":"MES","recordedAt":"2026-01-10T08:00:00Z","data":{"serialNumber":"SN-1","\\ud83d":1}}',
      ).field,
    ).toBe('data["\\ud83d"]');
  });

  it('keeps a surrogate pair (an emoji) as sent', () => {
    const r = ok(
      '{"kind":"Unit","source":"MES","recordedAt":"2026-01-10T08:00:00Z","data":{"serialNumber":"SN-\\ud83d\\ude00"}}',
    );
    expect(r.data.serialNumber).toBe('SN-😀');
  });
});

describe('identifiers', () => {
  it('refuses a blank key and a blank reference', () => {
    expect(rejected(unitLine({ serialNumber: '   ' }))).toMatchObject({
      field: 'data.serialNumber',
      reason: 'is blank',
    });
    expect(rejected(unitLine({ serialNumber: 'SN-1', workOrderId: '\t' }))).toMatchObject({
      field: 'data.workOrderId',
      reason: 'is blank',
    });
  });

  it('keeps spaces around an identifier as sent', () => {
    expect(ok(unitLine({ serialNumber: ' SN-1 ' })).data.serialNumber).toBe(' SN-1 ');
  });

  it('refuses an identifier longer than Neo4j can index, counting UTF-8 bytes', () => {
    expect(ok(unitLine({ serialNumber: 'é'.repeat(256) })).data.serialNumber).toHaveLength(256);
    const r = rejected(unitLine({ serialNumber: 'é'.repeat(257) }));
    expect(r.field).toBe('data.serialNumber');
    expect(r.reason).toMatch(
      /^is 514 bytes long \("é{40}"… \(257 characters\)\); identifiers and codes may be at most 512 bytes$/,
    );
  });

  it('refuses a key whose record id would be too long to index', () => {
    const q = '"'.repeat(512); // each quote is stored as \" in the record id
    const r = rejected(
      JSON.stringify({
        kind: 'BomLine',
        source: 'PLM',
        recordedAt: '2026-01-10T08:00:00Z',
        data: { parentPartNumber: q, parentRevision: q, childPartNumber: q, findNumber: q },
      }),
    );
    expect(r.field).toBe(
      'data.parentPartNumber, data.parentRevision, data.childPartNumber, data.findNumber',
    );
    // ["BomLine","…","…","…","…"]: 2 + 9 + 4 × (1 + 2 + 1024) = 4119 bytes
    expect(r.reason).toBe('the key is 4119 bytes as stored; at most 4096 can be indexed');
  });

  it('lets free text run long', () => {
    const text = 'x'.repeat(100_000);
    const r = ok(
      JSON.stringify({
        kind: 'Nonconformance',
        source: 'QMS',
        recordedAt: '2026-01-10T08:00:00Z',
        data: { id: 'NCR-1', description: text },
      }),
    );
    expect(r.data.description).toBe(text);
  });
});

describe('messages', () => {
  it('quote a bounded excerpt of a huge value', () => {
    const huge = 'W'.repeat(10_000_000);
    const r = rejected(
      JSON.stringify({ kind: huge, source: 'MES', recordedAt: '2026-01-10T08:00:00Z', data: {} }),
    );
    expect(r.field).toBe('kind');
    expect(r.reason).toBe(`unknown kind "${'W'.repeat(60)}"… (10000000 characters)`);
    const s = rejected(execution({ status: huge }));
    expect(s.reason.length).toBeLessThan(200);
  });
});
