/**
 * The recall lists walked lately. A listing's first page walks the genealogy once and keeps the
 * whole sorted list here; its later pages (the cursor names the walk) are cut from that list, so a
 * recall of 12 000 units is one walk however it is paged, and every page of one listing comes from
 * the same moment of the graph. A new listing (no cursor) always walks again. Walks leave after
 * `ttlMs` or when more than `maxUnits` units are kept; a cursor whose walk has left walks again.
 */
import { randomUUID } from 'node:crypto';
import type { ContainingUnit } from '../graph/genealogy';

export interface RecallWalk {
  readonly id: string;
  /** the lot or serial traced */
  readonly start: string;
  /** whether it is known at all */
  readonly found: boolean;
  /** nearest first, then natural order of serial */
  readonly units: readonly ContainingUnit[];
  readonly shippedCount: number;
  /** the position of a unit in `units` */
  indexOf(rid: string): number;
}

export class RecallWalks {
  private readonly walks = new Map<string, { walk: RecallWalk; at: number }>();
  private units = 0;

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly maxUnits = 500_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The walk a cursor names, when it is still kept and is of the same start. */
  get(id: string, start: string): RecallWalk | undefined {
    this.evict();
    const kept = this.walks.get(id)?.walk;
    return kept?.start === start ? kept : undefined;
  }

  keep(start: string, found: boolean, units: readonly ContainingUnit[]): RecallWalk {
    let positions: Map<string, number> | undefined;
    const walk: RecallWalk = {
      id: randomUUID(),
      start,
      found,
      units,
      shippedCount: units.filter((u) => u.shipped).length,
      indexOf(rid) {
        positions ??= new Map(units.map((u, i) => [u.rid, i]));
        return positions.get(rid) ?? -1;
      },
    };
    this.walks.set(walk.id, { walk, at: this.now() });
    this.units += units.length;
    this.evict();
    return walk;
  }

  private evict(): void {
    const oldest = this.now() - this.ttlMs;
    for (const [id, { walk, at }] of this.walks) {
      // insertion order is age order: stop at the first walk young enough, once within bounds
      if (at >= oldest && this.units <= this.maxUnits) break;
      this.walks.delete(id);
      this.units -= walk.units.length;
    }
  }
}
