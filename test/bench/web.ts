/**
 * `npm run bench:web`: what the browser app costs its users, on this machine.
 *   1. the JavaScript and CSS it ships, gzipped (web/dist, as served);
 *   2. from navigation to SN-0047's evidence chain drawn (its gaps listed), in Debian's Chromium,
 *      on a warm server over the demo thread: median (and p95) of LOADS loads, each in a fresh
 *      page with an empty cache after WARMUP loads.
 * It starts its own Neo4j instance "bench-web" and Redis, loads the 500-unit demo thread once.
 * Environment: BENCH_WEB_LOADS (20), BENCH_WEB_UNITS (500), THREADGRAPH_HOME.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { CypherRegistry } from '../../src/graph/cypher-registry';
import { Executor } from '../../src/graph/executor';
import { LocalNeo4j } from '../../src/graph/local-neo4j';
import { migrate } from '../../src/graph/migrations';
import { PACKAGE_ROOT } from '../../src/paths';
import { createServices, serve } from '../../src/main';
import { launch } from '../support/browser';
import { demoFile } from './demo-file';
import { percentile } from './stats';

const LOADS = Number(process.env.BENCH_WEB_LOADS ?? 20);
const WARMUP = 3;
const UNITS = Number(process.env.BENCH_WEB_UNITS ?? 500);
const INSTANCE = 'bench-web';
const log = (m: string) => process.stdout.write(`${m}\n`);

function shipped(which: (file: string) => boolean = () => true): {
  js: number;
  css: number;
  jsRaw: number;
  cssRaw: number;
} {
  const dir = join(PACKAGE_ROOT, 'web', 'dist', 'assets');
  const sizes = { js: 0, css: 0, jsRaw: 0, cssRaw: 0 };
  for (const f of readdirSync(dir)) {
    if (!which(f)) continue;
    const body = readFileSync(join(dir, f));
    if (f.endsWith('.js')) {
      sizes.js += gzipSync(body, { level: 9 }).length;
      sizes.jsRaw += body.length;
    } else if (f.endsWith('.css')) {
      sizes.css += gzipSync(body, { level: 9 }).length;
      sizes.cssRaw += body.length;
    }
  }
  return sizes;
}

async function main(): Promise<void> {
  const size = shipped();
  log(
    `shipped, every page: JavaScript ${(size.js / 1024).toFixed(1)} KiB gzipped (${(size.jsRaw / 1024).toFixed(0)} KiB), ` +
      `CSS ${(size.css / 1024).toFixed(1)} KiB gzipped (${(size.cssRaw / 1024).toFixed(0)} KiB)`,
  );
  const config = loadConfig({ ...process.env, NEO4J_URI: '', PORT: '0', LOG_LEVEL: 'silent' });
  const local = new LocalNeo4j({ ...config.local, heap: '1g', pageCache: '1g' });
  await local.stop(INSTANCE);
  rmSync(join(local.instanceDir(INSTANCE), 'data'), { recursive: true, force: true });
  const state = await local.start(INSTANCE, { boltPort: 0 });
  const executor = Executor.connect(local.target(INSTANCE, state.boltPort), CypherRegistry.load());
  const browser = await launch();
  try {
    await migrate(executor);
    const services = createServices(executor);
    const file = await demoFile(config.local.home, UNITS, 1, log);
    await services.imports.importCanonicalFile(file, { batchSize: 2000 });
    const api = await serve(services, config, pino({ level: 'silent' }));
    const url = `${api.url}unit/SN-0047`;
    const times: number[] = [];
    let firstScreen = new Set<string>();
    for (let i = 0; i < WARMUP + LOADS; i += 1) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      // notes, in the page, when the first gap is in the document: performance.now() counts from
      // the start of the navigation
      await context.addInitScript(() => {
        const g = globalThis as any;
        const observer = new g.MutationObserver(() => {
          if (g.__drawn === undefined && g.document.querySelector('#gaps li')) {
            g.__drawn = g.performance.now();
            observer.disconnect();
          }
        });
        observer.observe(g.document, { childList: true, subtree: true });
      });
      const page = await context.newPage();
      const assets = new Set<string>();
      page.on('response', (r) => {
        const m = /\/assets\/([^/?#]+\.(?:js|css))$/.exec(r.url());
        if (m?.[1]) assets.add(m[1]);
      });
      await page.goto(url);
      await page.locator('#gaps li').first().waitFor();
      const ms = await page.evaluate(() => (globalThis as any).__drawn as number);
      if (i >= WARMUP) times.push(ms);
      if (i === 0) firstScreen = assets;
      await context.close();
    }
    times.sort((a, b) => a - b);
    const loaded = shipped((f) => firstScreen.has(f));
    log(
      `SN-0047's page loads ${firstScreen.size} of the files (the other pages' chunks wait until opened): ` +
        `JavaScript ${(loaded.js / 1024).toFixed(1)} KiB gzipped (${(loaded.jsRaw / 1024).toFixed(0)} KiB), ` +
        `CSS ${(loaded.css / 1024).toFixed(1)} KiB gzipped`,
    );
    log(
      `SN-0047's evidence chain drawn, from navigation (${LOADS} loads, fresh cache each, warm server, ${UNITS} units): ` +
        `median ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms, ` +
        `min ${(times[0] ?? 0).toFixed(0)} ms, max ${(times[times.length - 1] ?? 0).toFixed(0)} ms`,
    );
    await api.stop();
  } finally {
    await browser.close();
    await executor.close();
    await local.stop(INSTANCE);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
