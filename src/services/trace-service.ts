/**
 * Genealogy both ways, and finding a record by the number a person holds.
 *   forward  — recall scope: every unit that contains a lot or serial, at any depth;
 *   backward — the as-built tree of a unit (or lot), depth-bounded, cycles found and reported;
 *   search   — serials, lots, work orders, parts, NCRs and change orders by key prefix.
 */
import { compareStrings, sortNatural, sortedNatural } from '../domain/natural-order';
import { ThreadgraphError } from '../domain/errors';
import type { Executor, QueryRunner } from '../graph/executor';
import type { Components, ComponentsRow } from '../graph/genealogy';
import { componentsOf, MAX_GENEALOGY_DEPTH, readContainingUnits } from '../graph/genealogy';
import { recordId } from '../domain/canonical';
import type { Page } from './governance-service';
import type { RecallWalk } from './recall-walks';
import { RecallWalks } from './recall-walks';
import { decodeCursor, encodeCursor, pageSize } from './governance-service';

export interface TracedRecord {
  readonly rid: string;
  readonly kind: 'SERIAL' | 'LOT';
  readonly id: string;
  readonly partNumber?: string;
  readonly status?: string;
  readonly placeholder?: boolean;
  readonly shipmentId?: string;
  readonly shippedAt?: string;
  readonly customer?: string;
}

export interface AffectedUnit {
  readonly serialNumber: string;
  readonly partNumber: string | null;
  readonly depth: number;
  /** the serial or lot it was reached through: it consumed that one */
  readonly viaId: string;
  readonly status: string | null;
  readonly shipmentId: string | null;
  readonly customer: string | null;
}

export interface ForwardTrace extends Page<AffectedUnit> {
  /** whether the lot or serial traced is known at all */
  readonly found: boolean;
  /** units among them that have shipped */
  readonly shippedCount: number;
}

export interface BackwardNode {
  readonly kind: 'SERIAL' | 'LOT';
  readonly id: string;
  readonly partNumber: string | null;
  readonly status: string | null;
  readonly placeholder: boolean;
  readonly depth: number;
  readonly parentId: string;
}

export interface BackwardTrace {
  readonly root: string;
  readonly found: boolean;
  readonly nodes: readonly BackwardNode[];
  /** the depth bound cut the walk short */
  readonly truncated: boolean;
  /** consumption edges that close a cycle (bad data): parent → child, child already above it */
  readonly cycles: readonly { parentId: string; childId: string }[];
}

export interface SearchHit {
  readonly kind: string;
  readonly key: string;
  readonly partNumber: string | null;
  readonly status: string | null;
  readonly placeholder: boolean;
}

export const SEARCHABLE = [
  'Unit',
  'Lot',
  'WorkOrder',
  'Part',
  'Nonconformance',
  'ChangeOrder',
  'Capa',
] as const;

export class TraceService {
  constructor(
    private readonly executor: Executor,
    private readonly walks = new RecallWalks(),
  ) {}

  /**
   * One page of the recall scope. The first page walks the genealogy and keeps the sorted list
   * (RecallWalks); a cursor from it pages that list without walking again. With `details` false
   * the page leaves out part, status and shipment (the API asks for them only when selected).
   */
  async forward(
    target: { lotNumber?: string | null; serialNumber?: string | null },
    first: number,
    after: string | null | undefined,
    details = true,
  ): Promise<ForwardTrace> {
    const limit = pageSize(first);
    const start = startRid(target);
    const cursor = after ? forwardCursor(after) : undefined;
    const kept = cursor?.walk === undefined ? undefined : this.walks.get(cursor.walk, start);
    return this.executor.read('traceForward', async (q) => {
      const walk = kept ?? (await this.walk(q, start));
      const position = cursor === undefined ? -1 : walk.indexOf(cursor.after);
      if (cursor !== undefined && position === -1) {
        throw new ThreadgraphError(
          'INVALID_INPUT',
          'after: the cursor names no unit of this recall list (it belongs to another lot or serial)',
        );
      }
      const from = position + 1;
      const page = walk.units.slice(from, from + limit);
      const more = details
        ? new Map(
            (
              await readRecords(
                q,
                page.map((u) => u.rid),
              )
            ).map((r) => [r.rid, r]),
          )
        : new Map<string, TracedRecord>();
      const nodes = page.map((u) => {
        const d = more.get(u.rid);
        return {
          serialNumber: u.serialNumber,
          partNumber: d?.partNumber ?? null,
          depth: u.depth,
          viaId: u.viaId,
          status: d?.status ?? null,
          shipmentId: d?.shipmentId ?? null,
          customer: d?.customer ?? null,
        };
      });
      const last = page[page.length - 1];
      return {
        found: walk.found,
        totalCount: walk.units.length,
        shippedCount: walk.shippedCount,
        nodes,
        pageInfo: {
          hasNextPage: from + limit < walk.units.length,
          endCursor: last ? encodeCursor(JSON.stringify({ walk: walk.id, after: last.rid })) : null,
        },
      };
    });
  }

  /** Every unit containing the start, nearest first, then natural order of serial: kept. */
  private async walk(q: QueryRunner, start: string): Promise<RecallWalk> {
    const { found, units } = await readContainingUnits(q, start);
    const sorted = sortedNatural(units, (u) => u.serialNumber).sort((a, b) => a.depth - b.depth);
    return this.walks.keep(start, found, sorted);
  }

