/**
 * A Trace-X as-built import file → canonical records, in two passes over the file: the first
 * learns which catenaXId is which serial or lot (twin-index.ts), the second maps each asset
 * (map-asset.ts). Both stream; the same file always yields the same sequence.
 */
import type { ParsedLine } from '../../src/domain/canonical';
import { refuse } from '../shared/to-record';
import { readAsset } from './aspects';
import { mapAsset } from './map-asset';
import type { CatenaxOptions } from './map-asset';
import { readAssets } from './read-assets';
import type { ScanLimits } from './scan-assets';
import { indexTwins } from './twin-index';

export async function* readCatenax(
  path: string,
  options: CatenaxOptions = {},
  limits?: ScanLimits,
): AsyncGenerator<ParsedLine> {
  const twins = await indexTwins(path, limits);
  for await (const item of readAssets(path, limits)) {
    if (item.kind === 'refused') {
      const where = item.index === undefined ? {} : { path: `assets[${item.index}]` };
      yield refuse({ line: item.line, ...where }, undefined, `rule 1: ${item.reason}`);
      continue;
    }
    const read = readAsset(item.value);
    if ('problem' in read) {
      yield refuse(
        { line: item.line, path: `assets[${item.index}]`, original: item.text.slice(0, 64 * 1024) },
        read.problem.path,
        `rule 2: ${read.problem.reason}`,
      );
      continue;
    }
    yield* mapAsset({ asset: read.asset, index: item.index, line: item.line, twins, options });
  }
}
