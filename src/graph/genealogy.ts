/**
 * Genealogy walks over CONSUMED, cycle-safe (bad data can hold cycles) and depth-bounded. Down (what
 * a unit consumed: as-built trees, evidence): one statement for any number of roots. Up: the recall
 * scope of one serial or lot is one statement; what any of many records reaches (derive's units to
 * judge again) goes level by level, one query over the whole frontier per level, a record met again
 * not expanded again.
 */
import type { ComponentEdge } from '../domain/ncr-reach';
import { recordId } from '../domain/canonical';
import type { QueryRunner } from './executor';

export const MAX_GENEALOGY_DEPTH = 50;

interface ParentRow {
  readonly eid: string;
  /** a unit's serial; absent for a lot */
  readonly serialNumber?: string;
}

export interface Components {
  /** each consumption edge once, at the least depth it occurs */
  readonly edges: ComponentEdge[];
  /** record ids of every serial and lot reached */
  readonly rids: string[];
  /** the depth bound stopped the walk with records still to expand */
  readonly truncated: boolean;
  /** records that consumed the root itself: a cycle in the data */
  readonly consumersOfRoot: string[];
}

export interface ComponentsRow {
  readonly rootRid: string;
  readonly edges: (ComponentEdge & { readonly parentRid: string; readonly rid: string })[];
  readonly rids: string[];
  readonly truncated: boolean;
  readonly consumersOfRoot: string[];
}

/**
 * Everything consumed into each root, at any depth, from the rows of genealogy/read-components
 * (one statement for all roots, run together with the question's other reads; it walks as breadth
 * first would, cycles ending). Every root given has an entry (empty where nothing was consumed
 * into it or it is unknown).
 */
export function componentsOf(
  rootRids: readonly string[],
  rows: readonly ComponentsRow[],
): Map<string, Components> {
  const found = new Map<string, Components>();
  for (const row of rows) {
    // each consumption edge once (a pair of records is one Consumption record)
    const edges = new Map<string, ComponentEdge>();
    for (const { parentRid, rid, ...edge } of row.edges) {
      const key = `${parentRid}\u0000${rid}`;
      if (!edges.has(key)) edges.set(key, { ...edge, placeholder: edge.placeholder ?? false });
    }
    found.set(row.rootRid, {
      edges: [...edges.values()],
      rids: row.rids,
      truncated: row.truncated,
      consumersOfRoot: [...new Set(row.consumersOfRoot)],
    });
  }
  const none: Components = { edges: [], rids: [], truncated: false, consumersOfRoot: [] };
  return new Map(rootRids.map((root) => [root, found.get(root) ?? none]));
}

export interface ContainingUnit {
  readonly rid: string;
  readonly serialNumber: string;
  /** 1 when it consumed the start directly; the least depth */
  readonly depth: number;
  /** the serial or lot it was reached through (it consumed it), on a shortest path from the start */
  readonly viaId: string;
  /** it has shipped (derived state) */
  readonly shipped: boolean;
}

/**
 * Recall scope: every unit the start (a serial or lot) was consumed into, at any depth up to
 * MAX_GENEALOGY_DEPTH, in one statement (cypher/genealogy/read-containing-units.cypher).
 */
export async function readContainingUnits(
  q: QueryRunner,
  startRid: string,
): Promise<{ found: boolean; units: ContainingUnit[] }> {
  const [row] = await q.run<{
    found: boolean;
    serialNumbers: string[];
    depths: number[];
    viaIds: string[];
    shipped: boolean[];
  }>('genealogy/read-containing-units', { rid: startRid });
  if (!row) return { found: false, units: [] };
  return {
    found: row.found,
    units: row.serialNumbers.map((serialNumber, i) => ({
      rid: recordId('Unit', { serialNumber }),
      serialNumber,
      depth: row.depths[i] as number,
      viaId: row.viaIds[i] as string,
      shipped: row.shipped[i] as boolean,
    })),
  };
}

/**
 * The serials of every unit any of the starts was consumed into, at any depth (derive's reach):
 * breadth first, one statement per level over the whole frontier, each record expanded once.
 */
export async function readContainingSerials(
  q: QueryRunner,
  startRids: readonly string[],
  maxDepth = MAX_GENEALOGY_DEPTH,
): Promise<string[]> {
  let frontier = (
    await q.run<{ eid: string }>('genealogy/read-element-ids', { rids: startRids })
  ).map((r) => r.eid);
  const seen = new Set(frontier);
  const serials: string[] = [];
  for (let depth = 0; frontier.length > 0 && depth < maxDepth; depth += 1) {
    const next: string[] = [];
    for (const row of await q.run<ParentRow>('genealogy/read-parents', { eids: frontier })) {
      if (seen.has(row.eid)) continue;
      seen.add(row.eid);
      if (row.serialNumber !== undefined) serials.push(row.serialNumber);
      next.push(row.eid);
    }
    frontier = next;
  }
  return serials;
}
