/** The `threadgraph` command as a person or a batch job uses it, pointed at the test Neo4j. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli';
import { line, writeLines } from '../support/canonical';
import { clearGraph, forgetMigration, testTarget } from '../support/neo4j-for-tests';
import { testPrefix, testRedisUrl } from '../support/redis-for-tests';
import { loadMigrations } from '../../src/graph/migrations';

let output = '';
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  await clearGraph();
  env = { ...process.env };
  process.env.NEO4J_URI = testTarget().uri;
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

describe('threadgraph', () => {
  const dir = mkdtempSync(join(tmpdir(), 'threadgraph-cli-'));
  const demo = join(dir, 'demo.jsonl');

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

  it('import names each rejected line and exits 0: bad lines are data, not a failure', async () => {
    const file = writeLines([
      line('Part', { partNumber: 'X' }),
      '{nope',
      line('Unit', { status: 'COMPLETE' }),
    ]);
    expect(await main(['import', '--format', 'canonical', file])).toBe(0);
    expect(output).toContain('rejected line 2: not valid JSON');
    expect(output).toContain('rejected line 3 (data.serialNumber): key field is missing');
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
    await expect(main(['import', '--format', 'b2mml', demo])).rejects.toThrow(/unknown --format/);
    await expect(main(['generate'])).rejects.toThrow(/usage: threadgraph generate/);
    // serve listens where HOST and PORT say; a --port it ignored would serve somewhere else
    await expect(main(['serve', '--port', '5000'])).rejects.toThrow(/set HOST and PORT/);
    await expect(main(['schema', '--json'])).rejects.toThrow(/Unknown option '--json'/);
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
