/**
 * The live-equipment page in a real Chromium against a real server and Neo4j, readings stored
 * through the equipment service and published to the page's subscriptions in-process (as the
 * reading writer does). Four machines at two sites, their health worked out by hand from the
 * values stored (ISO 10816-3 group 2 rigid: zones A < 1.4 ≤ B < 2.8 ≤ C < 4.5 ≤ D mm/s;
 * temperature yellow from 80 °C, red from 95 °C):
 *
 * | machine | site    | vibration   | temperature | health                     |
 * | MILL-1  | S-NORTH | 1.0 (A)     | 60 °C       | GREEN, then 5.0 (D): RED   |
 * | MILL-2  | S-NORTH | 3.0 (C)     | —           | YELLOW                     |
 * | PRESS-1 | S-SOUTH | 2.0 (B)     | 96 °C       | RED (temperature)          |
 * | PRESS-2 | S-SOUTH | —           | —           | UNKNOWN, stale: energy only, in February |
 *
 * PRESS-2's energy counter over three operations of part P-E (2 Feb 2026):
 * OE-1 (U-E1, op 10, 08:00–09:00): 100 → 110 → 2 (a reset) → 7 = 10 + 2 + 5 = 17 kWh;
 * OE-2 (U-E2, op 10, 09:30–10:00): 20 → 29 = 9 kWh; OE-3 (U-E1, op 20, 10:30–11:00): 31 → 35 =
 * 4 kWh. Op 10: 2 operations, 26 kWh, 13 each; op 20: 1, 4 kWh; one unit of the route 13 + 4 =
 * 17 kWh, over 2 units, 1 reset. U-E1 took 17 + 4 = 21 kWh.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import type { RunningApi } from '../../src/api/server';
import { loadConfig } from '../../src/config';
import type { LiveReading, SeriesInfo } from '../../src/domain/readings';
import type { Executor } from '../../src/graph/executor';
import type { Services } from '../../src/main';
import { createServices, serve } from '../../src/main';
import { launch, screenshot, seriousViolations } from '../support/browser';
import { line, writeLines } from '../support/canonical';
import { clearGraph, testExecutor, testNeo4jEnv } from '../support/neo4j-for-tests';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..');
const logger = pino({ level: 'silent' });
let executor: Executor;
let services: Services;
let api: RunningApi;
let browser: Browser;
let page: Page;
let base: string;
let errors: Error[] = [];

/** what each live series of a machine means */
const SERIES: Record<string, [string, string][]> = {
  vib: [['vibration_velocity', 'mm/s']],
  temp: [['temperature', 'Cel']],
  amps: [['motor_current', 'A']],
  kwh: [['energy_counter', 'kWh']],
  state: [['machine_state', '1']],
};
/** each machine's site and name (as the MES sends them) */
const MACHINES: Record<string, [string, string]> = {
  'MILL-1': ['S-NORTH', 'Mill 1'],
  'MILL-2': ['S-NORTH', 'Mill 2'],
  'PRESS-1': ['S-SOUTH', 'Press 1'],
  'PRESS-2': ['S-SOUTH', 'Press 2'],
};

