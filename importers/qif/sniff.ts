/**
 * Format detection from the first bytes: a QIF document's root is <QIFDocument> (prefixed or not)
 * in a qifstandards.org namespace. QIF 2 files are claimed too, so that they are refused with the
 * version error rather than as an unknown format.
 */

const ROOT = /<(?:[A-Za-z_][\w.-]*:)?QIFDocument[\s>/]/;
const NAMESPACE = /http:\/\/qifstandards\.org\/xsd\/qif\d/;

export function looksLikeQif(head: string, _fileName: string): boolean {
  const start = head.replace(/^\uFEFF/, '');
  return ROOT.test(start) && NAMESPACE.test(start);
}
