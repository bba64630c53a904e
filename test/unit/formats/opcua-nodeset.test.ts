/**
 * OPC UA NodeSet2 → Equipment: the samples in ../shared/samples/opcua yield what PROVENANCE.md and
 * opcua-nodeset.expected.ts work out (the Machinery example: one machine, its component refused;
 * every type nodeset: nothing), and a hand-written nodeset breaks each rule of
 * importers/opcua-nodeset/MAPPING.md (M1–M13, R1–R10).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CanonicalRecord, ParsedLine, Rejection } from '../../../src/domain/canonical';
import { displayKey } from '../../../src/domain/canonical';
import {
  checkOpcuaNodesetOptions,
  looksLikeOpcuaNodeset,
  parseOpcuaNodeset,
} from '../../../importers/opcua-nodeset';
import { looksLikeB2mml } from '../../../importers/b2mml';
import { looksLikeQif } from '../../../importers/qif';
import { looksLikeReqif } from '../../../importers/reqif';
import {
  EXAMPLE_FILE,
  EXAMPLE_MACHINE_ID,
  EXPECTED,
  TYPE_NODESETS,
} from './opcua-nodeset.expected';

const SAMPLES = join(__dirname, '../../../../shared/samples');
const present = existsSync(join(SAMPLES, 'opcua'));
if (!present)
  console.warn(`opcua-nodeset: ${SAMPLES}/opcua is absent: the sample tests are skipped`);

const dir = mkdtempSync(join(tmpdir(), 'tg-nodeset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(xml: string): string {
  const path = join(dir, `f${++n}.xml`);
  writeFileSync(path, xml);
  return path;
}

interface Yield {
  records: CanonicalRecord[];
  refused: Rejection[];
  all: ParsedLine[];
}

async function parse(path: string, options: Record<string, string> = {}): Promise<Yield> {
  const out: Yield = { records: [], refused: [], all: [] };
  for await (const p of parseOpcuaNodeset(path, options)) {
    out.all.push(p);
    if (p.ok) out.records.push(p.record);
    else out.refused.push(p.rejection);
  }
  return out;
}
const parseXml = (xml: string, options: Record<string, string> = {}) => parse(file(xml), options);

/** the record as sent: canonical fields and the ones kept beside them */
const sent = (r: CanonicalRecord) =>
  JSON.parse(r.raw) as {
    kind: string;
    source: string;
    site?: string;
    system?: string;
    recordedAt: string;
    data: Record<string, unknown>;
  };

// ---------------------------------------------------------------------------------------------
// a nodeset written by hand: a local namespace, Machinery and DI, in an order a test may change

const LOCAL = 'http://example.com/plant-a/';
const MACHINERY = 'http://opcfoundation.org/UA/Machinery/';
const DI = 'http://opcfoundation.org/UA/DI/';
const NODESET_NS = 'http://opcfoundation.org/UA/2011/03/UANodeSet.xsd';

const str = (t: string) => `<uax:String>${t}</uax:String>`;
const text = (t: string) =>
  `<uax:LocalizedText><uax:Locale>en</uax:Locale><uax:Text>${t}</uax:Text></uax:LocalizedText>`;
const u16 = (v: string | number) => `<uax:UInt16>${v}</uax:UInt16>`;
const byte = (v: string | number) => `<uax:Byte>${v}</uax:Byte>`;
const dateTime = (v: string) => `<uax:DateTime>${v}</uax:DateTime>`;

/** Where the Machinery example puts each property: Machinery's own, else DI's. */
const IN_MACHINERY = new Set([
  'YearOfConstruction',
  'MonthOfConstruction',
  'InitialOperationDate',
  'Location',
]);

interface Doc {
  readonly uris?: readonly string[];
  /** attributes of the root */
  readonly root?: string;
  readonly models?: string;
}

class Plant {
  private next = 6000;
  constructor(readonly uris: readonly string[] = [LOCAL, MACHINERY, DI]) {}

  /** the index of a namespace in this file */
  ns(uri: string): number {
    return this.uris.indexOf(uri) + 1;
  }

  get L() {
    return this.ns(LOCAL);
  }

  /** a local node's NodeId */
  id(i: number): string {
    return `ns=${this.L};i=${i}`;
  }

  doc(body: string, o: Doc = {}): string {
    return `<?xml version="1.0" encoding="utf-8"?>
<UANodeSet xmlns="${NODESET_NS}" xmlns:uax="http://opcfoundation.org/UA/2008/02/Types.xsd"${o.root ?? ''}>
  <NamespaceUris>${this.uris.map((u) => `<Uri>${u}</Uri>`).join('')}</NamespaceUris>
  ${o.models ?? `<Models><Model ModelUri="${LOCAL}" PublicationDate="2026-03-01T00:00:00Z" Version="1.0.0"/></Models>`}
  <Aliases>
    <Alias Alias="Organizes">i=35</Alias>
    <Alias Alias="HasModellingRule">i=37</Alias>
    <Alias Alias="HasTypeDefinition">i=40</Alias>
    <Alias Alias="HasProperty">i=46</Alias>
    <Alias Alias="HasComponent">i=47</Alias>
    <Alias Alias="HasAddIn">i=17604</Alias>
  </Aliases>
${body}
</UANodeSet>
`;
  }

