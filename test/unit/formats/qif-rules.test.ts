/**
 * One hand-written QIF file per refusal rule of importers/qif/MAPPING.md (the rule number is in
 * each test's name), plus what is not a refusal: a referenced document that cannot be read, and
 * the options checked up front. Files are written to a fresh temporary folder per test.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CanonicalRecord, ParsedLine, Rejection } from '../../../src/domain/canonical';
import { checkQifOptions, looksLikeQif, parseQif } from '../../../importers/qif';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tg-qif-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Doc {
  readonly root?: string;
  readonly head?: string;
  readonly characteristics?: string;
  readonly results?: string;
  readonly components?: string;
  readonly tail?: string;
}

const ITEMS = `
  <Characteristics>
    <CharacteristicDefinitions n="1">
      <DiameterCharacteristicDefinition id="1">
        <Tolerance><MaxValue>0.1</MaxValue><MinValue>-0.1</MinValue><DefinedAsLimit>false</DefinedAsLimit></Tolerance>
      </DiameterCharacteristicDefinition>
    </CharacteristicDefinitions>
    <CharacteristicNominals n="1">
      <DiameterCharacteristicNominal id="2">
        <CharacteristicDefinitionId>1</CharacteristicDefinitionId><TargetValue>10</TargetValue>
      </DiameterCharacteristicNominal>
    </CharacteristicNominals>
    <CharacteristicItems n="1">
      <DiameterCharacteristicItem id="3">
        <Name>D1</Name>
        <CharacteristicDesignator><Designator>D1</Designator><UUID>AAAAAAAA-0000-4000-8000-000000000001</UUID></CharacteristicDesignator>
        <CharacteristicNominalId>2</CharacteristicNominalId>
      </DiameterCharacteristicItem>
    </CharacteristicItems>
  </Characteristics>`;

const measurement = (inner: string, id = '10') =>
  `<DiameterCharacteristicMeasurement id="${id}">${inner}</DiameterCharacteristicMeasurement>`;
const GOOD = measurement(
  '<Status><CharacteristicStatusEnum>PASS</CharacteristicStatusEnum></Status><CharacteristicItemId>3</CharacteristicItemId><Value>10.02</Value>',
);

function results(
  measurements: string,
  opts: { id?: string; qpid?: string; components?: string } = {},
) {
  return `
    <MeasurementResults id="${opts.id ?? '20'}">
      <ThisResultsInstanceQPId>${opts.qpid ?? 'BBBBBBBB-0000-4000-8000-000000000001'}</ThisResultsInstanceQPId>
      <MeasuredCharacteristics><CharacteristicMeasurements n="1">${measurements}</CharacteristicMeasurements></MeasuredCharacteristics>
      <ActualComponentIds n="1"><Id>${opts.components ?? '30'}</Id></ActualComponentIds>
    </MeasurementResults>`;
}

const COMPONENT = `<ActualComponentSet n="1"><ActualComponent id="30"><SerialNumber>SN-1</SerialNumber></ActualComponent></ActualComponentSet>`;

function qif(doc: Doc = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<QIFDocument ${doc.root ?? 'xmlns="http://qifstandards.org/xsd/qif3" versionQIF="3.0.0"'}>
  <QPId>CCCCCCCC-0000-4000-8000-000000000001</QPId>
  ${doc.head ?? '<Version><TimeCreated>2024-03-01T10:00:00</TimeCreated></Version>'}
  ${doc.characteristics ?? ITEMS}
  <Results>
    <MeasurementResultsSet n="1">${doc.results ?? results(GOOD)}</MeasurementResultsSet>
    <ActualComponentSets n="1">${doc.components ?? COMPONENT}</ActualComponentSets>
  </Results>
  ${doc.tail ?? ''}
</QIFDocument>
`;
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function parse(text: string, options: Record<string, string> = {}) {
  const out: { records: CanonicalRecord[]; refused: Rejection[]; all: ParsedLine[] } = {
    records: [],
    refused: [],
    all: [],
  };
  for await (const p of parseQif(write('doc.qif', text), options)) {
    out.all.push(p);
    if (p.ok) out.records.push(p.record);
    else out.refused.push(p.rejection);
  }
  return out;
}

const data = (r: CanonicalRecord | undefined) => (r?.data ?? {}) as Record<string, unknown>;
const extra = (r: CanonicalRecord | undefined, field: string): unknown =>
  r === undefined
    ? undefined
    : (JSON.parse(r.raw) as { data: Record<string, unknown> }).data[field];

test('a well-formed file: one result with its serial, value, PASS and the naive time as UTC', async () => {
  const y = await parse(qif());
  expect(y.refused).toEqual([]);
  expect(y.records.map((r) => r.data)).toEqual([
    {
      id: 'bbbbbbbb-0000-4000-8000-000000000001:SN-1:D1',
      serialNumber: 'SN-1',
      characteristicId: 'D1',
      value: 10.02,
      result: 'PASS',
      inspectedAt: '2024-03-01T10:00:00.000000000Z',
    },
  ]);
  expect(y.records[0]?.original).toContain('<DiameterCharacteristicMeasurement id="10">');
});

describe('rule 1: only QIF 3 is read', () => {
  test.each([
    [
      'QIF 2 namespace and version',
      'xmlns="http://qifstandards.org/xsd/qif2" versionQIF="2.0.0"',
      /^QIF 2\.0\.0 is not read: threadgraph reads QIF 3 \(versionQIF 3\.x/,
    ],
    [
      'a QIF 4 version',
      'xmlns="http://qifstandards.org/xsd/qif3" versionQIF="4.0"',
      /^QIF 4\.0 is not read/,
    ],
    [
      'a QIF 2 namespace without version',
      'xmlns="http://qifstandards.org/xsd/qif2"',
      /^QIF 2\.x is not read/,
    ],
    ['another namespace', 'xmlns="urn:example"', /namespace "urn:example" is not QIF 3's/],
  ])('%s: one refusal, nothing else', async (_what, root, reason) => {
    const y = await parse(qif({ root }));
    expect(y.records).toEqual([]);
    expect(y.refused).toEqual([
      expect.objectContaining({ line: 1, reason: expect.stringMatching(reason) as unknown }),
    ]);
  });

  test('another root element', async () => {
    const y = await parse(
      '<?xml version="1.0"?><Report xmlns="http://qifstandards.org/xsd/qif3"><a/></Report>',
    );
    expect(y.refused).toEqual([
      expect.objectContaining({ reason: 'not a QIF document: the root element is <Report>' }),
    ]);
  });
});

describe('rule 2: XML that is not well-formed, or hostile, refuses the file at the problem', () => {
  test('a mismatched tag after good measurements: nothing from the file', async () => {
    const y = await parse(qif().replace('</ActualComponentSets>', '</ActualComponentSet>'));
    expect(y.records).toEqual([]);
    expect(y.refused).toHaveLength(1);
    expect(y.refused[0]?.reason).toMatch(/not well-formed XML.*nothing in the file is read/);
  });

  test('a DOCTYPE with entities (billion laughs)', async () => {
    const y = await parse(
      qif().replace(
        '<QIFDocument',
        '<!DOCTYPE QIFDocument [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>\n<QIFDocument',
      ),
    );
    expect(y.records).toEqual([]);
    expect(y.refused).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/DOCTYPE is refused/) as unknown }),
    ]);
  });
});

test('rule 3: a TimeCreated that is not a time refuses the file', async () => {
  const y = await parse(qif({ head: '<Version><TimeCreated>yesterday</TimeCreated></Version>' }));
  expect(y.records).toEqual([]);
  expect(y.refused).toEqual([
    expect.objectContaining({
      field: '/QIFDocument/Version TimeCreated',
      reason: '"yesterday" is not an xs:dateTime',
    }),
  ]);
});

describe('rule 4: a plan that cannot be read whole is refused', () => {
  const planDoc = (
    characteristics: string,
    qpid = '<QPId>DDDDDDDD-0000-4000-8000-000000000001</QPId>',
  ) =>
    `<?xml version="1.0"?><QIFDocument xmlns="http://qifstandards.org/xsd/qif3" versionQIF="3.0.0">${qpid}${characteristics}<Plan><UnorderedPlanRoot/></Plan></QIFDocument>`;

  test('a readable plan: the characteristic with nominal and ± limits around it', async () => {
    const y = await parse(planDoc(ITEMS));
    expect(y.records.map((r) => r.data)).toEqual([
      {
        planId: 'dddddddd-0000-4000-8000-000000000001',
        revision: 'dddddddd-0000-4000-8000-000000000001',
        characteristics: [{ id: 'D1', name: 'Diameter', nominal: 10, lower: 9.9, upper: 10.1 }],
      },
    ]);
    const revised = await parse(planDoc(ITEMS), { planRevision: 'C' });
    expect(data(revised.records[0]).revision).toBe('C');
  });

  test.each([
    ['4a no QPId', planDoc(ITEMS, ''), 'QPId', /has no QPId/],
    [
      '4b an item with no Name, Designator or UUID',
      planDoc(
        ITEMS.replace(
          /<Name>D1<\/Name>|<CharacteristicDesignator>.*<\/CharacteristicDesignator>/g,
          '',
        ),
      ),
      'DiameterCharacteristicItem/Name',
      /no Name, Designator or UUID/,
    ],
    [
      '4c a dangling nominal id',
      planDoc(ITEMS.replace('<CharacteristicNominalId>2<', '<CharacteristicNominalId>99<')),
      'DiameterCharacteristicItem/CharacteristicNominalId',
      /names nominal 99/,
    ],
    [
      '4c a dangling definition id',
      planDoc(ITEMS.replace('<CharacteristicDefinitionId>1<', '<CharacteristicDefinitionId>98<')),
      'DiameterCharacteristicItem/CharacteristicDefinitionId',
      /names definition 98/,
    ],
    [
      '4d a tolerance that is not a number',
      planDoc(ITEMS.replace('<MaxValue>0.1<', '<MaxValue>INF<')),
      'DiameterCharacteristicItem/MaxValue',
      /"INF" is not a number/,
    ],
    [
      '4e two items known by the same name',
      planDoc(
        ITEMS.replace(
          '</CharacteristicItems>',
          '<FlatnessCharacteristicItem id="4"><Name>D1</Name></FlatnessCharacteristicItem></CharacteristicItems>',
        ),
      ),
      'FlatnessCharacteristicItem/Name',
      /two characteristic items are known as "D1"/,
    ],
    [
      '4f a nominal id declared twice',
      planDoc(
        ITEMS.replace(
          '<DiameterCharacteristicDefinition id="1">',
          '<DiameterCharacteristicDefinition id="2">',
        ).replace('<CharacteristicDefinitionId>1<', '<CharacteristicDefinitionId>2<'),
      ),
      'DiameterCharacteristicItem/CharacteristicNominalId',
      /id 2 is declared twice/,
    ],
    [
      '4f an item id declared twice',
      planDoc(
        ITEMS.replace(
          '<DiameterCharacteristicNominal id="2">',
          '<DiameterCharacteristicNominal id="3">',
        ).replace('<CharacteristicNominalId>2<', '<CharacteristicNominalId>3<'),
      ),
      'DiameterCharacteristicItem/@id',
      /id 3 is declared twice/,
    ],
  ])('%s', async (_what, text, field, reason) => {
    const y = await parse(text);
    expect(y.records).toEqual([]);
    expect(y.refused).toEqual([
      expect.objectContaining({
        field: `/QIFDocument/Characteristics/CharacteristicItems ${field}`,
        reason: expect.stringMatching(reason) as unknown,
      }),
    ]);
  });
});

/** A results file whose one measurement is refused; a good one beside it still comes out. */
async function refusedBesideGood(bad: string, doc: Doc = {}, options: Record<string, string> = {}) {
  const y = await parse(
    qif({ results: results(bad + GOOD.replace('id="10"', 'id="11"')), ...doc }),
    options,
  );
  expect(y.records).toHaveLength(1);
  expect(y.refused).toHaveLength(1);
  return y.refused[0] as Rejection;
}

