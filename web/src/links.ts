/** Where each record has its page. */

export function recordHref(kind: string, key: readonly string[]): string {
  const [first] = key;
  if (first !== undefined && key.length === 1) {
    if (kind === 'Unit') return `/unit/${encodeURIComponent(first)}`;
    if (kind === 'Lot') return `/genealogy/lot/${encodeURIComponent(first)}`;
    if (kind === 'ChangeOrder') return `/impact/${encodeURIComponent(first)}`;
  }
  return provenanceHref(kind, key);
}

/** The record page of any record: its fields, provenance, history and links. */
export function provenanceHref(kind: string, key: readonly string[]): string {
  return `/record/${encodeURIComponent(kind)}/${key.map(encodeURIComponent).join('/')}`;
}

export const unitHref = (serial: string) => `/unit/${encodeURIComponent(serial)}`;
export const lotHref = (lot: string) => `/genealogy/lot/${encodeURIComponent(lot)}`;
export const serialGenealogyHref = (serial: string) =>
  `/genealogy/serial/${encodeURIComponent(serial)}`;
export const impactHref = (id: string) => `/impact/${encodeURIComponent(id)}`;
export const coverageHref = (part: string, revision: string) =>
  `/coverage/${encodeURIComponent(part)}/${encodeURIComponent(revision)}`;
export const jobHref = (id: string) => `/imports/${encodeURIComponent(id)}`;

/** The live-equipment page, filtered to a site and with a machine's tag charted. */
export function equipmentHref(
  choice: { site?: string | null; machine?: string | null; tag?: string | null } = {},
): string {
  const params = new URLSearchParams();
  if (choice.site) params.set('site', choice.site);
  if (choice.machine) params.set('machine', choice.machine);
  if (choice.machine && choice.tag) params.set('tag', choice.tag);
  const query = params.toString();
  return query ? `/equipment?${query}` : '/equipment';
}

/** Where a gap's record has its page (the gap names it by kind and key). */
export function gapHref(
  record: { kind: string; key: readonly string[] } | null | undefined,
): string | undefined {
  return record ? recordHref(record.kind, record.key) : undefined;
}
