/**
 * A Trace-X import file → its assets, one parsed JSON object at a time, with the asset's index
 * and line; problems (invalid UTF-8, a broken document, an asset past the limits, an asset that
 * is not valid JSON) come out in place, in file order, so two reads of one file are the same.
 */
import { createReadStream } from 'node:fs';
import { clip } from '../../src/domain/excerpt';
import { AssetScanner, DEFAULT_SCAN_LIMITS } from './scan-assets';
import type { ScanLimits } from './scan-assets';

export type AssetItem =
  | {
      readonly kind: 'asset';
      readonly index: number;
      readonly line: number;
      readonly value: unknown;
      /** the asset as received */
      readonly text: string;
    }
  | {
      readonly kind: 'refused';
      /** undefined for a problem of the whole document */
      readonly index?: number;
      readonly line: number;
      readonly reason: string;
    };

export async function* readAssets(
  path: string,
  limits: ScanLimits = DEFAULT_SCAN_LIMITS,
): AsyncGenerator<AssetItem> {
  const scanner = new AssetScanner(limits);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let failed = false;
  const convert = function* (items: ReturnType<AssetScanner['write']>): Generator<AssetItem> {
    for (const item of items) {
      if (item.kind === 'asset') {
        let value: unknown;
        try {
          value = JSON.parse(item.text);
        } catch (e) {
          yield {
            kind: 'refused',
            index: item.index,
            line: item.line,
            reason: `assets[${item.index}] is not valid JSON: ${clip((e as Error).message)}`,
          };
          continue;
        }
        yield { kind: 'asset', index: item.index, line: item.line, value, text: item.text };
      } else if (item.kind === 'oversized') {
        yield { kind: 'refused', index: item.index, line: item.line, reason: item.reason };
      } else {
        failed = true;
        yield { kind: 'refused', line: item.line, reason: item.reason };
      }
    }
  };
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        yield* convert([
          { kind: 'problem', line: scanner.currentLine, reason: 'the file is not valid UTF-8' },
        ]);
        return;
      }
      yield* convert(scanner.write(text));
      if (failed) return;
    }
    try {
      const rest = decoder.decode();
      if (rest !== '') yield* convert(scanner.write(rest));
    } catch {
      yield* convert([
        { kind: 'problem', line: scanner.currentLine, reason: 'the file is not valid UTF-8' },
      ]);
      return;
    }
    if (!failed) yield* convert(scanner.end());
  } finally {
    stream.destroy();
  }
}
