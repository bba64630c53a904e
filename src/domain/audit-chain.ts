/**
 * The audit trail as a hash chain (21 CFR Part 11 §11.10(e), EU GMP Annex 11 §9): every event
 * carries the sha256 of its own content and of the event before it, so an event edited, deleted,
 * moved or slipped in afterwards breaks the chain where it happened. Pure: the store keeps the
 * events, this says what they must be and whether they still are.
 */
import { createHash } from 'node:crypto';
import { ThreadgraphError } from './errors';

/** Who acted: a person on the local machine, a signed-in user, an API key, the command line. */
export const AUDIT_ACTOR_KINDS = ['local', 'user', 'api-key', 'cli'] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

/** Flat on purpose: a value an auditor reads as it is, and a canonical form with no nesting. */
export type AuditDetail = Record<string, string | number | boolean | null>;

export interface AuditEventInput {
  /** ISO-8601, UTC */
  readonly at: string;
  readonly actor: string;
  readonly actorKind: AuditActorKind;
  /** what was done, dotted, area first: 'import.start', 'export.dhr', 'api-key.revoke', … */
  readonly action: string;
  /** what it was done to (a job id, a serial number, a key's name), if anything */
  readonly target: string | null;
  /** the client's address, when it came over the network */
  readonly from: string | null;
  readonly reason: string | null;
  readonly detail: AuditDetail | null;
}

export interface AuditEvent extends AuditEventInput {
  /** 1, 2, 3, … with no gaps: a missing number is a deleted event */
  readonly seq: number;
  /** the hash of event seq − 1 (GENESIS_HASH for event 1) */
  readonly prevHash: string;
  /** sha256 (hex) of the canonical JSON of every other field: eventHash */
  readonly hash: string;
}

/** The last event of a chain, as the store records it beside the events. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** What comes before event 1. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted (by UTF-16 code unit, as Array.prototype.sort does) and no
 * spacing: one text for one value, whatever order its keys were built or read in. Keys whose
 * value is undefined are left out, as JSON.stringify does; a number that JSON cannot carry
 * (NaN, ±Infinity) is refused rather than silently written as null.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError(`not a JSON number: ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`not a JSON value: ${typeof value}`);
  }
}

/**
 * The hash an event must carry: sha256 over the canonical JSON of every field but `hash`. The
 * fields are named one by one (not spread) so that a store which adds a property of its own, or
 * drops a null one, still hashes the same content.
 */