test('rule 5: a measurement without a status', async () => {
  const r = await refusedBesideGood(
    measurement('<CharacteristicItemId>3</CharacteristicItemId><Value>1</Value>'),
  );
  expect(r.field).toMatch(/DiameterCharacteristicMeasurement Status$/);
  expect(r.reason).toBe('the measurement has no status');
  expect(r.line).toBeGreaterThan(1);
});

test('rule 6: a value that is not a number', async () => {
  const r = await refusedBesideGood(
    measurement(
      '<Status><CharacteristicStatusEnum>PASS</CharacteristicStatusEnum></Status><CharacteristicItemId>3</CharacteristicItemId><Value>10,02</Value>',
    ),
  );
  expect(r.field).toMatch(/ Value$/);
  expect(r.reason).toBe('"10,02" is not a number');
});

describe('rule 7: no characteristic join', () => {
  const status = '<Status><CharacteristicStatusEnum>FAIL</CharacteristicStatusEnum></Status>';
  test.each([
    [
      'no CharacteristicItemId',
      measurement(`${status}<Value>1</Value>`),
      /names no characteristic item/,
    ],
    [
      'an undeclared item',
      measurement(`${status}<CharacteristicItemId>77</CharacteristicItemId>`),
      /names characteristic item 77, which the document does not declare/,
    ],
    [
      'an undeclared external document',
      measurement(`${status}<CharacteristicItemId xId="5">9</CharacteristicItemId>`),
      /names external document 9 \(xId 5\), which ExternalQIFReferences does not declare/,
    ],
  ])('%s', async (_what, bad, reason) => {
    const r = await refusedBesideGood(bad);
    expect(r.field).toMatch(/ CharacteristicItemId$/);
    expect(r.reason).toMatch(reason);
  });

  test('an item that names itself nowhere', async () => {
    const items = ITEMS.replace(
      '</CharacteristicItems>',
      '<FlatnessCharacteristicItem id="4"/></CharacteristicItems>',
    );
    const r = await refusedBesideGood(
      measurement(`${status}<CharacteristicItemId>4</CharacteristicItemId>`),
      { characteristics: items },
    );
    expect(r.reason).toBe('characteristic item 4 has no Name, Designator or UUID');
  });

  test('an xId the referenced document does not declare', async () => {
    write(
      'plan.qif',
      `<?xml version="1.0"?><QIFDocument xmlns="http://qifstandards.org/xsd/qif3" versionQIF="3.0.0"><QPId>EEEEEEEE-0000-4000-8000-000000000001</QPId>${ITEMS}<Plan/></QIFDocument>`,
    );
    const head =
      '<ExternalQIFReferences n="1"><ExternalQIFDocument id="1"><QPId>eeeeeeee-0000-4000-8000-000000000001</QPId><URI>plan.qif</URI></ExternalQIFDocument></ExternalQIFReferences>';
    const r = await refusedBesideGood(
      measurement(`${status}<CharacteristicItemId xId="55">1</CharacteristicItemId>`),
      { head },
    );
    expect(r.reason).toBe(
      'names characteristic item 55 of plan.qif, which that document does not declare',
    );
  });
});