  async backward(
    target: { lotNumber?: string | null; serialNumber?: string | null },
    maxDepth: number,
  ): Promise<BackwardTrace> {
    if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > MAX_GENEALOGY_DEPTH) {
      throw new ThreadgraphError(
        'INVALID_INPUT',
        `maxDepth must be an integer from 1 to ${MAX_GENEALOGY_DEPTH}`,
      );
    }
    const start = startRid(target);
    return this.executor.read('traceBackward', async (q) => {
      // the start's record and the walk (each edge with its record's part and status): one statement
      const [roots, rows] = await q.runTogether<[TracedRecord[], ComponentsRow[]]>(
        ['trace/read-records', 'genealogy/read-components'],
        { rids: [start], maxDepth },
      );
      const walk = componentsOf([start], rows).get(start) as Components;
      const rootId = (JSON.parse(start) as string[])[1] as string;
      return {
        root: rootId,
        found: roots.length > 0,
        nodes: walk.edges
          .map((e) => ({
            kind: e.kind,
            id: e.id,
            partNumber: e.partNumber ?? null,
            status: e.status ?? null,
            placeholder: e.placeholder ?? false,
            depth: e.depth,
            parentId: e.parentId,
          }))
          .sort(
            (a, b) =>
              a.depth - b.depth ||
              compareStrings(a.parentId, b.parentId) ||
              sortNatural(a.id, b.id),
          ),
        truncated: walk.truncated,
        cycles: [
          ...walk.consumersOfRoot.map((parentId) => ({ parentId, childId: rootId })),
          ...findCycles(rootId, walk.edges),
        ],
      };
    });
  }

  async search(
    prefix: string,
    kinds: readonly string[] | null | undefined,
    first: number,
  ): Promise<SearchHit[]> {
    const limit = pageSize(first);
    if (prefix.trim().length === 0)
      throw new ThreadgraphError('INVALID_INPUT', 'prefix must not be empty');
    const wanted = kinds && kinds.length > 0 ? kinds : [...SEARCHABLE];
    const unknown = wanted.filter((k) => !(SEARCHABLE as readonly string[]).includes(k));
    if (unknown.length > 0) {
      throw new ThreadgraphError(
        'INVALID_INPUT',
        `kinds: ${unknown.join(', ')} cannot be searched; use ${SEARCHABLE.join(', ')}`,
      );
    }
    return this.executor.read('search', async (q) =>
      (
        await q.run<SearchHit>('search/find-by-key-prefix', {
          prefix: prefix.toLowerCase(),
          kinds: wanted,
          limit,
        })
      )
        .map((h) => ({
          ...h,
          partNumber: h.partNumber ?? null,
          status: h.status ?? null,
          placeholder: h.placeholder ?? false,
        }))
        .sort((a, b) => sortNatural(a.key, b.key) || compareStrings(a.kind, b.kind))
        .slice(0, limit),
    );
  }
}

function startRid(target: { lotNumber?: string | null; serialNumber?: string | null }): string {
  const { lotNumber, serialNumber } = target;
  if (((lotNumber ?? '') === '') === ((serialNumber ?? '') === '')) {
    throw new ThreadgraphError('INVALID_INPUT', 'give exactly one of lotNumber and serialNumber');
  }
  return lotNumber
    ? recordId('Lot', { lotNumber })
    : recordId('Unit', { serialNumber: serialNumber as string });
}

async function readRecords(q: QueryRunner, rids: readonly string[]): Promise<TracedRecord[]> {
  return rids.length === 0 ? [] : q.run<TracedRecord>('trace/read-records', { rids });
}

/**
 * A recall cursor: the walk it pages and the last unit given. A cursor of an earlier version (the
 * unit's record id alone) is still taken: its listing walks again.
 */
function forwardCursor(after: string): { walk?: string; after: string } {
  const key = decodeCursor(after);
  if (!key.startsWith('{')) return { after: key };
  let parsed: { walk?: unknown; after?: unknown } = {};
  try {
    parsed = JSON.parse(key) as typeof parsed;
  } catch {
    // refused below
  }
  if (typeof parsed.walk !== 'string' || typeof parsed.after !== 'string') {
    throw new ThreadgraphError('INVALID_INPUT', `after: not a cursor this server issued: ${after}`);
  }
  return { walk: parsed.walk, after: parsed.after };
}

/** Edges that point back to a record above them on a path from the root: the cycles in the data. */
export function findCycles(
  root: string,
  edges: readonly { parentId: string; id: string; kind: string }[],
): { parentId: string; childId: string }[] {
  const children = new Map<string, string[]>();
  for (const e of edges) children.set(e.parentId, [...(children.get(e.parentId) ?? []), e.id]);
  const cycles: { parentId: string; childId: string }[] = [];
  const onPath = new Set<string>();
  const done = new Set<string>();
  const visit = (node: string) => {
    onPath.add(node);
    for (const child of children.get(node) ?? []) {
      if (onPath.has(child)) cycles.push({ parentId: node, childId: child });
      else if (!done.has(child)) visit(child);
    }
    onPath.delete(node);
    done.add(node);
  };
  visit(root);
  return cycles;
}
