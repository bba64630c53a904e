/**
 * Every ReqIF sample in ../shared/samples/reqif yields what its PROVENANCE.md works out by hand:
 * the count of Requirement records, their keys, parents, levels, links, and the refusals with
 * their reasons. Skipped, with a note, where the samples folder is absent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { displayKey } from '../../../src/domain/canonical';
import { EXPECTED } from './reqif.expected';
import { byId, parse } from './reqif-support';
import type { ReqData } from './reqif-support';

const SAMPLES = join(__dirname, '../../../../shared/samples/reqif');
const present = existsSync(SAMPLES);
if (!present) console.warn(`ReqIF samples not found at ${SAMPLES}: sample tests skipped`);
const describeSamples = present ? describe : describe.skip;
const sample = (name: string) => join(SAMPLES, name);

const count = <T>(items: readonly T[], key: (t: T) => string | undefined) => {
  const out: Record<string, number> = {};
  for (const i of items) {
    const k = key(i) ?? '-';
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
};

describeSamples('ReqIF samples (PROVENANCE.md)', () => {
  test('fmStudio/ProR: 21 requirements, 2 specifications of depth 2, 9 realizes links', async () => {
    const p = await parse(sample('fmstudio-pror_traceability-template-v1.0.reqif'), {
      id: 'foreign-id',
    });
    expect(p.refusals).toEqual([]);
    expect(p.records).toHaveLength(21);
    const reqs = byId(p);
    expect([...reqs.keys()].sort()).toEqual(
      Array.from({ length: 21 }, (_, i) => `REQ-${i + 1}`).sort(),
    );
    const chapters = p.data.filter((d) => d.level === '1');
    expect(Object.fromEntries(chapters.map((d) => [d.id, d.title]))).toEqual({
      'REQ-1': 'Stakeholder Requirements',
      'REQ-7': 'Traceability Basics',
      'REQ-4': 'Change Management',
      'REQ-13': 'System Requirements',
      'REQ-17': 'Link Elements (for demonstration)',
    });
    expect(p.data.filter((d) => d.text !== undefined)).toHaveLength(16);
    const children = (id: string) =>
      p.data
        .filter((d) => d.parentId === id)
        .map((d) => d.id)
        .sort();
    expect(children('REQ-1')).toEqual(['REQ-2', 'REQ-21', 'REQ-6']);
    expect(children('REQ-7')).toEqual(['REQ-3', 'REQ-8', 'REQ-9']);
    expect(children('REQ-4')).toEqual(['REQ-10', 'REQ-11', 'REQ-12', 'REQ-5']);
    expect(children('REQ-13')).toEqual(['REQ-14', 'REQ-15', 'REQ-16']);
    expect(children('REQ-17')).toEqual(['REQ-18', 'REQ-19', 'REQ-20']);
    expect(count(p.data, (d) => d.level)).toEqual({ '1': 5, '2': 16 });
    // the second specification has no LONG-NAME: its IDENTIFIER names it
    expect(reqs.get('REQ-1')?.specification).toBe('Requirements Document');
    expect(reqs.get('REQ-13')?.specification).not.toBe('Requirements Document');
    const links = p.data.flatMap((d) =>
      (d.links ?? []).map((l) => `${d.id}->${l.targetId}:${l.type}`),
    );
    expect(links.sort()).toEqual(
      [
        'REQ-18->REQ-2',
        'REQ-18->REQ-6',
        'REQ-19->REQ-8',
        'REQ-19->REQ-3',
        'REQ-19->REQ-9',
        'REQ-20->REQ-10',
        'REQ-20->REQ-5',
        'REQ-20->REQ-12',
        'REQ-20->REQ-11',
      ]
        .map((l) => `${l}:realizes`)
        .sort(),
    );
    // link ids: the relations' ReqIF.ForeignID under id=foreign-id
    expect(reqs.get('REQ-18')?.links?.map((l) => l.id)).toEqual(['LNK-1', 'LNK-2']);
    expect(reqs.get('REQ-1')?.reqifIdentifier).toBe('_o7scQ6dbEeafNduaIhMwQg');
    expect(
      p.records.every(
        (r) => r.source === 'ALM' && r.system === 'fmStudio (http://formalmind.com/studio)',
      ),
    ).toBe(true);
    // the SPEC-OBJECTs' own LAST-CHANGE (PROVENANCE's 16:37:50.954 and 17:30:59.079 are the
    // file's types and a hierarchy node, not objects)
    const times = p.records.map((r) => r.recordedAt).sort();
    expect(times[0]).toBe('2016-11-10T15:39:20.832000000Z');
    expect(times.at(-1)).toBe('2016-11-10T16:26:25.333000000Z');
  });

  test('fmStudio/ProR with the default id: the IDENTIFIERs, the visible id kept', async () => {
    const p = await parse(sample('fmstudio-pror_traceability-template-v1.0.reqif'));
    const reqs = byId(p);
    expect(reqs.size).toBe(21);
    const req1 = reqs.get('_o7scQ6dbEeafNduaIhMwQg');
    expect(req1?.foreignId).toBe('REQ-1');
    const req21 = p.data.find((d) => d.foreignId === 'REQ-21');
    expect(req21?.parentId).toBe('_o7scQ6dbEeafNduaIhMwQg');
    expect(req21?.text).toBe('Download this template and more at reqif.academy');
    expect(req21?.textXhtml).toMatch(/^<div>.*reqif\.academy.*<\/div>$/);
  });

  test('Polarion: 101 requirements (58/42/1 by type), depth 5, non-unique ForeignID and a DATE "aaa" kept', async () => {
    const p = await parse(sample('polarion_anonymized-srs.reqif'));
    expect(p.refusals).toEqual([]);
    expect(p.records).toHaveLength(101);
    expect(byId(p).size).toBe(101);
    expect(p.data.every((d) => /^rmf-[0-9a-f-]{36}$/.test(d.id))).toBe(true);
    expect(count(p.data, (d) => d.type)).toEqual({
      'Software Requirement': 58,
      Heading: 42,
      Document: 1,
    });
    expect(count(p.data, (d) => d.level)).toEqual({ '1': 11, '2': 16, '3': 37, '4': 34, '5': 3 });
    expect(p.data.every((d) => d.foreignId === 'aaa')).toBe(true);
    expect(
      p.data.filter((d) => d.attributes?.['ReqIF.ForeignCreatedOn'] === 'aaa').length,
    ).toBeGreaterThan(0);
    const ids = byId(p);
    // every parent is one of the file's objects
    expect(
      p.data.filter((d) => d.parentId !== undefined).every((d) => ids.has(d.parentId ?? '')),
    ).toBe(true);
    expect(p.records.every((r) => r.system === 'Ppp')).toBe(true);
    expect(p.records[0]?.raw).toContain('-08:00');
  });

  test('Polarion with id=foreign-id: "aaa" is on every object, so every object keeps its IDENTIFIER', async () => {
    const p = await parse(sample('polarion_anonymized-srs.reqif'), { id: 'foreign-id' });
    expect(byId(p).size).toBe(101);
    expect(p.data.every((d) => d.id === d.reqifIdentifier)).toBe(true);
  });

  test('ReqIF Studio: 137 requirements, a hierarchy node to a missing object refused, 14 links of an undefined type', async () => {
    const p = await parse(sample('reqif-studio_anonymized.reqif'));
    expect(p.records).toHaveLength(137);
    expect(byId(p).size).toBe(137);
    expect(count(p.data, (d) => d.level)).toEqual({ '1': 10, '2': 65, '3': 54, '4': 8 });
    expect(p.refusals).toHaveLength(1);
    expect(p.refusals[0]?.reason).toContain(
      'SPEC-OBJECT _B9RbAGunEeuNUYnTveUm8Q, which is not in the file',
    );
    expect(p.refusals[0]?.reason).toContain('(R6)');
    expect(p.refusals[0]?.field).toContain('OBJECT/SPEC-OBJECT-REF');
    const links = p.data.flatMap((d) => d.links ?? []);
    expect(links).toHaveLength(14);
    expect(new Set(links.map((l) => l.type))).toEqual(new Set(['_gFhrYGojEeuExICsU7Acmg']));
    expect(
      p.data.every((d) => d.foreignId === '...Anonymized...' || d.foreignId === undefined),
    ).toBe(true);
    expect(p.sequence).toBe('R'.repeat(137) + 'X');
  });

  test('DOORS 9 .reqifz: naive times refused without a timezone (R4)', async () => {
    const p = await parse(sample('doors9_spielwiese.reqifz'));
    expect(p.records).toHaveLength(0);
    expect(p.refusals).toHaveLength(4);
    for (const r of p.refusals) {
      expect(r.reason).toContain('has no time zone');
      expect(r.field).toMatch(/^_Spielwiese\.reqif!\/REQ-IF\/.*SPEC-OBJECT.* @LAST-CHANGE$/);
    }
  });

  test('DOORS 9 .reqifz with timezone=Europe/Berlin: 4 requirements, attachments ignored', async () => {
    const p = await parse(sample('doors9_spielwiese.reqifz'), { timezone: 'Europe/Berlin' });
    expect(p.refusals).toEqual([]);
    const reqs = byId(p);
    expect([...reqs.keys()]).toEqual([
      '_1_fc134fe1-ce4d-4112-8c08-8e43bdd99026',
      '_2_b334e580-ef65-46d9-a845-f5f93fec1090',
      '_3_4d658f8f-bd06-4263-8ad7-1248fc0aef78',
      '_5_b23d3568-8478-401c-8ee3-3246da83641d',
    ]);
    expect(p.data.map((d) => d.foreignId)).toEqual(['1', '2', '3', '5']);
    expect(p.data.map((d) => d.title ?? d.text)).toEqual([
      'Überschrift 1',
      'Hier könnte ein Text stehen',
      'Hier steht ein weiterer Text',
      'OLE Object',
    ]);
    const [head, ...rest] = p.data;
    expect(head?.level).toBe('1');
    expect(rest.every((d) => d.parentId === head?.id && d.level === '2')).toBe(true);
    // 07:06:15 in Berlin in May (CEST, +02:00)
    expect(p.records.every((r) => r.recordedAt === '2021-05-11T05:06:15.000000000Z')).toBe(true);
    expect(p.data[3]?.textXhtml).toContain('<object type="text/rtf"');
    expect(p.records[0]?.system).toBe('IBM Rational DOORS');
  });

  test('Sparx EA 8: 3 requirements without parents; the dangling hierarchy and relation refused (R6, R7)', async () => {
    const p = await parse(sample('sparx-ea8_forest-fire-example.reqif'));
    const reqs = byId(p);
    expect([...reqs.keys()]).toEqual(['R001', 'R002', 'R003']);
    expect(p.data.map((d) => d.title)).toEqual([
      'Observe earths surface.',
      'Spotting fire',
      'Fast system',
    ]);
    expect(reqs.get('R003')?.text).toBe(
      'The time span between detection of a fire and alerting of control center shall be less than 3 sec.',
    );
    expect(reqs.get('R003')?.attributes).toEqual({ 'PERF-REQ-STATUS': 'Proposed' });
    expect(p.data.every((d) => d.parentId === undefined && d.level === undefined)).toBe(true);
    expect(p.records[0]?.system).toBe('microTool in-Step');
    expect(p.refusals.map((r) => r.reason.match(/\((R\d)\)$/)?.[1])).toEqual(['R7', 'R6', 'R6']);
    expect(p.refusals[0]?.reason).toContain('starts at SPEC-OBJECT FUNC-REQ-1');
    expect(p.refusals[0]?.reason).toContain('link to FUNC-REQ-2');
    expect(p.refusals[1]?.reason).toContain('SPEC-OBJECT FUNC-REQ-1,');
    expect(p.refusals[2]?.reason).toContain('SPEC-OBJECT FUNC-REQ-2,');
    expect(p.refusals[2]?.reason).toContain('under FUNC-REQ-1');
  });

  test('Eclipse RMF 2010 draft namespace: 2 requirements, depth 2 with OBJECT after CHILDREN, 1 link', async () => {
    const p = await parse(sample('eclipse-rmf_specRelationTest_reqif-20101201.reqif'));
    expect(p.refusals).toEqual([]);
    const [a, b] = p.data as [ReqData, ReqData];
    expect(p.data.map((d) => d.id)).toEqual([
      '2c84e85a-59d1-11da-8ef5-afdbd01c7a79',
      '2c84e85a-59d1-11da-8ef5-afdbd01c7a71',
    ]);
    expect(a.level).toBe('1');
    expect(b.parentId).toBe(a.id);
    expect(b.level).toBe('2');
    expect(a.links).toEqual([
      { id: '_RaVYU9aVEeCyV-qeruTLwA', targetId: b.id, type: 'SpecRelationType1' },
    ]);
    expect(b.text).toBe('Hugo');
    expect(b.attributes).toEqual({ Age: '10' });
    expect(p.records[1]?.recordedAt).toBe('2008-05-30T15:22:47.000000000Z');
    expect(p.records[0]?.system).toBe('Manually written');
  });

  test('Capella-style DOORS: 1 requirement, IE PUID as visible id, enum resolved to its label', async () => {
    const p = await parse(sample('doors_capella-requirements-vp.reqif'));
    expect(p.refusals).toEqual([]);
    expect(p.data).toHaveLength(1);
    const d = p.data[0];
    expect(d?.id).toBe('_xen_QMkhEee8KsfWrp9EJQ');
    expect(d?.title).toBe('Requirement-1');
    expect(d?.text).toBe('Requirement-1');
    expect(d?.foreignId).toBe('PUID-1');
    expect(d?.attributes).toEqual({ 'IE Object Type': 'Requirement' });
    expect(d?.level).toBe('1');
    expect(d?.specification).toBe('MODULE-1');
    expect(p.records[0]?.recordedAt).toBe('2017-11-14T13:44:26.000000000Z');
    const fid = await parse(sample('doors_capella-requirements-vp.reqif'), { id: 'foreign-id' });
    expect(fid.data[0]?.id).toBe('PUID-1');
  });

  test('IBM Engineering Requirements: 1 requirement, escaped brackets as text, 2 dangling hierarchy nodes refused', async () => {
    const p = await parse(sample('ibm-engineering-requirements_user-example.reqif'));
    expect(p.data).toHaveLength(1);
    expect(p.data[0]?.id).toBe('_f05294de-d4cf-455d-9307-c130376dfd44');
    expect(p.data[0]?.text).toBe('<A Header> Subtitle');
    expect(p.data[0]?.textXhtml).toBe('<div>&lt;A Header&gt; Subtitle</div>');
    expect(p.refusals).toHaveLength(2);
    expect(p.refusals[0]?.reason).toContain('_82602fb9-8243-4753-a395-2714b4082b4c');
    expect(p.refusals[1]?.reason).toContain('_2ce107e5-6bf2-4c45-b6b0-a097a4f279d2');
    expect(p.refusals.every((r) => r.reason.endsWith('(R6)'))).toBe(true);
  });

  test('Eclipse TC1700 .reqifz: 2 requirements, the relation in the second document links them', async () => {
    const p = await parse(sample('eclipse-rmf_TC1700_two-files.reqifz'));
    expect(p.refusals).toEqual([]);
    expect(p.data.map((d) => d.id)).toEqual(['ID_TC1700_SpecObject1', 'ID_TC1700_SpecObject2']);
    expect(p.data[0]?.links).toEqual([
      {
        id: 'ID_TC1700_SpecRelation',
        targetId: 'ID_TC1700_SpecObject2',
        type: 'TC 1700 SpecRelationType',
      },
    ]);
    expect(p.data.map((d) => d.text)).toEqual(['Requirement 1', 'Requirement 2']);
  });

  test('the same file gives the same sequence (an interrupted import resumes by skipping)', async () => {
    const a = await parse(sample('reqif-studio_anonymized.reqif'));
    const b = await parse(sample('reqif-studio_anonymized.reqif'));
    expect(b.records.map((r) => r.versionHash)).toEqual(a.records.map((r) => r.versionHash));
    expect(b.sequence).toBe(a.sequence);
  });
});

describeSamples('ReqIF expectations table (reqif.expected.ts)', () => {
  test.each(EXPECTED.map((e) => [e.file, e] as const))('%s', async (_, e) => {
    const p = await parse(join(SAMPLES, '..', e.file), e.options);
    expect(p.records).toHaveLength(e.records.Requirement ?? 0);
    expect(p.refusals).toHaveLength(e.refused);
    const keys = new Set(p.records.map((r) => `${r.kind}:${displayKey(r.kind, r.data)}`));
    for (const k of e.keys ?? []) expect(keys).toContain(`${k.kind}:${k.key}`);
  });
});
