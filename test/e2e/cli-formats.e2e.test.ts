/**
 * The plant formats from the command line, as a user types them: the format told from the file,
 * a CSV mapped by a shipped profile, options a format does not take refused before anything is
 * queued, a profile with problems refused with every problem listed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli';
import { clearGraph, testNeo4jEnv } from '../support/neo4j-for-tests';
import { testPrefix, testRedisUrl } from '../support/redis-for-tests';

const FIXTURES = join(__dirname, '..', 'fixtures');
let output = '';
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  await clearGraph();
  env = { ...process.env };
  Object.assign(process.env, testNeo4jEnv());
  process.env.REDIS_URL = testRedisUrl();
  process.env.THREADGRAPH_REDIS_PREFIX = testPrefix('cli-formats');
  process.env.THREADGRAPH_HOME = mkdtempSync(join(tmpdir(), 'threadgraph-formats-home-'));
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
  jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => jest.restoreAllMocks());

interface Answer {
  exitCode: number;
  files: { outcome: string; error?: string; summary?: Record<string, number> }[];
}

describe('threadgraph import of plant formats', () => {
  it('tells a CSV from its content and maps it with a shipped profile named by --profile', async () => {
    const file = join(FIXTURES, 'csv', 'plant-a-inspection.csv');
    expect(await main(['import', '--json', '--profile', 'plant-a-inspection', file])).toBe(0);
    const a = JSON.parse(output) as Answer;
    // five inspection results, QMS's own class: all applied (csv.expected.ts works them out)
    expect(a.files[0]?.summary).toMatchObject({ lines: 5, applied: 5, rejected: 0, violations: 0 });
  });

  it('tells B2MML V0700 from its namespace; local times read in --timezone', async () => {
    const file = join(FIXTURES, 'b2mml', 'operations-performance-v0700.xml');
    expect(await main(['import', '--json', '--timezone', 'Europe/Berlin', file])).toBe(0);
    const a = JSON.parse(output) as Answer;
    // 3 executions, 1 unit, 4 consumptions (MES's) and the lot it produced, which MES does not
    // own (ERP does): kept as a governance violation
    expect(a.files[0]?.summary).toMatchObject({
      lines: 9,
      applied: 8,
      violations: 1,
      rejected: 0,
    });
  });

  it('says records, not lines, for a format that is not a record a line', async () => {
    const file = join(FIXTURES, 'b2mml', 'operations-performance-v0600.xml');
    await main(['import', file]);
    expect(output).toMatch(/\n {2}\d+ records in \d+\.\d s \(\d+ records\/s\)\n/);
    expect(output).not.toMatch(/ lines in /);
  });

  it('refuses a CSV without a profile, naming the shipped ones', async () => {
    const file = join(FIXTURES, 'csv', 'plant-b-genealogy.csv');
    expect(await main(['import', '--json', '--format', 'csv', file])).toBe(1);
    const a = JSON.parse(output) as Answer;
    expect(a.files[0]?.error).toBe(
      'a CSV import needs a mapping profile (--profile FILE, or one of: plant-a-inspection, ' +
        'plant-b-genealogy, tractusx-sde-assembly-part-relationship, tractusx-sde-batch, ' +
        'tractusx-sde-bom-as-planned, tractusx-sde-part-as-planned, tractusx-sde-serial-part, ' +
        'tractusx-sde-usage-as-built)',
    );
  });

  it('refuses options the format does not take, before anything is queued', async () => {
    const file = join(FIXTURES, 'b2mml', 'operations-performance-v0600.xml');
    expect(
      await main([
        'import',
        '--json',
        '--requirement-id',
        'foreign-id',
        '--timezone',
        'Mars/Base',
        file,
      ]),
    ).toBe(1);
    expect((JSON.parse(output) as Answer).files[0]?.error).toBe(
      'cannot read b2mml with these options:\n' +
        '  requirementId is not an option of b2mml (it takes site, system, timezone, materialSource)\n' +
        '  timezone "Mars/Base" is not an IANA time zone (e.g. Europe/Berlin)',
    );
  });

  it('refuses a profile with problems, listing every one with its place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'threadgraph-profile-'));
    const profile = join(dir, 'broken.json');
    writeFileSync(
      profile,
      JSON.stringify({
        format: 'threadgraph.csv-profile/1',
        id: 'broken',
        file: { delimiter: ';;' },
      }),
    );
    const file = join(FIXTURES, 'csv', 'plant-b-genealogy.csv');
    expect(await main(['import', '--json', '--format', 'csv', '--profile', profile, file])).toBe(1);
    const error = (JSON.parse(output) as Answer).files[0]?.error ?? '';
    expect(error.split('\n')[0]).toBe(`the profile ${profile} cannot be used:`);
    // each problem on its own line, with where it is in the profile
    expect(error.split('\n').length).toBeGreaterThan(2);
    expect(error).toMatch(/\n {2}\S*version\S*: /);
    expect(error).toMatch(/\n {2}\S*delimiter\S*: /);
  });
});
