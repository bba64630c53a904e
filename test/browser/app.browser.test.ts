/**
 * The web app in a real Chromium, against a real server (Neo4j, Redis, an import worker, the demo
 * thread): a quality engineer's paths through it, keyboard-only included; an accessibility check
 * of every page; screenshots of every page at 1400×900 and 390×844 (tmp/screenshots).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import type { RunningApi } from '../../src/api/server';
import { loadConfig } from '../../src/config';
import { demoLines } from '../../src/demo/generate';
import type { Executor } from '../../src/graph/executor';
import type { RunningWorker } from '../../src/jobs/import-worker';
import type { Jobs } from '../../src/main';
import { createServices, openJobs, runWorker, serve } from '../../src/main';
import { launch, screenshot, SCREENSHOTS, seriousViolations } from '../support/browser';
import { line, writeLines } from '../support/canonical';
import { clearGraph, testExecutor, testNeo4jEnv } from '../support/neo4j-for-tests';
import { testPrefix, testRedisUrl } from '../support/redis-for-tests';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..');
const logger = pino({ level: 'silent' });
let executor: Executor;
let api: RunningApi;
let jobs: Jobs;
let worker: RunningWorker;
let browser: Browser;
let page: Page;
let base: string;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'web', 'dist', 'index.html'))) {
    const built = spawnSync('npm', ['run', 'build:web'], { cwd: ROOT, encoding: 'utf8' });
    if (built.status !== 0)
      throw new Error(`the web app does not build:\n${built.stdout}${built.stderr}`);
  }
  executor = await testExecutor();
  await clearGraph();
  const services = createServices(executor);
  await services.imports.importCanonicalFile(writeLines([...demoLines({ units: 60, seed: 1 })]), {
    batchSize: 2000,
  });
  const home = mkdtempSync(join(tmpdir(), 'threadgraph-browser-'));
  mkdirSync(join(home, 'inbox'));
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    THREADGRAPH_HOME: home,
    ...testNeo4jEnv(),
    REDIS_URL: testRedisUrl(),
    THREADGRAPH_REDIS_PREFIX: testPrefix('browser'),
  });
  jobs = await openJobs(config, executor, logger);
  worker = await runWorker(config, services, jobs, logger, 2);
  api = await serve(services, config, logger, jobs);
  base = api.url.replace(/\/$/, '');
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await worker?.close('drain');
  await jobs?.close();
  await executor?.close();
});
beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  page.on('pageerror', (e) => {
    throw e;
  });
});
afterEach(async () => {
  await page?.close();
});

async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return ((await res.json()) as { data: T }).data;
}

describe('a quality engineer answers an auditor', () => {
  it('searches sn-0047, opens it, and sees the three gaps of the seed story, each linked to its record', async () => {
    await page.goto(base);
    await page.getByRole('combobox').fill('sn-0047');
    await page.getByRole('option', { name: /SN-0047/ }).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/unit/SN-0047`);
    await page.getByRole('heading', { level: 1, name: 'SN-0047' }).waitFor();
    await page.getByText(/Evidence incomplete: \d+ gaps/).waitFor();
    const gaps = page.locator('#gaps li');
    const codes = await gaps.locator('.badge').allTextContents();
    expect(new Set(codes)).toEqual(
      new Set(['BUILT_TO_SUPERSEDED_REVISION', 'DRAWING_NOT_CURRENT', 'PLAN_REVISION_NOT_CURRENT']),
    );
    // each gap links to the record it is about
    const links = await gaps
      .locator('a.gap-ref')
      .evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    expect(links).toEqual(
      expect.arrayContaining([
        ['ECO-0007', '/impact/ECO-0007'],
        ['WO-PA-00005', '/record/WorkOrder/WO-PA-00005'],
        ['DWG-PA-100/C', '/record/DrawingRevision/DWG-PA-100/C'],
      ]),
    );
    expect(links).toHaveLength(codes.length);
    await page.getByRole('link', { name: 'DWG-PA-100/C' }).click();
    await page.getByRole('heading', { level: 1, name: 'DWG-PA-100/C' }).waitFor();
    await page.getByText('Recorded at the source').waitFor();
  });

  it('is told on every page that this server has no sign-in, and is offered no sign-in', async () => {
    for (const path of ['/', '/unit/SN-0047', '/imports']) {
      await page.goto(`${base}${path}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      const banner = page.getByRole('note');
      await banner.waitFor();
      expect(await banner.textContent()).toBe(
        'This server has no sign-in: everyone who can reach it is treated as its local admin — fine on 127.0.0.1 only.',
      );
      expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    }
    // the local admin manages API keys (for when sign-in is turned on)
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'API keys' })
      .waitFor();
  });

  it('downloads the recall list of a demo lot as CSV: exactly the units the API returns', async () => {
    const lot = 'SK-00001';
    const listed: string[] = [];
    for (let after: string | null = null; ;) {
      const d: {
        traceForward: {
          units: { serialNumber: string }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      } = await graphql(
        'query ($lot: String, $after: String) { traceForward(lotNumber: $lot, first: 1000, after: $after) { units { serialNumber } pageInfo { hasNextPage endCursor } } }',
        { lot, after },
      );
      listed.push(...d.traceForward.units.map((u) => u.serialNumber));
      if (!d.traceForward.pageInfo.hasNextPage) break;
      after = d.traceForward.pageInfo.endCursor;
    }
    await page.goto(`${base}/genealogy/lot/${lot}`);
    const button = page.getByRole('link', { name: /Download the recall list/ });
    await button.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const file = join(mkdtempSync(join(tmpdir(), 'threadgraph-dl-')), download.suggestedFilename());
    await download.saveAs(file);
    const rows = readFileSync(file, 'utf8').trim().split('\r\n');
    expect(rows[0]).toBe('serialNumber,partNumber,depth,via,status,shipmentId,customer');
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(listed);
    expect(listed.length).toBeGreaterThan(0);
    // and the page shows the as-built and recall graphs
    expect(await page.locator('figure.graph svg').count()).toBeGreaterThanOrEqual(1);
  });

  it("downloads SN-0047's device history record as PDF holding the serial, the built-to revision and every gap code", async () => {
    await page.goto(`${base}/unit/SN-0047`);
    const link = page.getByRole('link', { name: 'Device history record (PDF)' });
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = join(mkdtempSync(join(tmpdir(), 'threadgraph-dl-')), download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toBe('DHR-SN-0047.pdf');
    const text = spawnSync(
      process.execPath,
      [join(ROOT, 'test', 'support', 'pdf-text.mjs'), file],
      {
        encoding: 'utf8',
      },
    ).stdout;
    expect(text).toContain('SN-0047');
    expect(text).toMatch(/Built-to revision\s+C/);
    for (const code of [
      'BUILT_TO_SUPERSEDED_REVISION',
      'DRAWING_NOT_CURRENT',
      'PLAN_REVISION_NOT_CURRENT',
    ]) {
      expect(text).toContain(code);
    }
  });

  it('the health page draws its charts', async () => {
    await page.goto(`${base}/health`);
    await page.locator('.health-chart canvas').first().waitFor();
    const charts = await page.locator('.health-chart').count();
    expect(charts).toBe(3);
    const sizes = await page
      .locator('.health-chart canvas')
      .evaluateAll((cs) => cs.map((c: any) => [c.width, c.height]));
    for (const [w, h] of sizes) {
      expect(w).toBeGreaterThan(200);
      expect(h).toBeGreaterThan(100);
    }
    // the cost of broken boundaries follows its inputs
    const cost = page.locator('#cost .big');
    await cost.waitFor();
    await page.getByLabel(/Cost of one escaped change/).fill('0');
    await page.waitForFunction(() =>
      (globalThis as any).document.querySelector('#cost .big')?.textContent?.startsWith('£0'),
    );
  });

  it('reaches the search box and its results from the keyboard alone', async () => {
    await page.goto(`${base}/health`);
    // the header comes once the app knows whether sign-in is required (/auth/config)
    await page.locator('#search-input').waitFor();
    await page.keyboard.press('Tab'); // the skip link
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.textContent)).toBe(
      'Skip to content',
    );
    await page.keyboard.press('Tab'); // home
    await page.keyboard.press('Tab'); // search
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe(
      'search-input',
    );
    await page.keyboard.type('PA-');
    await page.getByRole('option').first().waitFor();
    await page.keyboard.press('ArrowDown');
    const chosen = await page
      .getByRole('listbox')
      .getByRole('option', { selected: true })
      .textContent();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => !u.pathname.startsWith('/health'));
    expect(chosen).toMatch(/PA-/);
    await page.getByRole('heading', { level: 1 }).waitFor();
  });

  it('uploads a file on the imports page and watches its job complete, its rejected line listed', async () => {
    const file = writeLines(
      [line('Part', { partNumber: 'P-BROWSER' }), '{not json'],
      'browser-upload.jsonl',
    );
    await page.goto(`${base}/imports`);
    await page.getByLabel('File', { exact: true }).setInputFiles(file);
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await page.waitForURL(/\/imports\/imp-[0-9a-f]{24}$/);
    await page.getByRole('status').getByText('COMPLETED').waitFor({ timeout: 60_000 });
    await page.reload();
    await page.getByRole('cell', { name: /^not valid JSON/ }).waitFor();
  });

  it("uploads a site's CSV export with its shipped mapping profile; the job names the profile", async () => {
    await page.goto(`${base}/imports`);
    await page
      .getByLabel('File', { exact: true })
      .setInputFiles(join(ROOT, 'test', 'fixtures', 'csv', 'plant-a-inspection.csv'));
    await page.getByLabel('CSV profile').selectOption('plant-a-inspection');
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await page.waitForURL(/\/imports\/imp-[0-9a-f]{24}$/);
    await page.getByRole('status').getByText('COMPLETED').waitFor({ timeout: 60_000 });
    // the format told from the file, the profile by its id and version
    await page
      .getByText(/^csv · profile plant-a-inspection@1\.0\.0 · profile sha256 [0-9a-f]{12}…/)
      .waitFor();
  });
});

const PAGES: readonly [string, string, string][] = [
  ['home', '/', 'threadgraph'],
  ['search', '/search?q=SN-00', 'Records starting with'],
  ['unit', '/unit/SN-0047', 'SN-0047'],
  ['genealogy-serial', '/genealogy/serial/SN-0047', 'Genealogy of SN-0047'],
  ['genealogy-lot', '/genealogy/lot/SK-00001', 'Genealogy of SK-00001'],
  ['impact-index', '/impact', 'Change impact'],
  ['impact', '/impact/ECO-0007', 'Impact of ECO-0007'],
  ['coverage-index', '/coverage', 'Requirement coverage'],
  ['coverage', '/coverage/PA-100/D', 'Coverage of PA-100 rev D'],
  ['health', '/health', 'Thread health'],
  ['governance', '/governance', 'Governance'],
  ['imports', '/imports', 'Imports'],
  ['api-keys-local', '/admin/keys', 'API keys'],
  ['audit', '/audit', 'Audit trail'],
  ['record', '/record/Nonconformance/NCR-00001', 'NCR-00001'],
  ['not-found', '/no/such/page', 'Page not found'],
];

describe('every page', () => {
  it.each(PAGES)(
    '%s has no serious accessibility violation, and is photographed at both sizes',
    async (name, path, heading) => {
      for (const viewport of [
        { width: 1400, height: 900 },
        { width: 390, height: 844 },
      ]) {
        await page.setViewportSize(viewport);
        await page.goto(`${base}${path}`);
        await page.getByRole('heading', { level: 1, name: heading }).first().waitFor();
        await page.waitForLoadState('networkidle');
        await screenshot(page, name);
        if (viewport.width === 1400) expect(await seriousViolations(page)).toEqual([]);
      }
    },
  );
});

afterAll(() => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(
    join(SCREENSHOTS, 'README.txt'),
    'Written by test/browser/app.browser.test.ts: every page at 1400x900 and 390x844.\n',
  );
});
