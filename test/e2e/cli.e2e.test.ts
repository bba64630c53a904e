/** The `threadgraph` command as a person or a batch job uses it, pointed at the test Neo4j. */
import { mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli';
import { line, writeLines } from '../support/canonical';
import { clearGraph, forgetMigration, testNeo4jEnv, testTarget } from '../support/neo4j-for-tests';
import { testPrefix, testRedisUrl } from '../support/redis-for-tests';
import { loadMigrations } from '../../src/graph/migrations';

let output = '';
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  await clearGraph();
  env = { ...process.env };
  Object.assign(process.env, testNeo4jEnv());
  process.env.REDIS_URL = testRedisUrl();
  process.env.THREADGRAPH_REDIS_PREFIX = testPrefix('cli');
  process.env.LOG_LEVEL = 'silent';
});
afterAll(() => {
  process.env = env;
});
beforeEach(() => {
  output = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  });
});
afterEach(() => jest.restoreAllMocks());

const dir = mkdtempSync(join(tmpdir(), 'threadgraph-cli-'));
const demo = join(dir, 'demo.jsonl');

describe('threadgraph', () => {
  it('generate writes the demo thread as canonical JSON Lines', async () => {
    expect(await main(['generate', '--units', '55', '--seed', '3', '--out', demo])).toBe(0);
    const lines = readFileSync(demo, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(55 * 40);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ kind: 'Site', source: 'ERP' });
  });

  it('import prints what was applied, rejected and refused, and waits until it is done', async () => {
    expect(await main(['import', demo])).toBe(0);
    expect(output).toMatch(/^imported .*demo\.jsonl \(sha256 [0-9a-f]{12}…\) as imp-/);
    expect(output).toMatch(
      /applied \d+, unchanged 0, kept as history 0, rejected 0, governance violations 3/,
    );
    expect(output).toContain(
      '3 refused: their source is not the authority for their class; the governanceViolations query lists them',
    );
  });

  it('import names each rejected line and exits 5: the file is imported, some lines are not', async () => {
    const file = writeLines([
      line('Part', { partNumber: 'X' }),
      '{nope',
      line('Unit', { status: 'COMPLETE' }),
    ]);
    expect(await main(['import', '--format', 'canonical', file])).toBe(5);
    expect(output).toContain('applied 1, unchanged 0, kept as history 0, rejected 2');
    expect(output).toContain('rejected line 2: not valid JSON');
    expect(output).toContain('rejected line 3 (data.serialNumber): key field is missing');
  });

  it('import --json: one document with the exit status and each file’s outcome and summary', async () => {
    const bad = writeLines([line('Part', { partNumber: 'P-JSON' }), '{nope'], 'bad.jsonl');
    const good = writeLines([line('Part', { partNumber: 'P-JSON-2' })], 'good.jsonl');
    expect(await main(['import', '--json', bad, good])).toBe(5);
    const answer = JSON.parse(output) as {
      exitCode: number;
      files: {
        file: string;
        outcome: string;
        jobId: string;
        state: string;
        summary: Record<string, unknown>;
      }[];
    };
    expect(answer.exitCode).toBe(5);
    expect(answer.files.map((f) => [f.file, f.outcome, f.state])).toEqual([
      [bad, 'completed-with-rejections', 'COMPLETED'],
      [good, 'completed', 'COMPLETED'],
    ]);
    expect(answer.files[0]?.summary).toMatchObject({ lines: 2, applied: 1, rejected: 1 });
    expect(answer.files[0]?.summary.rejections).toEqual([
      expect.objectContaining({ line: 2, reason: expect.stringMatching(/^not valid JSON/) }),
    ]);
    expect(answer.files[0]?.jobId).toMatch(/^imp-[0-9a-f]{24}$/);
  });

  it('import of several files exits with the worst outcome: unreadable (1) over rejected lines (5)', async () => {
    const bad = writeLines([line('Part', { partNumber: 'P-WORST' }), '{nope'], 'worst.jsonl');
    const missing = join(dir, 'missing-too.jsonl');
    expect(await main(['import', bad, missing])).toBe(1);
    expect(output).toMatch(
      new RegExp(`2 files:\\n  ${bad}: completed, 1 lines rejected \\(job imp-[0-9a-f]{24}\\)\\n`),
    );
    expect(output).toContain(`  ${missing}: not imported (cannot be read)`);
    output = '';
    // the same files with --no-wait: the first is done already, the second still unreadable
    expect(await main(['import', '--no-wait', '--json', bad, missing])).toBe(1);
    expect(
      (JSON.parse(output) as { files: { outcome: string; submittedBefore?: boolean }[] }).files,
    ).toEqual([
      expect.objectContaining({ outcome: 'completed-with-rejections', submittedBefore: true }),
      expect.objectContaining({ outcome: 'unreadable' }),
    ]);
  });

  it('import says what became of every file: one that cannot be read does not stop the others', async () => {
    const a = writeLines([line('Part', { partNumber: 'P-A' })], 'a.jsonl');
    const c = writeLines([line('Part', { partNumber: 'P-C' })], 'c.jsonl');
    const missing = join(dir, 'missing.jsonl');
    expect(await main(['import', a, missing, c])).toBe(1);
    expect(output).toMatch(/imported .*a\.jsonl .*\n {2}1 lines/);
    expect(output).toMatch(/imported .*c\.jsonl .*\n {2}1 lines/);
    expect(output).toContain(`not imported: cannot read ${missing}: ENOENT`);
    expect(output).toContain(`3 files:\n  ${a}: completed (job imp-`);
    expect(output).toContain(
      `  ${missing}: not imported (cannot be read)\n  ${c}: completed (job imp-`,
    );
  });

  it('import of the same file again answers with its job, and imports nothing twice', async () => {
    const a = writeLines([line('Part', { partNumber: 'P-AGAIN' })], 'again.jsonl');
    expect(await main(['import', a])).toBe(0);
    output = '';
    expect(await main(['import', a])).toBe(0);
    expect(output).toMatch(
      /was imported before, as job imp-[0-9a-f]{24} \(run 1\); `threadgraph jobs retry imp-[0-9a-f]{24}` imports it again/,
    );
    expect(output).toContain('applied 1, unchanged 0');
  });

  it('trace prints the chain as a tree with the gaps marked', async () => {
    expect(await main(['trace', 'SN-0047'])).toBe(0);
    expect(output).toContain('SN-0047  PA-100 rev C');
    expect(output).toContain('✗ evidence chain incomplete: 4 gaps');
    expect(output).toContain('plan IP-PA-40 rev D ✗ (current: C)  ✗ PLAN_REVISION_NOT_CURRENT');
    expect(output).toMatch(/└─ lot SK-\d+ \(SK-10\)/);
  });

  it('trace --json gives the chain for scripts', async () => {
    expect(await main(['trace', 'SN-0047', '--json'])).toBe(0);
    const chain = JSON.parse(output);
    expect(chain.gaps.map((g: { code: string }) => g.code)).toEqual([
      'BUILT_TO_SUPERSEDED_REVISION',
      'BUILT_TO_SUPERSEDED_REVISION',
      'DRAWING_NOT_CURRENT',
      'PLAN_REVISION_NOT_CURRENT',
    ]);
  });

  it('trace of an unknown serial is NOT_FOUND (exit 2)', async () => {
    await expect(main(['trace', 'SN-404404'])).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('db status names the Neo4j it uses', async () => {
    expect(await main(['db', 'status'])).toBe(0);
    expect(output).toContain(`using NEO4J_URI ${testTarget().uri}`);
  });

  it('refuses what it does not know, with usage', async () => {
    await expect(main(['frobnicate'])).rejects.toThrow(/unknown command/);
    await expect(main(['import', '--format', 'xlsx', demo])).rejects.toThrow(/unknown --format/);
    await expect(main(['generate'])).rejects.toThrow(/usage: threadgraph generate/);
    // serve listens where HOST and PORT say; a --port it ignored would serve somewhere else
    await expect(main(['serve', '--port', '5000'])).rejects.toThrow(/set HOST and PORT/);
    await expect(main(['schema', '--json'])).rejects.toThrow(
      'threadgraph schema: unknown option --json: it takes none\nusage: threadgraph schema',
    );
  });

  it('db status --json names the Neo4j it uses', async () => {
    expect(await main(['db', 'status', '--json'])).toBe(0);
    expect(JSON.parse(output)).toEqual({ mode: 'external', uri: testTarget().uri, managed: false });
  });

  it('db status --json of a local Neo4j that is not running: where its data is, exit 3', async () => {
    const home = mkdtempSync(join(tmpdir(), 'threadgraph-cli-home-'));
    const names = ['NEO4J_URI', 'NEO4J_USER', 'NEO4J_PASSWORD', 'THREADGRAPH_HOME'] as const;
    const saved = names.map((name) => [name, process.env[name]] as const);
    // the local Neo4j takes no user or password from the environment (they would be refused)
    delete process.env.NEO4J_USER;
    delete process.env.NEO4J_PASSWORD;
    process.env.NEO4J_URI = '';
    process.env.THREADGRAPH_HOME = home;
    try {
      expect(await main(['db', 'status', '--json'])).toBe(3);
    } finally {
      // assigning undefined to process.env would store the text "undefined"
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    expect(JSON.parse(output)).toEqual({
      mode: 'local',
      running: false,
      boltPort: null,
      uri: null,
      pid: null,
      startedAt: null,
      version: null,
      dataDir: join(home, 'instances', 'local'),
      passwordFile: join(home, 'instances', 'local', 'neo4j-password'),
    });
  });
});

describe('threadgraph, the questions', () => {
  beforeEach(() => {
    output = '';
  });

  it('trace --forward lists the units that contain a lot', async () => {
    expect(await main(['trace', '--forward', 'SK-00001'])).toBe(0);
    expect(output).toMatch(/^lot SK-00001 is in \d+ units/);
    expect(output).toContain('SN-0001  PA-100  depth 1');
  });

  it('trace --backward prints the as-built tree', async () => {
    expect(await main(['trace', '--backward', 'SN-0047'])).toBe(0);
    expect(output).toMatch(/├─ IMP-00047 \(IMP-300\)|└─ IMP-00047 \(IMP-300\)/);
    expect(output).toContain('lot AL-00002 (AL-6061)');
  });

  it('impact names the units inside ECO-0007 and the escapes', async () => {
    expect(await main(['impact', 'ECO-0007', '--json'])).toBe(0);
    const impact = JSON.parse(output);
    const sn47 = impact.units.find((u: { serialNumber: string }) => u.serialNumber === 'SN-0047');
    expect(sn47).toMatchObject({
      workOrderId: 'WO-PA-00005',
      builtToRevision: 'C',
      builtToSupersededRevision: true,
    });
    expect(impact.escapeCount).toBe(
      impact.units.filter(
        (u: { builtToSupersededRevision: boolean }) => u.builtToSupersededRevision,
      ).length,
    );
    await expect(main(['impact', 'ECO-404'])).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('health prints the three rates and the cost of broken boundaries', async () => {
    expect(await main(['health', '--site', 'PLANT-A', '--cost-per-escape', '22000'])).toBe(0);
    expect(output).toContain('Thread health, PLANT-A');
    expect(output).toMatch(/escape +\d+\.\d % \(\d+\/\d+\)/);
    expect(output).toMatch(/× 500 changes × 22000 GBP = [\d,]+ GBP a year/);
  });

  it('db migrate says which migrations it applied, then that the schema is up to date', async () => {
    const last = loadMigrations().at(-1)?.id as string;
    await forgetMigration(last);
    expect(await main(['db', 'migrate'])).toBe(0);
    expect(output).toBe(`applied ${last}\n`);
    output = '';
    expect(await main(['db', 'migrate'])).toBe(0);
    expect(output).toBe('schema is up to date\n');
  });

  it('trace, impact and search find a number typed in another case', async () => {
    expect(await main(['trace', 'sn-0047'])).toBe(0);
    expect(output).toContain('SN-0047  PA-100 rev C');
    output = '';
    expect(await main(['trace', '--forward', 'sk-00001'])).toBe(0);
    expect(output).toMatch(/^lot SK-00001 is in \d+ units/);
    output = '';
    expect(await main(['trace', '--backward', 'sn-0047', '--json'])).toBe(0);
    expect(JSON.parse(output)).toMatchObject({ root: 'SN-0047', found: true });
    output = '';
    expect(await main(['impact', 'eco-0007', '--json'])).toBe(0);
    expect(JSON.parse(output)).toMatchObject({ changeOrderId: 'ECO-0007' });
    output = '';
    expect(await main(['search', 'sn-004'])).toBe(0);
    expect(output).toContain('Unit            SN-0047');
  });

  it('numbers that differ only in case are listed, and none is chosen (exit 2)', async () => {
    const file = writeLines(
      [
        line('Unit', { serialNumber: 'SN-Case-1', partNumber: 'PA-100' }),
        line('Unit', { serialNumber: 'SN-CASE-1', partNumber: 'PA-100' }),
      ],
      'cases.jsonl',
    );
    expect(await main(['import', file])).toBe(0);
    output = '';
    expect(await main(['trace', 'SN-Case-1', '--json'])).toBe(0);
    expect(JSON.parse(output)).toMatchObject({ serialNumber: 'SN-Case-1' });
    const refused = main(['trace', 'sn-case-1']);
    await expect(refused).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const message = await refused.catch((e: Error) => e.message);
    expect(message).toMatch(
      /^no unit with serial number sn-case-1, and 2 differ from it only in case: SN-(CASE|Case)-1 \(Unit\), SN-(CASE|Case)-1 \(Unit\) — give one as it is written$/,
    );
    expect(message).toContain('SN-CASE-1 (Unit)');
    expect(message).toContain('SN-Case-1 (Unit)');
  });

  it('a search cut at its limit says so, and how to get more', async () => {
    expect(await main(['search', 'SN-00', '--limit', '3'])).toBe(0);
    const lines = output.trimEnd().split('\n');
    expect(lines.map((l) => l.split(/ +/).slice(0, 2).join(' '))).toEqual([
      'Unit SN-0001',
      'Unit SN-0002',
      'Unit SN-0003',
      '… 3',
    ]);
    expect(lines[3]).toBe('… 3 shown, more match: --limit 12 for more, or a longer prefix');
    output = '';
    let errors = '';
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      errors += String(chunk);
      return true;
    });
    expect(await main(['search', 'SN-00', '--limit', '3', '--json'])).toBe(0);
    expect(JSON.parse(output)).toHaveLength(3);
    expect(errors).toBe('… 3 shown, more match: --limit 12 for more, or a longer prefix\n');
  });

  it('a list of jobs cut at --limit says how to get the rest', async () => {
    expect(await main(['jobs', '--limit', '1'])).toBe(0);
    const lines = output.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('… 1 shown, more follow: --limit 4, or --offset 1 for the next 1');
  });

  it('health of a site with no records says why every rate is 0 %, and names the known sites', async () => {
    expect(await main(['health', '--site', 'PLANT-X'])).toBe(0);
    expect(output).toContain('Thread health, PLANT-X, the beginning to now');
    expect(output).toContain('  all        escape   0.0 % (0/0)');
    expect(output).toContain(
      '  note: no operations, nonconformances or shipped units are recorded at site PLANT-X, ' +
        'so every rate is 0 %; known sites: PLANT-A, PLANT-B',
    );
    output = '';
    expect(await main(['health', '--site', 'PLANT-X', '--json'])).toBe(0);
    expect(JSON.parse(output)).toMatchObject({
      site: 'PLANT-X',
      operations: 0,
      notes: [
        'no operations, nonconformances or shipped units are recorded at site PLANT-X, so every ' +
          'rate is 0 %; known sites: PLANT-A, PLANT-B',
      ],
    });
  });

  it('health of a window with no operations says so; a site typed in another case is found', async () => {
    expect(await main(['health', '--from', '2090-01-01T00:00:00Z'])).toBe(0);
    expect(output).toContain(
      '  note: no operations recorded from 2090-01-01T00:00:00Z to now: the escape rate is 0 % for want of operations',
    );
    expect(output).toContain(
      '  note: no units shipped from 2090-01-01T00:00:00Z to now: complete evidence is 0 % for want of shipped units',
    );
    output = '';
    expect(await main(['health', '--site', 'plant-a', '--json'])).toBe(0);
    const h = JSON.parse(output) as { site: string; operations: number; notes: string[] };
    expect(h.site).toBe('PLANT-A');
    expect(h.operations).toBeGreaterThan(0);
    expect(h.notes.some((n) => n.includes('known sites'))).toBe(false);
  });

  it('derive --json gives its figures; every unit received is worked out', async () => {
    const serials = new Set(
      readFileSync(demo, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"kind":"Unit"'))
        .map((l) => (JSON.parse(l) as { data: { serialNumber: string } }).data.serialNumber),
    );
    expect(await main(['derive', '--json'])).toBe(0);
    const d = JSON.parse(output) as { units: number; days: number; durationMs: number };
    // the demo's units and the two of the case test
    expect(d.units).toBe(serials.size + 2);
    expect(d.days).toBeGreaterThan(0);
  });

  it('search, audit and derive', async () => {
    expect(await main(['search', 'ECO-00'])).toBe(0);
    expect(output).toContain('ChangeOrder     ECO-0007');
    output = '';
    expect(await main(['audit'])).toBe(0);
    expect(output).toMatch(/✗ PartRevision +PLM .*claimed by ERP, PLM/);
    output = '';
    expect(await main(['derive'])).toBe(0);
    expect(output).toMatch(/^derived \d+ units and \d+ days/);
  });
});

describe('threadgraph serve and start, where they cannot listen', () => {
  let blocker: Server;
  let port: number;
  let errors = '';
  const saved = { port: process.env.PORT, host: process.env.HOST };

  beforeEach(async () => {
    errors = '';
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      errors += String(chunk);
      return true;
    });
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    port = (blocker.address() as AddressInfo).port;
    process.env.HOST = '127.0.0.1';
  });
  afterEach(async () => {
    await new Promise((resolve) => blocker.close(resolve));
    process.env.PORT = saved.port;
    process.env.HOST = saved.host;
    if (saved.port === undefined) delete process.env.PORT;
    if (saved.host === undefined) delete process.env.HOST;
  });

  it('serve on a busy port is one line and exit 1, before anything is started', async () => {
    process.env.PORT = String(port);
    await expect(main(['serve'])).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: `port ${port} on 127.0.0.1 is in use: set PORT`,
    });
  });

  it('start on a graph with records says the demo is not loaded; a port taken meanwhile stops what it started', async () => {
    // free when start checks it; taken while the demo thread is considered, before the API listens
    await new Promise((resolve) => blocker.close(resolve));
    // graphql-ws (inside the API) reports the failed listen on the console as well
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    process.env.PORT = String(port);
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      errors += String(chunk);
      if (String(chunk).startsWith('the graph holds')) {
        blocker = createServer();
        blocker.listen(port, '127.0.0.1');
      }
      return true;
    });
    await expect(main(['start', '--demo-units', '7'])).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: `port ${port} on 127.0.0.1 is in use: set PORT`,
    });
    expect(errors).toMatch(
      /the graph holds \d+ records already, so the demo thread \(7 units\) is not loaded; it goes into an empty graph only\. To start from one: empty the database NEO4J_URI points at \(bolt:\/\/[^)]+\), or unset NEO4J_URI to use a local Neo4j\n/,
    );
    // the worker it started is gone again: an import finds none and works its job itself
    errors = '';
    const file = writeLines([line('Part', { partNumber: 'P-AFTER-START' })], 'after.jsonl');
    expect(await main(['import', file])).toBe(0);
    expect(errors).toContain('no import worker is running');
  });
});
