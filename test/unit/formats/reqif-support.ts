/**
 * Test support for the ReqIF importer: parse a file to records (with their data as received,
 * unknown fields included) and refusals, and write inline documents to a temporary folder.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CanonicalRecord, Rejection } from '../../../src/domain/canonical';
import { parseReqif } from '../../../importers/reqif';
import type { ReqifOptions } from '../../../importers/reqif';

export interface Link {
  readonly id: string;
  readonly targetId: string;
  readonly type?: string;
  readonly foreignId?: string;
}

/** The record's data as sent (canonical and kept fields). */
export interface ReqData {
  readonly id: string;
  readonly title?: string;
  readonly text?: string;
  readonly level?: string;
  readonly parentId?: string;
  readonly links?: Link[];
  readonly reqifIdentifier: string;
  readonly foreignId?: string;
  readonly type?: string;
  readonly specification?: string;
  readonly alsoUnder?: string[];
  readonly textXhtml?: string;
  readonly attributes?: Record<string, string | string[]>;
}

export interface Parsed {
  readonly records: CanonicalRecord[];
  readonly data: ReqData[];
  readonly refusals: Rejection[];
  /** in order: 'R' for a record, 'X' for a refusal */
  readonly sequence: string;
}

export async function parse(path: string, options?: ReqifOptions): Promise<Parsed> {
  const records: CanonicalRecord[] = [];
  const refusals: Rejection[] = [];
  let sequence = '';
  for await (const p of parseReqif(path, options)) {
    if (p.ok) records.push(p.record);
    else refusals.push(p.rejection);
    sequence += p.ok ? 'R' : 'X';
  }
  const data = records.map((r) => (JSON.parse(r.raw) as { data: ReqData }).data);
  return { records, data, refusals, sequence };
}

export function byId(parsed: Parsed): Map<string, ReqData> {
  return new Map(parsed.data.map((d) => [d.id, d]));
}

const dir = mkdtempSync(join(tmpdir(), 'tg-reqif-'));
let n = 0;

/** Writes text (or bytes) to a fresh file and returns its path. */
export function file(content: string | Buffer, name = 'doc.reqif'): string {
  n += 1;
  const path = join(dir, `${n}-${name}`);
  writeFileSync(path, content);
  return path;
}

export function tempPath(name: string): string {
  n += 1;
  return join(dir, `${n}-${name}`);
}

export const NS = 'http://www.omg.org/spec/ReqIF/20110401/reqif.xsd';