  /** a property of an Identification, in DI's or Machinery's namespace (or the one given) */
  property(parent: string, name: string, value: string | null, ns?: string): string {
    const id = this.id(this.next++);
    const uri = ns ?? (IN_MACHINERY.has(name) ? MACHINERY : DI);
    return `  <UAVariable NodeId="${id}" BrowseName="${this.ns(uri)}:${name}" ParentNodeId="${parent}" DataType="String">
    <DisplayName>${name}</DisplayName>
    <References>
      <Reference ReferenceType="HasProperty" IsForward="false">${parent}</Reference>
      <Reference ReferenceType="HasTypeDefinition">i=68</Reference>
    </References>
${value === null ? '' : `    <Value>${value}</Value>\n`}  </UAVariable>
`;
  }

  /**
   * A machine instance (local i=`machine`) holding an Identification (i=`machine + 1`) with the
   * values given, by property name.
   */
  machine(o: {
    machine: number;
    values: Readonly<Record<string, string | null>>;
    browse?: string;
    display?: string | null;
    typeDefinition?: string;
    /** extra references of the machine */
    references?: string;
    /** attributes of the machine element */
    attrs?: string;
    identification?: { browse?: string; typeDefinition?: string; holder?: string };
    /** namespace of every property (default: where the Machinery example puts it) */
    propertyNs?: string;
  }): string {
    const m = this.id(o.machine);
    const i = this.id(o.machine + 1);
    const browse = o.browse ?? `Machine${o.machine}`;
    const ident = o.identification ?? {};
    const display = o.display === undefined ? browse : o.display;
    return `  <UAObject NodeId="${m}" BrowseName="${this.L}:${browse}"${o.attrs ?? ''}>
${display === null ? '' : `    <DisplayName>${display}</DisplayName>\n`}    <References>
      <Reference ReferenceType="HasTypeDefinition">${o.typeDefinition ?? `ns=${this.L};i=1002`}</Reference>
      <Reference ReferenceType="${ident.holder ?? 'HasAddIn'}">${i}</Reference>
${o.references ?? ''}    </References>
  </UAObject>
  <UAObject NodeId="${i}" BrowseName="${ident.browse ?? `${this.ns(DI)}:Identification`}" ParentNodeId="${m}">
    <DisplayName>Identification</DisplayName>
    <References>
      <Reference ReferenceType="HasTypeDefinition">${ident.typeDefinition ?? `ns=${this.ns(MACHINERY)};i=1012`}</Reference>
    </References>
  </UAObject>
${Object.entries(o.values)
  .map(([name, v]) => this.property(i, name, v, o.propertyNs))
  .join('')}`;
  }

  /** ExampleMachineType: an ObjectType whose Identification has a value (a type is not a machine) */
  type(): string {
    const t = this.id(1002);
    const i = this.id(5001);
    return `  <UAObjectType NodeId="${t}" BrowseName="${this.L}:ExampleMachineType">
    <DisplayName>ExampleMachineType</DisplayName>
    <References>
      <Reference ReferenceType="HasAddIn">${i}</Reference>
    </References>
  </UAObjectType>
  <UAObject NodeId="${i}" BrowseName="${this.ns(DI)}:Identification" ParentNodeId="${t}">
    <DisplayName>Identification</DisplayName>
    <References>
      <Reference ReferenceType="HasTypeDefinition">ns=${this.ns(MACHINERY)};i=1012</Reference>
      <Reference ReferenceType="HasModellingRule">i=78</Reference>
    </References>
  </UAObject>
${this.property(i, 'SerialNumber', str('TYPE-1'))}${this.property(i, 'ProductInstanceUri', str('urn:type'))}`;
  }
}

const ENGEL: Record<string, string> = {
  AssetId: str(''),
  ComponentName: '<uax:LocalizedText/>',
  DeviceClass: str('Injection Moulding Machine'),
  HardwareRevision: str('014/15120129-2018'),
  InitialOperationDate: dateTime('2020-06-01T00:00:00Z'),
  Manufacturer: text('ENGEL AUSTRIA GMBH'),
  ManufacturerUri: str('http://www.engelglobal.com'),
  Model: text('Viper 6'),
  MonthOfConstruction: byte(3),
  ProductCode: str('2377636'),
  ProductInstanceUri: str('http://www.engelglobal.com/Viper06/235223'),
  SerialNumber: str('235223'),
  SoftwareRevision: str('70.0.1'),
  YearOfConstruction: u16(2020),
};

const plant = new Plant();
const one = (
  values: Record<string, string | null>,
  extra: Partial<Parameters<Plant['machine']>[0]> = {},
) => plant.doc(plant.machine({ machine: 5003, values, ...extra }));

// ---------------------------------------------------------------------------------------------

