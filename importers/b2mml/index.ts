/**
 * ISA-95 B2MML (V0401–V0700) and BatchML batch records → canonical records: the parser the
 * import jobs wrap (readStructured) and the content sniffing used when no format is named.
 * See MAPPING.md.
 */
import type { ParsedLine } from '../../src/domain/canonical';
import type { B2mmlOptions } from './options';
import { readB2mml } from './read-b2mml';

export type { B2mmlOptions } from './options';

/** The records and refusals of one B2MML file, in document order (deterministic). */
export function parseB2mml(path: string, options: B2mmlOptions = {}): AsyncIterable<ParsedLine> {
  return readB2mml(path, options);
}

const NAMESPACE =
  /xmlns(?::[A-Za-z_][\w.-]*)?\s*=\s*["']http:\/\/www\.(?:wbf|mesa)\.org\/xml\/(?:B2MML|BatchML)(?:-V\d{2,4})?["']/i;

/**
 * A B2MML or BatchML document: an XML file whose head declares a B2MML/BatchML namespace
 * (wbf.org V04xx, mesa.org V05xx–V0700) — and not merely mentions one in a schema location.
 */
export function looksLikeB2mml(head: string, fileName: string): boolean {
  if (/\.(?:xsd|reqif|reqifz|qif|json|csv|zip)$/i.test(fileName)) return false;
  const text = head.replace(/^\uFEFF/, '').replace(/^\u00EF\u00BB\u00BF/, '');
  if (!/^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*</.test(text)) return false;
  if (/<(?:[\w-]+:)?schema[\s>]/.test(text)) return false;
  return NAMESPACE.test(text);
}
