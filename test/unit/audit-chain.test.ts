import type { AuditEvent, AuditEventInput } from '../../src/domain/audit-chain';
import {
  GENESIS_HASH,
  canonicalJson,
  chainNext,
  eventHash,
  verifyChain,
} from '../../src/domain/audit-chain';

const input = (n: number, over: Partial<AuditEventInput> = {}): AuditEventInput => ({
  at: `2026-03-01T10:00:0${n}.000000000Z`,
  actor: 'ana',
  actorKind: 'user',
  action: 'import.start',
  target: `imp-${n}`,
  from: '10.0.0.7',
  reason: null,
  detail: { lines: n * 10, dryRun: false },
  ...over,
});

/** A chain of `n` events, built as the store builds it: each after the one before. */
function chain(n: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let i = 1; i <= n; i++) events.push(chainNext(events[events.length - 1] ?? null, input(i)));
  return events;
}

const headOf = (e: AuditEvent) => ({ seq: e.seq, hash: e.hash });

describe('canonicalJson', () => {
  it('sorts keys at every level and leaves out spacing', () => {
    expect(canonicalJson({ b: 1, a: { d: true, c: null } })).toBe(
      '{"a":{"c":null,"d":true},"b":1}',
    );
  });

  it('gives one text whatever order the keys were built in', () => {
    expect(canonicalJson({ z: 'x', y: [2, 1] })).toBe(canonicalJson({ y: [2, 1], z: 'x' }));
    expect(canonicalJson({ z: 'x', y: [2, 1] })).toBe('{"y":[2,1],"z":"x"}');
  });

  it('sorts by code unit (upper case before lower) and escapes as JSON does', () => {
    expect(canonicalJson({ b: 'é"\n', B: 0, a: -1.5 })).toBe('{"B":0,"a":-1.5,"b":"é\\"\\n"}');
  });

  it('leaves out undefined members, keeps null, refuses numbers JSON cannot carry', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(RangeError);
    expect(() => canonicalJson({ a: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });
});

describe('chainNext', () => {
  it('starts at 1 after the genesis hash; the hash is sha256 of the canonical fields', () => {
    const e = chainNext(null, {
      at: '2026-03-01T10:00:00.000000000Z',
      actor: 'ana',
      actorKind: 'user',
      action: 'sign-in',
      target: null,
      from: null,
      reason: null,
      detail: null,
    });
    expect(e.seq).toBe(1);
    expect(e.prevHash).toBe(GENESIS_HASH);
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    // sha256sum of the canonical text written out by hand:
    // {"action":"sign-in","actor":"ana","actorKind":"user","at":"2026-03-01T10:00:00.000000000Z",
    //  "detail":null,"from":null,"prevHash":"000…0","reason":null,"seq":1,"target":null}
    expect(e.hash).toBe('e27c0c6a07c03a7256414a49c81c867e1a055f868e3d5fd76cefc089f67102f4');
  });

  it('follows the head: the next number, the head’s hash as prevHash', () => {
    const e = chainNext({ seq: 41, hash: 'a'.repeat(64) }, input(1));
    expect(e.seq).toBe(42);
    expect(e.prevHash).toBe('a'.repeat(64));
    expect(e.hash).toBe(eventHash(e));
  });

  it('refuses an event that could not be chained faithfully', () => {
    expect(() => chainNext(null, input(1, { action: '' }))).toThrow(/action is missing/);
    expect(() => chainNext(null, input(1, { detail: { n: Number.NaN } }))).toThrow(
      /detail\.n must be/,
    );
    expect(() =>
      chainNext(null, input(1, { actorKind: 'root' as AuditEventInput['actorKind'] })),
    ).toThrow(/actorKind must be one of/);
  });
});

describe('verifyChain', () => {
  it('finds a chain of five intact, with its head', async () => {
    const events = chain(5);
    const verdict = await verifyChain(events, headOf(events[4] as AuditEvent));
    expect(verdict).toEqual({
      ok: true,
      count: 5,
      head: headOf(events[4] as AuditEvent),
      problems: [],
    });
  });

  it('reads an async stream as it reads a list', async () => {
    async function* stream() {
      for (const e of chain(3)) yield await Promise.resolve(e);
    }
    expect((await verifyChain(stream())).ok).toBe(true);
    expect((await verifyChain([])).ok).toBe(true);
  });

  it('names an edited event: one field changed, its hash left as it was', async () => {
    const events = chain(5);
    events[2] = { ...(events[2] as AuditEvent), actor: 'mallory' };
    const verdict = await verifyChain(events, headOf(events[4] as AuditEvent));
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual([
      { seq: 3, problem: 'event 3: its content does not match its hash (edited)' },
    ]);
  });

  it('names an edited event whose hash was recomputed: the next one no longer follows it', async () => {
    const events = chain(5);
    const forged = { ...(events[2] as AuditEvent), reason: 'nothing to see' };
    events[2] = { ...forged, hash: eventHash(forged) };
    const verdict = await verifyChain(events, headOf(events[4] as AuditEvent));
    expect(verdict.problems).toEqual([
      {
        seq: 4,
        problem:
          'event 4: its previous hash is not the hash of event 3 (an event was replaced, inserted or moved)',
      },
    ]);
  });

  it('names a deleted event in the middle by its number', async () => {
    const events = chain(5);
    events.splice(2, 1); // event 3
    const verdict = await verifyChain(events, headOf(events[3] as AuditEvent));
    expect(verdict.count).toBe(4);
    expect(verdict.problems).toEqual([
      { seq: 3, problem: 'event 3 missing: event 4 follows event 2 (deleted)' },
    ]);
  });

  it('names several deleted events, and the first ones', async () => {
    const events = chain(6);
    const kept = [events[2], events[5]] as AuditEvent[]; // 3 and 6
    const verdict = await verifyChain(kept);
    expect(verdict.problems).toEqual([
      { seq: 1, problem: 'events 1 to 2 missing: the trail starts at event 3 (deleted)' },
      { seq: 4, problem: 'events 4 to 5 missing: event 6 follows event 3 (deleted)' },
    ]);
  });

  it('names two swapped events as out of order, not as deleted', async () => {
    const events = chain(5);
    const [e1, e2, e3, e4, e5] = events as [
      AuditEvent,
      AuditEvent,
      AuditEvent,
      AuditEvent,
      AuditEvent,
    ];
    const verdict = await verifyChain([e1, e2, e4, e3, e5], headOf(e5));
    expect(verdict.problems).toEqual([
      { seq: 3, problem: 'event 3: it comes after event 4, out of order (reordered)' },
    ]);
  });

  it('names two events whose numbers were swapped (each hash covers its number)', async () => {
    const events = chain(5);
    const [e1, e2, e3, e4, e5] = events as [
      AuditEvent,
      AuditEvent,
      AuditEvent,
      AuditEvent,
      AuditEvent,
    ];
    const verdict = await verifyChain(
      [e1, e2, { ...e4, seq: 3 }, { ...e3, seq: 4 }, e5],
      headOf(e5),
    );
    expect(verdict.problems.map((p) => p.seq)).toEqual([3, 3, 4, 4, 5]);
    expect(verdict.problems).toContainEqual({
      seq: 3,
      problem: 'event 3: its content does not match its hash (edited)',
    });
    expect(verdict.problems).toContainEqual({
      seq: 4,
      problem: 'event 4: its content does not match its hash (edited)',
    });
    expect(verdict.problems).toContainEqual({
      seq: 5,
      problem:
        'event 5: its previous hash is not the hash of event 4 (an event was replaced, inserted or moved)',
    });
  });

  it('names events deleted from the end, which only the recorded head shows', async () => {
    const events = chain(5);
    const head = headOf(events[4] as AuditEvent);
    const cut = events.slice(0, 3);
    expect((await verifyChain(cut)).ok).toBe(true); // without the head nothing is wrong
    const verdict = await verifyChain(cut, head);
    expect(verdict.head).toEqual(headOf(events[2] as AuditEvent));
    expect(verdict.problems).toEqual([
      {
        seq: 4,
        problem:
          'events 4 to 5 missing: the trail ends at event 3 but its head records event 5 (deleted at the end)',
      },
    ]);
    expect((await verifyChain(events.slice(0, 4), head)).problems).toEqual([
      {
        seq: 5,
        problem:
          'event 5 missing: the trail ends at event 4 but its head records event 5 (deleted at the end)',
      },
    ]);
    expect((await verifyChain([], head)).problems).toEqual([
      {
        seq: 1,
        problem: 'events 1 to 5 missing: the trail is empty but its head records event 5 (deleted)',
      },
    ]);
  });

  it('names a forged event inserted with a number already taken', async () => {
    const events = chain(5);
    // chained correctly onto event 2, hash and all: only its number gives it away
    const forged = chainNext(headOf(events[1] as AuditEvent), input(9, { action: 'export.dhr' }));
    expect(forged.seq).toBe(3);
    const verdict = await verifyChain(
      [...events.slice(0, 3), forged, ...events.slice(3)],
      headOf(events[4] as AuditEvent),
    );
    expect(verdict.problems).toEqual([
      { seq: 3, problem: 'event 3: a second event with this number, after event 3 (inserted)' },
    ]);
  });

  it('names a forged event appended after the head was recorded', async () => {
    const events = chain(5);
    const head = headOf(events[4] as AuditEvent);
    const forged = chainNext(head, input(6));
    const verdict = await verifyChain([...events, forged], head);
    expect(verdict.problems).toEqual([
      {
        seq: 6,
        problem: 'event 6: beyond the head, which records event 5 as the last (inserted)',
      },
    ]);
  });

  it('names a replaced last event: chained and hashed, but not the one the head records', async () => {
    const events = chain(5);
    const head = headOf(events[4] as AuditEvent);
    events[4] = chainNext(headOf(events[3] as AuditEvent), input(5, { reason: 'rewritten' }));
    const verdict = await verifyChain(events, head);
    expect(verdict.problems).toEqual([
      {
        seq: 5,
        problem: 'event 5: its hash is not the one the head records (the last event was replaced)',
      },
    ]);
  });

  it('cannot tell a chain rewritten from some event on, head and all, except by a noted head', async () => {
    const events = chain(5);
    const noted = headOf(events[2] as AuditEvent); // noted at an earlier audit, when 3 was last
    const rewritten = events.slice(0, 2);
    for (const n of [3, 4, 5]) {
      rewritten.push(chainNext(rewritten[rewritten.length - 1] ?? null, input(n, { actor: 'x' })));
    }
    const newHead = headOf(rewritten[4] as AuditEvent);
    expect((await verifyChain(rewritten, newHead)).ok).toBe(true);
    expect((await verifyChain(events, headOf(events[4] as AuditEvent), noted)).ok).toBe(true);
    expect((await verifyChain(rewritten, newHead, noted)).problems).toEqual([
      {
        seq: 3,
        problem: `event 3: its hash is not the one noted (${noted.hash.slice(0, 12)}…): the trail was rewritten at or before it`,
      },
    ]);
    expect((await verifyChain(events.slice(0, 2), null, noted)).problems).toEqual([
      {
        seq: 3,
        problem: `event 3: noted (${noted.hash.slice(0, 12)}…) but not in the trail (deleted)`,
      },
    ]);
  });
});