(present ? describe : describe.skip)('the OPC UA samples', () => {
  test.each(EXPECTED.map((e) => [e.file, e] as const))(
    '%s yields its expected counts and keys',
    async (f, e) => {
      const y = await parse(join(SAMPLES, f), e.options);
      const counts: Record<string, number> = {};
      for (const r of y.records) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
      expect(counts).toEqual(e.records);
      expect(y.refused).toHaveLength(e.refused);
      const keys = y.records.map((r) => `${r.kind} ${displayKey(r.kind, r.data)}`);
      for (const k of e.keys ?? []) expect(keys).toContain(`${k.kind} ${k.key}`);
      // no Reading ever comes from a nodeset (M12)
      expect(y.records.filter((r) => r.kind === 'Reading')).toEqual([]);
    },
  );

  test('the Machinery example: ExampleMachine01 with its whole nameplate, as PROVENANCE.md says', async () => {
    const y = await parse(join(SAMPLES, EXAMPLE_FILE));
    const [machine] = y.records;
    expect(machine?.source).toBe('OT');
    // 2022-05-01: the PublicationDate of the model the file defines (M9)
    expect(machine?.recordedAt).toBe('2022-05-01T00:00:00.000000000Z');
    expect(machine?.data).toEqual({
      id: EXAMPLE_MACHINE_ID,
      name: 'ExampleMachine01',
      type: 'Injection Moulding Machine',
      manufacturer: 'ENGEL AUSTRIA GMBH',
      model: 'Viper 6',
      serialNumber: '235223',
      productInstanceUri: 'http://www.engelglobal.com/Viper06/235223',
      productCode: '2377636',
      hardwareRevision: '014/15120129-2018',
      softwareRevision: '70.0.1',
      yearOfConstruction: 2020,
      monthOfConstruction: 3,
      initialOperationDate: '2020-06-01T00:00:00.000000000Z',
    });
    const beside = sent(machine as CanonicalRecord).data;
    expect(beside).toMatchObject({
      deviceClass: 'Injection Moulding Machine',
      manufacturerUri: 'http://www.engelglobal.com',
      idFrom: 'productInstanceUri',
      nodeId: 'nsu=http://opcfoundation.org/UA/Machinery_Example/;i=5003',
      browseName: 'ExampleMachine01',
      typeDefinition: 'nsu=http://opcfoundation.org/UA/Machinery_Example/;i=1002',
    });
    // the empty AssetId and ComponentName are no values; the machine stands alone
    expect(beside).not.toHaveProperty('assetId');
    expect(beside).not.toHaveProperty('componentName');
    expect(beside).not.toHaveProperty('parentId');
    expect(machine?.original).toContain(
      '<UAObject ParentNodeId="ns=1;i=5003" NodeId="ns=1;i=5004"',
    );
    expect(machine?.original).toContain('<String>235223</String>');
  });

  test('the Machinery example: the instance component without values is refused, the type gives nothing', async () => {
    const y = await parse(join(SAMPLES, EXAMPLE_FILE));
    expect(y.refused).toEqual([
      expect.objectContaining({
        line: 434,
        field: '/UANodeSet/UAObject[12] Identification',
        reason:
          'Equipment: MyComponent (ns=1;i=5015) has an Identification (ns=1;i=5016) but no identity: ' +
          'AssetId and ProductInstanceUri are empty, and there is no SerialNumber',
      }),
    ]);
  });

  test('the Machinery example read with each id choice (M1)', async () => {
    const bySerial = await parse(join(SAMPLES, EXAMPLE_FILE), { idFrom: 'serialNumber' });
    expect(bySerial.records.map((r) => r.data.id)).toEqual(['ENGEL AUSTRIA GMBH/235223']);
    const byAsset = await parse(join(SAMPLES, EXAMPLE_FILE), { idFrom: 'assetId' });
    expect(byAsset.records).toEqual([]);
    expect(byAsset.refused.map((r) => r.reason)).toEqual([
      expect.stringContaining('MyComponent (ns=1;i=5015)'),
      'Equipment: ExampleMachine01 (ns=1;i=5003) has an Identification (ns=1;i=5004) but no AssetId value, and the import takes ids from assetId (option idFrom)',
    ]);
  });

  test('the same file gives the same sequence twice (resume replays it)', async () => {
    const a = await parse(join(SAMPLES, EXAMPLE_FILE));
    const b = await parse(join(SAMPLES, EXAMPLE_FILE));
    expect(b.all).toEqual(a.all);
  });

  test('every sample is told apart by its first bytes, and no other format claims it', () => {
    for (const f of [EXAMPLE_FILE, ...TYPE_NODESETS.map((t) => `opcua/type-nodesets/${t}`)]) {
      const head = readFileSync(join(SAMPLES, f)).subarray(0, 4096).toString('utf8');
      const name = f.toLowerCase();
      expect({ f, nodeset: looksLikeOpcuaNodeset(head, name) }).toEqual({ f, nodeset: true });
      expect([
        looksLikeB2mml(head, name),
        looksLikeQif(head, name),
        looksLikeReqif(head, name),
      ]).toEqual([false, false, false]);
    }
  });
});

describe('format detection', () => {
  test('a UANodeSet root in the NodeSet namespace, with or without a prefix; not the schema, not other XML', () => {
    expect(looksLikeOpcuaNodeset(plant.doc(''), 'x.xml')).toBe(true);
    expect(
      looksLikeOpcuaNodeset(
        `<?xml version="1.0"?>\n<n:UANodeSet xmlns:n="${NODESET_NS}"/>`,
        'x.xml',
      ),
    ).toBe(true);
    expect(looksLikeOpcuaNodeset(`<UANodeSet xmlns="urn:other"/>`, 'x.xml')).toBe(false);
    expect(
      looksLikeOpcuaNodeset(
        `<xs:schema targetNamespace="${NODESET_NS}"><xs:element name="UANodeSet"/></xs:schema>`,
        'UANodeSet.xsd',
      ),
    ).toBe(false);
    expect(
      looksLikeOpcuaNodeset('<SyncEquipment xmlns="http://www.mesa.org/xml/B2MML"/>', 'x.xml'),
    ).toBe(false);
  });
});

