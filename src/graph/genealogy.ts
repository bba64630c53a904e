/**
 * Genealogy walks over CONSUMED, level by level: each level is one query over the whole frontier
 * (of any number of starting points), a record met again is not expanded again (bad data can hold
 * cycles), and the depth is bounded.
 */
import type { ComponentEdge } from '../domain/ncr-reach';
import type { QueryRunner } from './executor';

export const MAX_GENEALOGY_DEPTH = 50;

interface ChildRow {
  readonly parentRid: string;
  readonly parentId: string;
  readonly rid: string;
  readonly kind: 'SERIAL' | 'LOT';
  readonly id: string;
  readonly partNumber?: string;
  readonly placeholder?: boolean;
}

interface ParentRow {
  readonly eid: string;
  readonly rid: string;
  readonly kind: 'SERIAL' | 'LOT';
  readonly id: string;
  readonly shipped: boolean;
  readonly childId: string;
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

/** Everything consumed into each root, at any depth: one walk for all roots together. */
export async function readComponents(
  q: QueryRunner,
  rootRids: readonly string[],
  maxDepth = MAX_GENEALOGY_DEPTH,
): Promise<Map<string, Components>> {
  const visited = new Map(rootRids.map((r) => [r, new Set<string>([r])]));
  const edges = new Map(rootRids.map((r) => [r, new Map<string, ComponentEdge>()]));
  const backToRoot = new Map(rootRids.map((r) => [r, new Set<string>()]));
  let frontier = rootRids.map((root) => ({ root, rid: root }));
  let depth = 0;
  while (frontier.length > 0 && depth < maxDepth) {
    depth += 1;
    const children = new Map<string, ChildRow[]>();
    const rids = [...new Set(frontier.map((f) => f.rid))];
    for (const row of await q.run<ChildRow>('genealogy/read-children', { rids })) {
      const list = children.get(row.parentRid);
      if (list) list.push(row);
      else children.set(row.parentRid, [row]);
    }
    const next: typeof frontier = [];
    for (const { root, rid } of frontier) {
      const seen = visited.get(root) as Set<string>;
      const rootEdges = edges.get(root) as Map<string, ComponentEdge>;
      for (const row of children.get(rid) ?? []) {
        if (row.rid === root) {
          backToRoot.get(root)?.add(row.parentId); // a cycle back to the root itself
          continue;
        }
        const key = `${row.parentRid}\u0000${row.rid}`;
        if (!rootEdges.has(key)) {
          rootEdges.set(key, {
            kind: row.kind,
            id: row.id,
            partNumber: row.partNumber,
            depth,
            parentId: row.parentId,
            placeholder: row.placeholder ?? false,
          });
        }
        if (!seen.has(row.rid)) {
          seen.add(row.rid);
          next.push({ root, rid: row.rid });
        }
      }
    }
    frontier = next;
  }
  const truncatedRoots = new Set(frontier.map((f) => f.root));
  return new Map(
    rootRids.map((root) => {
      const seen = visited.get(root) as Set<string>;
      seen.delete(root);
      return [
        root,
        {
          edges: [...(edges.get(root) as Map<string, ComponentEdge>).values()],
          rids: [...seen],
          truncated: truncatedRoots.has(root),
          consumersOfRoot: [...(backToRoot.get(root) ?? [])],
        },
      ];
    }),
  );
}

export interface Container {
  readonly rid: string;
  readonly kind: 'SERIAL' | 'LOT';
  readonly id: string;
  /** 1 when it consumed the start directly; the least depth */
  readonly depth: number;
  /** a unit that has shipped (derived state) */
  readonly shipped: boolean;
  /** the serial or lot it was reached through (it consumed it): the walk's path back to the start */
  readonly viaId: string;
}

/** Every serial and lot the start was consumed into, at any depth (recall scope). */
export async function readContainers(
  q: QueryRunner,
  startRids: readonly string[],
  maxDepth = MAX_GENEALOGY_DEPTH,
): Promise<{ containers: Container[]; truncated: boolean }> {
  const found = new Map<string, Container>();
  let frontier = (
    await q.run<{ eid: string }>('genealogy/read-element-ids', { rids: startRids })
  ).map((r) => r.eid);
  const seen = new Set(frontier);
  let depth = 0;
  while (frontier.length > 0 && depth < maxDepth) {
    depth += 1;
    const next: string[] = [];
    for (const row of await q.run<ParentRow>('genealogy/read-parents', { eids: frontier })) {
      if (seen.has(row.eid)) continue;
      seen.add(row.eid);
      found.set(row.rid, {
        rid: row.rid,
        kind: row.kind,
        id: row.id,
        depth,
        shipped: row.shipped,
        viaId: row.childId,
      });
      next.push(row.eid);
    }
    frontier = next;
  }
  return { containers: [...found.values()], truncated: frontier.length > 0 };
}
