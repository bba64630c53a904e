/**
 * The audit trail on the real Neo4j: concurrent appends numbered without gaps or repeats, and
 * tampering done by hand in the graph, or in an exported copy, found and named.
 */
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEvent } from '../../src/domain/audit-chain';
import { chainNext } from '../../src/domain/audit-chain';
import type { Executor } from '../../src/graph/executor';
import { AuditTrail } from '../../src/services/audit-trail-service';
import { runInTestGraph, testExecutor } from '../support/neo4j-for-tests';

let executor: Executor;
let trail: AuditTrail;
const dir = mkdtempSync(join(tmpdir(), 'threadgraph-audit-'));

beforeAll(async () => {
  executor = await testExecutor();
  trail = new AuditTrail(executor, () => new Date('2026-03-01T10:00:00.123Z'));
});
afterAll(() => executor.close());
// the trail is this file's own: nothing else writes it
beforeEach(() => runInTestGraph('MATCH (n) WHERE n:AuditEvent OR n:AuditHead DETACH DELETE n'));

const ACTIONS = ['import.start', 'export.dhr', 'import.cancel', 'sign-in', 'export.recall'];

/** Five events, one after another: 1 import.start … 5 export.recall, by ana and bo in turn. */
async function five(): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  for (const [i, action] of ACTIONS.entries()) {
    events.push(
      await trail.record({
        actor: i % 2 === 0 ? 'ana' : 'bo',
        actorKind: 'user',
        action,
        target: `T-${i + 1}`,
        from: '10.0.0.7',
        reason: i === 2 ? 'wrong file' : null,
        detail: i === 0 ? { lines: 120, dryRun: false, note: null } : null,
      }),
    );
  }
  return events;
}

const seqs = (events: readonly AuditEvent[]) => events.map((e) => e.seq);

describe('recording', () => {
  it('numbers 20 concurrent appends 1 to 20, each chained onto the one before', async () => {
    const recorded = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        trail.record({
          actor: `user-${i}`,
          actorKind: 'api-key',
          action: 'export.dhr',
          target: `SN-${i}`,
          from: null,
          reason: null,
          detail: null,
        }),
      ),
    );
    const bySeq = [...recorded].sort((a, b) => a.seq - b.seq);
    expect(seqs(bySeq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(recorded.map((e) => e.actor)).size).toBe(20);
    bySeq.forEach((e, i) => {
      expect(e.prevHash).toBe(i === 0 ? '0'.repeat(64) : bySeq[i - 1]?.hash);
    });
    const verdict = await trail.verify();
    const last = bySeq[19] as AuditEvent;
    expect(verdict).toEqual({
      ok: true,
      count: 20,
      head: { seq: 20, hash: last.hash },
      recordedHead: { seq: 20, hash: last.hash },
      problems: [],
    });
  });

  it('stores the event as it was hashed: the stamp, nulls and detail come back the same', async () => {
    const [first] = await five();
    expect(first?.at).toBe('2026-03-01T10:00:00.123000000Z');
    const page = await trail.page(5);
    expect(page.nodes[4]).toEqual(first);
    expect(page.nodes[4]?.detail).toEqual({ lines: 120, dryRun: false, note: null });
    expect(page.nodes[3]?.target).toBe('T-2');
    expect(page.nodes[3]?.reason).toBeNull();
  });

  it('an empty trail verifies, with no head yet', async () => {
    expect(await trail.verify()).toEqual({
      ok: true,
      count: 0,
      head: null,
      recordedHead: null,
      problems: [],
    });
  });
});