describe('M1: the id', () => {
  test('without the option: AssetId, else ProductInstanceUri, else Manufacturer/SerialNumber', async () => {
    const withAsset = await parseXml(one({ ...ENGEL, AssetId: str('IMM-07') }));
    expect(withAsset.records.map((r) => [r.data.id, sent(r).data.idFrom])).toEqual([
      ['IMM-07', 'assetId'],
    ]);
    const withUri = await parseXml(one(ENGEL));
    expect(withUri.records.map((r) => [r.data.id, sent(r).data.idFrom])).toEqual([
      ['http://www.engelglobal.com/Viper06/235223', 'productInstanceUri'],
    ]);
    const serialOnly = await parseXml(one({ ...ENGEL, ProductInstanceUri: null }));
    expect(serialOnly.records.map((r) => [r.data.id, sent(r).data.idFrom])).toEqual([
      ['ENGEL AUSTRIA GMBH/235223', 'serialNumber'],
    ]);
  });

  test('the option takes the one property named, even when another comes first by default', async () => {
    const y = await parseXml(one({ ...ENGEL, AssetId: str('IMM-07') }), {
      idFrom: 'serialNumber',
    });
    expect(y.records.map((r) => r.data.id)).toEqual(['ENGEL AUSTRIA GMBH/235223']);
    // the other identification values are still kept
    expect(y.records[0]?.data.assetId).toBe('IMM-07');
    const uri = await parseXml(one({ ...ENGEL, AssetId: str('IMM-07') }), {
      idFrom: 'productInstanceUri',
    });
    expect(uri.records.map((r) => r.data.id)).toEqual([
      'http://www.engelglobal.com/Viper06/235223',
    ]);
  });
});

describe('M2: what is a machine', () => {
  test("a type's Identification (on an ObjectType, with a ModellingRule) gives nothing and is not reported", async () => {
    const y = await parseXml(plant.doc(plant.type()));
    expect(y.all).toEqual([]);
  });

  test('an instance declaration inside a type, and anything below it, is not a machine', async () => {
    const p = new Plant();
    // a component declared in the type (ParentNodeId the type, a ModellingRule) with its own nameplate
    const body = p
      .machine({
        machine: 5013,
        values: ENGEL,
        attrs: ` ParentNodeId="${p.id(1002)}"`,
        references: `      <Reference ReferenceType="HasModellingRule">i=78</Reference>\n`,
      })
      .concat(
        `  <UAObjectType NodeId="${p.id(1002)}" BrowseName="${p.L}:T"><DisplayName>T</DisplayName>` +
          `<References><Reference ReferenceType="HasComponent">${p.id(5013)}</Reference></References></UAObjectType>\n`,
      );
    expect((await parseXml(p.doc(body))).all).toEqual([]);
    // the same component without its ModellingRule, only below the type by its ParentNodeId
    const below = p.machine({
      machine: 5013,
      values: ENGEL,
      attrs: ` ParentNodeId="${p.id(1002)}"`,
    });
    const typeDecl = `  <UAObjectType NodeId="${p.id(1002)}" BrowseName="${p.L}:T"><DisplayName>T</DisplayName></UAObjectType>\n`;
    expect((await parseXml(p.doc(typeDecl + below))).all).toEqual([]);
    // a ModellingRule alone (the type being in another file) makes it an instance declaration
    const declared = p.machine({
      machine: 5013,
      values: ENGEL,
      references: `      <Reference ReferenceType="HasModellingRule">i=80</Reference>\n`,
    });
    expect((await parseXml(p.doc(declared))).all).toEqual([]);
  });

  test('Machinery references the Identification from the machine and its MachineryBuildingBlocks: the machine is the outer one', async () => {
    const p = new Plant();
    const blocks = p.id(5008);
    // the building blocks come first in the file, and hold the Identification too
    const body =
      `  <UAObject NodeId="${blocks}" BrowseName="${p.ns(MACHINERY)}:MachineryBuildingBlocks" ParentNodeId="${p.id(5003)}">
    <DisplayName>MachineryBuildingBlocks</DisplayName>
    <References>
      <Reference ReferenceType="HasAddIn">${p.id(5004)}</Reference>
      <Reference ReferenceType="HasTypeDefinition">i=61</Reference>
    </References>
  </UAObject>
` +
      p.machine({
        machine: 5003,
        values: ENGEL,
        references: `      <Reference ReferenceType="HasComponent">${blocks}</Reference>\n`,
      });
    const y = await parseXml(p.doc(body));
    expect(y.records.map((r) => [r.data.name, sent(r).data.nodeId])).toEqual([
      ['Machine5003', `nsu=${LOCAL};i=5003`],
    ]);
  });

  test('an Identification is known by its type too; an Object named Identification in a vendor namespace is not one', async () => {
    const p = new Plant();
    const byType = p.machine({
      machine: 5003,
      values: ENGEL,
      identification: {
        browse: `${p.L}:Identification`,
        typeDefinition: `ns=${p.ns(MACHINERY)};i=1005`,
      },
    });
    expect((await parseXml(p.doc(byType))).records).toHaveLength(1);
    const vendors = p.machine({
      machine: 5003,
      values: ENGEL,
      identification: { browse: `${p.L}:Identification`, typeDefinition: 'i=58' },
    });
    expect((await parseXml(p.doc(vendors))).all).toEqual([]);
  });

  test('an Identification held by nothing describes no machine', async () => {
    const p = new Plant();
    const orphan = `  <UAObject NodeId="${p.id(95)}" BrowseName="${p.ns(DI)}:Identification">
    <DisplayName>Identification</DisplayName>
    <References><Reference ReferenceType="HasTypeDefinition">ns=${p.ns(MACHINERY)};i=1012</Reference></References>
  </UAObject>
${p.property(p.id(95), 'SerialNumber', str('1'))}${p.property(p.id(95), 'Manufacturer', text('X'))}`;
    expect((await parseXml(p.doc(orphan))).all).toEqual([]);
  });

  test('a property of the right name in another namespace is not read', async () => {
    const y = await parseXml(
      plant.doc(
        plant.machine({
          machine: 5003,
          values: { Manufacturer: text('ACME'), SerialNumber: str('77') },
          propertyNs: LOCAL,
        }),
      ),
    );
    expect(y.records).toEqual([]);
    expect(y.refused.map((r) => r.reason)).toEqual([expect.stringContaining('no identity')]);
  });
});

