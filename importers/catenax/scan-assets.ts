/**
 * Splits a Trace-X import document (`{"assets": [ {…}, {…} ]}`) into the text of each asset, as
 * the bytes stream past, without ever holding more than one asset: a structural scanner (nesting,
 * strings, escapes, line numbers) finds where each element of the top-level `assets` array starts
 * and ends; the caller JSON.parses that one element. Everything outside `assets` is skipped.
 * Bounds: an asset past `maxAssetChars` or nested deeper than `maxDepth` is refused (the scanner
 * keeps its place and goes on with the next asset); a broken document structure ends the file
 * with a problem naming its line.
 */

export interface ScanLimits {
  /** characters of one asset's JSON text */
  readonly maxAssetChars: number;
  /** nesting inside one asset */
  readonly maxDepth: number;
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = { maxAssetChars: 16 * 1024 * 1024, maxDepth: 64 };

export type ScanItem =
  | {
      readonly kind: 'asset';
      /** 0-based position in `assets` */
      readonly index: number;
      /** 1-based line where the asset's `{` stands */
      readonly line: number;
      readonly text: string;
    }
  | {
      readonly kind: 'oversized';
      readonly index: number;
      readonly line: number;
      readonly reason: string;
    }
  | { readonly kind: 'problem'; readonly line: number; readonly reason: string };

type Top =
  | 'start' // before the document's `{`
  | 'key' // expecting a key or `}`
  | 'colon'
  | 'value' // expecting a top-level value
  | 'comma' // after a top-level value: `,` or `}`
  | 'skip' // inside a top-level object or array other than `assets`
  | 'scalar' // inside a top-level number or literal
  | 'assetsOpen' // after "assets": expecting `[`
  | 'element' // inside `assets`, expecting an element or `]`
  | 'elementComma' // after an element: `,` or `]`
  | 'inElement'
  | 'end'
  | 'failed';

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** A push scanner: feed text chunks, collect the items each chunk completes. */
export class AssetScanner {
  private state: Top = 'start';
  private line = 1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private keyText: string | undefined;
  private lastKey = '';
  private seenAssets = false;
  private index = 0;
  private elementLine = 0;
  private elementStart = 0;
  private parts: string[] = [];
  private chars = 0;
  private tooBig: string | undefined;
  private started = false;

  constructor(private readonly limits: ScanLimits = DEFAULT_SCAN_LIMITS) {}

  /** The line the scanner has reached. */
  get currentLine(): number {
    return this.line;
  }

  /** True once a top-level `assets` array was found. */
  get foundAssets(): boolean {
    return this.seenAssets;
  }

