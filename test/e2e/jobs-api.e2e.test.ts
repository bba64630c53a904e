/**
 * Import jobs as an HTTP client sees them: GraphQL startImport (upload and server path),
 * importJob(s), retry and cancel, a live subscription over graphql-ws, the rejected lines as CSV,
 * Prometheus metrics, and CloudEvents at POST /events (the conformance samples of
 * ../shared/samples/cloudevents, and our own record events sent twice and corrupted).
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import pino from 'pino';
import { WebSocket } from 'ws';
import type { RunningApi } from '../../src/api/server';
import { loadConfig } from '../../src/config';
import type { Executor } from '../../src/graph/executor';
import type { RunningWorker } from '../../src/jobs/import-worker';
import type { Jobs } from '../../src/main';
import { createServices, openJobs, runWorker, serve } from '../../src/main';
import { line } from '../support/canonical';
import { clearGraph, testExecutor, testNeo4jEnv } from '../support/neo4j-for-tests';
import { testPrefix, testRedisUrl } from '../support/redis-for-tests';

const SAMPLES = join(__dirname, '../../../shared/samples/cloudevents');
const logger = pino({ level: 'silent' });
let executor: Executor;
let api: RunningApi;
let jobs: Jobs;
let worker: RunningWorker;
let home: string;

beforeAll(async () => {
  executor = await testExecutor();
  await clearGraph();
  home = mkdtempSync(join(tmpdir(), 'threadgraph-home-'));
  mkdirSync(join(home, 'inbox'));
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    THREADGRAPH_HOME: home,
    ...testNeo4jEnv(),
    REDIS_URL: testRedisUrl(),
    THREADGRAPH_REDIS_PREFIX: testPrefix('api'),
    THREADGRAPH_UPLOAD_MAX_BYTES: '100000',
  });
  const services = createServices(executor);
  jobs = await openJobs(config, executor, logger);
  worker = await runWorker(config, services, jobs, logger, 2);
  api = await serve(services, config, logger, jobs);
});
afterAll(async () => {
  await api.stop();
  await worker.close('drain');
  await jobs.close();
  await executor.close();
});

type Answer = { data?: Record<string, any>; errors?: any[] };

async function graphql(query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const res = await fetch(`${api.url}graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as Answer;
}

async function upload(
  name: string,
  content: string,
  headers: Record<string, string> = { 'apollo-require-preflight': 'true' },
) {
  const form = new FormData();
  form.set(
    'operations',
    JSON.stringify({
      query:
        'mutation ($file: Upload!) { startImport(file: $file) { id state file origin fileSize } }',
      variables: { file: null },
    }),
  );
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new Blob([content]), name);
  const res = await fetch(`${api.url}graphql`, { method: 'POST', body: form, headers });
  return { status: res.status, body: (await res.json()) as Answer };
}

const JOB = `id state file origin attempts maxAttempts startedAt finishedAt durationMs error cancelRequested rejectedLinesUrl
  progress { phase read total lines applied unchanged history rejected governanceViolations duplicates }`;

async function finished(id: string): Promise<Record<string, any>> {
  for (let i = 0; i < 600; i += 1) {
    const { data } = await graphql(`query ($id: ID!) { importJob(id: $id) { ${JOB} } }`, { id });
    const job = data?.importJob as Record<string, any>;
    if (['COMPLETED', 'FAILED', 'CANCELLED'].includes(job.state)) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${id} did not finish`);
}

const lines = [
  line('Part', { partNumber: 'P-UP' }),
  line('Unit', { serialNumber: 'SN-UP-1', partNumber: 'P-UP' }),
  '=HYPERLINK("http://evil.example","click")',
  line('Unit', { serialNumber: '   ' }),
  line('Unit', { serialNumber: 'SN-UP-2', partNumber: 'P-UP' }, '2026-01-01T00:00:00Z', {
    source: 'ERP',
  }),
];

describe('startImport with an upload', () => {
  let id: string;

  it('stores the file, queues a job and answers with it', async () => {
    const { status, body } = await upload('plant-a.jsonl', `${lines.join('\n')}\n`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const job = body.data?.startImport;
    expect(job).toMatchObject({
      file: 'plant-a.jsonl',
      origin: 'upload',
      fileSize: Buffer.byteLength(`${lines.join('\n')}\n`),
    });
    expect(['WAITING', 'ACTIVE', 'COMPLETED']).toContain(job.state);
    id = job.id;
  });

  it('importJob reports the outcome, counts and the first rejected lines', async () => {
    const job = await finished(id);
    expect(job).toMatchObject({
      state: 'COMPLETED',
      attempts: 1,
      maxAttempts: 8,
      error: null,
      cancelRequested: false,
      rejectedLinesUrl: `/imports/${id}/rejected.csv`,
      progress: {
        phase: 'done',
        read: 5,
        total: 5,
        lines: 5,
        applied: 2,
        unchanged: 0,
        history: 0,
        rejected: 2,
        governanceViolations: 1,
        duplicates: 0,
      },
    });
    expect(Date.parse(job.finishedAt)).toBeGreaterThanOrEqual(Date.parse(job.startedAt));
    const { data } = await graphql(
      `
        query ($id: ID!) {
          importJob(id: $id) {
            rejectedLines(first: 1) {
              line
              field
              reason
              excerpt
            }
            runs {
              id
              status
              attempts
              derivedUnits
            }
          }
        }
      `,
      { id },
    );
    expect(data?.importJob.rejectedLines).toEqual([
      { line: 3, field: null, reason: expect.stringMatching(/^not valid JSON/), excerpt: lines[2] },
    ]);
    expect(data?.importJob.runs).toEqual([
      { id: `${id}.1`, status: 'COMPLETED', attempts: 1, derivedUnits: 1 },
    ]);
  });

  it('the rejected lines download as CSV, formulas neutralised', async () => {
    const res = await fetch(`${api.url}imports/${id}/rejected.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const csv = await res.text();
    const rows = csv.split('\r\n');
    expect(rows[0]).toBe('line,field,reason,excerpt');
    // the reason holds a comma, so it is quoted; the excerpt is a formula, so it is neutralised
    expect(rows[1]).toBe(
      `3,,"not valid JSON: Unexpected token '=', ""=HYPERLINK""... is not valid JSON","'=HYPERLINK(""http://evil.example"",""click"")"`,
    );
    expect(rows[2]).toBe(`4,data.serialNumber,is blank,"${lines[3]?.replace(/"/g, '""')}"`);
    expect(rows[3]).toBe('');
    expect(
      (await fetch(`${api.url}imports/imp-000000000000000000000000/rejected.csv`)).status,
    ).toBe(404);
    expect((await fetch(`${api.url}imports/nope/rejected.csv`)).status).toBe(400);
  });

  it('the same file again is the same job; importJobs lists it', async () => {
    const again = await upload('renamed.jsonl', `${lines.join('\n')}\n`);
    expect(again.body.data?.startImport).toMatchObject({
      id,
      state: 'COMPLETED',
      file: 'plant-a.jsonl',
    });
    const { data } = await graphql(
      '{ importJobs(state: [COMPLETED], first: 10) { nodes { id } pageInfo { hasNextPage endCursor } } }',
    );
    expect(data?.importJobs.nodes.map((n: { id: string }) => n.id)).toContain(id);
  });

  it('a multipart request without a preflight header is refused before anything is written', async () => {
    const { status, body } = await upload('x.jsonl', 'x\n', {});
    expect(status).toBe(400);
    expect(body.errors?.[0].message).toMatch(/apollo-require-preflight/);
  });

  it('an upload over the size limit is refused', async () => {
    const { body } = await upload('big.jsonl', 'x'.repeat(200_000));
    expect(body.errors?.[0]).toMatchObject({
      extensions: { code: 'INVALID_INPUT' },
      message: expect.stringMatching(/larger than the upload limit/),
    });
  });
});

describe('startImport with a path', () => {
  it('imports a file in a folder the server imports from, and refuses one outside', async () => {
    const inside = join(home, 'inbox', 'inside.jsonl');
    writeFileSync(inside, `${line('Part', { partNumber: 'P-INBOX' })}\n`);
    const ok = await graphql(
      'mutation ($p: String!) { startImport(path: $p) { id origin file } }',
      { p: inside },
    );
    expect(ok.data?.startImport).toMatchObject({ origin: 'path', file: inside });
    expect(await finished(ok.data?.startImport.id)).toMatchObject({ state: 'COMPLETED' });

    const outside = await graphql('mutation { startImport(path: "/etc/passwd") { id } }');
    expect(outside.errors?.[0]).toMatchObject({
      extensions: { code: 'INVALID_INPUT' },
      message: expect.stringContaining('is not in a folder the server imports from'),
    });
    const both = await graphql('mutation { startImport { id } }');
    expect(both.errors?.[0].message).toBe('give either path or file');
  });
});

describe('startImport of plant formats', () => {
  it('tells B2MML from its content, reads local times in the zone given, and lists the options', async () => {
    const file = join(home, 'inbox', 'performance.xml');
    copyFileSync(
      join(__dirname, '..', 'fixtures', 'b2mml', 'operations-performance-v0700.xml'),
      file,
    );
    const started = await graphql(
      'mutation ($p: String!) { startImport(path: $p, timezone: "Europe/Berlin") { id format options { name value } } }',
      { p: file },
    );
    expect(started.data?.startImport).toMatchObject({
      format: 'B2MML',
      options: [{ name: 'timezone', value: 'Europe/Berlin' }],
    });
    // 3 executions, 1 unit, 4 consumptions; the lot MES produced is ERP's class: a violation
    expect(await finished(started.data?.startImport.id)).toMatchObject({
      state: 'COMPLETED',
      progress: { lines: 9, applied: 8, governanceViolations: 1, rejected: 0, read: 9, total: 9 },
    });
  });

  it('maps an uploaded CSV with a shipped profile; a profile path outside the import folders is refused', async () => {
    const { data } = await graphql('{ csvProfiles }');
    expect(data?.csvProfiles).toEqual(expect.arrayContaining(['plant-b-genealogy']));
    const form = new FormData();
    form.set(
      'operations',
      JSON.stringify({
        query:
          'mutation ($file: Upload!) { startImport(file: $file, profile: "plant-b-genealogy") { id format options { name value } } }',
        variables: { file: null },
      }),
    );
    form.set('map', JSON.stringify({ 0: ['variables.file'] }));
    form.set(
      '0',
      new Blob([readFileSync(join(__dirname, '..', 'fixtures', 'csv', 'plant-b-genealogy.csv'))]),
      'genealogy.csv',
    );
    const res = await fetch(`${api.url}graphql`, {
      method: 'POST',
      body: form,
      headers: { 'apollo-require-preflight': 'true' },
    });
    const job = ((await res.json()) as Answer).data?.startImport as Record<string, any>;
    expect(job.format).toBe('CSV');
    expect((job.options as { name: string; value: string }[]).map((o) => o.name)).toEqual([
      'profile',
      'profileHash',
    ]);
    // 2 units and 2 consumptions (csv.expected.ts)
    expect(await finished(job.id)).toMatchObject({
      state: 'COMPLETED',
      progress: { lines: 4, applied: 4, rejected: 0 },
    });

    const outside = await graphql(
      'mutation ($p: String!) { startImport(path: $p, profile: "/etc/passwd") { id } }',
      { p: join(home, 'inbox', 'performance.xml') },
    );
    expect(outside.errors?.[0].message).toContain('is not in a folder the server imports from');
  });
});

describe('retry, cancel and unknown jobs', () => {
  it('answer with clear errors', async () => {
    const unknown = await graphql('{ importJob(id: "imp-000000000000000000000000") { id } }');
    expect(unknown).toEqual({ data: { importJob: null } });
    const bad = await graphql('{ importJob(id: "../../etc") { id } }');
    expect(bad.errors?.[0].extensions.code).toBe('INVALID_INPUT');
    const missing = await graphql(
      'mutation { retryImport(id: "imp-000000000000000000000000") { id } }',
    );
    expect(missing.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const { data } = await graphql('{ importJobs(state: [COMPLETED], first: 1) { nodes { id } } }');
    const done = data?.importJobs.nodes[0].id;
    const cancel = await graphql('mutation ($id: ID!) { cancelImport(id: $id) { id } }', {
      id: done,
    });
    expect(cancel.errors?.[0]).toMatchObject({
      extensions: { code: 'INVALID_INPUT' },
      message: expect.stringMatching(/is completed: there is nothing to cancel/),
    });
    const cursor = await graphql('{ importJobs(after: "bm9wZQ") { nodes { id } } }');
    expect(cursor.errors?.[0].extensions.code).toBe('INVALID_INPUT');
  });
});

describe('the importJobProgress subscription', () => {
  it('follows a job over graphql-ws until it completes', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => line('Part', { partNumber: `P-SUB-${i}` }));
    const file = join(home, 'inbox', 'sub.jsonl');
    writeFileSync(file, `${many.join('\n')}\n`);
    // queue it while no worker is free to take it at once, so the subscription sees it move
    const client = createClient({
      url: `${api.url.replace('http', 'ws')}graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    const { data } = await graphql('mutation ($p: String!) { startImport(path: $p) { id } }', {
      p: file,
    });
    const id = data?.startImport.id as string;
    const seen: { state: string; lines: number | null }[] = [];
    for await (const event of client.iterate({
      query:
        'subscription ($id: ID!) { importJobProgress(id: $id) { id state progress { lines } } }',
      variables: { id },
    })) {
      const job = (event.data as any).importJobProgress;
      seen.push({ state: job.state, lines: job.progress?.lines ?? null });
    }
    await client.dispose();
    expect(seen[seen.length - 1]).toEqual({ state: 'COMPLETED', lines: 3000 });
    const counts = seen.map((s) => s.lines ?? 0);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });
});

describe('/metrics', () => {
  it('exports queue depth, job durations and outcomes for Prometheus', async () => {
    const res = await fetch(`${api.url}metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^threadgraph_import_jobs\{state="completed"\} [1-9]\d*$/m);
    expect(text).toMatch(/^threadgraph_import_jobs\{state="failed"\} 0$/m);
    expect(text).toMatch(/^threadgraph_import_workers 1$/m);
    expect(text).toMatch(
      /^threadgraph_import_job_duration_seconds_count\{outcome="completed"\} [1-9]\d*$/m,
    );
    expect(text).toMatch(/^threadgraph_import_lines_total\{outcome="rejected"\} \d+$/m);
    expect(text).toContain('threadgraph_process_cpu_seconds_total');
  });
});

async function post(
  body: unknown,
  type = 'application/cloudevents-batch+json',
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${api.url}events`, {
    method: 'POST',
    headers: { 'content-type': type, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const have = existsSync(SAMPLES);
(have ? describe : describe.skip)(
  'CloudEvents conformance samples (../shared/samples/cloudevents)',
  () => {
    const tests = (file: string) =>
      (
        JSON.parse(readFileSync(join(SAMPLES, 'conformance-format-json', file), 'utf8')) as {
          tests: any[];
        }
      ).tests;

    it('valid events pass the envelope checks and are refused for their type (not a record type)', async () => {
      for (const t of tests('valid-events.json')) {
        const { status, body } = await post(t.event, 'application/cloudevents+json');
        expect({ id: t.id, status, refused: body.refused }).toEqual({
          id: t.id,
          status: 400,
          refused: [
            {
              index: 0,
              id: t.event.id,
              attribute: 'type',
              reason: expect.stringContaining('is not a record type'),
            },
          ],
        });
      }
    });

    it('invalid events are refused for what is wrong with their envelope', async () => {
      const expected: Record<string, string> = {
        invalidNoSpecVersion: 'specversion',
        invalidNoId: 'id',
        invalidNoType: 'type',
        invalidNoSource: 'source',
        invalidTimeGarbage: 'time',
        invalidTimeToMinute: 'time',
        invalidTimeOffsetX: 'time',
        invalidTimeOffsetOutOfRange: 'time',
        invalidTimeOffsetNonInteger: 'time',
        invalidTimeOffsetHourOnly: 'time',
        invalidEmptyId: 'id',
        invalidEmptyType: 'type',
        invalidEmptySource: 'source',
        invalidEmptySpecVersion: 'specversion',
        invalidUnknownSpecVersion: 'specversion',
        invalidNonRfc2046DataContentType: 'datacontenttype',
        invalidEmptyDataContentType: 'datacontenttype',
        invalidEmptyDataSchema: 'dataschema',
        invalidEmptySubject: 'subject',
        invalidNumericId: 'id',
        invalidObjectId: 'id',
        invalidCapitalizedExtension: 'MyExtension',
        invalidPunctuatedExtension: 'my.extension',
        invalidNonIntegerExtensionValue: 'my.extension',
        invalidBothDataAndDataBase64: 'data_base64',
      };
      const all = tests('invalid-events.json');
      expect(all.map((t) => t.id).sort()).toEqual(Object.keys(expected).sort());
      for (const t of all) {
        const { status, body } = await post(t.event, 'application/cloudevents+json');
        expect({ id: t.id, status, attribute: body.refused[0]?.attribute }).toEqual({
          id: t.id,
          status: 400,
          attribute: expected[t.id],
        });
      }
    });

    it('batches: empty is fine, a redelivery counts once, bad members are refused one by one', async () => {
      const valid = Object.fromEntries(tests('valid-batches.json').map((t) => [t.id, t.batch]));
      expect(await post(valid.validBatchEmpty)).toMatchObject({
        status: 200,
        body: { accepted: 0, refused: [], repeated: 0 },
      });
      const twice = await post(valid.validBatchMinimal2);
      expect(twice.body).toMatchObject({ accepted: 0, repeated: 1 });
      expect(twice.body.refused).toHaveLength(1);
      const invalid = Object.fromEntries(tests('invalid-batches.json').map((t) => [t.id, t.batch]));
      const mixed = await post(invalid.invalidBatchMixedSpecVersions);
      expect(mixed.body.refused.map((r: any) => [r.index, r.attribute])).toEqual([
        [0, 'type'],
        [1, 'specversion'],
      ]);
      const noId = await post(invalid.invalidBatchContainingInvalidCloudEvent);
      expect(noId.body.refused.map((r: any) => [r.index, r.attribute])).toEqual([[0, 'id']]);
      const notObject = await post(invalid.invalidBatchContainingNonObject);
      expect(notObject.body.refused.map((r: any) => [r.index, r.reason])).toEqual([
        [0, 'an event must be a JSON object'],
        [1, expect.stringContaining('is not a record type')],
      ]);
    });

    it('the SDK-written events: extensions and time forms checked, data_base64 read', async () => {
      const sdk = (name: string) =>
        JSON.parse(readFileSync(join(SAMPLES, 'sdk-java-v1', name), 'utf8'));
      const attribute = async (name: string) =>
        (await post(sdk(name), 'application/cloudevents+json')).body.refused[0]?.attribute;
      expect(await attribute('json_data_with_ext.json')).toBe('type');
      expect(await attribute('json_data_with_fractional_time.json')).toBe('type');
      expect(await attribute('base64_json_data.json')).toBe('type');
      expect(await attribute('min_subject_null.json')).toBe('type');
      expect(await attribute('json_data_with_ext_invalid.json')).toBe('a_invalid_name');
      expect(await attribute('fail_numeric_decimal.json')).toBe('decimal');
    });
  },
);

describe('record events at POST /events', () => {
  const event = (i: number, extra: Record<string, unknown> = {}) => ({
    specversion: '1.0',
    id: `evt-${i}`,
    source: 'urn:plant-a:mes-1',
    type: 'io.threadgraph.record.v1.Unit',
    time: '2026-03-01T10:00:00+01:00',
    recordsource: 'MES',
    recordsite: 'PLANT-A',
    datacontenttype: 'application/json',
    data: { serialNumber: `SN-EV-${String(i).padStart(3, '0')}`, partNumber: 'P-EV' },
    ...extra,
  });
  const units = async () =>
    (
      await executor.read('t', (q) =>
        q.run<{ serialNumber: string }>('search/find-by-key-prefix', {
          prefix: 'sn-ev-' /* search keys are lower case */,
          kinds: ['Unit'],
          limit: 1000,
        }),
      )
    ).length;

  it('a batch of 100 is accepted with its job; the same batch again changes nothing', async () => {
    const batch = Array.from({ length: 100 }, (_, i) => event(i));
    const first = await post(batch);
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({
      accepted: 100,
      repeated: 0,
      refused: [],
      job: { origin: 'events', format: 'cloudevents' },
    });
    const done = await finished(first.body.job.id);
    expect(done.progress).toMatchObject({ lines: 100, applied: 100, duplicates: 0 });
    expect(await units()).toBe(100);

    const again = await post(batch);
    expect(again.body).toMatchObject({
      accepted: 100,
      job: { id: first.body.job.id },
      sameAsEarlierRequest: true,
    });
    expect(await units()).toBe(100);
  });

  it('with every fifth event corrupted: those are refused with reasons, the rest change nothing', async () => {
    const batch = Array.from({ length: 100 }, (_, i) =>
      i % 5 === 4
        ? event(i, { time: 'yesterday', data: { serialNumber: `SN-BAD-${i}` } })
        : event(i),
    );
    const { status, body } = await post(batch);
    expect(status).toBe(202);
    expect(body.accepted).toBe(80);
    expect(body.refused).toHaveLength(20);
    expect(body.refused[0]).toEqual({
      index: 4,
      id: 'evt-4',
      attribute: 'time',
      reason: expect.stringMatching(/RFC 3339/),
    });
    const done = await finished(body.job.id);
    // a redelivered (source, id) changes nothing, whatever it holds
    expect(done.progress).toMatchObject({ lines: 80, applied: 0, unchanged: 0, duplicates: 80 });
    expect(await units()).toBe(100);
  });

  it('binary mode: attributes as ce-* headers, the data as the body', async () => {
    const { status, body } = await post(
      { serialNumber: 'SN-EV-BIN', partNumber: 'P-EV' },
      'application/json',
      {
        'ce-specversion': '1.0',
        'ce-id': 'bin-1',
        'ce-source': 'urn:plant-a:mes-1',
        'ce-type': 'io.threadgraph.record.v1.Unit',
        'ce-time': '2026-03-01T10:00:00Z',
        'ce-recordsource': 'MES',
      },
    );
    expect(status).toBe(202);
    expect(await finished(body.job.id)).toMatchObject({ progress: { applied: 1 } });
    const [row] = await executor.read('t', (q) =>
      q.run<{ rid: string }>('trace/read-records', { rids: ['["Unit","SN-EV-BIN"]'] }),
    );
    expect(row).toBeDefined();
  });

  it('a request that is no CloudEvent is answered 415 with what to send', async () => {
    const { status, body } = await post({ hello: 1 }, 'application/json');
    expect(status).toBe(415);
    expect(body.error).toMatch(/application\/cloudevents\+json/);
  });
});
