/**
 * ReqIF parse rate: a generated ReqIF 1.2 document as ReqIF Studio/DOORS write one — a
 * requirement type with ReqIF.ForeignID, ReqIF.ChapterName, ReqIF.Text (XHTML) and a status
 * enumeration; one chapter per 20 requirements; every third requirement the source of a
 * `satisfies` relation; the specification's hierarchy after the objects — parsed by parseReqif
 * alone (no Neo4j): both passes. `generate` streams, so a 1 GB file is possible.
 *
 * Run by `npm run bench:formats` (run.ts; `BENCH_FORMATS=reqif` for this one alone).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseReqif } from '../../../importers/reqif';
import type { Measured } from './measure';
import { measure } from './measure';

const PER_CHAPTER = 20;
const STATUSES = ['Draft', 'Reviewed', 'Approved'];

const id = (n: number) => `_obj-${n.toString(36).padStart(8, '0')}-bench`;

export async function generate(path: string, records: number): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`<?xml version="1.0" encoding="UTF-8"?>
<REQ-IF xmlns="http://www.omg.org/spec/ReqIF/20110401/reqif.xsd" xmlns:xhtml="http://www.w3.org/1999/xhtml">
  <THE-HEADER>
    <REQ-IF-HEADER IDENTIFIER="_bench-header">
      <CREATION-TIME>2026-01-10T08:00:00.000+01:00</CREATION-TIME>
      <REQ-IF-TOOL-ID>threadgraph bench</REQ-IF-TOOL-ID>
      <REQ-IF-VERSION>1.0</REQ-IF-VERSION>
      <SOURCE-TOOL-ID>Bench ALM</SOURCE-TOOL-ID>
      <TITLE>Generated specification</TITLE>
    </REQ-IF-HEADER>
  </THE-HEADER>
  <CORE-CONTENT>
    <REQ-IF-CONTENT>
      <DATATYPES>
        <DATATYPE-DEFINITION-STRING IDENTIFIER="_dt-string" LAST-CHANGE="2026-01-10T08:00:00+01:00" LONG-NAME="String" MAX-LENGTH="32000"/>
        <DATATYPE-DEFINITION-XHTML IDENTIFIER="_dt-xhtml" LAST-CHANGE="2026-01-10T08:00:00+01:00" LONG-NAME="XHTML"/>
        <DATATYPE-DEFINITION-ENUMERATION IDENTIFIER="_dt-status" LAST-CHANGE="2026-01-10T08:00:00+01:00" LONG-NAME="Status">
          <SPECIFIED-VALUES>
${STATUSES.map((s, i) => `            <ENUM-VALUE IDENTIFIER="_st-${i}" LAST-CHANGE="2026-01-10T08:00:00+01:00" LONG-NAME="${s}"><PROPERTIES><EMBEDDED-VALUE KEY="${i}" OTHER-CONTENT=""/></PROPERTIES></ENUM-VALUE>`).join('\n')}
          </SPECIFIED-VALUES>
        </DATATYPE-DEFINITION-ENUMERATION>
      </DATATYPES>
      <SPEC-TYPES>
        <SPEC-OBJECT-TYPE IDENTIFIER="_t-req" LAST-CHANGE="2026-01-10T08:00:00+01:00" LONG-NAME="Requirement Type">
          <SPEC-ATTRIBUTES>
            <ATTRIBUTE-DEFINITION-STRING IDENTIFIER="_a-fid" LAST-CHANGE="2026-01-10T08:00:00+01:00" LONG-NAME="ReqIF.ForeignID"><TYPE><DATATYPE-DEFINITION-STRING-REF>_dt-string</DATATYPE-DEFINITION-STRING-REF></TYPE></ATTRIBUTE-DEFINITION-STRING>
            <ATTRIBUTE-DEFINITION-XHTML IDENTIFIER="_a-chapter" LAST-CHANGE="2026-01-10T08:00:00+01:00" LONG-NAME="ReqIF.ChapterName"><TYPE><DATATYPE-DEFINITION-XHTML-REF>_dt-xhtml</DATATYPE-DEFINITION-XHTML-REF></TYPE></ATTRIBUTE-DEFINITION-XHTML>
            <ATTRIBUTE-DEFINITION-XHTML IDENTIFIER="_a-text" LAST-CHANGE="2026-01-10T08:00:00+01:00" LONG-NAME="ReqIF.Text"><TYPE><DATATYPE-DEFINITION-XHTML-REF>_dt-xhtml</DATATYPE-DEFINITION-XHTML-REF></TYPE></ATTRIBUTE-DEFINITION-XHTML>
            <ATTRIBUTE-DEFINITION-ENUMERATION IDENTIFIER="_a-status" LAST-CHANGE="2026-01-10T08:00:00+01:00" LONG-NAME="Status" MULTI-VALUED="false"><TYPE><DATATYPE-DEFINITION-ENUMERATION-REF>_dt-status</DATATYPE-DEFINITION-ENUMERATION-REF></TYPE></ATTRIBUTE-DEFINITION-ENUMERATION>
          </SPEC-ATTRIBUTES>
        </SPEC-OBJECT-TYPE>
        <SPECIFICATION-TYPE IDENTIFIER="_t-spec" LAST-CHANGE="2026-01-10T08:00:00+01:00" LONG-NAME="Specification Type"/>
        <SPEC-RELATION-TYPE IDENTIFIER="_t-sat" LAST-CHANGE="2026-01-10T08:00:00+01:00" LONG-NAME="satisfies"/>
      </SPEC-TYPES>
      <SPEC-OBJECTS>
`);
  const minute = (n: number) => {
    const m = n % (60 * 24 * 28);
    const d = String(1 + Math.floor(m / 1440)).padStart(2, '0');
    const h = String(Math.floor((m % 1440) / 60)).padStart(2, '0');
    return `2026-02-${d}T${h}:${String(m % 60).padStart(2, '0')}:00.000+01:00`;
  };
  for (let n = 0; n < records; n += 1) {
    const chapter = n % (PER_CHAPTER + 1) === 0;
    const value = chapter
      ? `<ATTRIBUTE-VALUE-XHTML><DEFINITION><ATTRIBUTE-DEFINITION-XHTML-REF>_a-chapter</ATTRIBUTE-DEFINITION-XHTML-REF></DEFINITION><THE-VALUE><xhtml:div>Chapter ${n}: pump assembly ${n % 97}</xhtml:div></THE-VALUE></ATTRIBUTE-VALUE-XHTML>`
      : `<ATTRIBUTE-VALUE-XHTML><DEFINITION><ATTRIBUTE-DEFINITION-XHTML-REF>_a-text</ATTRIBUTE-DEFINITION-XHTML-REF></DEFINITION><THE-VALUE><xhtml:div><xhtml:p>The pump housing of variant ${n % 97} shall withstand a test pressure of ${100 + (n % 50)} bar for <xhtml:b>10 minutes</xhtml:b> without leakage.</xhtml:p><xhtml:p>Verified by inspection plan IP-${n % 500}.</xhtml:p></xhtml:div></THE-VALUE></ATTRIBUTE-VALUE-XHTML>
            <ATTRIBUTE-VALUE-ENUMERATION><DEFINITION><ATTRIBUTE-DEFINITION-ENUMERATION-REF>_a-status</ATTRIBUTE-DEFINITION-ENUMERATION-REF></DEFINITION><VALUES><ENUM-VALUE-REF>_st-${n % 3}</ENUM-VALUE-REF></VALUES></ATTRIBUTE-VALUE-ENUMERATION>`;
    await write(`        <SPEC-OBJECT IDENTIFIER="${id(n)}" LAST-CHANGE="${minute(n)}">
          <VALUES>
            <ATTRIBUTE-VALUE-STRING THE-VALUE="REQ-${n + 1}"><DEFINITION><ATTRIBUTE-DEFINITION-STRING-REF>_a-fid</ATTRIBUTE-DEFINITION-STRING-REF></DEFINITION></ATTRIBUTE-VALUE-STRING>
            ${value}
          </VALUES>
          <TYPE><SPEC-OBJECT-TYPE-REF>_t-req</SPEC-OBJECT-TYPE-REF></TYPE>
        </SPEC-OBJECT>
`);
  }
  await write('      </SPEC-OBJECTS>\n      <SPEC-RELATIONS>\n');
  for (let n = 3; n < records; n += 3) {
    if (n % (PER_CHAPTER + 1) === 0) continue;
    await write(
      `        <SPEC-RELATION IDENTIFIER="_rel-${n}" LAST-CHANGE="${minute(n)}"><SOURCE><SPEC-OBJECT-REF>${id(n)}</SPEC-OBJECT-REF></SOURCE><TARGET><SPEC-OBJECT-REF>${id((n * 7) % records)}</SPEC-OBJECT-REF></TARGET><TYPE><SPEC-RELATION-TYPE-REF>_t-sat</SPEC-RELATION-TYPE-REF></TYPE></SPEC-RELATION>\n`,
    );
  }
  await write(`      </SPEC-RELATIONS>
      <SPECIFICATIONS>
        <SPECIFICATION IDENTIFIER="_spec" LAST-CHANGE="2026-01-10T08:00:00+01:00" LONG-NAME="Pump requirements">
          <TYPE><SPECIFICATION-TYPE-REF>_t-spec</SPECIFICATION-TYPE-REF></TYPE>
          <CHILDREN>
`);
  for (let n = 0; n < records; n += PER_CHAPTER + 1) {
    await write(
      `            <SPEC-HIERARCHY IDENTIFIER="_h-${n}" LAST-CHANGE="2026-01-10T08:00:00+01:00"><OBJECT><SPEC-OBJECT-REF>${id(n)}</SPEC-OBJECT-REF></OBJECT><CHILDREN>\n`,
    );
    for (let c = n + 1; c <= n + PER_CHAPTER && c < records; c += 1) {
      await write(
        `              <SPEC-HIERARCHY IDENTIFIER="_h-${c}" LAST-CHANGE="2026-01-10T08:00:00+01:00"><OBJECT><SPEC-OBJECT-REF>${id(c)}</SPEC-OBJECT-REF></OBJECT></SPEC-HIERARCHY>\n`,
      );
    }
    await write('            </CHILDREN></SPEC-HIERARCHY>\n');
  }
  await write(`          </CHILDREN>
        </SPECIFICATION>
      </SPECIFICATIONS>
    </REQ-IF-CONTENT>
  </CORE-CONTENT>
</REQ-IF>
`);
  out.end();
  await once(out, 'finish');
}

/** The parser alone over the file (`npm run bench:formats`, run.ts, drives it). */
export function bench(path: string): Promise<Measured> {
  return measure(parseReqif(path));
}