/** A ReqIF document around the given SPEC-OBJECTs, relations and specifications. */
export function reqif(parts: {
  objects?: string;
  relations?: string;
  specifications?: string;
  header?: string;
  types?: string;
}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<REQ-IF xmlns="${NS}" xmlns:xhtml="http://www.w3.org/1999/xhtml">
  <THE-HEADER>
    <REQ-IF-HEADER IDENTIFIER="h">${parts.header ?? '<CREATION-TIME>2024-01-01T00:00:00Z</CREATION-TIME><SOURCE-TOOL-ID>test tool</SOURCE-TOOL-ID>'}</REQ-IF-HEADER>
  </THE-HEADER>
  <CORE-CONTENT>
    <REQ-IF-CONTENT>
      <DATATYPES>
        <DATATYPE-DEFINITION-XHTML IDENTIFIER="dt-x" LONG-NAME="x"/>
        <DATATYPE-DEFINITION-STRING IDENTIFIER="dt-s" LONG-NAME="s" MAX-LENGTH="1000"/>
      </DATATYPES>
      <SPEC-TYPES>
        <SPEC-OBJECT-TYPE IDENTIFIER="t-req" LONG-NAME="Requirement">
          <SPEC-ATTRIBUTES>
            <ATTRIBUTE-DEFINITION-XHTML IDENTIFIER="a-text" LONG-NAME="ReqIF.Text"><TYPE><DATATYPE-DEFINITION-XHTML-REF>dt-x</DATATYPE-DEFINITION-XHTML-REF></TYPE></ATTRIBUTE-DEFINITION-XHTML>
            <ATTRIBUTE-DEFINITION-STRING IDENTIFIER="a-fid" LONG-NAME="ReqIF.ForeignID"><TYPE><DATATYPE-DEFINITION-STRING-REF>dt-s</DATATYPE-DEFINITION-STRING-REF></TYPE></ATTRIBUTE-DEFINITION-STRING>
          </SPEC-ATTRIBUTES>
        </SPEC-OBJECT-TYPE>
        <SPEC-RELATION-TYPE IDENTIFIER="t-rel" LONG-NAME="satisfies"/>
        ${parts.types ?? ''}
      </SPEC-TYPES>
      <SPEC-OBJECTS>${parts.objects ?? ''}</SPEC-OBJECTS>
      <SPEC-RELATIONS>${parts.relations ?? ''}</SPEC-RELATIONS>
      <SPECIFICATIONS>${parts.specifications ?? ''}</SPECIFICATIONS>
    </REQ-IF-CONTENT>
  </CORE-CONTENT>
</REQ-IF>
`;
}

/** A SPEC-OBJECT of type t-req with a text and, optionally, a foreign id. */
export function object(
  id: string,
  text: string,
  extra: { fid?: string; change?: string } = {},
): string {
  const change =
    extra.change === undefined ? ' LAST-CHANGE="2024-02-01T10:00:00+01:00"' : extra.change;
  const fid =
    extra.fid === undefined
      ? ''
      : `<ATTRIBUTE-VALUE-STRING THE-VALUE="${extra.fid}"><DEFINITION><ATTRIBUTE-DEFINITION-STRING-REF>a-fid</ATTRIBUTE-DEFINITION-STRING-REF></DEFINITION></ATTRIBUTE-VALUE-STRING>`;
  return `
        <SPEC-OBJECT${id === '' ? '' : ` IDENTIFIER="${id}"`}${change}>
          <VALUES>
            <ATTRIBUTE-VALUE-XHTML><DEFINITION><ATTRIBUTE-DEFINITION-XHTML-REF>a-text</ATTRIBUTE-DEFINITION-XHTML-REF></DEFINITION><THE-VALUE><xhtml:div>${text}</xhtml:div></THE-VALUE></ATTRIBUTE-VALUE-XHTML>
            ${fid}
          </VALUES>
          <TYPE><SPEC-OBJECT-TYPE-REF>t-req</SPEC-OBJECT-TYPE-REF></TYPE>
        </SPEC-OBJECT>`;
}

export function relation(id: string | undefined, source?: string, target?: string): string {
  return `
        <SPEC-RELATION${id === undefined ? '' : ` IDENTIFIER="${id}"`} LAST-CHANGE="2024-02-01T10:00:00Z">
          ${target === undefined ? '' : `<TARGET><SPEC-OBJECT-REF>${target}</SPEC-OBJECT-REF></TARGET>`}
          ${source === undefined ? '' : `<SOURCE><SPEC-OBJECT-REF>${source}</SPEC-OBJECT-REF></SOURCE>`}
          <TYPE><SPEC-RELATION-TYPE-REF>t-rel</SPEC-RELATION-TYPE-REF></TYPE>
        </SPEC-RELATION>`;
}

/** A SPECIFICATION with nested hierarchy: [object, children] pairs. */
export type Tree = readonly (readonly [string, Tree])[];

export function specification(id: string, tree: Tree): string {
  let k = 0;
  const nodes = (t: Tree): string =>
    t
      .map(([obj, kids]) => {
        k += 1;
        return `<SPEC-HIERARCHY IDENTIFIER="${id}-h${k}"><OBJECT><SPEC-OBJECT-REF>${obj}</SPEC-OBJECT-REF></OBJECT>${kids.length ? `<CHILDREN>${nodes(kids)}</CHILDREN>` : ''}</SPEC-HIERARCHY>`;
      })
      .join('');
  return `<SPECIFICATION IDENTIFIER="${id}" LONG-NAME="Spec ${id}"><CHILDREN>${nodes(tree)}</CHILDREN></SPECIFICATION>`;
}
