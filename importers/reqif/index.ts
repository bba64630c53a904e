/**
 * The ReqIF importer: `parseReqif(path, options)` streams a .reqif file or .reqifz archive as
 * canonical records and refusals (MAPPING.md); `looksLikeReqif(head, fileName)` recognises one
 * from its first bytes, for imports that name no format.
 */
export { parseReqif } from './parse-reqif';
export { checkReqifOptions, REQIF_OPTION_NAMES } from './options';
export type { IdChoice, ReqifOptions } from './options';

/**
 * A ReqIF document: a REQ-IF root element and the ReqIF namespace in the head. A zip: named
 * .reqifz, or holding a .reqif entry whose local header falls in the head.
 */
export function looksLikeReqif(head: string, fileName: string): boolean {
  if (head.startsWith('PK\u0003\u0004')) {
    return /\.reqifz$/i.test(fileName) || head.toLowerCase().includes('.reqif');
  }
  return (
    /<(?:[A-Za-z_][\w.-]*:)?REQ-IF[\s>/]/.test(head) &&
    head.includes('http://www.omg.org/spec/ReqIF/')
  );
}