test('rule 8: results naming an actual component the document does not declare', async () => {
  const y = await parse(qif({ results: results(GOOD, { components: '31' }) }));
  expect(y.records).toEqual([]);
  expect(y.refused).toEqual([
    expect.objectContaining({
      reason:
        'MeasurementResults 20 names actual component 31, which the document does not declare',
    }),
  ]);
});

test('rule 9: with requireSerial, a part without a serial number; without it, kept with none', async () => {
  const doc = {
    components: '<ActualComponentSet n="1"><ActualComponent id="30"/></ActualComponentSet>',
  };
  const kept = await parse(qif(doc));
  expect(kept.records.map((r) => [data(r).id, data(r).serialNumber])).toEqual([
    ['bbbbbbbb-0000-4000-8000-000000000001::D1', undefined],
  ]);
  const y = await parse(qif(doc), { requireSerial: 'true' });
  expect(y.records).toEqual([]);
  expect(y.refused[0]?.field).toMatch(/ ActualComponent\/SerialNumber$/);
});

describe('rule 10: duplicate ids', () => {
  test('two MeasurementResults with the same results QPId: the second is refused', async () => {
    const two = results(GOOD) + results(GOOD.replace('id="10"', 'id="12"'), { id: '21' });
    const y = await parse(qif({ results: two }));
    expect(y.records).toHaveLength(1);
    expect(y.refused).toEqual([
      expect.objectContaining({
        reason: expect.stringMatching(
          /MeasurementResults 21 has the QPId bbbbbbbb-.* of MeasurementResults 20 \(line \d+\): the same results twice/,
        ) as unknown,
      }),
    ]);
  });

  test('a QIF id declared twice (an actual component with the id of the item)', async () => {
    const components = `<ActualComponentSet n="1"><ActualComponent id="3"><SerialNumber>SN-1</SerialNumber></ActualComponent></ActualComponentSet>`;
    const y = await parse(qif({ components, results: results(GOOD, { components: '3' }) }));
    expect(y.records).toEqual([]);
    expect(y.refused[0]?.reason).toMatch(
      /^id 3 is declared twice \(DiameterCharacteristicItem at line \d+, ActualComponent at line \d+\)$/,
    );
  });

  test('the same characteristic measured twice is two records, the second with #2 (not a duplicate)', async () => {
    const y = await parse(qif({ results: results(GOOD + GOOD.replace('id="10"', 'id="11"')) }));
    expect(y.records.map((r) => data(r).id)).toEqual([
      'bbbbbbbb-0000-4000-8000-000000000001:SN-1:D1',
      'bbbbbbbb-0000-4000-8000-000000000001:SN-1:D1#2',
    ]);
  });
});

