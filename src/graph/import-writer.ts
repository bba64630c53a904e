/**
 * Writes one batch of canonical records in one transaction: every record of the batch is applied,
 * kept as history, or recorded as a violation — or, if anything fails, none is.
 *
 * Work is split in two so that the importer can do the CPU part of the next batch while the last
 * one is being written: prepareBatch maps records to graph rows (no I/O), writeBatch reads which
 * versions the graph holds, decides, and writes.
 */
import neo4j from 'neo4j-driver';
import type { CanonicalRecord, Kind, RecordData } from '../domain/canonical';
import { authorityOf, displayKey, recordId, searchKey } from '../domain/canonical';
import type { Versioned } from '../domain/precedence';
import { supersedes } from '../domain/precedence';
import type { QueryRunner } from './executor';
import type { Target } from './record-mapping';
import { artefactRow, consumptionRow, displayKeyOf, provenance } from './record-mapping';

export interface BatchContext {
  readonly importId: string;
  /** when the import started: the detection time of its violations */
  readonly startedAt: string;
}

export interface BatchOutcome {
  /** lines whose version is now the current one (new or changed records) */
  applied: number;
  /** lines whose version the graph already held as current */
  unchanged: number;
  /** lines kept as history only: an earlier version than the current one */
  history: number;
  /** lines refused because their source is not the authority for their kind */
  violations: number;
  /** events whose idempotency key was received before (or earlier in the batch): not applied */
  duplicates: number;
  /** every version that became current, and every version it replaced: what derived state hangs on */
  changed: { kind: Kind; data: RecordData }[];
}

/** All versions of one record in the batch, and the graph rows of the latest of them. */
interface RecordGroup {
  readonly rid: string;
  readonly consumption: boolean;
  readonly lines: readonly CanonicalRecord[];
  readonly candidate: CanonicalRecord;
  /** for the upsert statements */
  readonly row: Record<string, unknown>;
  readonly targets: readonly { target: Target; props: Record<string, unknown> }[];
  readonly rels: readonly Record<string, unknown>[];
}

export interface PreparedBatch {
  /** the records as read: a batch with events is prepared again without those received before */
  readonly records: readonly CanonicalRecord[];
  /** events repeated within the batch (the first of each key is the one taken) */
  readonly duplicates: number;
  readonly groups: readonly RecordGroup[];
  readonly violations: readonly Record<string, unknown>[];
  readonly violationCount: number;
}

interface StoredVersion extends Versioned {
  readonly rid: string;
  readonly placeholder: boolean;
  readonly source: string;
  readonly system?: string;
  readonly importId: string;
  readonly line?: number;
  readonly record?: string;
  readonly original?: string;
}

export function prepareBatch(
  records: readonly CanonicalRecord[],
  ctx: BatchContext,
  received: ReadonlySet<string> = new Set(),
): PreparedBatch {
  const violations: Record<string, unknown>[] = [];
  const byRid = new Map<string, CanonicalRecord[]>();
  const keys = new Set<string>();
  let duplicates = 0;
  for (const r of records) {
    if (r.eventKey !== undefined) {
      if (received.has(r.eventKey) || keys.has(r.eventKey)) {
        duplicates += 1;
        continue;
      }
      keys.add(r.eventKey);
    }
    if (r.source !== authorityOf(r.kind)) {
      violations.push(violationProps(r, ctx));
      continue;
    }
    const rid = recordId(r.kind, r.data);
    const lines = byRid.get(rid);
    if (lines) lines.push(r);
    else byRid.set(rid, [r]);
  }
  const groups: RecordGroup[] = [];
  for (const [rid, lines] of byRid) {
    const candidate = lines.reduce((best, r) => (supersedes(r, best) ? r : best));
    const prov = provenance(candidate, ctx.importId);
    const placeholder = (target: Target) => ({
      target,
      props: {
        ...target.keyProps,
        rid: target.rid,
        searchKey: searchKey(target.label, target.keyProps),
        placeholder: true,
        ...prov,
      },
    });
    if (candidate.kind === 'Consumption') {
      const c = consumptionRow(candidate, ctx.importId);
      groups.push({
        rid,
        consumption: true,
        lines,
        candidate,
        row: { rid, parentRid: c.parent.rid, childRid: c.child.rid, props: c.props },
        targets: [c.parent, c.child, ...c.references.map((r) => r.target)].map(placeholder),
        rels: [],
      });
    } else {
      const a = artefactRow(candidate, ctx.importId);
      groups.push({
        rid,
        consumption: false,
        lines,
        candidate,
        row: { rid, label: a.label, props: a.props },
        targets: a.references.map((r) => placeholder(r.target)),
        rels: a.references.flatMap((r) =>
          r.type === undefined
            ? []
            : [
                {
                  from: rid,
                  to: r.target.rid,
                  type: r.type,
                  ...prov,
                  characteristicId: r.props?.characteristicId ?? null,
                  linkId: r.props?.linkId ?? null,
                  linkType: r.props?.type ?? null,
                },
              ],
        ),
      });
    }
  }
  return { records, duplicates, groups, violations, violationCount: violations.length };
}

