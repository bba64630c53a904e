/**
 * A DHR as a printable PDF (pdfkit): A4 landscape, so that the wide tables (operations has 14
 * columns) stay readable. Page 1 opens with the header block (serial, part, built-to revision,
 * work order, drawing, generated at, generator, content hash) and the COMPLETE / INCOMPLETE
 * verdict; then every section in the document's order, gaps first, each a table whose cells wrap
 * and whose rows break across pages with the title and column headings repeated. Every page has a
 * footer with the serial, the start of the content hash and "page X of Y".
 *
 * Only pdfkit's standard fonts (Helvetica family) are used: nothing is loaded from the network or
 * the system, as plants run offline. Those fonts encode WinAnsi (Latin-1 and a few more) only, so
 * a character outside it is printed as "?" here; the CSV and the JSON carry every value as
 * received.
 */
import PDFDocument from 'pdfkit';
import type { Dhr, DhrCell, DhrSection } from '../domain/dhr';

type Doc = PDFKit.PDFDocument;

const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const ITALIC = 'Helvetica-Oblique';
const MARGIN = { top: 36, bottom: 44, left: 36, right: 36 };
const TABLE_SIZE = 7.5;
const PAD_X = 3;
const PAD_Y = 2.5;
const INK = '#111111';
const MUTED = '#555555';
const ALERT = '#b00020';
const RULE = '#bbbbbb';
/** columns printed in red: a "no" here, or anything in the gap columns, is a finding */
const ALERT_WHEN_FALSE = new Set(['current', 'structured']);
const ALERT_WHEN_SET = new Set(['gaps', 'code']);