test('rule 11: an inspection time that is not a time', async () => {
  const y = await parse(
    qif({
      results: results(GOOD).replace(
        '<ThisResultsInstanceQPId>',
        '<InspectionTraceability><InspectionEnd>2024-13-40T99:00:00</InspectionEnd></InspectionTraceability><ThisResultsInstanceQPId>',
      ),
    }),
  );
  expect(y.records).toEqual([]);
  expect(y.refused[0]?.field).toMatch(/ InspectionTraceability\/InspectionEnd$/);
  expect(y.refused[0]?.reason).toMatch(/is not a valid time/);
});

test('rule 12: what the canonical model refuses, named by element (a 600-byte serial number)', async () => {
  const components = `<ActualComponentSet n="1"><ActualComponent id="30"><SerialNumber>${'S'.repeat(600)}</SerialNumber></ActualComponent></ActualComponentSet>`;
  const y = await parse(qif({ components }));
  expect(y.records).toEqual([]);
  // the serial is part of the result's id too, which the validator names first
  expect(y.refused[0]?.field).toMatch(
    / the result id \(results QPId:SerialNumber:characteristic\)$/,
  );
  expect(y.refused[0]?.reason).toMatch(/^InspectionResult: .*512/);
});

describe('statuses and times', () => {
  test('a status outside PASS/FAIL: no result, reportedStatus as sent (enum or other text)', async () => {
    const other = measurement(
      '<Status><OtherCharacteristicStatus>REWORK pending</OtherCharacteristicStatus></Status><CharacteristicItemId>3</CharacteristicItemId>',
      '12',
    );
    const notMeasured = measurement(
      '<Status><CharacteristicStatusEnum>NOT_MEASURED</CharacteristicStatusEnum></Status><CharacteristicItemId>3</CharacteristicItemId>',
      '13',
    );
    const y = await parse(qif({ results: results(other + notMeasured) }));
    expect(y.records.map((r) => [data(r).result, data(r).reportedStatus, data(r).value])).toEqual([
      [undefined, 'REWORK pending', undefined],
      [undefined, 'NOT_MEASURED', undefined],
    ]);
  });

  test('inspection times: InspectionEnd of the results first; a zone kept; inspector from InspectionOperator', async () => {
    const y = await parse(
      qif({
        results: results(GOOD).replace(
          '<ThisResultsInstanceQPId>',
          '<InspectionTraceability><InspectionStart>2024-03-01T08:00:00+01:00</InspectionStart><InspectionEnd>2024-03-01T09:30:00+01:00</InspectionEnd><InspectionOperator><Name>Ann</Name><EmployeeId>E-7</EmployeeId></InspectionOperator></InspectionTraceability><ThisResultsInstanceQPId>',
        ),
      }),
    );
    expect(data(y.records[0]).inspectedAt).toBe('2024-03-01T08:30:00.000000000Z');
    expect(data(y.records[0]).inspectorId).toBe('E-7');
  });
});