describe('M3: the name', () => {
  test('ComponentName, else the DisplayName, else the BrowseName', async () => {
    const named = await parseXml(one({ ...ENGEL, ComponentName: text('Presse 7') }));
    expect(named.records[0]?.data.name).toBe('Presse 7');
    const display = await parseXml(one(ENGEL, { display: 'IMM hall 3' }));
    expect(display.records[0]?.data.name).toBe('IMM hall 3');
    const browse = await parseXml(one(ENGEL, { display: null, browse: 'Press07' }));
    expect(browse.records[0]?.data.name).toBe('Press07');
  });
});

describe('M4: the type', () => {
  test("DeviceClass; else the type definition's name where the file defines it; else its ExpandedNodeId; BaseObjectType: none", async () => {
    expect((await parseXml(one(ENGEL))).records[0]?.data.type).toBe('Injection Moulding Machine');
    const noClass = { ...ENGEL, DeviceClass: null };
    const defined = await parseXml(
      plant.doc(plant.type() + plant.machine({ machine: 5003, values: noClass })),
    );
    expect(defined.records[0]?.data.type).toBe('ExampleMachineType');
    const elsewhere = await parseXml(
      one(noClass, { typeDefinition: `ns=${plant.ns(MACHINERY)};i=1011` }),
    );
    expect(elsewhere.records[0]?.data.type).toBe(`nsu=${MACHINERY};i=1011`);
    const base = await parseXml(one(noClass, { typeDefinition: 'i=58' }));
    expect(base.records[0]?.data).not.toHaveProperty('type');
  });
});

describe('M5: site and system', () => {
  test('from the options, on the record and its envelope; none without them', async () => {
    const y = await parseXml(one(ENGEL), { site: 'PLANT-A', system: 'engel-cc300' });
    const r = y.records[0] as CanonicalRecord;
    expect([r.data.site, r.site, r.system]).toEqual(['PLANT-A', 'PLANT-A', 'engel-cc300']);
    const bare = (await parseXml(one(ENGEL))).records[0] as CanonicalRecord;
    expect([bare.data.site, bare.site, bare.system]).toEqual([undefined, undefined, undefined]);
  });
});

describe('M6: source', () => {
  test('OT by default (a governance violation on import); MES by the option', async () => {
    expect((await parseXml(one(ENGEL))).records[0]?.source).toBe('OT');
    const mes = await parseXml(one(ENGEL), { equipmentSource: 'MES' });
    expect(mes.records[0]?.source).toBe('MES');
  });
});

describe('M7: nothing of the nameplate is lost', () => {
  test('the canonical fields typed; the rest beside them, a list as a list', async () => {
    const y = await parseXml(
      one({
        ...ENGEL,
        AssetId: str('IMM-07'),
        ComponentName: text('Presse 7'),
        DeviceRevision: str('B'),
        DeviceManual: str('https://example.com/manual.pdf'),
        Location: str('Hall 3 / Line 2'),
        RevisionCounter: '<uax:Int32>4</uax:Int32>',
        PatchIdentifiers:
          '<uax:ListOfString><uax:String>P1</uax:String><uax:String>P2</uax:String></uax:ListOfString>',
      }),
    );
    const r = y.records[0] as CanonicalRecord;
    expect(r.data).toMatchObject({
      assetId: 'IMM-07',
      yearOfConstruction: 2020,
      monthOfConstruction: 3,
      initialOperationDate: '2020-06-01T00:00:00.000000000Z',
    });
    expect(sent(r).data).toMatchObject({
      componentName: 'Presse 7',
      deviceClass: 'Injection Moulding Machine',
      manufacturerUri: 'http://www.engelglobal.com',
      deviceRevision: 'B',
      deviceManual: 'https://example.com/manual.pdf',
      location: 'Hall 3 / Line 2',
      revisionCounter: '4',
      patchIdentifiers: ['P1', 'P2'],
      typeDefinition: `nsu=${LOCAL};i=1002`,
    });
    // the Identification and its properties as received
    expect(r.original).toContain('<Text>Presse 7</Text>');
    expect(r.original).toContain('<ListOfString>');
  });
});

