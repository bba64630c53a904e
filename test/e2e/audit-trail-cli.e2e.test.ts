/** `threadgraph audit verify|export|trail` against the test Neo4j: exit codes a scheduled check relies on. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli';
import type { AuditEvent } from '../../src/domain/audit-chain';
import type { Executor } from '../../src/graph/executor';
import { AuditTrail } from '../../src/services/audit-trail-service';
import { runInTestGraph, testExecutor, testNeo4jEnv } from '../support/neo4j-for-tests';

let output = '';
let env: NodeJS.ProcessEnv;
let executor: Executor;
let events: AuditEvent[];
const dir = mkdtempSync(join(tmpdir(), 'threadgraph-audit-cli-'));
const copy = join(dir, 'trail.jsonl');

beforeAll(async () => {
  env = { ...process.env };
  Object.assign(process.env, testNeo4jEnv());
  process.env.LOG_LEVEL = 'silent';
  executor = await testExecutor();
  await runInTestGraph('MATCH (n) WHERE n:AuditEvent OR n:AuditHead DETACH DELETE n');
  const trail = new AuditTrail(executor, () => new Date('2026-03-02T09:30:00Z'));
  events = [];
  for (const action of ['import.start', 'export.dhr', 'api-key.revoke']) {
    events.push(
      await trail.record({
        actor: 'ana',
        actorKind: 'cli',
        action,
        target: 'SN-0047',
        from: null,
        reason: action === 'api-key.revoke' ? 'left the company' : null,
        detail: null,
      }),
    );
  }
});
afterAll(async () => {
  process.env = env;
  await executor.close();
});
beforeEach(() => {
  output = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  });
});
afterEach(() => jest.restoreAllMocks());

describe('threadgraph audit (the trail)', () => {
  it('verify exits 0 on an intact trail and prints its size and head hash in full', async () => {
    expect(await main(['audit', 'verify'])).toBe(0);
    expect(output).toBe(
      `the audit trail is intact: 3 events\nhead: event 3, sha256 ${events[2]?.hash}\n`,
    );
    output = '';
    expect(await main(['audit', 'verify', '--json'])).toBe(0);
    expect(JSON.parse(output)).toMatchObject({ ok: true, count: 3, problems: [] });
    output = '';
    expect(await main(['audit', 'verify', '--noted', `2:${events[1]?.hash}`])).toBe(0);
    expect(await main(['audit', 'verify', '--noted', `2:${'0'.repeat(64)}`])).toBe(6);
    expect(output).toContain(
      '  event 2: its hash is not the one noted (000000000000…): the trail was rewritten at or before it\n',
    );
    await expect(main(['audit', 'verify', '--noted', '2:abc'])).rejects.toThrow(
      /--noted must be SEQ:HASH/,
    );
  });

  it('trail lists the newest events first, and says older ones were left out', async () => {
    expect(await main(['audit', 'trail', '--first', '2'])).toBe(0);
    const lines = output.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^seq {2}at \(UTC\) +actor +action +target +from +reason$/);
    expect(lines[1]).toMatch(
      /^ {2}3 {2}2026-03-02T09:30:00Z {2}ana \(cli\) {2}api-key\.revoke {2}SN-0047 {2}— {5}left the company$/,
    );
    expect(lines[2]).toMatch(/^ {2}2 {2}2026-03-02T09:30:00Z {2}ana \(cli\) {2}export\.dhr /);
    expect(lines[3]).toBe('… older events: a larger --first shows them');
    output = '';
    expect(await main(['audit', 'trail', '--action', 'import.', '--json'])).toBe(0);
    expect((JSON.parse(output) as AuditEvent[]).map((e) => e.seq)).toEqual([1]);
  });

  it('export writes the copy, never over a file; verify --file checks it without the graph', async () => {
    expect(await main(['audit', 'export', '--out', copy])).toBe(0);
    expect(output).toBe(
      `wrote 3 events and the head (event 3, sha256 ${events[2]?.hash}) to ${copy}\n`,
    );
    expect(readFileSync(copy, 'utf8').split('\n')).toHaveLength(5); // 3 events, head, ''
    await expect(main(['audit', 'export', '--out', copy])).rejects.toThrow(
      /exists: an export never writes over a file/,
    );
    output = '';
    expect(await main(['audit', 'verify', '--file', copy])).toBe(0);
    expect(output).toBe(
      `the copy ${copy} is intact: 3 events\nhead: event 3, sha256 ${events[2]?.hash}\n`,
    );
  });

  it('verify --file exits 6 on a copy with a line deleted, naming the event', async () => {
    const lines = readFileSync(copy, 'utf8').split('\n');
    const cut = join(dir, 'cut.jsonl');
    writeFileSync(cut, [lines[0], lines[2], lines[3], ''].join('\n'));
    expect(await main(['audit', 'verify', '--file', cut])).toBe(6);
    expect(output).toBe(
      `the copy ${cut} is NOT intact: 2 events read, 1 problem\n` +
        '  event 2 missing: event 3 follows event 1 (deleted)\n' +
        `head: event 3, sha256 ${events[2]?.hash}\n`,
    );
  });

  it('verify exits 6 on a trail edited in the graph, one problem a line', async () => {
    await runInTestGraph(
      `MATCH (e:AuditEvent {seq: 2}) SET e.target = 'SN-0048' WITH 1 AS done ` +
        'MATCH (e:AuditEvent {seq: 3}) DETACH DELETE e',
    );
    expect(await main(['audit', 'verify'])).toBe(6);
    expect(output).toBe(
      'the audit trail is NOT intact: 2 events read, 2 problems\n' +
        '  event 2: its content does not match its hash (edited)\n' +
        '  event 3 missing: the trail ends at event 2 but its head records event 3 (deleted at the end)\n' +
        `head: event 3, sha256 ${events[2]?.hash}\n`,
    );
    output = '';
    expect(await main(['audit', 'verify', '--json'])).toBe(6);
    expect(JSON.parse(output)).toMatchObject({ ok: false, count: 2 });
  });

  it('audit alone is still the ownership audit; a mistyped subcommand is a usage error', async () => {
    expect(await main(['audit', '--json'])).toBe(0);
    expect(JSON.parse(output)).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'Unit' })]),
    );
    await expect(main(['audit', 'verfy'])).rejects.toThrow(
      /threadgraph audit: unknown subcommand "verfy" \(did you mean verify\?\)/,
    );
    await expect(main(['audit', 'export'])).rejects.toThrow(/--out FILE: where to write the copy/);
  });
});
