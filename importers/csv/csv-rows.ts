/**
 * Decoded CSV text → rows of cells, streaming, with the physical line each row starts on (a
 * quoted cell may hold line breaks, so a row can span lines). RFC 4180 with the profile's
 * delimiter and quote; CRLF, LF and CR all end a row, mixed in one file. A malformed row (a quote
 * inside an unquoted cell, text after a closing quote, a row past the size limit, a quote never
 * closed) comes out as a row with a problem, and reading goes on at the next line.
 */

export interface CsvRow {
  /** 1-based physical line where the row starts */
  readonly line: number;
  readonly cells: readonly string[];
  /** the row's text as received (for the record's original) */
  readonly raw: string;
  readonly problem?: string;
}

export interface RowOptions {
  readonly delimiter: string;
  readonly quote: string | null;
  /** characters in one row */
  readonly maxRowChars: number;
}

export class RowSplitter {
  private cells: string[] = [];
  private cell = '';
  private raw = '';
  private quoted = false; // inside quotes
  private afterQuote = false; // a closing quote was read: delimiter, end of row or `"` next
  private wasQuoted = false;
  private pendingCR = false;
  private line = 1;
  private rowLine = 1;
  private problem: string | undefined;
  private skipping = false; // after a problem: pass over the rest of the physical line
  private readonly delim: number;
  private readonly quote: number;

  constructor(private readonly options: RowOptions) {
    this.delim = options.delimiter.charCodeAt(0);
    this.quote = options.quote === null ? -1 : options.quote.charCodeAt(0);
  }

  write(text: string): CsvRow[] {
    const out: CsvRow[] = [];
    let start = 0; // raw text of this chunk not yet added to this.raw
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.pendingCR) {
        this.pendingCR = false;
        if (c === 0x0a) {
          start = i + 1;
          continue; // the LF of a CRLF, already counted
        }
      }
      if (c === 0x0a || c === 0x0d) {
        if (this.quoted && !this.skipping) {
          // a line break inside a quoted cell
          if (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a) this.line += 1;
          if (c === 0x0a) this.line += 1;
          this.cell += text.charAt(i);
          continue;
        }
        this.raw += text.slice(start, i);
        out.push(this.endRow());
        this.line += 1;
        this.rowLine = this.line;
        if (c === 0x0d) this.pendingCR = true;
        start = i + 1;
        continue;
      }
      if (this.skipping) continue;
      if (this.quoted) {
        if (c === this.quote) {
          this.quoted = false;
          this.afterQuote = true;
        } else this.cell += text.charAt(i);
      } else if (this.afterQuote) {
        if (c === this.quote) {
          this.cell += text.charAt(i); // "" inside quotes: one quote
          this.quoted = true;
          this.afterQuote = false;
        } else if (c === this.delim) {
          this.nextCell();
        } else {
          this.fail('text after the closing quote of a cell');
        }
      } else if (c === this.delim) {
        this.nextCell();
      } else if (c === this.quote) {
        if (this.cell.trim() === '') {
          this.cell = '';
          this.quoted = true;
          this.wasQuoted = true;
        } else
          this.fail('a quote inside an unquoted cell (quote the whole cell and double the quote)');
      } else {
        this.cell += text.charAt(i);
      }
      if (
        this.cell.length + this.raw.length + (i - start) > this.options.maxRowChars &&
        !this.skipping
      ) {
        this.fail(`the row is longer than ${this.options.maxRowChars} characters`);
        this.quoted = false;
      }
    }
    if (!this.skipping || this.raw.length < 4096) this.raw += text.slice(start);
    if (this.raw.length > this.options.maxRowChars) this.raw = this.raw.slice(0, 4096);
    return out;
  }

  end(): CsvRow[] {
    if (this.quoted && !this.skipping) {
      this.fail('a quoted cell is never closed (the file ends inside it)');
    }
    if (
      this.cells.length === 0 &&
      this.cell === '' &&
      this.raw === '' &&
      !this.wasQuoted &&
      this.problem === undefined
    )
      return [];
    return [this.endRow()];
  }

  private nextCell(): void {
    this.cells.push(this.cell);
    this.cell = '';
    this.afterQuote = false;
    this.wasQuoted = false;
  }

  private fail(reason: string): void {
    this.problem ??= reason;
    this.skipping = true;
  }

  private endRow(): CsvRow {
    this.nextCell();
    const row: CsvRow = {
      line: this.rowLine,
      cells: this.cells,
      raw: this.raw,
      ...(this.problem === undefined ? {} : { problem: this.problem }),
    };
    this.cells = [];
    this.raw = '';
    this.quoted = false;
    this.problem = undefined;
    this.skipping = false;
    return row;
  }
}