describe('M8: a component names its machine', () => {
  test('a component with an identity under a machine: its own Equipment, with parentId', async () => {
    const p = new Plant();
    const components = p.id(5006);
    const body =
      p.machine({
        machine: 5003,
        values: ENGEL,
        references: `      <Reference ReferenceType="HasAddIn">${components}</Reference>\n`,
      }) +
      `  <UAObject NodeId="${components}" BrowseName="${p.ns(MACHINERY)}:Components" ParentNodeId="${p.id(5003)}">
    <DisplayName>Components</DisplayName>
    <References><Reference ReferenceType="HasComponent">${p.id(5015)}</Reference></References>
  </UAObject>
` +
      p.machine({
        machine: 5015,
        browse: 'Robot',
        values: { Manufacturer: text('KUKA'), SerialNumber: str('R-99') },
        identification: { typeDefinition: `ns=${p.ns(MACHINERY)};i=1005` },
      });
    const y = await parseXml(p.doc(body));
    expect(y.records.map((r) => [r.data.id, sent(r).data.parentId])).toEqual([
      ['http://www.engelglobal.com/Viper06/235223', undefined],
      ['KUKA/R-99', 'http://www.engelglobal.com/Viper06/235223'],
    ]);
  });
});

describe('M9: recordedAt', () => {
  test('LastModified, else the model PublicationDate, else the file time', async () => {
    const last = await parseXml(
      plant.doc(plant.machine({ machine: 5003, values: ENGEL }), {
        root: ' LastModified="2026-04-02T10:00:00Z"',
      }),
    );
    expect(last.records[0]?.recordedAt).toBe('2026-04-02T10:00:00.000000000Z');
    const published = await parseXml(one(ENGEL));
    expect(published.records[0]?.recordedAt).toBe('2026-03-01T00:00:00.000000000Z');
    const path = file(plant.doc(plant.machine({ machine: 5003, values: ENGEL }), { models: '' }));
    utimesSync(path, new Date('2026-05-06T07:08:09Z'), new Date('2026-05-06T07:08:09Z'));
    expect((await parse(path)).records[0]?.recordedAt).toBe('2026-05-06T07:08:09.000000000Z');
  });
});

describe('M10: namespaces by URI, references from either end', () => {
  test('a file numbering its namespaces otherwise gives the same record', async () => {
    const a = new Plant([LOCAL, MACHINERY, DI]);
    const b = new Plant([DI, 'urn:unrelated', MACHINERY, LOCAL]);
    const ya = await parseXml(a.doc(a.machine({ machine: 5003, values: ENGEL })));
    const yb = await parseXml(b.doc(b.machine({ machine: 5003, values: ENGEL })));
    expect(yb.records.map((r) => sent(r).data)).toEqual(ya.records.map((r) => sent(r).data));
    expect(ya.records).toHaveLength(1);
  });

  test('an index the file does not declare is no known namespace', async () => {
    // the Identification's BrowseName prefix 9 names nothing, and its type is BaseObjectType
    const y = await parseXml(
      one(ENGEL, { identification: { browse: '9:Identification', typeDefinition: 'i=58' } }),
    );
    expect(y.all).toEqual([]);
  });

  test('references written only on their target, and as NodeIds instead of aliases', async () => {
    const p = new Plant();
    const m = p.id(5003);
    const i = p.id(5004);
    const body = `  <UAObject NodeId="${m}" BrowseName="${p.L}:Press">
    <DisplayName>Press</DisplayName>
  </UAObject>
  <UAObject NodeId="${i}" BrowseName="${p.ns(DI)}:Identification">
    <DisplayName>Identification</DisplayName>
    <References>
      <Reference ReferenceType="i=17604" IsForward="false">${m}</Reference>
    </References>
  </UAObject>
${p.property(i, 'ProductInstanceUri', str('urn:press:1'))}`;
    const y = await parseXml(p.doc(body));
    expect(y.records.map((r) => [r.data.id, r.data.name])).toEqual([['urn:press:1', 'Press']]);
  });
});

describe('M11: values', () => {
  test('texts exactly as written; empty ones are no value', async () => {
    const y = await parseXml(
      one({ ...ENGEL, SerialNumber: str(' 235 223 '), Model: text('  '), AssetId: str('   ') }),
      { idFrom: 'serialNumber' },
    );
    expect(y.records[0]?.data.id).toBe('ENGEL AUSTRIA GMBH/ 235 223 ');
    expect(y.records[0]?.data.serialNumber).toBe(' 235 223 ');
    expect(y.records[0]?.data).not.toHaveProperty('model');
    expect(y.records[0]?.data).not.toHaveProperty('assetId');
  });

  test("a DateTime without zone is UTC; OPC UA's no-date is no value", async () => {
    const naive = await parseXml(
      one({ ...ENGEL, InitialOperationDate: dateTime('2020-06-01T08:30:00') }),
    );
    expect(naive.records[0]?.data.initialOperationDate).toBe('2020-06-01T08:30:00.000000000Z');
    for (const none of ['0001-01-01T00:00:00Z', '1601-01-01T00:00:00Z']) {
      const y = await parseXml(one({ ...ENGEL, InitialOperationDate: dateTime(none) }));
      expect(y.records[0]?.data).not.toHaveProperty('initialOperationDate');
    }
  });
});