/** Renders the PDF in memory (a DHR is tens of pages at most) and resolves with its bytes. */
export function renderDhrPdf(dhr: Dhr): Promise<Buffer> {
  const { header } = dhr;
  const verdict = verdictText(dhr);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margins: MARGIN,
    bufferPages: true,
    font: FONT,
    info: {
      Title: `Device history record ${header.serialNumber}`,
      Subject:
        `Device history record of serial ${header.serialNumber}, part ${header.partNumber}` +
        ` revision ${header.builtToRevision ?? '?'}: ${verdict}; content hash sha256 ${dhr.contentHash}`,
      Creator: `${header.generator.name} ${header.generator.version}`,
      Keywords: `DHR, ${header.serialNumber}, ${header.partNumber}`,
      CreationDate: new Date(header.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  drawHeader(doc, dhr);
  dhr.sections.forEach((section, i) => drawSection(doc, section, i + 1));
  drawFooters(doc, dhr);
  doc.end();
  return done;
}

function verdictText(dhr: Dhr): string {
  const n = dhr.header.gapCount;
  return dhr.header.complete ? 'COMPLETE, no gaps' : `INCOMPLETE, ${n} gap${n === 1 ? '' : 's'}`;
}

// --- the header block --------------------------------------------------------------------------

function drawHeader(doc: Doc, dhr: Dhr): void {
  const { header } = dhr;
  const left = MARGIN.left;
  const width = contentWidth(doc);
  let y = MARGIN.top;

  doc.font(BOLD).fontSize(18).fillColor(INK);
  doc.text('Device History Record', left, y, { lineBreak: false });
  y += 26;

  const drawing = header.drawing;
  const columns: [string, string][][] = [
    [
      ['Serial number', header.serialNumber],
      ['Part number', header.partNumber],
      ['Built-to revision', header.builtToRevision ?? '(not known)'],
      ['Work order', header.workOrderId ?? '(none)'],
      ['Site', header.site ?? '(none)'],
      ['Unit status', header.status ?? '(none)'],
    ],
    [
      [
        'Drawing',
        drawing === null
          ? '(none)'
          : `${drawing.number} revision ${drawing.revision}, ` +
            (drawing.current
              ? 'current'
              : `not current${drawing.currentRevision ? ` (revision ${drawing.currentRevision} was)` : ''}`) +
            (drawing.at ? ` at ${drawing.at}` : ''),
      ],
      ['Build started', header.buildStartedAt ?? '(no operation started)'],
      ['Generated at', header.generatedAt],
      ['Generator', `${header.generator.name} ${header.generator.version} (${dhr.format})`],
    ],
  ];
  const labelWidth = 100;
  const columnWidth = width / 2;
  const lineHeight = 12;
  let end = y;
  columns.forEach((pairs, c) => {
    const x = left + c * columnWidth;
    let rowY = y;
    for (const [label, value] of pairs) {
      doc.font(FONT).fontSize(9).fillColor(MUTED).text(label, x, rowY, { lineBreak: false });
      doc.font(BOLD).fontSize(9.5).fillColor(INK);
      const lines = wrap(doc, pdfText(value), columnWidth - labelWidth - 12);
      lines.forEach((line, k) => {
        doc.text(line, x + labelWidth, rowY + k * lineHeight, { lineBreak: false });
      });
      rowY += lines.length * lineHeight + 3;
    }
    end = Math.max(end, rowY);
  });
  y = end;
  // the hash on a line of its own, whole: people compare it by eye and tools find it in the text
  doc.font(FONT).fontSize(9).fillColor(MUTED);
  doc.text('Content hash (SHA-256)', left, y, { lineBreak: false });
  doc.font(BOLD).fontSize(9.5).fillColor(INK);
  doc.text(dhr.contentHash, left + labelWidth + 10, y, { lineBreak: false });
  y += lineHeight + 9;

  const bannerHeight = 24;
  const ok = header.complete;
  doc
    .rect(left, y, width, bannerHeight)
    .fillAndStroke(ok ? '#e3f4e6' : '#fde7e9', ok ? '#2e7d32' : ALERT);
  doc
    .font(BOLD)
    .fontSize(12)
    .fillColor(ok ? '#1b5e20' : ALERT)
    .text(
      ok
        ? 'COMPLETE: the evidence chain has no gaps'
        : `INCOMPLETE: ${header.gapCount} gap${header.gapCount === 1 ? '' : 's'} in the evidence chain (listed first)`,
      left + 8,
      y + 7,
      { lineBreak: false },
    );
  y += bannerHeight + 6;

  doc
    .font(FONT)
    .fontSize(7.5)
    .fillColor(MUTED)
    .text(
      'The content hash is the SHA-256 of the canonical JSON of this record without its ' +
        'generation time: the same evidence gives the same hash whenever the record is made. The ' +
        'CSV and JSON exports of this record carry the same content and hash.',
      left,
      y,
      { width },
    );
  doc.y = doc.y + 10;
}

// --- tables ------------------------------------------------------------------------------------

interface Layout {
  readonly widths: readonly number[];
  readonly lineHeight: number;
  readonly headingLines: readonly (readonly string[])[];
  readonly headingHeight: number;
}

function drawSection(doc: Doc, section: DhrSection, number: number): void {
  const layout = tableLayout(doc, section);
  const titleHeight = 20;
  const firstRowHeight = section.rows[0]
    ? rowLines(doc, section, section.rows[0], layout).height
    : layout.lineHeight + 2 * PAD_Y;
  // a title is never left alone at the foot of a page
  if (doc.y + titleHeight + layout.headingHeight + Math.min(firstRowHeight, 60) > bottom(doc)) {
    doc.addPage();
  }
  const title = `${number}. ${section.title} (${section.rows.length})`;
  let y = drawTitle(doc, title, doc.y);
  if (section.rows.length === 0) {
    doc.font(ITALIC).fontSize(9).fillColor(MUTED).text('(none)', MARGIN.left, y, {
      lineBreak: false,
    });
    doc.y = y + 24;
    return;
  }
  y = drawHeadings(doc, layout, y);
  section.rows.forEach((row, index) => {
    const { lines, height } = rowLines(doc, section, row, layout);
    if (y + height > bottom(doc) && height <= bottom(doc) - pageTop(layout)) {
      y = continueOnNewPage(doc, title, layout);
    }
    // a row taller than a page is split between pages, line by line
    let from = 0;
    const total = Math.max(...lines.map((l) => l.length));
    while (from < total) {
      let fit = Math.floor((bottom(doc) - y - 2 * PAD_Y) / layout.lineHeight);
      if (fit < 1) {
        y = continueOnNewPage(doc, title, layout);
        fit = Math.floor((bottom(doc) - y - 2 * PAD_Y) / layout.lineHeight);
      }
      const to = Math.min(total, from + fit);
      y = drawRow(doc, section, row, lines, layout, y, from, to, index % 2 === 1);
      from = to;
    }
  });
  doc.y = y + 14;
}

function drawTitle(doc: Doc, title: string, y: number): number {
  doc.font(BOLD).fontSize(12).fillColor(INK).text(pdfText(title), MARGIN.left, y, {
    lineBreak: false,
  });
  return y + 18;
}

function continueOnNewPage(doc: Doc, title: string, layout: Layout): number {
  doc.addPage();
  const y = drawTitle(doc, `${title}, continued`, MARGIN.top);
  return drawHeadings(doc, layout, y);
}

/** Where the first row of a continued table starts. */
function pageTop(layout: Layout): number {
  return MARGIN.top + 18 + layout.headingHeight;
}

function drawHeadings(doc: Doc, layout: Layout, y: number): number {
  const width = layout.widths.reduce((a, b) => a + b, 0);
  doc.rect(MARGIN.left, y, width, layout.headingHeight).fill('#e4e4e4');
  doc.font(BOLD).fontSize(TABLE_SIZE).fillColor(INK);
  let x = MARGIN.left;
  layout.headingLines.forEach((lines, i) => {
    lines.forEach((line, k) => {
      doc.text(line, x + PAD_X, y + PAD_Y + k * layout.lineHeight, { lineBreak: false });
    });
    x += layout.widths[i] ?? 0;
  });
  return y + layout.headingHeight;
}

function drawRow(
  doc: Doc,
  section: DhrSection,
  row: readonly DhrCell[],
  lines: readonly (readonly string[])[],
  layout: Layout,
  y: number,
  from: number,
  to: number,
  shaded: boolean,
): number {
  const width = layout.widths.reduce((a, b) => a + b, 0);
  const height = (to - from) * layout.lineHeight + 2 * PAD_Y;
  if (shaded) doc.rect(MARGIN.left, y, width, height).fill('#f5f5f5');
  doc
    .moveTo(MARGIN.left, y + height)
    .lineTo(MARGIN.left + width, y + height)
    .lineWidth(0.4)
    .strokeColor(RULE)
    .stroke();
  doc.font(FONT).fontSize(TABLE_SIZE);
  let x = MARGIN.left;
  lines.forEach((cellLines, i) => {
    const column = section.columns[i] ?? '';
    const value = row[i] ?? null;
    const alert =
      (value === false && ALERT_WHEN_FALSE.has(column)) ||
      (ALERT_WHEN_SET.has(column) && value !== '' && value !== null);
    doc.fillColor(alert ? ALERT : INK);
    const indent = indentOf(section, row, i);
    cellLines.slice(from, to).forEach((line, k) => {
      doc.text(line, x + PAD_X + indent, y + PAD_Y + k * layout.lineHeight, { lineBreak: false });
    });
    x += layout.widths[i] ?? 0;
  });
  return y + height;
}

/** Components read as a tree: the id indented by its depth. */
function indentOf(section: DhrSection, row: readonly DhrCell[], column: number): number {
  if (section.id !== 'components' || section.columns[column] !== 'id') return 0;
  const depth = row[section.columns.indexOf('depth')];
  return typeof depth === 'number' ? Math.min(depth - 1, 6) * 8 : 0;
}

function rowLines(doc: Doc, section: DhrSection, row: readonly DhrCell[], layout: Layout) {
  doc.font(FONT).fontSize(TABLE_SIZE);
  const lines = row.map((cell, i) =>
    wrap(doc, cellText(cell), (layout.widths[i] ?? 0) - 2 * PAD_X - indentOf(section, row, i)),
  );
  const height = Math.max(1, ...lines.map((l) => l.length)) * layout.lineHeight + 2 * PAD_Y;
  return { lines, height };
}

/**
 * Column widths: each column's natural width (its widest heading word or cell, unwrapped) when
 * they all fit, spread out to the full width; otherwise the narrow columns keep their natural
 * width and the wide ones share what is left equally (and wrap).
 */
function tableLayout(doc: Doc, section: DhrSection): Layout {
  const total = contentWidth(doc);
  const natural = section.columns.map((heading, i) => {
    doc.font(BOLD).fontSize(TABLE_SIZE);
    let w = Math.max(...heading.split(' ').map((word) => doc.widthOfString(word)));
    doc.font(FONT).fontSize(TABLE_SIZE);
    for (const row of section.rows) {
      for (const paragraph of cellText(row[i] ?? null).split('\n')) {
        w = Math.max(w, doc.widthOfString(paragraph));
      }
    }
    return w + 2 * PAD_X + (section.id === 'components' && heading === 'id' ? 48 : 0);
  });
  const widths = shareWidths(natural, total);
  const lineHeight = TABLE_SIZE * 1.25;
  doc.font(BOLD).fontSize(TABLE_SIZE);
  const headingLines = section.columns.map((heading, i) =>
    wrap(doc, heading, (widths[i] ?? 0) - 2 * PAD_X),
  );
  const headingHeight = Math.max(...headingLines.map((l) => l.length)) * lineHeight + 2 * PAD_Y;
  return { widths, lineHeight, headingLines, headingHeight };
}

export function shareWidths(natural: readonly number[], total: number): number[] {
  const widths = natural.map(() => 0);
  let open = natural.map((_, i) => i);
  let left = total;
  while (open.length > 0) {
    const share = left / open.length;
    const fitting = open.filter((i) => (natural[i] ?? 0) <= share);
    if (fitting.length === 0) {
      for (const i of open) widths[i] = share;
      return widths;
    }
    for (const i of fitting) {
      widths[i] = natural[i] ?? 0;
      left -= natural[i] ?? 0;
    }
    open = open.filter((i) => (natural[i] ?? 0) > share);
  }
  const used = widths.reduce((a, b) => a + b, 0);
  return used > 0 ? widths.map((w) => (w * total) / used) : widths.map(() => total / widths.length);
}

/**
 * Lines of at most `width` points in the current font: words are kept whole where they fit; a
 * longer word breaks after - / _ , ; : . where it can, else between characters.
 */
function wrap(doc: Doc, text: string, width: number): string[] {
  const lines: string[] = [];
  // a hair of tolerance: a column's width is its widest cell plus padding, less the padding again
  const fits = (s: string) => doc.widthOfString(s) <= width + 0.01;
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (fits(candidate)) {
        line = candidate;
        continue;
      }
      if (line !== '') lines.push(line);
      line = '';
      for (const piece of word.split(/(?<=[-/_,;:.])/)) {
        if (fits(line + piece)) {
          line += piece;
          continue;
        }
        if (line !== '') lines.push(line);
        line = '';
        for (const ch of piece) {
          if (line !== '' && !fits(line + ch)) {
            lines.push(line);
            line = '';
          }
          line += ch;
        }
      }
    }
    lines.push(line);
  }
  return lines;
}

