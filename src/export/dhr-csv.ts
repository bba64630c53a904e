/**
 * A DHR as one CSV file (RFC 4180, CRLF), the same content as the PDF and the JSON. Every line
 * starts with two cells: the section id and what the line is, so a spreadsheet filter on the first
 * column shows one table and a script can read the file back:
 *
 *   dhr,field,serialNumber,SN-0047                 the header, one field a line (drawing.* flat),
 *   dhr,field,contentHash,3f…                      generatedAt and contentHash included
 *   gaps,columns,code,ref,message                  a section's column headings, then
 *   gaps,row,DRAWING_NOT_CURRENT,D-100/C,…         its rows, one a line, cells in column order
 *
 * Sections follow in the document's order; an empty section has its `columns` line and no rows.
 * Lines are padded with empty cells to one width, for readers that want a rectangle. Values are
 * written by csvRow, which neutralises cells a spreadsheet would run as formulas (a record's
 * `=HYPERLINK(…)` arrives as `'=HYPERLINK(…)`); booleans are true/false, null is empty.
 */
import { csvRow } from '../domain/csv';
import type { Dhr, DhrCell } from '../domain/dhr';

export function dhrCsv(dhr: Dhr): string {
  const { header } = dhr;
  const fields: [string, DhrCell][] = [
    ['format', dhr.format],
    ['serialNumber', header.serialNumber],
    ['partNumber', header.partNumber],
    ['site', header.site],
    ['status', header.status],
    ['workOrderId', header.workOrderId],
    ['builtToRevision', header.builtToRevision],
    ['buildStartedAt', header.buildStartedAt],
    ['drawing.number', header.drawing?.number ?? null],
    ['drawing.revision', header.drawing?.revision ?? null],
    ['drawing.current', header.drawing?.current ?? null],
    ['drawing.currentRevision', header.drawing?.currentRevision ?? null],
    ['drawing.at', header.drawing?.at ?? null],
    ['complete', header.complete],
    ['gapCount', header.gapCount],
    ['generatedAt', header.generatedAt],
    ['generator.name', header.generator.name],
    ['generator.version', header.generator.version],
    ['contentHash', dhr.contentHash],
  ];
  const width = 2 + Math.max(2, ...dhr.sections.map((s) => s.columns.length));
  const line = (cells: readonly DhrCell[]) =>
    csvRow([...cells, ...Array<DhrCell>(Math.max(0, width - cells.length)).fill(null)]);

  let out = '';
  for (const [name, value] of fields) out += line(['dhr', 'field', name, value]);
  for (const section of dhr.sections) {
    out += line([section.id, 'columns', ...section.columns]);
    for (const row of section.rows) out += line([section.id, 'row', ...row]);
  }
  return out;
}