describe('M12: no Reading from a nodeset', () => {
  test('a variable with a value that looks like a reading gives no record', async () => {
    const p = new Plant();
    const temperature = `  <UAVariable NodeId="${p.id(7001)}" BrowseName="${p.L}:Temperature" ParentNodeId="${p.id(5003)}" DataType="Double">
    <DisplayName>Temperature</DisplayName>
    <References><Reference ReferenceType="HasComponent" IsForward="false">${p.id(5003)}</Reference></References>
    <Value><uax:Double>231.5</uax:Double></Value>
  </UAVariable>
`;
    const y = await parseXml(p.doc(p.machine({ machine: 5003, values: ENGEL }) + temperature));
    expect(y.records.map((r) => r.kind)).toEqual(['Equipment']);
    expect(y.refused).toEqual([]);
  });
});

describe('M13: a nodeset of types only', () => {
  test('yields nothing, and refuses nothing', async () => {
    expect((await parseXml(plant.doc(plant.type()))).all).toEqual([]);
    expect((await parseXml(plant.doc(''))).all).toEqual([]);
  });
});

describe('R1: not a NodeSet', () => {
  test.each([
    [
      '<?xml version="1.0"?><QIFDocument xmlns="http://qifstandards.org/xsd/qif3"/>',
      /the root is <QIFDocument>/,
    ],
    ['<UANodeSet xmlns="urn:not-opc"/>', /not <UANodeSet> in http:\/\/opcfoundation\.org/],
  ])('%s', async (xml, reason) => {
    const y = await parseXml(xml);
    expect(y.records).toEqual([]);
    expect(y.refused).toHaveLength(1);
    expect(y.refused[0]?.reason).toMatch(reason);
    expect(y.refused[0]?.reason).toMatch(/^not an OPC UA NodeSet/);
  });
});

describe('R2: XML that is not well-formed or hostile', () => {
  test('one refusal at the problem, and nothing from the file, not even the machine before it', async () => {
    const xml = one(ENGEL).replace('</UANodeSet>', '<UAObject NodeId="ns=1;i=9"></UANodeSet>');
    const y = await parseXml(xml);
    expect(y.records).toEqual([]);
    expect(y.refused).toHaveLength(1);
    expect(y.refused[0]?.reason).toMatch(/not well-formed XML.*nothing in the file is read/);
  });

  test('an empty file: one refusal', async () => {
    const y = await parseXml('');
    expect(y.all).toEqual([
      {
        ok: false,
        rejection: expect.objectContaining({
          line: 1,
          reason: expect.stringMatching(/root element/),
        }),
      },
    ]);
  });

  test('a DOCTYPE is refused outright', async () => {
    const xml = one(ENGEL).replace(
      '<UANodeSet',
      '<!DOCTYPE UANodeSet [<!ENTITY x "y">]>\n<UANodeSet',
    );
    const y = await parseXml(xml);
    expect(y.records).toEqual([]);
    expect(y.refused.map((r) => r.reason)).toEqual([expect.stringMatching(/a DOCTYPE is refused/)]);
  });
});

describe('R3: a machine without identity', () => {
  test('refused at its Identification, naming both NodeIds; the machine beside it still comes out', async () => {
    const p = new Plant();
    const body =
      p.machine({ machine: 5003, values: ENGEL }) +
      p.machine({
        machine: 5015,
        browse: 'MyComponent',
        values: { SerialNumber: str('9'), Manufacturer: null, AssetId: str('') },
      });
    const y = await parseXml(p.doc(body));
    expect(y.records.map((r) => r.data.id)).toEqual(['http://www.engelglobal.com/Viper06/235223']);
    expect(y.refused).toEqual([
      expect.objectContaining({
        field: expect.stringMatching(/^\/UANodeSet\/UAObject\[\d+\] Identification$/),
        reason:
          'Equipment: MyComponent (ns=1;i=5015) has an Identification (ns=1;i=5016) but no identity: ' +
          'AssetId and ProductInstanceUri are empty, and SerialNumber "9" has no Manufacturer to make it unique',
      }),
    ]);
  });
});

describe('R4: the id the option asks for is missing', () => {
  test('refused, never given an id of another kind', async () => {
    const y = await parseXml(one(ENGEL), { idFrom: 'assetId' });
    expect(y.records).toEqual([]);
    expect(y.refused).toEqual([
      expect.objectContaining({
        field: expect.stringMatching(/ AssetId$/),
        reason: expect.stringContaining(
          'but no AssetId value, and the import takes ids from assetId',
        ),
      }),
    ]);
    const serial = await parseXml(one({ ...ENGEL, Manufacturer: null }), {
      idFrom: 'serialNumber',
    });
    expect(serial.refused.map((r) => r.reason)).toEqual([
      expect.stringContaining('but no Manufacturer and SerialNumber values'),
    ]);
  });
});