describe('external references that cannot be read are not refusals', () => {
  const status = '<Status><CharacteristicStatusEnum>PASS</CharacteristicStatusEnum></Status>';
  const bad = measurement(
    `${status}<CharacteristicItemId xId="3">1</CharacteristicItemId><Value>1</Value>`,
  );
  test.each([
    ['a missing file', 'missing.qif', /missing\.qif: no such file/],
    ['a path outside the folder', '../elsewhere/plan.qif', /outside the results file's folder/],
    ['a Windows path', 'C:\\plans\\plan.qif', /a Windows path/],
    ['a URL', 'https://example.com/plan.qif', /fetches nothing over a network/],
  ])('%s: the result comes out without the plan', async (_what, uri, note) => {
    const head = `<ExternalQIFReferences n="1"><ExternalQIFDocument id="1"><QPId>EEEEEEEE-0000-4000-8000-000000000001</QPId><URI>${uri}</URI></ExternalQIFDocument></ExternalQIFReferences>`;
    const y = await parse(qif({ head, results: results(bad) }));
    expect(y.refused).toEqual([]);
    expect(data(y.records[0]).characteristicId).toBe('eeeeeeee-0000-4000-8000-000000000001#3');
    expect(data(y.records[0]).planId).toBeUndefined();
    expect(extra(y.records[0], 'unresolvedReference')).toMatch(note);
  });

  test('a referenced file with another QPId is not used', async () => {
    write(
      'plan.qif',
      `<?xml version="1.0"?><QIFDocument xmlns="http://qifstandards.org/xsd/qif3" versionQIF="3.0.0"><QPId>FFFFFFFF-0000-4000-8000-000000000001</QPId>${ITEMS}<Plan/></QIFDocument>`,
    );
    const head = `<ExternalQIFReferences n="1"><ExternalQIFDocument id="1"><QPId>EEEEEEEE-0000-4000-8000-000000000001</QPId><URI>.\\plan.qif</URI></ExternalQIFDocument></ExternalQIFReferences>`;
    const y = await parse(qif({ head, results: results(bad) }));
    expect(extra(y.records[0], 'unresolvedReference')).toMatch(
      /its QPId is ffffffff-.*, not eeeeeeee-/,
    );
  });
});

describe('options', () => {
  test('checked up front, every problem listed', () => {
    expect(checkQifOptions({ timezone: 'Mars/Olympus', requireSerial: 'yes', site: ' ' })).toEqual([
      'timezone "Mars/Olympus" is not an IANA time zone',
      'requireSerial must be true or false, not "yes"',
      'site is blank',
    ]);
    expect(
      checkQifOptions({ timezone: 'Europe/Berlin', requireSerial: 'false', site: 'PLANT-A' }),
    ).toEqual([]);
  });

  test('a bad option stops the parse before it starts', async () => {
    await expect(parse(qif(), { timezone: 'nowhere' })).rejects.toThrow(
      /QIF options: timezone "nowhere"/,
    );
  });

  test('a plan file that is not a plan stops the parse', async () => {
    write('results2.qif', qif());
    await expect(parse(qif(), { plan: 'results2.qif' })).rejects.toThrow(/is not a QIF plan/);
  });

  test('site and system put on the records', async () => {
    const y = await parse(qif(), { site: 'PLANT-A', system: 'calypso-7' });
    expect([y.records[0]?.site, y.records[0]?.system]).toEqual(['PLANT-A', 'calypso-7']);
  });
});

describe('looksLikeQif', () => {
  test.each([
    [qif(), true],
    ['<?xml version="1.0"?>\n<q:QIFDocument xmlns:q="http://qifstandards.org/xsd/qif3">', true],
    ['<QIFDocument xmlns="http://qifstandards.org/xsd/qif2" versionQIF="2.0.0">', true],
    ['<REQ-IF xmlns="http://www.omg.org/spec/ReqIF/20110401/reqif.xsd">', false],
    ['<ProductionPerformance xmlns="http://www.mesa.org/xml/B2MML-V0600">', false],
    ['<QIFDocument>no namespace</QIFDocument>', false],
    ['serial,characteristic\nSN-1,QIFDocument', false],
  ])('%#', (head, expected) => {
    expect(looksLikeQif(head, 'x.xml')).toBe(expected);
  });
});
