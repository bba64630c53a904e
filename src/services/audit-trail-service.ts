/**
 * The audit trail (21 CFR Part 11, EU GMP Annex 11): who did what, when, from where and why, as
 * a hash chain that shows any event edited, deleted, moved or slipped in afterwards. Recording,
 * reading, verifying the trail in the graph, and exporting it as a copy an auditor keeps and
 * verifies later (verifyTrailFile) against the head hash they noted.
 */
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import type {
  AuditEvent,
  AuditEventInput,
  ChainHead,
  ChainProblem,
  ChainVerdict,
} from '../domain/audit-chain';
import { AUDIT_ACTOR_KINDS, ChainVerifier, GENESIS_HASH } from '../domain/audit-chain';
import { ThreadgraphError } from '../domain/errors';
import { instantFromDate } from '../domain/time';
import { AuditTrailStore } from '../graph/audit-trail';
import type { Executor } from '../graph/executor';
import { decodeCursor, encodeCursor, pageSize } from './governance-service';

export type { AuditEvent, AuditEventInput, ChainHead } from '../domain/audit-chain';

/** A problem found; `seq` 0 when it is about the trail or the copy as a whole, not one event. */
export interface TrailProblem extends ChainProblem {
  /** in a copy: the line it is on, when it is about one line */
  readonly line?: number;
}

export interface TrailVerdict extends ChainVerdict {
  readonly problems: readonly TrailProblem[];
  /**
   * The head as the trail records it (the graph's head node, a copy's head line): what an
   * auditor notes, and compares with the head noted before. Null when there is none.
   */
  readonly recordedHead: ChainHead | null;
}

export interface AuditTrailFilter {
  /** only actions starting with this: 'import.' */
  readonly actionPrefix?: string | null;
  readonly actor?: string | null;
}

