/**
 * Catena-X / Tractus-X as-built JSON (the Trace-X import format) as an importer: `parseCatenax`
 * for the import jobs, `looksLikeCatenax` for detecting the format from a file's first bytes.
 */
import type { ParsedLine } from '../../src/domain/canonical';
import type { CatenaxOptions } from './map-asset';
import { readCatenax } from './read-catenax';

export type { CatenaxOptions } from './map-asset';

export function parseCatenax(path: string, options?: CatenaxOptions): AsyncIterable<ParsedLine> {
  return readCatenax(path, options);
}

/**
 * A JSON object whose start names Catena-X aspects (`urn:samm:io.catenax.` or the older
 * `urn:bamm:io.catenax.`) or Trace-X's `assetMetaInfo`. Other JSON (CloudEvents, canonical
 * lines) names neither.
 */
export function looksLikeCatenax(head: string, fileName: string): boolean {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (!text.startsWith('{')) return false;
  if (/"assetMetaInfo"\s*:/.test(text)) return true;
  if (/urn:[sb]amm:io\.catenax\./.test(text) && /"aspectType"\s*:/.test(text)) return true;
  return /\.json$/i.test(fileName) && /^\{\s*"assets"\s*:\s*\[/.test(text);
}
