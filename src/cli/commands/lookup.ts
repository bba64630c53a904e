/**
 * Finding a record by the number a person typed, in whatever case they typed it. The graph keeps
 * keys as their systems wrote them (SN-0047); a person types sn-0047. When the exact key is not
 * found, the search service (which matches in any case) finds the records whose key is the same
 * ignoring case: one is the record meant; several (keys that differ only in case) are listed,
 * and none is chosen.
 */
import { ThreadgraphError } from '../../domain/errors';
import type { SEARCHABLE, SearchHit, TraceService } from '../../services/trace-service';

export type SearchKind = (typeof SEARCHABLE)[number];

/** How many records starting with the typed key are read to find those equal to it. */
const LOOKUP_LIMIT = 200;

/**
 * The one record among `kinds` whose key is `typed` ignoring case; undefined if there is none;
 * NOT_FOUND naming them if several differ only in case (`what` names the record: "lot or serial").
 */
export async function findAnyCase(
  trace: TraceService,
  typed: string,
  kinds: readonly SearchKind[],
  what: string,
): Promise<SearchHit | undefined> {
  if (typed.trim() === '') return undefined;
  const wanted = typed.toLowerCase();
  const same = (await trace.search(typed, kinds, LOOKUP_LIMIT)).filter(
    (h) => h.key.toLowerCase() === wanted,
  );
  if (same.length > 1) {
    throw new ThreadgraphError(
      'NOT_FOUND',
      `no ${what} ${typed}, and ${same.length} differ from it only in case: ` +
        `${same.map((h) => `${h.key} (${h.kind})`).join(', ')} — give one as it is written`,
    );
  }
  return same[0];
}