describe('R5: a value that is not what its property holds', () => {
  test.each([
    [
      'YearOfConstruction',
      u16('20x0'),
      /YearOfConstruction \(ns=1;i=\d+, line \d+\): "20x0" is not a whole number from 0 to 65535/,
    ],
    [
      'MonthOfConstruction',
      byte(13),
      /MonthOfConstruction .*"13" is not a whole number from 1 to 12/,
    ],
    [
      'InitialOperationDate',
      dateTime('yesterday'),
      /InitialOperationDate .*"yesterday" is not a DateTime/,
    ],
    [
      'SerialNumber',
      '<uax:ListOfString><uax:String>1</uax:String></uax:ListOfString>',
      /SerialNumber .* holds a list of String, not one value/,
    ],
  ])('%s', async (property, value, reason) => {
    const p = new Plant();
    const body =
      p.machine({ machine: 5003, values: { ...ENGEL, [property]: value } }) +
      p.machine({ machine: 5103, values: { ...ENGEL, ProductInstanceUri: str('urn:other') } });
    const y = await parseXml(p.doc(body));
    expect(y.records.map((r) => r.data.id)).toEqual(['urn:other']);
    expect(y.refused).toHaveLength(1);
    expect(y.refused[0]?.reason).toMatch(reason);
    expect(y.refused[0]?.field).toMatch(new RegExp(` ${property}$`));
  });
});

describe('R6: a node that cannot be referenced', () => {
  test('a NodeId declared twice: the second refused at its line, the first read', async () => {
    const p = new Plant();
    const body =
      p.machine({ machine: 5003, values: ENGEL }) +
      `  <UAObject NodeId="${p.id(5003)}" BrowseName="${p.L}:Again"><DisplayName>Again</DisplayName></UAObject>\n` +
      `  <UAObject BrowseName="${p.L}:NoId"><DisplayName>NoId</DisplayName></UAObject>\n`;
    const y = await parseXml(p.doc(body));
    expect(y.records.map((r) => r.data.name)).toEqual(['Machine5003']);
    expect(y.refused.map((r) => [r.field, r.reason])).toEqual([
      [
        expect.stringMatching(/^\/UANodeSet\/UAObject\[\d+\] NodeId$/),
        expect.stringMatching(
          /^NodeId ns=1;i=5003 is declared twice \(line \d+ and here\): the first is read$/,
        ),
      ],
      [expect.stringMatching(/ NodeId$/), expect.stringContaining('without a NodeId')],
    ]);
  });
});

describe('R7: two machines, one id', () => {
  test('the second is refused, naming the first', async () => {
    const p = new Plant();
    const body =
      p.machine({ machine: 5003, values: ENGEL }) + p.machine({ machine: 5103, values: ENGEL });
    const y = await parseXml(p.doc(body));
    expect(y.records.map((r) => r.data.name)).toEqual(['Machine5003']);
    expect(y.refused.map((r) => r.reason)).toEqual([
      expect.stringMatching(
        /^Equipment: the id "http:\/\/www\.engelglobal\.com\/Viper06\/235223" is already that of Machine5003 \(ns=1;i=5003\) \(line \d+\)/,
      ),
    ]);
  });
});

describe('R8: the file time that is no DateTime', () => {
  test('LastModified or PublicationDate: one refusal, nothing read', async () => {
    const last = await parseXml(
      plant.doc(plant.machine({ machine: 5003, values: ENGEL }), { root: ' LastModified="soon"' }),
    );
    expect(last.records).toEqual([]);
    expect(last.refused.map((r) => [r.field, r.reason])).toEqual([
      ['/UANodeSet LastModified', expect.stringMatching(/^LastModified: "soon" is not a DateTime/)],
    ]);
    const published = await parseXml(
      plant.doc(plant.machine({ machine: 5003, values: ENGEL }), {
        models: `<Models><Model ModelUri="${LOCAL}" PublicationDate="2026-13-01"/></Models>`,
      }),
    );
    expect(published.records).toEqual([]);
    expect(published.refused.map((r) => r.field)).toEqual([
      '/UANodeSet/Models/Model PublicationDate',
    ]);
  });
});

describe('R9: what the canonical model refuses', () => {
  test('an id longer than 512 bytes, named by the property it came from', async () => {
    const y = await parseXml(one({ ...ENGEL, ProductInstanceUri: str(`urn:${'x'.repeat(600)}`) }));
    expect(y.records).toEqual([]);
    expect(y.refused).toEqual([
      expect.objectContaining({
        field: expect.stringMatching(/ ProductInstanceUri$/),
        reason: expect.stringMatching(/^Equipment: .*512 bytes/),
      }),
    ]);
  });
});

describe('R10: options', () => {
  test('every problem listed, nothing read', async () => {
    expect(
      checkOpcuaNodesetOptions({ idFrom: 'serial', equipmentSource: 'ERP', site: ' ' }),
    ).toEqual([
      'site is blank',
      'idFrom must be assetId, productInstanceUri, serialNumber, not "serial"',
      'equipmentSource must be OT or MES, not "ERP"',
    ]);
    await expect(parseXml(one(ENGEL), { idFrom: 'serial' })).rejects.toThrow(
      /^opcua-nodeset options: idFrom must be/,
    );
  });
});