export interface AuditTrailPage {
  readonly nodes: readonly AuditEvent[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

/** Appends made while the trail is read are read too, this many times at most. */
const CATCH_UP_ROUNDS = 3;

export class AuditTrail {
  private readonly store: AuditTrailStore;

  /** `now` is the clock events are stamped with (tests pass their own). */
  constructor(
    executor: Executor,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.store = new AuditTrailStore(executor);
  }

  /** Appends an event, stamped now (UTC); concurrent records are numbered one after another. */
  record(input: Omit<AuditEventInput, 'at'>): Promise<AuditEvent> {
    return this.store.append({ ...input, at: instantFromDate(this.now()) });
  }

  /** Newest first; `after` is the endCursor of the page before. */
  async page(
    first: number,
    after?: string | null,
    filter: AuditTrailFilter = {},
  ): Promise<AuditTrailPage> {
    const limit = pageSize(first);
    const before = after ? cursorSeq(after) : null;
    const rows = await this.store.page({
      before,
      limit: limit + 1,
      actionPrefix: filter.actionPrefix ?? null,
      actor: filter.actor ?? null,
    });
    const nodes = rows.slice(0, limit);
    const last = nodes[nodes.length - 1];
    return {
      nodes,
      pageInfo: {
        hasNextPage: rows.length > limit,
        endCursor: last ? encodeCursor(String(last.seq)) : null,
      },
    };
  }

  /** The head as recorded: what an auditor notes. */
  head(): Promise<ChainHead | null> {
    return this.store.head();
  }

  /**
   * Reads the whole trail in number order and checks it, and that it ends at its head; `noted`,
   * a head noted at an earlier audit, must still be in it with the same hash.
   */
  async verify(noted?: ChainHead | null): Promise<TrailVerdict> {
    return this.readAll(() => undefined, noted ?? null);
  }

  /**
   * Writes the trail as JSON Lines, one event a line in number order, then the head as recorded
   * (`{"head":{"seq":N,"hash":"…"}}`), verifying as it goes: the verdict is the graph's. A head
   * that is missing is not made up (the copy then has no head line, and says so when verified),
   * except for a trail with no events, whose head can only be the genesis.
   */
  async exportTo(out: Writable): Promise<TrailVerdict> {
    const write = async (line: string) => {
      if (!out.write(`${line}\n`)) await once(out, 'drain');
    };
    const verdict = await this.readAll((e) => write(JSON.stringify(exportedEvent(e))));
    const head =
      verdict.recordedHead ?? (verdict.count === 0 ? { seq: 0, hash: GENESIS_HASH } : null);
    if (head !== null) await write(JSON.stringify({ head: { seq: head.seq, hash: head.hash } }));
    return verdict;
  }

  /** Verifies an exported copy: see verifyTrailFile. */
  verifyFile(path: string, noted?: ChainHead | null): Promise<TrailVerdict> {
    return verifyTrailFile(path, noted);
  }

  /**
   * Reads every event into a verifier, then the head; appends that committed meanwhile (the head
   * moved past the last event read) are read on, a few rounds at most — so a trail written to
   * while it is verified is not taken for one that lost its end, and one that did lose it is
   * still told.
   */
  private async readAll(
    each: (e: AuditEvent) => void | Promise<void>,
    noted: ChainHead | null = null,
  ): Promise<TrailVerdict> {
    const verifier = new ChainVerifier(noted);
    let head: ChainHead | null = null;
    for (let round = 0; round < CATCH_UP_ROUNDS; round++) {
      const before = verifier.lastSeq;
      for await (const e of this.store.events(before)) {
        verifier.add(e);
        await each(e);
      }
      head = await this.store.head();
      if (head === null || head.seq <= verifier.lastSeq) break;
      if (round > 0 && verifier.lastSeq === before) break;
    }
    const verdict = verifier.finish(head);
    const problems: TrailProblem[] = [...verdict.problems];
    if (head === null && verdict.count > 0) {
      problems.unshift({
        seq: 0,
        problem: 'the trail has no head: events deleted from its end could not be told (deleted)',
      });
    }
    return { ...verdict, ok: problems.length === 0, problems, recordedHead: head };
  }
}

/** An event as a line of a copy: its fields in the order people read them, hash last. */
function exportedEvent(e: AuditEvent): AuditEvent {
  return {
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    actorKind: e.actorKind,
    action: e.action,
    target: e.target,
    from: e.from,
    reason: e.reason,
    detail: e.detail,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

const EVENT_FIELDS = Object.keys(exportedEvent({} as AuditEvent));
const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Verifies a copy written by exportTo, without the graph: every line an event whose content
 * matches its hash, chained in number order, then the head line, which the chain must end at.
 * A line that is not JSON, or not an event (a field missing, of the wrong type, or one the
 * export never writes), is a problem naming its line, and is left out of the chain (so the event
 * it held shows as missing too). A copy rewritten whole, head included, verifies: only `noted`,
 * a head noted before, catches that.
 */
export async function verifyTrailFile(
  path: string,
  noted?: ChainHead | null,
): Promise<TrailVerdict> {
  const verifier = new ChainVerifier(noted);
  const problems: TrailProblem[] = [];
  const lineProblem = (line: number, problem: string, seq = 0) =>
    problems.push({ seq, line, problem: `line ${line}: ${problem}` });
  let head: { value: ChainHead; line: number } | null = null;
  let n = 0;
  const input = createReadStream(path, { encoding: 'utf8' });
  try {
    for await (const text of createInterface({ input, crlfDelay: Infinity })) {
      n++;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        lineProblem(n, text.trim() === '' ? 'empty: not an event' : 'not valid JSON');
        continue;
      }
      if (isRecord(value) && 'head' in value) {
        const h = value.head;
        if (!isRecord(h) || !isCount(h.seq) || typeof h.hash !== 'string' || !HEX64.test(h.hash)) {
          lineProblem(n, 'a head line without a valid seq and hash');
        } else if (head !== null) {
          lineProblem(n, `a second head line (the first is line ${head.line})`);
        } else {
          head = { value: { seq: h.seq, hash: h.hash }, line: n };
        }
        continue;
      }
      const wrong = eventProblems(value);
      const seq = isRecord(value) && isCount(value.seq) ? value.seq : 0;
      if (wrong.length > 0) {
        lineProblem(n, `not an audit event: ${wrong.join('; ')}`, seq);
        continue;
      }
      if (head !== null) {
        lineProblem(n, `event ${seq} comes after the head line (line ${head.line})`, seq);
      }
      verifier.add(value as AuditEvent);
    }
  } catch (e) {
    throw new ThreadgraphError('INVALID_INPUT', `cannot read ${path}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const verdict = verifier.finish(head?.value ?? null);
  problems.push(...verdict.problems);
  if (head === null) {
    problems.push({ seq: 0, problem: 'the copy has no head line: its end may have been cut' });
  }
  // by event; a line's own problem before what it did to the chain
  const lineOf = (p: TrailProblem) => p.line ?? Number.MAX_SAFE_INTEGER;
  problems.sort((a, b) => a.seq - b.seq || lineOf(a) - lineOf(b));
  return {
    ...verdict,
    ok: problems.length === 0,
    problems,
    recordedHead: head?.value ?? null,
  };
}

/** What is wrong with a line's value as an event: [] when it is one. */
function eventProblems(value: unknown): string[] {
  if (!isRecord(value)) return ['not a JSON object'];
  const wrong: string[] = [];
  const missing = EVENT_FIELDS.filter((f) => !(f in value));
  if (missing.length > 0) wrong.push(`lacks ${missing.join(', ')}`);
  const unknown = Object.keys(value).filter((f) => !EVENT_FIELDS.includes(f));
  if (unknown.length > 0) wrong.push(`has fields no export writes: ${unknown.join(', ')}`);
  if (missing.length > 0) return wrong;
  const v = value;
  if (!isCount(v.seq) || v.seq === 0) wrong.push('seq is not a positive integer');
  for (const f of ['at', 'actor', 'action'] as const) {
    if (typeof v[f] !== 'string') wrong.push(`${f} is not text`);
  }
  if (!(AUDIT_ACTOR_KINDS as readonly unknown[]).includes(v.actorKind)) {
    wrong.push(`actorKind is not one of ${AUDIT_ACTOR_KINDS.join(', ')}`);
  }
  for (const f of ['target', 'from', 'reason'] as const) {
    if (v[f] !== null && typeof v[f] !== 'string') wrong.push(`${f} is neither text nor null`);
  }
  const detail = v.detail;
  if (detail !== null && !(isRecord(detail) && Object.values(detail).every(isPlain))) {
    wrong.push('detail is neither null nor an object of plain values');
  }
  for (const f of ['prevHash', 'hash'] as const) {
    if (typeof v[f] !== 'string' || !HEX64.test(v[f])) wrong.push(`${f} is not 64 hex digits`);
  }
  return wrong;
}

function isPlain(v: unknown): boolean {
  return (
    v === null ||
    typeof v === 'string' ||
    typeof v === 'boolean' ||
    (typeof v === 'number' && Number.isFinite(v))
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

/** A page cursor: the number of the last event of the page before. */
function cursorSeq(cursor: string): number {
  const seq = Number(decodeCursor(cursor));
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new ThreadgraphError(
      'INVALID_INPUT',
      `after: not a cursor this server issued: ${cursor}`,
    );
  }
  return seq;
}
