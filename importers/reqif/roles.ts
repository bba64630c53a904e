/**
 * Which attribute, by its definition's name, carries a requirement's title, text and visible id
 * in the common tools: the ReqIF Implementation Guide's ReqIF.* names (DOORS, Polarion, ReqIF
 * Studio/ProR, Capella and IBM write them), DOORS's own "Object Heading"/"Object Text", the
 * Capella requirements viewpoint's ReqIFName/ReqIFText and "IE PUID". Names match ignoring case
 * and surrounding spaces; the first name of a list that the object has wins.
 */
import type { AttributeValue } from './values';

export const TITLE_NAMES = [
  'ReqIF.ChapterName',
  'ReqIF.Name',
  'Object Heading',
  'ReqIFName',
  'ReqIFChapterName',
  'Heading',
  'Title',
  'Name',
] as const;

export const TEXT_NAMES = [
  'ReqIF.Text',
  'Object Text',
  'ReqIFText',
  'Text',
  'Requirement Text',
  'ReqIF.Description',
  'Description',
] as const;

export const FOREIGN_ID_NAMES = [
  'ReqIF.ForeignID',
  'IE PUID',
  'Object Identifier',
  'Absolute Number',
  'PUID',
  'ID',
] as const;

const key = (name: string) => name.trim().toLowerCase();
const rank = (names: readonly string[]) => new Map(names.map((n, i) => [key(n), i]));
const TITLE = rank(TITLE_NAMES);
const TEXT = rank(TEXT_NAMES);
const FOREIGN_ID = rank(FOREIGN_ID_NAMES);

export type Role = 'title' | 'text' | 'foreignId';

export function isRoleName(role: Role, name: string): boolean {
  return (role === 'title' ? TITLE : role === 'text' ? TEXT : FOREIGN_ID).has(key(name));
}

/** The value the role's list ranks first among those with text; undefined when none. */
export function pick(role: Role, values: readonly AttributeValue[]): AttributeValue | undefined {
  const ranks = role === 'title' ? TITLE : role === 'text' ? TEXT : FOREIGN_ID;
  let best: AttributeValue | undefined;
  let bestRank = Infinity;
  for (const v of values) {
    const r = ranks.get(key(v.name));
    if (r !== undefined && r < bestRank && v.text.trim() !== '') {
      best = v;
      bestRank = r;
    }
  }
  return best;
}
