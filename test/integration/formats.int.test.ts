/**
 * Every sample in ../shared/samples (ReqIF, B2MML, QIF, site CSV, Catena-X, OPC UA NodeSets)
 * imported through the real queue into the real graph — with its format told from its content, as
 * a user who names no format would — and the yield its PROVENANCE.md works out: records and
 * refusals counted, the keys found in the graph (applied, or kept as governance violations where
 * the authority rule refuses them). Skipped, saying so, where the samples folder is absent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import type { JobsConfig } from '../../src/config';
import { KINDS } from '../../src/domain/canonical';
import type { Executor } from '../../src/graph/executor';
import { BullImportQueue } from '../../src/jobs/import-queue';
import type { RunningWorker } from '../../src/jobs/import-worker';
import { startImportWorker } from '../../src/jobs/import-worker';
import type { Services } from '../../src/main';
import { createServices } from '../../src/main';
import type { FormatOptions, ImportFormat } from '../../src/services/import-formats';
import type { ImportJob } from '../../src/services/import-jobs';
import { ImportJobService } from '../../src/services/import-jobs';
import type { ImportSummary } from '../../src/services/import-service';
import type { Expectation } from '../unit/formats/expectation';
import { EXPECTED as B2MML } from '../unit/formats/b2mml.expected';
import { EXPECTED as CATENAX } from '../unit/formats/catenax.expected';
import { EXPECTED as CSV } from '../unit/formats/csv.expected';
import {
  EXAMPLE_FILE,
  EXAMPLE_MACHINE_ID,
  EXPECTED as OPCUA,
} from '../unit/formats/opcua-nodeset.expected';
import { EXPECTED as QIF } from '../unit/formats/qif.expected';
import { EXPECTED as REQIF } from '../unit/formats/reqif.expected';
import { clearGraph, runInTestGraph, testExecutor } from '../support/neo4j-for-tests';
import { testPrefix, testRedisUrl } from '../support/redis-for-tests';

const SAMPLES = join(__dirname, '..', '..', '..', 'shared', 'samples');
const FIXTURES = join(__dirname, '..', 'fixtures');
const present = existsSync(SAMPLES);
if (!present) console.warn(`formats: ${SAMPLES} is absent: the sample imports are skipped`);

const ALL: readonly Expectation[] = [...REQIF, ...B2MML, ...QIF, ...CSV, ...CATENAX, ...OPCUA];

const logger = pino({ level: 'silent' });
let executor: Executor;
let services: Services;
let jobsConfig: JobsConfig;
let queue: BullImportQueue;
let jobs: ImportJobService;
let worker: RunningWorker;

beforeAll(async () => {
  executor = await testExecutor();
  services = createServices(executor);
  jobsConfig = {
    ...loadConfig({}).jobs,
    redisUrl: testRedisUrl(),
    prefix: testPrefix('formats'),
    attempts: 2,
    backoffMs: 100,
  };
  queue = await new BullImportQueue(jobsConfig).open();
  jobs = new ImportJobService(queue, executor, '/tmp/threadgraph-formats-test');
  worker = await startImportWorker({
    config: jobsConfig,
    queue,
    imports: services.imports,
    batchSize: 200,
    concurrency: 1,
    logger,
  });
});
afterAll(async () => {
  await worker?.close('drain');
  await queue?.close();
  await executor?.close();
});
beforeEach(() => clearGraph());

async function finished(id: string, ms = 60_000): Promise<ImportJob> {
  const deadline = Date.now() + ms;
  for (;;) {
    const job = await queue.get(id);
    if (job && ['COMPLETED', 'FAILED', 'CANCELLED'].includes(job.state)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} is ${job?.state}, waited ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function pathOf(file: string): string {
  return file.startsWith('test/fixtures/')
    ? join(FIXTURES, file.slice('test/fixtures/'.length))
    : join(SAMPLES, file);
}

(present ? describe : describe.skip)('each sample through the queue', () => {
  test.each(ALL.map((e) => [e.file, e] as const))('%s', async (_file, e) => {
    // the parsers' own option names, as the CLI and API spell them
    const { id, ...rest } = e.options ?? {};
    const options: FormatOptions = { ...rest, ...(id === undefined ? {} : { requirementId: id }) };
    // a CSV needs its profile named; everything else is told from its content
    const format: ImportFormat | undefined = e.format === 'csv' ? 'csv' : undefined;
    const { job } = await jobs.submitPath(pathOf(e.file), format, {
      formatOptions: options,
    });
    expect(job.input.format).toBe(e.format);
    const done = await finished(job.id);
    expect(done.error).toBeUndefined();
    expect(done.state).toBe('COMPLETED');
    const s = done.summary as ImportSummary;
    const records = Object.values(e.records).reduce((a, b) => a + (b ?? 0), 0);
    expect({ lines: s.lines, rejected: s.rejected }).toEqual({
      lines: records + e.refused,
      rejected: e.refused,
    });
    expect(s.applied + s.unchanged + s.history + s.violations).toBe(records);

    const refusedByAuthority = new Set(
      (await services.governance.violations(500, null)).nodes.map((v) => `${v.kind} ${v.key}`),
    );
    for (const { kind, key } of e.keys ?? []) {
      if (kind === 'Consumption') {
        // a relationship, not a node: parent and child by their serial or lot number
        const [parent, child] = key.split('/');
        const rows = await runInTestGraph(
          'MATCH (p)-[c:CONSUMED]->(ch) WHERE coalesce(p.serialNumber, p.lotNumber) = $parent AND coalesce(ch.serialNumber, ch.lotNumber) = $child RETURN count(c) AS n',
          { parent, child },
        );
        expect({ kind, key, n: Number(rows[0]?.n) }).toEqual({ kind, key, n: 1 });
        continue;
      }
      const parts = KINDS[kind].key.length === 1 ? [key] : key.split('/');
      const found = await services.records.record(kind, parts);
      const applied = found !== null && !found.placeholder;
      expect({ kind, key, inGraph: applied || refusedByAuthority.has(`${kind} ${key}`) }).toEqual({
        kind,
        key,
        inGraph: true,
      });
    }
  });
});

(present ? describe : describe.skip)('ReqIF traceability in the graph', () => {
  test('the fmStudio/ProR relations are LINKS_TO relationships between the requirements, with their type', async () => {
    const file = join(SAMPLES, 'reqif', 'fmstudio-pror_traceability-template-v1.0.reqif');
    const { job, created } = await jobs.submitPath(file, 'reqif', {
      formatOptions: { requirementId: 'foreign-id' },
    });
    // the same file with the same options was imported above, into a graph cleared since: run it again
    if (!created) await jobs.retry(job.id);
    await new Promise((r) => setTimeout(r, 200));
    expect((await finished(job.id)).state).toBe('COMPLETED');
    const rows = await runInTestGraph(
      'MATCH (a:Requirement)-[l:LINKS_TO]->(b:Requirement) RETURN a.id AS a, b.id AS b, l.type AS type, l.linkId AS linkId ORDER BY a, b',
    );
    // worked out by hand in shared/samples/reqif/PROVENANCE.md: REQ-18..20 realize 9 others
    expect(rows.map((r) => `${String(r.a)}->${String(r.b)}:${String(r.type)}`)).toEqual(
      [
        'REQ-18->REQ-2',
        'REQ-18->REQ-6',
        'REQ-19->REQ-3',
        'REQ-19->REQ-8',
        'REQ-19->REQ-9',
        'REQ-20->REQ-10',
        'REQ-20->REQ-11',
        'REQ-20->REQ-12',
        'REQ-20->REQ-5',
      ].map((l) => `${l}:realizes`),
    );
    expect(rows.filter((r) => r.a === 'REQ-18').map((r) => r.linkId)).toEqual(['LNK-1', 'LNK-2']);
    const parents = await runInTestGraph(
      'MATCH (:Requirement)-[c:CHILD_OF]->(:Requirement) RETURN count(c) AS n',
    );
    expect(Number(parents[0]?.n)).toBeGreaterThan(0);
  });
});

(present ? describe : describe.skip)('an OPC UA machine in the graph', () => {
  test("the Machinery example, the site's agreement making its nameplate the MES's: one Equipment with its whole identification, no Reading", async () => {
    const file = join(SAMPLES, EXAMPLE_FILE);
    const { job, created } = await jobs.submitPath(file, undefined, {
      formatOptions: { equipmentSource: 'MES', site: 'PLANT-OPC' },
    });
    if (!created) await jobs.retry(job.id);
    const done = await finished(job.id);
    expect(done.state).toBe('COMPLETED');
    // the machine applied; its component without identity rejected with its line
    expect(done.summary).toMatchObject({ lines: 2, applied: 1, rejected: 1, violations: 0 });
    expect(done.summary?.rejections.map((r) => r.line)).toEqual([434]);

    const rows = await runInTestGraph('MATCH (e:Equipment {id: $id}) RETURN properties(e) AS e', {
      id: EXAMPLE_MACHINE_ID,
    });
    expect(rows).toHaveLength(1);
    const e = rows[0]?.e as Record<string, unknown>;
    expect(e).toMatchObject({
      id: 'http://www.engelglobal.com/Viper06/235223',
      name: 'ExampleMachine01',
      type: 'Injection Moulding Machine',
      site: 'PLANT-OPC',
      manufacturer: 'ENGEL AUSTRIA GMBH',
      model: 'Viper 6',
      serialNumber: '235223',
      productInstanceUri: 'http://www.engelglobal.com/Viper06/235223',
      productCode: '2377636',
      hardwareRevision: '014/15120129-2018',
      softwareRevision: '70.0.1',
      yearOfConstruction: 2020,
      monthOfConstruction: 3,
      initialOperationDate: '2020-06-01T00:00:00.000000000Z',
      source: 'MES',
      recordedAt: '2022-05-01T00:00:00.000000000Z',
      placeholder: false,
    });
    // what the canonical model does not type is kept in the record as received
    expect(JSON.parse(e.record as string)).toMatchObject({
      data: { manufacturerUri: 'http://www.engelglobal.com', idFrom: 'productInstanceUri' },
    });
    const counts = await runInTestGraph(
      'MATCH (n) WHERE n:Equipment OR n:Reading OR n:GovernanceViolation RETURN labels(n) AS l, count(*) AS n ORDER BY n',
    );
    expect(
      counts.map((c) => [(c.l as string[]).filter((l) => l !== 'Artefact'), Number(c.n)]),
    ).toEqual([[['Equipment'], 1]]);
  });
});

(present ? describe : describe.skip)('files that are no records', () => {
  test('the Rockwell vendor XSD beside the batch record is refused at submit: its format cannot be told', async () => {
    const xsd = join(SAMPLES, 'b2mml', 'mesa-batchml-v0401-rockwell', 'RABatchRecord.xsd');
    await expect(jobs.submitPath(xsd, undefined)).rejects.toThrow(
      /^cannot tell the format of .*RABatchRecord\.xsd from its content or name: name it \(--format canonical\|cloudevents\|reqif\|b2mml\|qif\|csv\|catenax\|opcua-nodeset\)$/,
    );
  });
});
