import { sortNatural } from './natural-order';

/** One revision of a controlled document: a part, drawing, work instruction or inspection plan. */
export interface DocumentRevision {
  readonly number: string;
  readonly revision: string;
  /** only part revisions carry a status; the others are released once they have releasedAt */
  readonly status?: string | undefined;
  readonly releasedAt?: string | undefined;
  readonly supersededAt?: string | undefined;
  /** referenced but not yet received from its authoritative system */
  readonly placeholder?: boolean | undefined;
}

/**
 * Current revision at time t (canonical model, "Rules"): among the RELEASED or SUPERSEDED
 * revisions with releasedAt ≤ t, the one with the greatest releasedAt — unless its
 * supersededAt ≤ t, then none is current. A revision without a status counts as released once
 * it has a releasedAt; IN_WORK never counts. Two revisions released at the same instant are
 * ordered by revision (natural order), so the answer never depends on input order.
 */
export function currentRevisionAt<R extends DocumentRevision>(
  revisions: readonly R[],
  t: string,
): R | undefined {
  let best: R | undefined;
  for (const r of revisions) {
    if (r.placeholder || r.releasedAt === undefined || r.releasedAt > t) continue;
    if (r.status !== undefined && r.status !== 'RELEASED' && r.status !== 'SUPERSEDED') continue;
    if (
      best === undefined ||
      r.releasedAt > (best.releasedAt as string) ||
      (r.releasedAt === best.releasedAt && sortNatural(r.revision, best.revision) > 0)
    ) {
      best = r;
    }
  }
  if (best?.supersededAt !== undefined && best.supersededAt <= t) return undefined;
  return best;
}

/** Whether `revision` was the current one at t, and which was when it was not. */
export function currency(
  revisions: readonly DocumentRevision[],
  revision: string,
  t: string,
): { current: boolean; currentRevision: string | undefined } {
  const current = currentRevisionAt(revisions, t);
  return {
    current: current?.revision === revision,
    currentRevision: current?.revision === revision ? undefined : current?.revision,
  };
}