export function eventHash(event: Omit<AuditEvent, 'hash'>): string {
  const content = {
    seq: event.seq,
    prevHash: event.prevHash,
    at: event.at,
    actor: event.actor,
    actorKind: event.actorKind,
    action: event.action,
    target: event.target ?? null,
    from: event.from ?? null,
    reason: event.reason ?? null,
    detail: event.detail ?? null,
  };
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

/** The event that follows `head` (null: the chain is empty), chained to it. */
export function chainNext(head: ChainHead | null, input: AuditEventInput): AuditEvent {
  checkInput(input);
  const unhashed = {
    seq: (head?.seq ?? 0) + 1,
    prevHash: head?.hash ?? GENESIS_HASH,
    at: input.at,
    actor: input.actor,
    actorKind: input.actorKind,
    action: input.action,
    target: input.target ?? null,
    from: input.from ?? null,
    reason: input.reason ?? null,
    detail: input.detail === null || input.detail === undefined ? null : { ...input.detail },
  };
  return { ...unhashed, hash: eventHash(unhashed) };
}

/** Refuses what could not be chained faithfully: an event is written once and never mended. */
function checkInput(input: AuditEventInput): void {
  const wrong: string[] = [];
  if (typeof input.at !== 'string' || input.at === '') wrong.push('at is missing');
  if (typeof input.actor !== 'string' || input.actor === '') wrong.push('actor is missing');
  if (!AUDIT_ACTOR_KINDS.includes(input.actorKind)) {
    wrong.push(`actorKind must be one of ${AUDIT_ACTOR_KINDS.join(', ')}`);
  }
  if (typeof input.action !== 'string' || input.action === '') wrong.push('action is missing');
  for (const [k, v] of Object.entries(input.detail ?? {})) {
    const scalar =
      v === null ||
      typeof v === 'string' ||
      typeof v === 'boolean' ||
      (typeof v === 'number' && Number.isFinite(v));
    if (!scalar) wrong.push(`detail.${k} must be a string, a finite number, true, false or null`);
  }
  if (wrong.length > 0) {
    throw new ThreadgraphError('INVALID_INPUT', `audit event refused: ${wrong.join('; ')}`);
  }
}

export interface ChainProblem {
  /** the event the problem is about (the first of several missing ones) */
  readonly seq: number;
  /** what is wrong, in words, naming the event: "event 7: …" */
  readonly problem: string;
}

export interface ChainVerdict {
  readonly ok: boolean;
  /** events read */
  readonly count: number;
  /** the last event of the chain as read (highest seq in order), null when there was none */
  readonly head: ChainHead | null;
  /** in seq order */
  readonly problems: readonly ChainProblem[];
}

/** A run of missing numbers: `after` is the event read before the gap was seen (null: none). */
interface Gap {
  from: number;
  to: number;
  readonly next: number;
  readonly after: number | null;
  /** a number in it turned up later (out of order): the rest is worded without `next`/`after` */
  split: boolean;
}

/**
 * Checks a chain one event at a time, holding only the last event in order and the gaps seen
 * (not every hash): a trail of millions verifies in constant memory. verifyChain drives it; a
 * store that must read its head after the events (so appends made meanwhile are not taken for
 * insertions) drives it itself and calls finish with the head then.
 */
export class ChainVerifier {
  private last: ChainHead | null = null;
  /** the event read just before, whatever its number (for "comes after event N") */
  private previousSeq: number | null = null;
  private count = 0;
  private readonly gaps: Gap[] = [];
  private readonly problems: ChainProblem[] = [];
  private notedSeen = false;

  /**
   * `noted`: a head noted earlier, outside the store (an auditor's notebook, an exported copy).
   * The event it names must still carry its hash: the one check a chain rewritten from some event
   * on, hashes and head recomputed, cannot pass.
   */
  constructor(private readonly noted: ChainHead | null = null) {}

  /** The highest seq read in order so far (0: none): where a store should read on from. */
  get lastSeq(): number {
    return this.last?.seq ?? 0;
  }

  add(event: AuditEvent): void {
    this.count++;
    const { seq } = event;
    if (!hashHolds(event)) {
      this.problem(seq, `event ${seq}: its content does not match its hash (edited)`);
    }
    if (this.noted !== null && seq === this.noted.seq && !this.notedSeen) {
      this.notedSeen = true;
      if (event.hash !== this.noted.hash) {
        this.problem(
          seq,
          `event ${seq}: its hash is not the one noted (${this.noted.hash.slice(0, 12)}…): the trail was rewritten at or before it`,
        );
      }
    }
    const last = this.last;
    if (last === null || seq > last.seq) {
      const expected = (last?.seq ?? 0) + 1;
      if (seq > expected) {
        // deleted: the events between are gone (a wrong prevHash here says nothing more)
        this.gaps.push({
          from: expected,
          to: seq - 1,
          next: seq,
          after: last?.seq ?? null,
          split: false,
        });
      } else if (event.prevHash !== (last?.hash ?? GENESIS_HASH)) {
        this.problem(
          seq,
          last === null
            ? `event ${seq}: its previous hash is not the start of the trail (event 1 was replaced or inserted)`
            : `event ${seq}: its previous hash is not the hash of event ${last.seq} (an event was replaced, inserted or moved)`,
        );
      }
      this.last = { seq, hash: event.hash };
    } else {
      const gap = this.gaps.find((g) => g.from <= seq && seq <= g.to);
      const after = this.previousSeq ?? last.seq;
      if (gap !== undefined) {
        this.fill(gap, seq);
        this.problem(seq, `event ${seq}: it comes after event ${after}, out of order (reordered)`);
      } else {
        this.problem(
          seq,
          `event ${seq}: a second event with this number, after event ${after} (inserted)`,
        );
      }
    }
    this.previousSeq = seq;
  }

  /** The verdict; `head`, when given, is the head the store recorded: the chain must end there. */
  finish(head?: ChainHead | null): ChainVerdict {
    const problems = [...this.problems];
    for (const g of this.gaps) {
      const which = g.from === g.to ? `event ${g.from}` : `events ${g.from} to ${g.to}`;
      const why = g.split
        ? 'not in the trail'
        : g.after === null
          ? `the trail starts at event ${g.next}`
          : `event ${g.next} follows event ${g.after}`;
      problems.push({ seq: g.from, problem: `${which} missing: ${why} (deleted)` });
    }
    if (head !== undefined && head !== null) problems.push(...this.againstHead(head));
    if (this.noted !== null && this.noted.seq > 0 && !this.notedSeen) {
      problems.push({
        seq: this.noted.seq,
        problem: `event ${this.noted.seq}: noted (${this.noted.hash.slice(0, 12)}…) but not in the trail (deleted)`,
      });
    }
    problems.sort((a, b) => a.seq - b.seq);
    return { ok: problems.length === 0, count: this.count, head: this.last, problems };
  }

  private againstHead(head: ChainHead): ChainProblem[] {
    const last = this.last;
    const lastSeq = last?.seq ?? 0;
    if (lastSeq < head.seq) {
      const from = lastSeq + 1;
      const which = from === head.seq ? `event ${from}` : `events ${from} to ${head.seq}`;
      return [
        {
          seq: from,
          problem:
            last === null
              ? `${which} missing: the trail is empty but its head records event ${head.seq} (deleted)`
              : `${which} missing: the trail ends at event ${lastSeq} but its head records event ${head.seq} (deleted at the end)`,
        },
      ];
    }
    if (lastSeq > head.seq) {
      const from = head.seq + 1;
      return [
        {
          seq: from,
          problem: `event ${from}: beyond the head, which records event ${head.seq} as the last (inserted)`,
        },
      ];
    }
    if (last !== null && last.hash !== head.hash) {
      return [
        {
          seq: last.seq,
          problem: `event ${last.seq}: its hash is not the one the head records (the last event was replaced)`,
        },
      ];
    }
    return [];
  }

  private fill(gap: Gap, seq: number): void {
    gap.split = true;
    if (gap.from === gap.to) {
      this.gaps.splice(this.gaps.indexOf(gap), 1);
    } else if (seq === gap.from) {
      gap.from++;
    } else if (seq === gap.to) {
      gap.to--;
    } else {
      this.gaps.push({ ...gap, from: seq + 1 });
      gap.to = seq - 1;
    }
  }

  private problem(seq: number, problem: string): void {
    this.problems.push({ seq, problem });
  }
}

/** Whether the event's content hashes to its hash; content that cannot be hashed does not. */
function hashHolds(event: AuditEvent): boolean {
  try {
    return eventHash(event) === event.hash;
  } catch {
    return false; // a number JSON cannot carry, put there after the event was written
  }
}

/**
 * Whether `events` (in the order stored or exported: by seq) form an unbroken chain: each one's
 * content matches its hash, numbers run 1, 2, 3… without gaps, repeats or reversals, each names
 * the hash of the one before, and, when the recorded `head` is given, the chain ends exactly
 * there (which is what catches events deleted from the end); when a head `noted` earlier is
 * given, the event it names still carries its hash.
 */
export async function verifyChain(
  events: AsyncIterable<AuditEvent> | Iterable<AuditEvent>,
  head?: ChainHead | null,
  noted?: ChainHead | null,
): Promise<ChainVerdict> {
  const verifier = new ChainVerifier(noted);
  for await (const event of events) verifier.add(event);
  return verifier.finish(head);
}