  write(chunk: string): ScanItem[] {
    const out: ScanItem[] = [];
    let text = chunk;
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.state === 'inElement') this.elementStart = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) this.line += 1;
      if (this.state === 'failed' || this.state === 'end') {
        if (this.state === 'end' && !WS.has(c)) {
          this.fail(out, 'text after the end of the document');
        }
        if (this.state === 'failed') return out;
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) {
          this.inString = false;
          if (this.keyText !== undefined) {
            this.lastKey = this.keyText + text.slice(this.keyStart, i);
            this.keyText = undefined;
          }
        } else if (c < 0x20 && this.state !== 'inElement' && this.state !== 'skip') {
          this.fail(out, 'a control character inside a string');
          return out;
        }
        continue;
      }
      switch (this.state) {
        case 'inElement':
        case 'skip':
          if (c === 0x22) this.inString = true;
          else if (c === 0x7b || c === 0x5b) {
            this.depth += 1;
            if (this.state === 'inElement' && this.depth > this.limits.maxDepth)
              this.tooBig ??= `nests deeper than ${this.limits.maxDepth} levels`;
          } else if (c === 0x7d || c === 0x5d) {
            this.depth -= 1;
            if (this.depth === 0) {
              if (this.state === 'inElement') {
                this.finishElement(out, text, i + 1);
                this.state = 'elementComma';
              } else this.state = 'comma';
            }
          }
          break;
        case 'start':
          if (WS.has(c)) break;
          if (c !== 0x7b) return this.failed(out, 'the document is not a JSON object');
          this.state = 'key';
          break;
        case 'key':
          if (WS.has(c)) break;
          if (c === 0x7d) {
            this.state = 'end';
            break;
          }
          if (c !== 0x22) return this.failed(out, 'expected a key in the document object');
          this.inString = true;
          this.keyText = '';
          this.keyStart = i + 1;
          this.state = 'colon';
          break;
        case 'colon':
          if (WS.has(c)) break;
          if (c !== 0x3a) return this.failed(out, 'expected `:` after a key');
          this.state = 'value';
          break;
        case 'value':
          if (WS.has(c)) break;
          if (this.lastKey === 'assets') {
            if (this.seenAssets) return this.failed(out, 'two `assets` members');
            if (c !== 0x5b) return this.failed(out, '`assets` is not an array');
            this.seenAssets = true;
            this.state = 'element';
            break;
          }
          this.startSkip(c);
          break;
        case 'scalar':
          if (c === 0x2c) this.state = 'key';
          else if (c === 0x7d) this.state = 'end';
          break;
        case 'comma':
          if (WS.has(c)) break;
          if (c === 0x2c) this.state = 'key';
          else if (c === 0x7d) this.state = 'end';
          else return this.failed(out, 'expected `,` or `}` in the document object');
          break;
        case 'element':
        case 'elementComma':
          if (WS.has(c)) break;
          if (c === 0x5d) {
            this.state = 'comma';
            break;
          }
          if (this.state === 'elementComma') {
            if (c !== 0x2c) return this.failed(out, 'expected `,` or `]` in `assets`');
            this.state = 'element';
            break;
          }
          if (c !== 0x7b) {
            return this.failed(out, `assets[${this.index}] is not an object`);
          }
          this.state = 'inElement';
          this.depth = 1;
          this.elementLine = this.line;
          this.elementStart = i;
          this.parts = [];
          this.chars = 0;
          this.tooBig = undefined;
          break;
      }
    }
    if (this.state === 'inElement') this.keep(text, this.elementStart, text.length);
    if (this.keyText !== undefined && this.inString) {
      this.keyText += text.slice(this.keyStart);
      this.keyStart = 0;
    }
    return out;
  }

  end(): ScanItem[] {
    const out: ScanItem[] = [];
    if (this.state === 'failed') return out;
    if (this.state !== 'end') {
      this.fail(
        out,
        this.state === 'start'
          ? 'the file is empty'
          : 'the document ends early (an unclosed string, object or array)',
      );
      return out;
    }
    if (!this.seenAssets) {
      out.push({
        kind: 'problem',
        line: this.line,
        reason:
          'no top-level `assets` array: not a Trace-X as-built import file (expected {"assets": [{"assetMetaInfo": …, "submodels": […]}]})',
      });
    }
    return out;
  }

  private keyStart = 0;

  private startSkip(c: number): void {
    if (c === 0x22) {
      this.inString = true;
      this.state = 'comma';
    } else if (c === 0x7b || c === 0x5b) {
      this.depth = 1;
      this.state = 'skip';
    } else {
      // a number or literal: its characters until the next `,` or `}` are passed over
      this.state = 'scalar';
    }
  }

  private keep(text: string, from: number, to: number): void {
    if (this.tooBig !== undefined) return;
    this.chars += to - from;
    if (this.chars > this.limits.maxAssetChars) {
      this.tooBig = `is longer than ${this.limits.maxAssetChars} characters`;
      this.parts = [];
      return;
    }
    this.parts.push(text.slice(from, to));
  }

  private finishElement(out: ScanItem[], text: string, to: number): void {
    this.keep(text, this.elementStart, to);
    const index = this.index++;
    if (this.tooBig !== undefined) {
      out.push({
        kind: 'oversized',
        index,
        line: this.elementLine,
        reason: `assets[${index}] ${this.tooBig}`,
      });
    } else {
      out.push({ kind: 'asset', index, line: this.elementLine, text: this.parts.join('') });
    }
    this.parts = [];
  }

  private fail(out: ScanItem[], reason: string): void {
    out.push({ kind: 'problem', line: this.line, reason });
    this.state = 'failed';
  }

  private failed(out: ScanItem[], reason: string): ScanItem[] {
    this.fail(out, reason);
    return out;
  }
}
