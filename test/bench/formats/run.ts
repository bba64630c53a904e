/**
 * `npm run bench:formats`: each plant format's parser alone (Node, no Neo4j): records/s on a
 * generated file of BENCH_FORMAT_RECORDS records (default 100 000), then the peak memory (max RSS
 * of a process that does nothing else) while parsing a generated file of BENCH_FORMAT_BYTES
 * (default 1 GiB). `BENCH_FORMATS=qif,csv` picks formats; generated files live under
 * THREADGRAPH_HOME/bench/formats and are deleted afterwards.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config';
import * as b2mml from './b2mml';
import type { Measured } from './measure';
import * as catenax from './catenax';
import * as csv from './csv';
import * as qif from './qif';
import * as reqif from './reqif';

interface FormatBench {
  generate(path: string, records: number): Promise<void>;
  bench(path: string): Promise<Measured>;
}

const FORMATS: Record<string, { ext: string; load: () => Promise<FormatBench> }> = {
  reqif: { ext: 'reqif', load: () => Promise.resolve(reqif) },
  b2mml: { ext: 'xml', load: () => Promise.resolve(b2mml) },
  qif: { ext: 'qif', load: () => Promise.resolve(qif) },
  csv: { ext: 'csv', load: () => Promise.resolve(csv) },
  catenax: { ext: 'json', load: () => Promise.resolve(catenax) },
};

const RECORDS = Number(process.env.BENCH_FORMAT_RECORDS ?? 100_000);
const BYTES = Number(process.env.BENCH_FORMAT_BYTES ?? 1024 ** 3);
const log = (m: string) => process.stdout.write(`${m}\n`);

async function main(): Promise<void> {
  const [mode, name, path] = process.argv.slice(2);
  if (mode === '--parse' && name !== undefined && path !== undefined) {
    // the child: parse, then say how much memory that took at most
    const f = FORMATS[name];
    if (f === undefined) throw new Error(`unknown format ${name}`);
    const r = await (await f.load()).bench(path);
    process.stdout.write(
      JSON.stringify({ ...r, maxRssKiB: process.resourceUsage().maxRSS }) + '\n',
    );
    return;
  }
  const chosen = (process.env.BENCH_FORMATS ?? Object.keys(FORMATS).join(',')).split(',');
  const dir = join(loadConfig(process.env).local.home, 'bench', 'formats');
  mkdirSync(dir, { recursive: true });
  log(
    `formats bench: ${RECORDS} records for the rate, ${(BYTES / 1024 ** 3).toFixed(2)} GiB for memory`,
  );
  for (const name of chosen) {
    const f = FORMATS[name];
    if (f === undefined)
      throw new Error(`unknown format ${name}: one of ${Object.keys(FORMATS).join(', ')}`);
    const m = await f.load();
    const small = join(dir, `rate.${f.ext}`);
    await m.generate(small, RECORDS);
    const bytesPerRecord = statSync(small).size / RECORDS;
    const warm = await m.bench(small); // warm-up: the first run compiles the parser
    const r = await m.bench(small);
    log(
      `${name.padEnd(8)} ${r.records} records (${(statSync(small).size / 1024 ** 2).toFixed(1)} MiB) in ${r.seconds.toFixed(2)} s: ` +
        `${Math.round(r.records / r.seconds)} records/s (warm-up run ${Math.round(warm.records / warm.seconds)}/s)` +
        (r.refused > 0 ? `; ${r.refused} refused: the generator is off` : ''),
    );
    rmSync(small, { force: true });

    const large = join(dir, `large.${f.ext}`);
    const records = Math.ceil(BYTES / bytesPerRecord);
    const began = Date.now();
    await m.generate(large, records);
    const size = statSync(large).size;
    const child = spawnSync(process.execPath, [__filename, '--parse', name, large], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    rmSync(large, { force: true });
    if (child.status !== 0) {
      log(`${name.padEnd(8)} parsing ${size} bytes failed: ${child.stderr.slice(0, 2000)}`);
      continue;
    }
    const out = JSON.parse(child.stdout.trim().split('\n').pop() as string) as {
      records: number;
      seconds: number;
      maxRssKiB: number;
    };
    log(
      `${name.padEnd(8)} ${(size / 1024 ** 3).toFixed(2)} GiB, ${out.records} records parsed in ${out.seconds.toFixed(1)} s ` +
        `(${Math.round(out.records / out.seconds)} records/s, ${(size / 1024 ** 2 / out.seconds).toFixed(1)} MiB/s): ` +
        `peak memory (max RSS) ${(out.maxRssKiB / 1024).toFixed(0)} MiB` +
        ` [generating and parsing took ${((Date.now() - began) / 1000).toFixed(0)} s]`,
    );
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