function cellText(cell: DhrCell): string {
  if (cell === null) return '';
  if (typeof cell === 'boolean') return cell ? 'yes' : 'no';
  return pdfText(String(cell));
}

/**
 * Text the standard fonts can print: line breaks kept, tabs and other controls as spaces,
 * accents dropped where the base letter is printable, anything else outside WinAnsi as "?".
 */
export function pdfText(text: string): string {
  let out = '';
  for (const ch of text.replace(/\r\n?/g, '\n')) {
    if (ch === '\n' || printable(ch)) out += ch;
    else if (isControl(ch)) out += ' ';
    else {
      const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += base !== '' && [...base].every(printable) ? base : '?';
    }
  }
  return out;
}

/** WinAnsi beyond Latin-1: the characters pdfkit maps into 0x80–0x9f. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

function isControl(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

function printable(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch);
}

// --- footers -----------------------------------------------------------------------------------

function drawFooters(doc: Doc, dhr: Dhr): void {
  const { start, count } = doc.bufferedPageRange();
  const left = `Device history record ${dhr.header.serialNumber} · ${verdictText(dhr)} · generated ${dhr.header.generatedAt} · sha256 ${dhr.contentHash.slice(0, 16)}…`;
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - MARGIN.bottom + 16;
    // below the bottom margin: with lineBreak off, pdfkit neither wraps nor adds a page
    doc.font(FONT).fontSize(7.5).fillColor(MUTED);
    doc.text(pdfText(left), MARGIN.left, y, { lineBreak: false });
    const page = `page ${i - start + 1} of ${count}`;
    doc.font(BOLD).fontSize(8).fillColor(INK);
    doc.text(page, doc.page.width - MARGIN.right - doc.widthOfString(page), y, {
      lineBreak: false,
    });
  }
}

function contentWidth(doc: Doc): number {
  return doc.page.width - MARGIN.left - MARGIN.right;
}

function bottom(doc: Doc): number {
  return doc.page.height - MARGIN.bottom;
}
