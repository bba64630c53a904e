/**
 * One hand-written broken or hostile ReqIF document per rule of importers/reqif/MAPPING.md
 * (R1–R11, and the mapping rules a sample does not pin down): the refusal names the line, the
 * element path and the field, and the good records beside it still come out.
 */
import { checkReqifOptions, looksLikeReqif, parseReqif } from '../../../importers/reqif';
import { file, NS, object, parse, reqif, relation, specification } from './reqif-support';

const rule = (reason: string | undefined) => reason?.match(/\((R\d+)\)$/)?.[1];

describe('ReqIF refusals', () => {
  test('R1: a SPEC-OBJECT without IDENTIFIER is refused, the next one stands', async () => {
    const p = await parse(file(reqif({ objects: object('', 'no id') + object('A', 'fine') })));
    expect(p.data.map((d) => d.id)).toEqual(['A']);
    expect(p.refusals).toHaveLength(1);
    expect(rule(p.refusals[0]?.reason)).toBe('R1');
    expect(p.refusals[0]?.field).toBe(
      '/REQ-IF/CORE-CONTENT/REQ-IF-CONTENT/SPEC-OBJECTS/SPEC-OBJECT @IDENTIFIER',
    );
    expect(p.refusals[0]?.line).toBe(23);
  });

  test('R2: a document that is not ReqIF (other root, other namespace) is refused', async () => {
    const other = await parse(
      file('<?xml version="1.0"?><B2MML xmlns="http://www.mesa.org/xml/B2MML"><a/></B2MML>'),
    );
    expect(other.records).toHaveLength(0);
    expect(other.refusals[0]?.reason).toMatch(
      /^not a ReqIF document: the root is <B2MML> in namespace http:\/\/www\.mesa\.org/,
    );
    const future = await parse(
      file(
        reqif({ objects: object('A', 'x') }).replace(NS, 'http://www.omg.org/spec/ReqIF/29990101'),
      ),
    );
    expect(future.records).toHaveLength(0);
    expect(future.refusals).toHaveLength(1);
    expect(future.refusals[0]?.reason).toContain('not a ReqIF document');
  });

  test('R3: no LAST-CHANGE and no header CREATION-TIME → refused; with CREATION-TIME it is the fallback', async () => {
    const none = await parse(
      file(reqif({ header: '', objects: object('A', 'x', { change: '' }) })),
    );
    expect(none.records).toHaveLength(0);
    expect(rule(none.refusals[0]?.reason)).toBe('R3');
    const header = await parse(file(reqif({ objects: object('A', 'x', { change: '' }) })));
    expect(header.records[0]?.recordedAt).toBe('2024-01-01T00:00:00.000000000Z');
  });

  test('R4: a time without zone is refused without the timezone option and read in its zone with it', async () => {
    const doc = file(
      reqif({ objects: object('A', 'x', { change: ' LAST-CHANGE="2024-07-01T12:00:00"' }) }),
    );
    const refused = await parse(doc);
    expect(rule(refused.refusals[0]?.reason)).toBe('R4');
    expect(refused.refusals[0]?.field).toMatch(/SPEC-OBJECT @LAST-CHANGE$/);
    expect((await parse(doc, { timezone: 'Europe/Berlin' })).records[0]?.recordedAt).toBe(
      '2024-07-01T10:00:00.000000000Z',
    );
    expect((await parse(doc, { timezone: 'America/New_York' })).records[0]?.recordedAt).toBe(
      '2024-07-01T16:00:00.000000000Z',
    );
    expect((await parse(doc, { timezone: '+05:30' })).records[0]?.recordedAt).toBe(
      '2024-07-01T06:30:00.000000000Z',
    );
    // winter: Berlin is +01:00
    const winter = file(
      reqif({ objects: object('A', 'x', { change: ' LAST-CHANGE="2024-01-15T12:00:00.5"' }) }),
    );
    expect((await parse(winter, { timezone: 'Europe/Berlin' })).records[0]?.recordedAt).toBe(
      '2024-01-15T11:00:00.500000000Z',
    );
  });

  test('R5: a SPEC-OBJECT holding more text than a record may is refused', async () => {
    const p = await parse(
      file(reqif({ objects: object('A', 'y'.repeat(5000)) + object('B', 'short') })),
      {
        maxRecordChars: 4000,
      },
    );
    expect(p.data.map((d) => d.id)).toEqual(['B']);
    expect(rule(p.refusals[0]?.reason)).toBe('R5');
    expect(p.refusals[0]?.field).toMatch(/SPEC-OBJECT VALUES$/);
  });

  test('R6: a hierarchy node whose object is missing is refused; its children name it as parent (a placeholder)', async () => {
    const p = await parse(
      file(
        reqif({
          objects: object('A', 'a') + object('C', 'c'),
          specifications: specification('S', [['A', [['GONE', [['C', []]]]]]]),
        }),
      ),
    );
    const c = p.data.find((d) => d.id === 'C');
    expect(c?.parentId).toBe('GONE');
    expect(c?.level).toBe('3');
    expect(p.refusals).toHaveLength(1);
    expect(rule(p.refusals[0]?.reason)).toBe('R6');
    expect(p.refusals[0]?.reason).toContain('SPEC-OBJECT GONE, which is not in the file');
    expect(p.refusals[0]?.reason).toContain('under A');
    expect(p.refusals[0]?.field).toBe('SPEC-HIERARCHY[@IDENTIFIER="S-h2"] OBJECT/SPEC-OBJECT-REF');
    expect(p.sequence).toBe('RRX');
  });

  test('R7: a relation from a missing object is refused; one to a missing object is a link (placeholder target)', async () => {
    const p = await parse(
      file(
        reqif({
          objects: object('A', 'a'),
          relations: relation('L1', 'GONE', 'A') + relation('L2', 'A', 'ELSEWHERE'),
        }),
      ),
    );
    expect(p.data[0]?.links).toEqual([{ id: 'L2', targetId: 'ELSEWHERE', type: 'satisfies' }]);
    expect(p.refusals).toHaveLength(1);
    expect(rule(p.refusals[0]?.reason)).toBe('R7');
    expect(p.refusals[0]?.reason).toContain('SPEC-RELATION L1 starts at SPEC-OBJECT GONE');
    expect(p.refusals[0]?.field).toBe('SPEC-RELATION[@IDENTIFIER="L1"] SOURCE/SPEC-OBJECT-REF');
  });

  test('R8: relations without identifier, source or target are refused', async () => {
    const p = await parse(
      file(
        reqif({
          objects: object('A', 'a') + object('B', 'b'),
          relations:
            relation(undefined, 'A', 'B') +
            relation('L2', undefined, 'B') +
            relation('L3', 'A', undefined) +
            relation('L4', 'A', 'B'),
        }),
      ),
    );
    expect(p.data[0]?.links?.map((l) => l.id)).toEqual(['L4']);
    expect(p.refusals.map((r) => rule(r.reason))).toEqual(['R8', 'R8', 'R8']);
    expect(p.refusals.map((r) => r.field?.split(' ').at(-1))).toEqual([
      '@IDENTIFIER',
      'SOURCE',
      'TARGET',
    ]);
  });

  test('R9: the canonical rules apply: an over-long IDENTIFIER, a LAST-CHANGE that is no time', async () => {
    const long = 'x'.repeat(600);
    const p = await parse(
      file(
        reqif({
          objects:
            object(long, 'a') +
            object('B', 'b', { change: ' LAST-CHANGE="yesterday"' }) +
            object('C', 'c'),
        }),
      ),
    );
    expect(p.data.map((d) => d.id)).toEqual(['C']);
    expect(p.refusals[0]?.field).toMatch(/SPEC-OBJECT @IDENTIFIER$/);
    expect(p.refusals[0]?.reason).toContain('at most 512 bytes');
    expect(p.refusals[1]?.field).toMatch(/SPEC-OBJECT\[2\] @LAST-CHANGE$/);
    expect(p.refusals[1]?.reason).toContain('ISO-8601');
  });

  test('R10: a DOCTYPE (billion laughs, external entities) is refused before anything is expanded', async () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<REQ-IF xmlns="${NS}"><THE-HEADER/></REQ-IF>`;
    const p = await parse(file(laughs));
    expect(p.records).toHaveLength(0);
    expect(p.refusals).toHaveLength(1);
    expect(p.refusals[0]?.reason).toContain('a DOCTYPE is refused');
    const xxe = `<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<REQ-IF xmlns="${NS}"><CORE-CONTENT><REQ-IF-CONTENT><SPEC-OBJECTS><SPEC-OBJECT IDENTIFIER="A" LAST-CHANGE="2024-01-01T00:00:00Z" LONG-NAME="&xxe;"/></SPEC-OBJECTS></REQ-IF-CONTENT></CORE-CONTENT></REQ-IF>`;
    const q = await parse(file(xxe));
    expect(q.records).toHaveLength(0);
    expect(q.refusals[0]?.reason).toContain('DOCTYPE');
  });

  test('R10: malformed XML ends the document; the records before it stand', async () => {
    const doc = reqif({
      objects:
        object('A', 'a') + object('B', 'b') + '<SPEC-OBJECT IDENTIFIER="C"><oops></SPEC-OBJECT>',
    });
    const p = await parse(file(doc));
    expect(p.data.map((d) => d.id)).toEqual(['A', 'B']);
    expect(p.refusals).toHaveLength(1);
    expect(p.refusals[0]?.reason).toContain('not well-formed XML');
    expect(p.sequence).toBe('RRX');
  });

  test('R11: one attribute value past the bound ends the document with its own reason', async () => {
    const doc = reqif({
      objects:
        object('A', 'a') +
        `<SPEC-OBJECT IDENTIFIER="B" LONG-NAME="${'z'.repeat(300_000)}"/>` +
        object('C', 'c'),
    });
    const p = await parse(file(doc), { maxRunBytes: 100_000 });
    expect(p.data.map((d) => d.id)).toEqual(['A']);
    expect(p.refusals).toHaveLength(1);
    expect(p.refusals[0]?.reason).toContain('more than 100000 bytes without markup');
  });
});

describe('ReqIF mapping details', () => {
  test('M2: id=foreign-id uses a visible id only where it is unique; parents and targets follow', async () => {
    const p = await parse(
      file(
        reqif({
          objects:
            object('A', 'a', { fid: 'REQ-1' }) +
            object('B', 'b', { fid: 'DUP' }) +
            object('C', 'c', { fid: 'DUP' }) +
            object('D', 'd'),
          relations: relation('L', 'B', 'A'),
          specifications: specification('S', [
            [
              'A',
              [
                ['B', []],
                ['C', []],
                ['D', []],
              ],
            ],
          ]),
        }),
      ),
      { id: 'foreign-id' },
    );
    expect(p.data.map((d) => d.id)).toEqual(['REQ-1', 'B', 'C', 'D']);
    expect(p.data.slice(1).every((d) => d.parentId === 'REQ-1')).toBe(true);
    expect(p.data[1]?.links).toEqual([{ id: 'L', targetId: 'REQ-1', type: 'satisfies' }]);
    expect(p.data.map((d) => d.reqifIdentifier)).toEqual(['A', 'B', 'C', 'D']);
  });

  test('M6: XHTML → readable plain text; M7: enums as labels, defaults applied, an object placed twice', async () => {
    const types = `
      <SPEC-OBJECT-TYPE IDENTIFIER="t2" LONG-NAME="Heading">
        <SPEC-ATTRIBUTES>
          <ATTRIBUTE-DEFINITION-XHTML IDENTIFIER="b-text" LONG-NAME="Object Text"/>
          <ATTRIBUTE-DEFINITION-XHTML IDENTIFIER="b-head" LONG-NAME="Object Heading"/>
          <ATTRIBUTE-DEFINITION-ENUMERATION IDENTIFIER="b-enum" LONG-NAME="Status" MULTI-VALUED="true"/>
          <ATTRIBUTE-DEFINITION-STRING IDENTIFIER="b-owner" LONG-NAME="Owner"><DEFAULT-VALUE><ATTRIBUTE-VALUE-STRING THE-VALUE="nobody"/></DEFAULT-VALUE></ATTRIBUTE-DEFINITION-STRING>
        </SPEC-ATTRIBUTES>
      </SPEC-OBJECT-TYPE>`;
    const enums = `<DATATYPE-DEFINITION-ENUMERATION IDENTIFIER="e"><SPECIFIED-VALUES><ENUM-VALUE IDENTIFIER="e1" LONG-NAME="Draft"/><ENUM-VALUE IDENTIFIER="e2" LONG-NAME="Safety"/></SPECIFIED-VALUES></DATATYPE-DEFINITION-ENUMERATION>`;
    const obj = `<SPEC-OBJECT IDENTIFIER="H" LAST-CHANGE="2024-01-01T00:00:00Z"><TYPE><SPEC-OBJECT-TYPE-REF>t2</SPEC-OBJECT-TYPE-REF></TYPE><VALUES>
      <ATTRIBUTE-VALUE-XHTML><DEFINITION><ATTRIBUTE-DEFINITION-XHTML-REF>b-head</ATTRIBUTE-DEFINITION-XHTML-REF></DEFINITION><THE-VALUE><xhtml:div>  1.2   Scope </xhtml:div></THE-VALUE></ATTRIBUTE-VALUE-XHTML>
      <ATTRIBUTE-VALUE-XHTML><DEFINITION><ATTRIBUTE-DEFINITION-XHTML-REF>b-text</ATTRIBUTE-DEFINITION-XHTML-REF></DEFINITION><THE-VALUE><div xmlns="http://www.w3.org/1999/xhtml"><p>First <b>bold</b> line</p><p>Second<br/>third &amp; &lt;fourth&gt;</p><ul><li>one</li><li>two</li></ul></div></THE-VALUE></ATTRIBUTE-VALUE-XHTML>
      <ATTRIBUTE-VALUE-ENUMERATION><DEFINITION><ATTRIBUTE-DEFINITION-ENUMERATION-REF>b-enum</ATTRIBUTE-DEFINITION-ENUMERATION-REF></DEFINITION><VALUES><ENUM-VALUE-REF>e1</ENUM-VALUE-REF><ENUM-VALUE-REF>e2</ENUM-VALUE-REF></VALUES></ATTRIBUTE-VALUE-ENUMERATION>
    </VALUES></SPEC-OBJECT>`;
    const doc = reqif({
      types,
      objects: obj + object('P', 'parent'),
      specifications: specification('S1', [['P', [['H', []]]]]) + specification('S2', [['H', []]]),
    }).replace('</DATATYPES>', `${enums}</DATATYPES>`);
    const p = await parse(file(doc));
    const h = p.data[0];
    expect(h?.title).toBe('1.2 Scope');
    expect(h?.text).toBe('First bold line\nSecond\nthird & <fourth>\none\ntwo');
    expect(h?.textXhtml).toBe(
      '<div><p>First <b>bold</b> line</p><p>Second<br/>third &amp; &lt;fourth&gt;</p><ul><li>one</li><li>two</li></ul></div>',
    );
    expect(h?.attributes).toEqual({ Status: ['Draft', 'Safety'], Owner: 'nobody' });
    expect(h?.type).toBe('Heading');
    expect(h?.parentId).toBe('P');
    expect(h?.specification).toBe('Spec S1');
    expect(h?.alsoUnder).toEqual(['Spec S2']);
    expect(p.records[0]?.original).toMatch(/^<SPEC-OBJECT IDENTIFIER="H"/);
  });

  test('REQ-IF-CONTENT in another order: relations and hierarchy before the objects', async () => {
    const doc = reqif({
      objects: object('A', 'a') + object('B', 'b'),
      relations: relation('L', 'B', 'A'),
      specifications: specification('S', [['A', [['B', []]]]]),
    });
    const objects = doc.slice(doc.indexOf('<SPEC-OBJECTS>'), doc.indexOf('</SPEC-OBJECTS>') + 15);
    const moved = doc
      .replace(objects, '')
      .replace('</SPECIFICATIONS>', `</SPECIFICATIONS>${objects}`);
    const p = await parse(file(moved));
    expect(p.refusals).toEqual([]);
    expect(p.data.map((d) => [d.id, d.parentId, d.links?.[0]?.targetId])).toEqual([
      ['A', undefined, undefined],
      ['B', 'A', 'A'],
    ]);
  });

  test('options are checked up front, every problem listed', async () => {
    expect(checkReqifOptions({ id: 'human', timezone: 'Mars/Olympus' })).toEqual([
      'id must be "identifier" or "foreign-id", not "human"',
      'timezone "Mars/Olympus" is neither an IANA time zone (Europe/Berlin) nor an offset (+01:00)',
    ]);
    expect(checkReqifOptions({ id: 'foreign-id', timezone: 'UTC' })).toEqual([]);
    const run = async () => {
      for await (const _ of parseReqif(file(reqif({})), { timezone: 'nowhere' })) void _;
    };
    await expect(run()).rejects.toThrow('ReqIF options: timezone "nowhere"');
  });

  test('looksLikeReqif: ReqIF documents and archives, not other XML or zips', () => {
    expect(looksLikeReqif(reqif({}).slice(0, 4096), 'x.xml')).toBe(true);
    expect(looksLikeReqif(`<?xml version="1.0"?>\n<reqif:REQ-IF xmlns:reqif="${NS}">`, 'a')).toBe(
      true,
    );
    expect(
      looksLikeReqif(
        '<?xml version="1.0"?><QIFDocument xmlns="http://qifstandards.org/xsd/qif3">',
        'a.qif',
      ),
    ).toBe(false);
    expect(looksLikeReqif('<REQ-IF>no namespace</REQ-IF>', 'a.reqif')).toBe(false);
    expect(looksLikeReqif('PK\u0003\u0004\u0014\u0000binary', 'export.reqifz')).toBe(true);
    expect(looksLikeReqif('PK\u0003\u0004\u0014\u0000....doc_0.reqif....', 'export.zip')).toBe(
      true,
    );
    expect(looksLikeReqif('PK\u0003\u0004\u0014\u0000....data.csv....', 'export.zip')).toBe(false);
    expect(looksLikeReqif('{"kind":"Requirement"}', 'a.jsonl')).toBe(false);
  });
});
