/**
 * One hostile or broken B2MML file per refusal rule of importers/b2mml/MAPPING.md: the bad record
 * is refused with its line, element path and reason, the good ones beside it still come out.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedLine, Rejection } from '../../../src/domain/canonical';
import { looksLikeB2mml, parseB2mml } from '../../../importers/b2mml';

const dir = mkdtempSync(join(tmpdir(), 'b2mml-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function parse(xml: string, options: Record<string, string> = {}): Promise<ParsedLine[]> {
  n += 1;
  const path = join(dir, `f${n}.xml`);
  writeFileSync(path, xml);
  const out: ParsedLine[] = [];
  for await (const p of parseB2mml(path, options)) out.push(p);
  return out;
}
const ok = (lines: ParsedLine[]) => lines.flatMap((l) => (l.ok ? [l.record] : []));
const refused = (lines: ParsedLine[]): Rejection[] =>
  lines.flatMap((l) => (l.ok ? [] : [l.rejection]));

const V6 = 'http://www.mesa.org/xml/B2MML-V0600';
const msg = (noun: string, body: string, ns = V6, time = '2026-01-05T10:00:00Z') =>
  `<?xml version="1.0"?>\n<Sync${noun} xmlns="${ns}">\n<ApplicationArea><CreationDateTime>${time}</CreationDateTime></ApplicationArea>\n<DataArea><Sync/>\n${body}\n</DataArea></Sync${noun}>`;
const perf = (segments: string, response = '<ID>R1</ID>') =>
  msg(
    'OperationsPerformance',
    `<OperationsPerformance><OperationsResponse>${response}\n${segments}\n</OperationsResponse></OperationsPerformance>`,
  );
const produced = (serial: string) =>
  `<MaterialActual><MaterialDefinitionID>P</MaterialDefinitionID><MaterialSubLotID>${serial}</MaterialSubLotID><MaterialUse>Produced</MaterialUse></MaterialActual>`;
const consumed = (lot: string, qty = '1') =>
  `<MaterialActual><MaterialDefinitionID>C</MaterialDefinitionID><MaterialLotID>${lot}</MaterialLotID><MaterialUse>Consumed</MaterialUse><Quantity><QuantityString>${qty}</QuantityString><UnitOfMeasure>KG</UnitOfMeasure></Quantity></MaterialActual>`;

describe('rule 1: not a B2MML message', () => {
  test.each([
    [
      '<?xml version="1.0"?><REQ-IF xmlns="http://www.omg.org/spec/ReqIF/20110401/reqif.xsd"/>',
      'REQ-IF',
    ],
    [`<SyncPurchaseOrder xmlns="${V6}"><DataArea/></SyncPurchaseOrder>`, 'SyncPurchaseOrder'],
    [
      '<SyncProductionPerformance xmlns="urn:not-b2mml"><DataArea/></SyncProductionPerformance>',
      'SyncProductionPerformance',
    ],
    [
      '<SyncProductionPerformance><DataArea/></SyncProductionPerformance>',
      'SyncProductionPerformance',
    ],
  ])('%s', async (xml, root) => {
    const lines = await parse(xml);
    expect(lines).toHaveLength(1);
    expect(refused(lines)[0]?.reason).toContain(`not a B2MML message this importer reads: ${root}`);
  });
});

test('rule 2: a B2MML version outside V0401–V0700', async () => {
  const lines = await parse(msg('MaterialInformation', '', 'http://www.wbf.org/xml/B2MML-V0301'));
  expect(refused(lines).map((r) => r.reason)).toEqual([
    'B2MML V0301 is not read: this importer reads V0401 to V0700',
  ]);
});

test('rule 3: a Get, Cancel, Acknowledge or Confirm message states no records', async () => {
  const lines = await parse(
    `<GetMaterialInformation xmlns="${V6}"><DataArea><Get/><MaterialInformation><MaterialLot><ID>L1</ID></MaterialLot></MaterialInformation></DataArea></GetMaterialInformation>`,
  );
  expect(ok(lines)).toEqual([]);
  expect(refused(lines)[0]?.reason).toMatch(
    /a Get message \(GetMaterialInformation\) asks or answers/,
  );
});

describe('rule 4: a record element without its ID', () => {
  test('lot, material definition, equipment, request: refused, the good ones beside them kept', async () => {
    const lines = await parse(
      msg(
        'MaterialInformation',
        '<MaterialInformation><MaterialLot><Status>Valid</Status></MaterialLot><MaterialLot><ID>L2</ID><Status>Valid</Status></MaterialLot><MaterialDefinition><Description>x</Description></MaterialDefinition></MaterialInformation>',
      ),
    );
    expect(ok(lines).map((r) => r.data.lotNumber)).toEqual(['L2']);
    expect(refused(lines).map((r) => [r.line, r.field, r.reason])).toEqual([
      [
        5,
        '/SyncMaterialInformation/DataArea/MaterialInformation/MaterialLot ID',
        'Lot: the MaterialLot has no ID',
      ],
      [
        5,
        '/SyncMaterialInformation/DataArea/MaterialInformation/MaterialDefinition ID',
        'Part: the MaterialDefinition has no ID',
      ],
    ]);
    const eq = await parse(
      msg(
        'EquipmentInformation',
        '<EquipmentInformation><Equipment><EquipmentElementLevel>Site</EquipmentElementLevel><Equipment><ID>A1</ID></Equipment></Equipment></EquipmentInformation>',
      ),
    );
    expect(ok(eq).map((r) => r.data.id)).toEqual(['A1']);
    expect(refused(eq)[0]?.reason).toBe('Equipment: the Equipment element has no ID');
    const wo = await parse(
      msg(
        'OperationsSchedule',
        '<OperationsSchedule><OperationsRequest><Description>no id</Description></OperationsRequest></OperationsSchedule>',
      ),
    );
    expect(refused(wo)[0]?.reason).toBe('WorkOrder: the OperationsRequest has no ID');
  });

  test('a segment response without ID or ProcessSegmentID, and a response without ID', async () => {
    const seg = await parse(
      perf(
        '<SegmentResponse><ActualEndTime>2026-01-05T09:00:00Z</ActualEndTime></SegmentResponse>',
      ),
    );
    expect(refused(seg)[0]?.reason).toMatch(/neither ID nor ProcessSegmentID/);
    const resp = await parse(
      perf('<SegmentResponse><ID>S1</ID></SegmentResponse>', '<Description>x</Description>'),
    );
    expect(refused(resp)[0]?.reason).toMatch(/has no ID, so its segment responses cannot be named/);
  });

  test('a blank ID counts as missing', async () => {
    const lines = await parse(
      perf('<SegmentResponse><ID>S1</ID></SegmentResponse>', '<ID>   </ID>'),
    );
    expect(refused(lines)).toHaveLength(1);
  });
});

describe('rule 5: times', () => {
  test('a time that is not an xs:dateTime refuses the record that uses it', async () => {
    const lines = await parse(
      perf(
        `<SegmentResponse><ID>S1</ID><ActualStartTime>yesterday</ActualStartTime></SegmentResponse><SegmentResponse><ID>S2</ID><ActualStartTime>2026-01-05T08:00:00Z</ActualStartTime></SegmentResponse>`,
      ),
    );
    expect(ok(lines).map((r) => r.data.id)).toEqual(['R1/S2']);
    expect(refused(lines)[0]).toMatchObject({
      field: expect.stringMatching(/SegmentResponse\/ActualStartTime$/),
      reason: 'startedAt: "yesterday" is not an xs:dateTime',
    });
  });

  test('a time without zone is refused unless the option timezone names the site zone', async () => {
    const xml = perf(
      '<SegmentResponse><ID>S1</ID><ActualStartTime>2026-01-05T08:00:00</ActualStartTime></SegmentResponse>',
    );
    expect(refused(await parse(xml))[0]?.reason).toMatch(/has no time zone/);
    const [r] = ok(await parse(xml, { timezone: 'America/Chicago' }));
    expect(r?.data.startedAt).toBe('2026-01-05T14:00:00.000000000Z');
  });

  test('an unparsable message time refuses every record it dates', async () => {
    const lines = await parse(
      msg(
        'MaterialInformation',
        '<MaterialInformation><MaterialLot><ID>L1</ID><Status>x</Status></MaterialLot></MaterialInformation>',
        V6,
        '2026-13-45T00:00:00Z',
      ),
    );
    expect(refused(lines)).toHaveLength(1);
  });

  test('an invalid option is refused before anything is read (rule 11)', async () => {
    await expect(parse(perf(''), { timezone: 'Mars/Olympus' })).rejects.toThrow(
      /not an IANA time zone/,
    );
    await expect(parse(perf(''), { materialSource: 'MES' })).rejects.toThrow(
      /materialSource must be ERP or PLM/,
    );
  });
});

test('rule 6: a quantity that is not a number', async () => {
  const lines = await parse(
    perf(
      `<SegmentResponse><ID>S1</ID>${produced('SN1')}${consumed('L1', '1,5')}${consumed('L2', '2')}</SegmentResponse>`,
    ),
  );
  expect(ok(lines).map((r) => r.kind)).toEqual(['OperationExecution', 'Unit', 'Consumption']);
  expect(refused(lines)[0]).toMatchObject({
    field: expect.stringMatching(/MaterialActual\[2\] Quantity\/QuantityString$/),
    reason: 'Consumption: quantity "1,5" is not a number',
  });
});

describe('rule 7: a consumption needs exactly one parent', () => {
  test('no produced unit or lot', async () => {
    const lines = await parse(
      perf(`<SegmentResponse><ID>S1</ID>${consumed('L1')}</SegmentResponse>`),
    );
    expect(refused(lines)[0]?.reason).toMatch(/produced no unit or lot/);
  });
  test('two produced units: ambiguous', async () => {
    const lines = await parse(
      perf(
        `<SegmentResponse><ID>S1</ID>${produced('SN1')}${produced('SN2')}${consumed('L1')}</SegmentResponse>`,
      ),
    );
    expect(ok(lines).map((r) => r.kind)).toEqual(['OperationExecution', 'Unit', 'Unit']);
    expect(refused(lines)[0]?.reason).toMatch(
      /produced 2 units or lots; which one consumed this material is not said/,
    );
  });
});

test('rule 8: a produced or consumed material actual without lot or sublot id', async () => {
  const lines = await parse(
    perf(
      `<SegmentResponse><ID>S1</ID><MaterialActual><MaterialDefinitionID>P</MaterialDefinitionID><MaterialUse>Produced</MaterialUse></MaterialActual></SegmentResponse><SegmentResponse><ID>S2</ID>${produced('SN1')}<MaterialActual><MaterialDefinitionID>C</MaterialDefinitionID><MaterialUse>Consumed</MaterialUse></MaterialActual></SegmentResponse>`,
    ),
  );
  expect(refused(lines).map((r) => r.reason)).toEqual([
    'Unit: the produced material actual names neither MaterialSubLotID nor MaterialLotID',
    'Consumption: the consumed material actual names neither MaterialLotID nor MaterialSubLotID',
  ]);
});

describe('rule 9: hostile and malformed XML', () => {
  test('a DOCTYPE (billion laughs, external entities) is refused, nothing expanded', async () => {
    const lines = await parse(
      `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n<SyncMaterialInformation xmlns="${V6}"><DataArea><MaterialInformation><MaterialLot><ID>&lol2;</ID><Status>x</Status></MaterialLot></MaterialInformation></DataArea></SyncMaterialInformation>`,
    );
    expect(ok(lines)).toEqual([]);
    expect(refused(lines)[0]?.reason).toMatch(/a DOCTYPE is refused/);
  });

  test('a truncated file: the records before the break stand, the break is refused with its line', async () => {
    const xml = perf(
      `<SegmentResponse><ID>S1</ID></SegmentResponse>\n<SegmentResponse><ID>S2</ID>`,
    ).replace(/<\/OperationsResponse>[\s\S]*$/, '');
    const lines = await parse(xml);
    expect(ok(lines).map((r) => r.data.id)).toEqual(['R1/S1']);
    expect(refused(lines)[0]?.reason).toMatch(/not well-formed XML/);
  });
});

test('a V0401 BatchML event that is no exception yields nothing; one without ID is refused (rule 4)', async () => {
  const lines = await parse(
    `<BatchProductionRecord xmlns="http://www.wbf.org/xml/B2MML-V0401"><ID>R</ID><Header><CreationDate>2026-01-01T00:00:00Z</CreationDate><LastChangedDate>2026-01-01T00:00:00Z</LastChangedDate></Header><Events><Event><ID>1|Alarm</ID><EventSubType>Alarm</EventSubType></Event><Event><EventSubType Status="Open" Risk="Low">Exception</EventSubType></Event></Events></BatchProductionRecord>`,
  );
  expect(ok(lines)).toEqual([]);
  expect(refused(lines).map((r) => r.reason)).toEqual(['Nonconformance: the Event has no ID']);
});

test('sniffing: B2MML namespaces claimed; other formats and schemas not', () => {
  expect(
    looksLikeB2mml(`<?xml version="1.0"?><SyncProductionPerformance xmlns="${V6}">`, 'x.xml'),
  ).toBe(true);
  expect(
    looksLikeB2mml('<ProcessOperationsPerformance xmlns="http://www.mesa.org/xml/B2MML">', 'x'),
  ).toBe(true);
  expect(
    looksLikeB2mml(
      '<b2m:BatchProductionRecord xmlns:b2m="http://www.wbf.org/xml/BatchML-V0401">',
      'x.xml',
    ),
  ).toBe(true);
  expect(
    looksLikeB2mml(
      '<xsd:schema xmlns="http://www.mesa.org/xml/B2MML-V0600" xmlns:xsd="http://www.w3.org/2001/XMLSchema">',
      'x.xml',
    ),
  ).toBe(false);
  expect(looksLikeB2mml('<QIFDocument xmlns="http://qifstandards.org/xsd/qif3">', 'x.qif')).toBe(
    false,
  );
  expect(
    looksLikeB2mml('{"kind":"Unit","note":"xmlns=\\"http://www.mesa.org/xml/B2MML\\""}', 'x.jsonl'),
  ).toBe(false);
  expect(
    looksLikeB2mml('<REQ-IF xmlns="http://www.omg.org/spec/ReqIF/20110401/reqif.xsd">', 'x.reqif'),
  ).toBe(false);
});
