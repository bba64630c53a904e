/**
 * The audit trail in Neo4j: `(:AuditEvent)` nodes numbered 1, 2, 3… and the one
 * `(:AuditHead {id: 'trail'})` (graph-schema/model.md, "The audit trail"). Appends are
 * serialised on the head's write lock; reads come back as domain AuditEvents, nulls and all, so
 * that they hash as they were written.
 */
import type { AuditEvent, AuditEventInput, ChainHead } from '../domain/audit-chain';
import { GENESIS_HASH, canonicalJson, chainNext } from '../domain/audit-chain';
import { ThreadgraphError } from '../domain/errors';
import type { Executor } from './executor';

/** Events a read transaction takes when the whole trail is read (verify, export). */
const STREAM_PAGE = 1000;

export interface AuditPageQuery {
  /** events with a lower number than this (null: from the newest) */
  readonly before: number | null;
  readonly limit: number;
  /** only actions starting with this ('import.'), null for all */
  readonly actionPrefix: string | null;
  readonly actor: string | null;
}

interface EventRow {
  seq: number;
  at: string;
  actor: string;
  actorKind: AuditEvent['actorKind'];
  action: string;
  target?: string;
  from?: string;
  reason?: string;
  detail?: string;
  prevHash: string;
  hash: string;
}

export class AuditTrailStore {
  constructor(private readonly executor: Executor) {}

  /**
   * Chains `input` onto the trail and writes it, in one write transaction: take the head (its
   * lock orders concurrent appenders), chain the event onto it, create it and move the head. A
   * transaction the driver retries chains again onto whatever head it then finds.
   */
  append(input: AuditEventInput): Promise<AuditEvent> {
    return this.executor.write('auditAppend', async (q) => {
      const [taken] = await q.run<{ seq: number; prevHash: string }>('audit-trail/take-head', {
        genesis: GENESIS_HASH,
      });
      if (taken === undefined) throw new ThreadgraphError('INTERNAL', 'audit head not taken');
      const event = chainNext({ seq: taken.seq - 1, hash: taken.prevHash }, input);
      const { seq, ...props } = event;
      const written = await q.run('audit-trail/append-event', {
        seq,
        props: { ...props, detail: event.detail === null ? null : canonicalJson(event.detail) },
        hash: event.hash,
        at: event.at,
      });
      if (written.length !== 1) {
        throw new ThreadgraphError('INTERNAL', `audit event ${seq}: the head moved under its lock`);
      }
      return event;
    });
  }

  /** The head as recorded with the last append; null when it is missing. */
  async head(): Promise<ChainHead | null> {
    const [row] = await this.executor.read('auditHead', (q) =>
      q.run<{ seq: number; hash: string }>('audit-trail/read-head'),
    );
    return row === undefined ? null : { seq: row.seq, hash: row.hash };
  }

  /** One page, newest first. */
  async page(query: AuditPageQuery): Promise<AuditEvent[]> {
    const rows = await this.executor.read('auditPage', (q) =>
      q.run<EventRow>('audit-trail/read-page', {
        before: query.before ?? Number.MAX_SAFE_INTEGER,
        limit: query.limit,
        actionPrefix: query.actionPrefix,
        actor: query.actor,
      }),
    );
    return rows.map(toEvent);
  }

  /** Every event numbered above `after`, in number order, a read transaction per page. */
  async *events(after = 0): AsyncGenerator<AuditEvent> {
    for (let from = after; ;) {
      const rows = await this.executor.read('auditEvents', (q) =>
        q.run<EventRow>('audit-trail/read-events', { after: from, limit: STREAM_PAGE }),
      );
      for (const row of rows) yield toEvent(row);
      const last = rows[rows.length - 1];
      if (last === undefined || rows.length < STREAM_PAGE) return;
      from = last.seq;
    }
  }
}

/**
 * Back to the domain's shape: a null the graph did not store comes back as null (not absent),
 * `detail` from its JSON. A detail someone replaced with text that is not JSON is kept as it is,
 * under `unreadable`: its hash then fails, which is what an auditor must see.
 */
function toEvent(row: EventRow): AuditEvent {
  let detail: AuditEvent['detail'] = null;
  if (row.detail !== undefined) {
    try {
      detail = JSON.parse(row.detail) as AuditEvent['detail'];
    } catch {
      detail = { unreadable: row.detail };
    }
  }
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    actorKind: row.actorKind,
    action: row.action,
    target: row.target ?? null,
    from: row.from ?? null,
    reason: row.reason ?? null,
    detail,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}
