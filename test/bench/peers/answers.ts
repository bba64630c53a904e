/**
 * The answers `npm run bench:peers` compares across systems: the same facts, in one normal form
 * (lists sorted, absent values null), so that `sameAnswer` is a deep equality of JSON.
 */
import { compareStrings as cmp } from '../../../src/domain/natural-order';

/** Natural order of serials (as threadgraph pages a recall list): `sortNatural`. */
export { sortNatural } from '../../../src/domain/natural-order';

export interface DocumentFacts {
  readonly number: string;
  readonly revision: string;
}

/** What an evidence chain reads (threadgraph also judges it; the peers only read). */
export interface EvidenceFacts {
  readonly serialNumber: string;
  readonly partNumber: string;
  readonly site: string | null;
  readonly workOrderId: string | null;
  /** the part revision locked on the unit's work order */
  readonly builtToRevision: string | null;
  readonly drawing: DocumentFacts | null;
  /** ids of the requirements the built-to revision satisfies, sorted */
  readonly requirements: readonly string[];
  /** sorted by id */
  readonly operations: readonly {
    readonly id: string;
    readonly opNumber: string;
    readonly startedAt: string | null;
    readonly equipmentId: string | null;
    readonly operatorId: string | null;
    readonly workInstruction: DocumentFacts | null;
  }[];
  /** sorted by id */
  readonly inspections: readonly {
    readonly id: string;
    readonly characteristicId: string;
    readonly result: string;
    readonly plan: DocumentFacts;
  }[];
  /** the NCRs naming the unit, one of its operations, or any serial or lot in its genealogy; sorted by id */
  readonly nonconformances: readonly {
    readonly id: string;
    readonly status: string;
    readonly capaId: string | null;
  }[];
  /** every consumption edge below the unit once, at its least depth; sorted by depth, parentId, kind, id */
  readonly components: readonly ComponentEdge[];
}

export interface ComponentEdge {
  /** SERIAL or LOT */
  readonly kind: string;
  readonly id: string;
  readonly depth: number;
  readonly parentId: string;
}

/** As-built tree of a serial: every consumption edge below it once, at its least depth. */
export interface AsBuilt {
  readonly root: string;
  /** sorted by depth, parentId, kind, id */
  readonly edges: readonly ComponentEdge[];
}

/** Recall scope: every unit (serial) that contains the lot or serial, at any depth. */
export interface RecallScope {
  readonly totalCount: number;
  /** units shipped among them */
  readonly shippedCount: number;
  /**
   * The units listed (all of them, or the first `first`), in the order threadgraph pages them:
   * least depth first, then serial numbers in natural order (digit runs compared as numbers).
   */
  readonly units: readonly { readonly serialNumber: string; readonly depth: number }[];
}

export type Question =
  | { readonly kind: 'evidence'; readonly serialNumber: string }
  | { readonly kind: 'asBuilt'; readonly serialNumber: string }
  | { readonly kind: 'recallSerial'; readonly serialNumber: string }
  | { readonly kind: 'recallLot'; readonly lotNumber: string }
  /** the widest lot: count + the first 100 */
  | { readonly kind: 'recallWidestFirst'; readonly lotNumber: string }
  /** the widest lot: the whole list */
  | { readonly kind: 'recallWidestAll'; readonly lotNumber: string };

export type Answer = EvidenceFacts | AsBuilt | RecallScope;

/** A system the bench asks. `close` releases whatever it holds. */
export interface Peer {
  readonly name: string;
  ask(question: Question): Promise<Answer>;
  close(): Promise<void>;
}

export function byEdge(a: ComponentEdge, b: ComponentEdge): number {
  return a.depth - b.depth || cmp(a.parentId, b.parentId) || cmp(a.kind, b.kind) || cmp(a.id, b.id);
}

/** The first difference between two answers, or undefined when they are the same. */
export function difference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: ${a.length} items against ${b.length}`;
    for (let i = 0; i < a.length; i += 1) {
      const d = difference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      const d = difference(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${path}.${k}`,
      );
      if (d) return d;
    }
    return undefined;
  }
  return a === b ? undefined : `${path}: ${JSON.stringify(a)} against ${JSON.stringify(b)}`;
}