describe('reading pages', () => {
  it('pages newest first, by cursor, filtered by action prefix and actor', async () => {
    await five();
    const first = await trail.page(2);
    expect(seqs(first.nodes)).toEqual([5, 4]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await trail.page(2, first.pageInfo.endCursor);
    expect(seqs(second.nodes)).toEqual([3, 2]);
    const third = await trail.page(2, second.pageInfo.endCursor);
    expect(seqs(third.nodes)).toEqual([1]);
    expect(third.pageInfo.hasNextPage).toBe(false);
    // import.start (1), import.cancel (3); export.dhr (2), export.recall (5); ana: 1, 3, 5
    expect(seqs((await trail.page(10, null, { actionPrefix: 'import.' })).nodes)).toEqual([3, 1]);
    expect(seqs((await trail.page(10, null, { actionPrefix: 'export.' })).nodes)).toEqual([5, 2]);
    expect(seqs((await trail.page(10, null, { actor: 'ana' })).nodes)).toEqual([5, 3, 1]);
    expect(
      seqs((await trail.page(10, null, { actor: 'ana', actionPrefix: 'export.' })).nodes),
    ).toEqual([5]);
    await expect(trail.page(2, 'bm9wZQ')).rejects.toThrow(/not a cursor/);
  });
});

describe('verify finds tampering done in the graph', () => {
  it('a field set by hand', async () => {
    await five();
    await runInTestGraph(`MATCH (e:AuditEvent {seq: 3}) SET e.reason = 'no reason'`);
    const verdict = await trail.verify();
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual([
      { seq: 3, problem: 'event 3: its content does not match its hash (edited)' },
    ]);
  });

  it('a detail rewritten with text that is not JSON', async () => {
    await five();
    await runInTestGraph(`MATCH (e:AuditEvent {seq: 1}) SET e.detail = '{lines: 12'`);
    expect((await trail.verify()).problems).toEqual([
      { seq: 1, problem: 'event 1: its content does not match its hash (edited)' },
    ]);
  });

  it('an event deleted from the middle', async () => {
    await five();
    await runInTestGraph('MATCH (e:AuditEvent {seq: 3}) DETACH DELETE e');
    const verdict = await trail.verify();
    expect(verdict.count).toBe(4);
    expect(verdict.problems).toEqual([
      { seq: 3, problem: 'event 3 missing: event 4 follows event 2 (deleted)' },
    ]);
  });

  it('the last event deleted: only the head shows it', async () => {
    const events = await five();
    await runInTestGraph('MATCH (e:AuditEvent {seq: 5}) DETACH DELETE e');
    const verdict = await trail.verify();
    expect(verdict.recordedHead).toEqual({ seq: 5, hash: events[4]?.hash });
    expect(verdict.problems).toEqual([
      {
        seq: 5,
        problem:
          'event 5 missing: the trail ends at event 4 but its head records event 5 (deleted at the end)',
      },
    ]);
  });

  it('two events whose numbers were swapped', async () => {
    await five();
    // through a free number: the constraint refuses a number held twice even for a moment
    await runInTestGraph(
      'MATCH (a:AuditEvent {seq: 2}), (b:AuditEvent {seq: 4}) ' +
        'SET a.seq = -1, b.seq = 2 WITH a SET a.seq = 4',
    );
    // read in number order: 1, old 4, 3, old 2, 5 — each moved one fails its hash, and every
    // link around them breaks
    const link = (seq: number) =>
      `event ${seq}: its previous hash is not the hash of event ${seq - 1} (an event was replaced, inserted or moved)`;
    expect((await trail.verify()).problems).toEqual([
      { seq: 2, problem: 'event 2: its content does not match its hash (edited)' },
      { seq: 2, problem: link(2) },
      { seq: 3, problem: link(3) },
      { seq: 4, problem: 'event 4: its content does not match its hash (edited)' },
      { seq: 4, problem: link(4) },
      { seq: 5, problem: link(5) },
    ]);
  });

  it('a forged event, chained and hashed, created after the last without moving the head', async () => {
    const events = await five();
    const last = events[4] as AuditEvent;
    const forged = chainNext(last, {
      at: '2026-03-01T11:00:00.000000000Z',
      actor: 'ana',
      actorKind: 'user',
      action: 'config.change',
      target: null,
      from: null,
      reason: null,
      detail: null,
    });
    await runInTestGraph(
      'CREATE (e:AuditEvent {seq: toInteger($seq)}) SET e.at = $at, e.actor = $actor, ' +
        'e.actorKind = $actorKind, e.action = $action, e.prevHash = $prevHash, e.hash = $hash',
      { ...forged },
    );
    expect((await trail.verify()).problems).toEqual([
      {
        seq: 6,
        problem: 'event 6: beyond the head, which records event 5 as the last (inserted)',
      },
    ]);
  });

  it('a chain rewritten from event 3 on, hashes and head recomputed: only a noted head tells', async () => {
    const events = await five();
    const noted = { seq: 5, hash: (events[4] as AuditEvent).hash };
    let previous = events[1] as AuditEvent;
    for (const original of events.slice(2)) {
      const forged = chainNext(previous, { ...original, actor: 'mallory' });
      await runInTestGraph(
        'MATCH (e:AuditEvent {seq: toInteger($seq)}) SET e.actor = $actor, e.prevHash = $prevHash, ' +
          "e.hash = $hash WITH 1 AS done MATCH (h:AuditHead {id: 'trail'}) SET h.hash = $hash",
        { ...forged },
      );
      previous = forged;
    }
    expect(await trail.verify()).toMatchObject({ ok: true, count: 5 });
    expect((await trail.verify(noted)).problems).toEqual([
      {
        seq: 5,
        problem: `event 5: its hash is not the one noted (${noted.hash.slice(0, 12)}…): the trail was rewritten at or before it`,
      },
    ]);
  });

  it('the head deleted', async () => {
    await five();
    await runInTestGraph('MATCH (h:AuditHead) DELETE h');
    expect((await trail.verify()).problems).toEqual([
      {
        seq: 0,
        problem: 'the trail has no head: events deleted from its end could not be told (deleted)',
      },
    ]);
  });
});

describe('an exported copy', () => {
  /** Exports the trail to a new file; returns its lines. */
  async function exported(name: string): Promise<{ path: string; lines: string[] }> {
    const path = join(dir, name);
    const out = createWriteStream(path, { flags: 'wx' });
    const verdict = await trail.exportTo(out);
    out.end();
    await once(out, 'finish');
    expect(verdict.ok).toBe(true);
    return { path, lines: readFileSync(path, 'utf8').split('\n').slice(0, -1) };
  }

  const rewrite = (path: string, lines: readonly string[]) =>
    writeFileSync(path, `${lines.join('\n')}\n`);

  it('holds one event a line in number order, then the head; and verifies', async () => {
    const events = await five();
    const { path, lines } = await exported('intact.jsonl');
    expect(lines).toHaveLength(6);
    expect(lines.slice(0, 5).map((l) => JSON.parse(l) as AuditEvent)).toEqual(events);
    expect(JSON.parse(lines[5] as string)).toEqual({
      head: { seq: 5, hash: events[4]?.hash },
    });
    // fields in the order people read them, hash last
    expect(Object.keys(JSON.parse(lines[0] as string) as object)).toEqual([
      'seq',
      'at',
      'actor',
      'actorKind',
      'action',
      'target',
      'from',
      'reason',
      'detail',
      'prevHash',
      'hash',
    ]);
    expect(await trail.verifyFile(path)).toEqual({
      ok: true,
      count: 5,
      head: { seq: 5, hash: events[4]?.hash },
      recordedHead: { seq: 5, hash: events[4]?.hash },
      problems: [],
    });
  });

  it('a line edited', async () => {
    await five();
    const { path, lines } = await exported('edited.jsonl');
    const third = JSON.parse(lines[2] as string) as Record<string, unknown>;
    lines[2] = JSON.stringify({ ...third, actor: 'mallory' });
    rewrite(path, lines);
    expect((await trail.verifyFile(path)).problems).toEqual([
      { seq: 3, problem: 'event 3: its content does not match its hash (edited)' },
    ]);
  });

  it('a line deleted', async () => {
    await five();
    const { path, lines } = await exported('deleted.jsonl');
    lines.splice(1, 1);
    rewrite(path, lines);
    expect((await trail.verifyFile(path)).problems).toEqual([
      { seq: 2, problem: 'event 2 missing: event 3 follows event 1 (deleted)' },
    ]);
  });

  it('two lines swapped', async () => {
    await five();
    const { path, lines } = await exported('reordered.jsonl');
    [lines[1], lines[2]] = [lines[2] as string, lines[1] as string];
    rewrite(path, lines);
    expect((await trail.verifyFile(path)).problems).toEqual([
      { seq: 2, problem: 'event 2: it comes after event 3, out of order (reordered)' },
    ]);
  });

  it('its end cut: the last event and the head line, or the last event only', async () => {
    await five();
    const { path, lines } = await exported('cut.jsonl');
    rewrite(path, lines.slice(0, 4));
    expect((await trail.verifyFile(path)).problems).toEqual([
      { seq: 0, problem: 'the copy has no head line: its end may have been cut' },
    ]);
    rewrite(path, [...lines.slice(0, 4), lines[5] as string]);
    expect((await trail.verifyFile(path)).problems).toEqual([
      {
        seq: 5,
        problem:
          'event 5 missing: the trail ends at event 4 but its head records event 5 (deleted at the end)',
      },
    ]);
  });

  it('a line that is not JSON, or not an event, named by its number', async () => {
    await five();
    const { path, lines } = await exported('broken.jsonl');
    lines[3] = '{"seq": 4, "at": ';
    const first = JSON.parse(lines[0] as string) as Record<string, unknown>;
    delete first.hash;
    lines[0] = JSON.stringify(first);
    rewrite(path, lines);
    expect((await trail.verifyFile(path)).problems).toEqual([
      { seq: 0, line: 4, problem: 'line 4: not valid JSON' },
      { seq: 1, line: 1, problem: 'line 1: not an audit event: lacks hash' },
      { seq: 1, problem: 'event 1 missing: the trail starts at event 2 (deleted)' },
      { seq: 4, problem: 'event 4 missing: event 5 follows event 3 (deleted)' },
    ]);
  });

  it('is refused by verifyFile when it cannot be read', async () => {
    await expect(trail.verifyFile(join(dir, 'nothing-here.jsonl'))).rejects.toThrow(
      /cannot read .*nothing-here\.jsonl: ENOENT/,
    );
  });
});