export async function writeBatch(
  q: QueryRunner,
  prepared: PreparedBatch,
  ctx: BatchContext,
): Promise<BatchOutcome> {
  let batch = prepared;
  const events = prepared.records.filter((r) => r.eventKey !== undefined);
  if (events.length > 0) {
    const received = new Set(
      (
        await q.run<{ key: string }>('import/read-received-events', {
          keys: [...new Set(events.map((r) => r.eventKey))],
        })
      ).map((r) => r.key),
    );
    if (received.size > 0) batch = prepareBatch(prepared.records, ctx, received);
    const taken = new Set<string>();
    const rows: Record<string, unknown>[] = [];
    const receivedAt = ctx.startedAt;
    for (const r of events) {
      const key = r.eventKey as string;
      if (taken.has(key) || received.has(key)) continue;
      taken.add(key);
      rows.push({
        key,
        rid: recordId(r.kind, r.data),
        importId: ctx.importId,
        line: r.line,
        receivedAt,
      });
    }
    if (rows.length > 0) await q.run('import/record-received-events', { events: rows });
  }
  const outcome: BatchOutcome = {
    applied: 0,
    unchanged: 0,
    history: 0,
    violations: batch.violationCount,
    duplicates: batch.duplicates,
    changed: [],
  };
  const stored = new Map<string, StoredVersion>();
  const artefactRids = batch.groups.filter((g) => !g.consumption).map((g) => g.rid);
  const consumptionRids = batch.groups.filter((g) => g.consumption).map((g) => g.rid);
  if (artefactRids.length > 0) {
    for (const v of await q.run<StoredVersion>('import/read-artefact-versions', {
      rids: artefactRids,
    })) {
      stored.set(v.rid, v);
    }
  }
  if (consumptionRids.length > 0) {
    for (const v of await q.run<StoredVersion>('import/read-consumption-versions', {
      rids: consumptionRids,
    })) {
      stored.set(v.rid, v);
    }
  }

  const winners: RecordGroup[] = [];
  const replaced: string[] = [];
  const history = new Map<string, Record<string, unknown>>();
  for (const group of batch.groups) {
    const { rid, candidate } = group;
    const found = stored.get(rid);
    const held = found && !found.placeholder ? found : undefined;
    const wins = held === undefined || supersedes(candidate, held);
    if (wins) {
      winners.push(group);
      outcome.changed.push({ kind: candidate.kind, data: candidate.data });
      if (held !== undefined) {
        outcome.changed.push({ kind: candidate.kind, data: dataOf(held.record) });
        if (!group.consumption) replaced.push(rid);
        history.set(`${rid}#${held.versionHash}`, storedVersionProps(held));
      }
    }
    // count each line as if the file were applied one line at a time, so that the counts do not
    // depend on where batches happen to split it
    let latest: Versioned | undefined = held;
    for (const r of group.lines) {
      if (r.versionHash === latest?.versionHash) outcome.unchanged += 1;
      else if (latest === undefined || supersedes(r, latest)) {
        outcome.applied += 1;
        latest = r;
      } else outcome.history += 1;
      // every version but the one that ends current is history
      if (r.versionHash !== (wins ? candidate : held)?.versionHash) {
        history.set(`${rid}#${r.versionHash}`, recordVersionProps(r, ctx.importId));
      }
    }
  }

  const written = new Set(winners.filter((g) => !g.consumption).map((g) => g.rid));
  const targets = new Map<string, Record<string, unknown>>();
  for (const g of winners) {
    for (const { target, props } of g.targets) {
      if (!written.has(target.rid) && !targets.has(target.rid)) {
        targets.set(target.rid, { rid: target.rid, label: target.label, props });
      }
    }
  }
  const artefacts = winners.filter((g) => !g.consumption);
  const consumptions = winners.filter((g) => g.consumption);
  if (replaced.length > 0) await q.run('import/delete-declared-relationships', { rids: replaced });
  if (artefacts.length > 0)
    await q.run('import/upsert-artefacts', { rows: artefacts.map((g) => g.row) });
  if (targets.size > 0)
    await q.run('import/ensure-placeholders', { targets: [...targets.values()] });
  const rels = artefacts.flatMap((g) => g.rels);
  if (rels.length > 0) await q.run('import/create-relationships', { rels });
  if (consumptions.length > 0)
    await q.run('import/upsert-consumptions', { rows: consumptions.map((g) => g.row) });
  if (history.size > 0) await q.run('import/archive-versions', { versions: [...history.values()] });
  if (batch.violations.length > 0)
    await q.run('import/record-violations', { rows: batch.violations });
  return outcome;
}