/** an instant as the collector writes it (nine fractional digits), `ms` from now */
const now = (ms = 0) =>
  new Date(Date.now() + ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
const feb2 = (hhmm: string) => `2026-02-02T${hhmm}:00.000000000Z`;

/** Stores readings [tag, value, t] of one machine and publishes them as the reading writer does. */
async function store(equipmentId: string, points: [string, number, string?][]) {
  const readings: LiveReading[] = points.map(([tag, value, t]) => ({
    equipmentId,
    tag,
    t: t ?? now(),
    value,
    quality: 'Good',
  }));
  const series: SeriesInfo[] = [...new Set(points.map(([tag]) => tag))].map((tag) => {
    const [[meaning, unit]] = SERIES[tag] as [[string, string]];
    return { equipmentId, tag, site: MACHINES[equipmentId]?.[0], meaning, unit };
  });
  const result = await services.equipment.store({ readings, series });
  if (result.live) services.live.publish(result.live);
  return result;
}

/** The latest values again, a second later: nothing changes but no machine goes stale. */
const LATEST: Record<string, [string, number][]> = {
  'MILL-1': [
    ['vib', 1.0],
    ['temp', 60],
    ['amps', 12.5],
    ['kwh', 1000],
    ['state', 1],
  ],
  'MILL-2': [['vib', 3.0]],
  'PRESS-1': [
    ['vib', 2.0],
    ['temp', 96],
  ],
};
async function heartbeat() {
  for (const [machine, values] of Object.entries(LATEST)) await store(machine, values);
}

async function until(what: string, ok: () => boolean, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The built app must hold this page: build it when it is missing or older than the page. */
function ensureBuilt() {
  const assets = join(ROOT, 'web', 'dist', 'assets');
  const built =
    existsSync(join(ROOT, 'web', 'dist', 'index.html')) &&
    readdirSync(assets).some(
      (f) => f.endsWith('.js') && readFileSync(join(assets, f), 'utf8').includes('Live equipment'),
    );
  if (built) return;
  const run = spawnSync('npm', ['run', 'build:web'], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the web app does not build:\n${run.stdout}${run.stderr}`);
}

beforeAll(async () => {
  ensureBuilt();
  executor = await testExecutor();
  await clearGraph();
  services = createServices(executor);
  const jan = '2026-01-01T00:00:00Z';
  const op = (id: string, serial: string, opNumber: string, from: string, to: string) =>
    line('OperationExecution', {
      id,
      serialNumber: serial,
      workOrderId: 'WO-E',
      opNumber,
      equipmentId: 'PRESS-2',
      startedAt: `2026-02-02T${from}:00Z`,
      completedAt: `2026-02-02T${to}:00Z`,
      status: 'COMPLETED',
    });
  await services.imports.importCanonicalFile(
    writeLines([
      line('Part', { partNumber: 'P-E', tracking: 'SERIAL' }),
      line('PartRevision', {
        partNumber: 'P-E',
        revision: 'A',
        status: 'RELEASED',
        releasedAt: jan,
      }),
      line('WorkOrder', {
        id: 'WO-E',
        partNumber: 'P-E',
        revision: 'A',
        releasedAt: jan,
        site: 'S-SOUTH',
      }),
      line('Unit', {
        serialNumber: 'U-E1',
        partNumber: 'P-E',
        workOrderId: 'WO-E',
        site: 'S-SOUTH',
      }),
      line('Unit', {
        serialNumber: 'U-E2',
        partNumber: 'P-E',
        workOrderId: 'WO-E',
        site: 'S-SOUTH',
      }),
      ...Object.entries(MACHINES).map(([id, [site, name]]) =>
        line('Equipment', { id, name, site }),
      ),
      op('OE-1', 'U-E1', '10', '08:00', '09:00'),
      op('OE-2', 'U-E2', '10', '09:30', '10:00'),
      op('OE-3', 'U-E1', '20', '10:30', '11:00'),
    ]),
    { batchSize: 1000 },
  );
  await store('PRESS-2', [
    ['kwh', 100, feb2('08:00')],
    ['kwh', 110, feb2('08:20')],
    ['kwh', 2, feb2('08:40')],
    ['kwh', 7, feb2('09:00')],
    ['kwh', 20, feb2('09:30')],
    ['kwh', 29, feb2('10:00')],
    ['kwh', 31, feb2('10:30')],
    ['kwh', 35, feb2('11:00')],
  ]);
  await heartbeat();
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    THREADGRAPH_HOME: mkdtempSync(join(tmpdir(), 'threadgraph-equipment-')),
    ...testNeo4jEnv(),
  });
  api = await serve(services, config, logger);
  base = api.url.replace(/\/$/, '');
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await executor?.close();
});
beforeEach(async () => {
  // the subscriptions of the page before have ended, so counting this page's is exact
  await until("the last page's subscriptions to end", () => services.live.size === 0);
  errors = [];
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (e) => errors.push(e));
});
afterEach(async () => {
  await page?.close();
  expect(errors).toEqual([]);
});

/** The machines table as header → text, one object a row. */
async function machineRows(): Promise<Record<string, string>[]> {
  const table = page.locator('#machines table');
  await table.waitFor();
  return table.evaluate((t: any) => {
    const heads = [...t.tHead.rows[0].cells].map((c: any) => c.innerText.trim());
    return [...t.tBodies[0].rows].map((r: any) =>
      Object.fromEntries(
        [...r.cells].map((c: any, i: number) => [
          heads[i],
          c.innerText.replace(/\s+/g, ' ').trim(),
        ]),
      ),
    );
  });
}

const tiles = () =>
  page
    .locator('.health-tile')
    .evaluateAll((ts: any[]) => ts.map((t) => t.innerText.replace(/\s+/g, ' ').trim()));

describe('the live-equipment page', () => {
  it('lists every machine with the health its readings give, counted per site and across sites', async () => {
    await page.goto(`${base}/equipment`);
    await page.getByRole('heading', { level: 1, name: 'Live equipment' }).waitFor();
    expect(
      await page
        .getByRole('navigation', { name: 'Sections' })
        .getByRole('link', {
          name: 'Live equipment',
        })
        .getAttribute('aria-current'),
    ).toBe('page');
    const rows = await machineRows();
    expect(rows.map((r) => r.Machine)).toEqual([
      'MILL-1 Mill 1',
      'MILL-2 Mill 2',
      'PRESS-1 Press 1',
      'PRESS-2 Press 2',
    ]);
    expect(rows[0]).toMatchObject({
      Health: 'GREEN',
      Why: 'vibration 1.00 mm/s (zone A), temperature 60.0 °C',
      Vibration: '1.00 mm/s',
      Temperature: '60.0 °C',
      Current: '12.5 A',
      'Energy counter': '1,000.0 kWh',
      State: '1',
      Site: 'S-NORTH',
    });
    expect(rows[1]).toMatchObject({ Health: 'YELLOW', Why: 'vibration 3.00 mm/s (zone C)' });
    expect(rows[2]).toMatchObject({
      Health: 'RED',
      Why: 'vibration 2.00 mm/s (zone B), temperature 96.0 °C',
    });
    // PRESS-2 sends only its energy counter, and last did in February: unknown, and stale
    expect(rows[3]).toMatchObject({
      Health: 'UNKNOWN stale',
      Why: '—',
      Vibration: '—',
      'Energy counter': '35.0 kWh',
      Site: 'S-SOUTH',
    });
    expect(rows[3]?.['Last reading']).toMatch(/days ago$/);
    for (const r of rows.slice(0, 3)) expect(r.Health).not.toMatch(/stale/);
    await page.getByText('One machine has sent no reading for more than 60 s').waitFor();

    // every site: 1 green, 1 yellow, 1 red, 1 unknown; per site as the table says
    expect(await tiles()).toEqual([
      '1 green vibration zone A or B, temperature normal',
      '1 yellow vibration zone C or temperature high',
      '1 red vibration zone D or temperature too high',
      '1 unknown no vibration or temperature reading',
    ]);
    const perSite = await page
      .locator('.per-site tbody tr')
      .evaluateAll((trs: any[]) =>
        trs.map((tr) => [...tr.cells].map((c: any) => c.innerText.trim())),
      );
    expect(perSite).toEqual([
      ['S-NORTH', '1', '1', '0', '0'],
      ['S-SOUTH', '0', '0', '1', '1'],
      ['Every site', '1', '1', '1', '1'],
    ]);

    // one site, by its query parameter
    await page
      .getByRole('form', { name: 'Which machines' })
      .locator('select')
      .selectOption('S-NORTH');
    await page.waitForURL(`${base}/equipment?site=S-NORTH`);
    await page.locator('#machines .count', { hasText: /^2$/ }).waitFor();
    expect((await machineRows()).map((r) => r.Machine)).toEqual(['MILL-1 Mill 1', 'MILL-2 Mill 2']);
    expect((await tiles()).map((t) => t.split(' ')[0])).toEqual(['1', '1', '0', '0']);
  });

  it('shows a machine turning red at once, without a reload, and announces it politely', async () => {
    await page.goto(`${base}/equipment`);
    const rowOf = (id: string) => page.locator('#machines tbody tr', { hasText: id });
    await rowOf('MILL-1').getByText('GREEN').waitFor();
    await page.evaluate(() => ((globalThis as any).stillThisPage = true));
    await until('the page to subscribe to health changes', () => services.live.size >= 1);

    // 5.0 mm/s is zone D: MILL-1 turns red
    const result = await store('MILL-1', [['vib', 5.0]]);
    expect(result.result.healthChanges).toMatchObject([
      { equipmentId: 'MILL-1', health: 'RED', previous: 'GREEN' },
    ]);
    LATEST['MILL-1'] = LATEST['MILL-1']!.map(([tag, v]) => [tag, tag === 'vib' ? 5.0 : v]);
    const note = page.locator('.live-note');
    await note.getByText(/MILL-1 \(Mill 1\) at S-NORTH turned RED, was GREEN/).waitFor();
    expect(await note.getAttribute('role')).toBe('status');
    expect(await note.getAttribute('aria-live')).toBe('polite');
    expect(await note.innerText()).toBe(
      'RED MILL-1 (Mill 1) at S-NORTH turned RED, was GREEN: vibration 5.00 mm/s (zone D), temperature 60.0 °C',
    );
    await rowOf('MILL-1').getByText('RED', { exact: true }).waitFor();
    expect(await rowOf('MILL-1').innerText()).toContain('vibration 5.00 mm/s (zone D)');
    // the counts follow: green 1 → 0, red 1 → 2
    await page.waitForFunction(
      () =>
        (globalThis as any).document.querySelector('.health-tile.bad .tile-value')?.textContent ===
        '2 red',
    );
    expect((await tiles()).map((t) => t.split(' ')[0])).toEqual(['0', '1', '2', '1']);
    await page.locator('#changes li', { hasText: 'MILL-1' }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).stillThisPage)).toBe(true);
  });

  it("charts the chosen machine's vibration over the last 10 minutes and appends new readings live", async () => {
    await page.goto(`${base}/equipment`);
    await page.getByRole('link', { name: 'MILL-2', exact: true }).click();
    await page.waitForURL(`${base}/equipment?machine=MILL-2`);
    const chart = page.locator('.live-chart');
    await chart.locator('canvas').first().waitFor();
    const counted = async () =>
      Number((await chart.locator('.reading-count').innerText()).split(' ')[0]);
    const before = await counted();
    expect(before).toBeGreaterThanOrEqual(1); // the 3.0 of the set-up, a few seconds ago
    await until('the chart to subscribe to the readings', () => services.live.size >= 2);

    // two more in zone C: the health stays yellow, the chart gains two points
    await store('MILL-2', [
      ['vib', 3.1, now(-1000)],
      ['vib', 3.2],
    ]);
    await chart.locator('.reading-count', { hasText: `${before + 2} readings` }).waitFor();
    expect(await chart.locator('figcaption').innerText()).toMatch(/latest 3\.20 mm\/s at /);
    // its numbers are there for those who do not read charts
    await chart.getByText('The latest readings', { exact: true }).click();
    const values = await chart
      .locator('details tbody tr td:nth-child(2)')
      .evaluateAll((tds: any[]) => tds.map((td) => td.textContent));
    expect(values.slice(0, 2)).toEqual(['3.20 mm/s', '3.10 mm/s']);
    LATEST['MILL-2'] = [['vib', 3.2]];
  });

  it('shows energy per route from the energy counters, across a counter reset, and the kWh of a unit', async () => {
    await page.goto(`${base}/equipment`);
    const table = page.locator('#energy table');
    await table.waitFor();
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((trs: any[]) =>
        trs.map((tr) => [...tr.cells].map((c: any) => c.innerText.trim())),
      );
    expect(rows).toEqual([
      ['P-E', 'Op 10', '2 operations', '26 kWh', '13 kWh'],
      ['P-E', 'Op 20', '1 operation', '4 kWh', '4 kWh'],
      ['P-E', 'One unit of the route', '2 units', '', '17 kWh'],
    ]);
    await page.locator('#energy').getByText('counted across: P-E 1.').waitFor();

    // the unit page: 17 + 4 kWh, each beside its operation
    await page.goto(`${base}/unit/U-E1`);
    await page.getByText('Energy: 21 kWh over 2 measured operations').waitFor();
    const energyOf = (id: string) =>
      page.locator('.timeline > li', { hasText: id }).locator('.facts div', { hasText: 'Energy' });
    expect(await energyOf('OE-1').innerText()).toMatch(/^energy\s*17 kWh$/i);
    expect(await energyOf('OE-3').innerText()).toMatch(/^energy\s*4 kWh$/i);
  });

  it('has no serious accessibility violation, and is photographed at both sizes', async () => {
    await heartbeat();
    await page.goto(`${base}/equipment?machine=MILL-1`);
    await page.locator('.live-chart canvas').first().waitFor();
    await until('the page to subscribe', () => services.live.size >= 2);
    // a change while the page is open: MILL-2 back to 2.0 mm/s, zone B: yellow → green
    await store('MILL-2', [['vib', 2.0]]);
    await page.locator('#changes li', { hasText: 'MILL-2' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'equipment');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('.live-chart canvas').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'equipment');
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${base}/unit/U-E1#operations`);
    await page.getByText('Energy: 21 kWh').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'unit-energy');
  });
});