function recordVersionProps(r: CanonicalRecord, importId: string): Record<string, unknown> {
  const rid = recordId(r.kind, r.data);
  return {
    id: `${rid}#${r.versionHash}`,
    rid,
    kind: r.kind,
    key: displayKey(r.kind, r.data),
    versionHash: r.versionHash,
    recordedAt: r.recordedAt,
    source: r.source,
    system: r.system ?? null,
    site: r.site ?? null,
    importId,
    line: neo4j.int(r.line),
    record: r.raw,
    original: r.original ?? null,
  };
}

function storedVersionProps(v: StoredVersion): Record<string, unknown> {
  return {
    id: `${v.rid}#${v.versionHash}`,
    rid: v.rid,
    kind: (JSON.parse(v.rid) as string[])[0],
    key: displayKeyOf(v.rid),
    versionHash: v.versionHash,
    recordedAt: v.recordedAt,
    source: v.source,
    system: v.system ?? null,
    site: siteOf(v.record),
    importId: v.importId,
    line: v.line === undefined ? null : neo4j.int(v.line),
    record: v.record ?? null,
    original: v.original ?? null,
  };
}

/** The data of a stored record line, as it was received. */
function dataOf(record: string | undefined): RecordData {
  try {
    return (JSON.parse(record ?? '{}') as { data?: RecordData }).data ?? {};
  } catch {
    return {};
  }
}

/** The envelope site of a stored record line. */
function siteOf(record: string | undefined): string | null {
  try {
    const site = (JSON.parse(record ?? '{}') as { site?: unknown }).site;
    return typeof site === 'string' ? site : null;
  } catch {
    return null;
  }
}

function violationProps(r: CanonicalRecord, ctx: BatchContext): Record<string, unknown> {
  const rid = recordId(r.kind, r.data);
  const authority = authorityOf(r.kind);
  return {
    id: `${rid}#${r.versionHash}`,
    rid,
    kind: r.kind,
    key: displayKey(r.kind, r.data),
    source: r.source,
    system: r.system ?? null,
    site: r.site ?? null,
    authority,
    reason: `${r.kind} records are authoritative from ${authority} only; this one came from ${r.source}`,
    importId: ctx.importId,
    line: neo4j.int(r.line),
    recordedAt: r.recordedAt,
    record: r.raw,
    detectedAt: ctx.startedAt,
    page: `${ctx.startedAt}|${rid}#${r.versionHash}`,
  };
}
