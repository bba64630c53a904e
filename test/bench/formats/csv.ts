/**
 * Site CSV bench: `generate` writes a PLANT-A style inspection export (windows-1252, semicolons,
 * decimal comma, dd.MM.yyyy HH:mm, Europe/London local times, a quoted remark now and then)
 * streaming, so a 1 GB file is possible; `bench` parses it through the shipped plant-a-inspection
 * profile and reports records per second.
 * Run by `npm run bench:formats` (run.ts; `BENCH_FORMATS=csv` for this one alone).
 */
import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import iconv from 'iconv-lite';
import { parseCsv } from '../../../importers/csv';
import type { Measured } from './measure';
import { measure } from './measure';

const HEADER =
  'Prüfnummer;Seriennummer;Arbeitsgang-ID;Prüfplan;Planstand;Merkmal;Messwert;Ergebnis;Prüfdatum;Prüfer;Bemerkung\r\n';
const PLANS = [
  ['IP-PA-30', 'LEAK', 0.01, 0.05],
  ['IP-PA-40', 'FLOW', 42, 48],
  ['IP-PA-50', 'BORE', 52.015, 52.03],
] as const;

/** The shipped profile, from the source tree or the build output. */
export function profilePath(): string {
  const rel = 'importers/csv/profiles/plant-a-inspection.json';
  for (const base of [join(__dirname, '../../..'), join(__dirname, '../../../..'), process.cwd()]) {
    if (existsSync(join(base, rel))) return join(base, rel);
  }
  return join(process.cwd(), rel);
}

export async function generate(path: string, records: number): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(iconv.encode(text, 'windows-1252'))) await once(out, 'drain');
  };
  await write(HEADER);
  const start = Date.UTC(2026, 0, 5, 6, 0, 0);
  let batch = '';
  for (let i = 0; i < records; i++) {
    const [plan, ch, nominal, upper] = PLANS[i % PLANS.length] as (typeof PLANS)[number];
    const serial = `SN-${String(Math.floor(i / 3) + 1).padStart(7, '0')}`;
    const t = new Date(start + i * 61_000);
    const p = (n: number) => String(n).padStart(2, '0');
    // wall-clock text; the instants of the repeated autumn hour are avoided by skipping 01:xx
    const hour = t.getUTCHours() === 1 ? 2 : t.getUTCHours();
    const when = `${p(t.getUTCDate())}.${p(t.getUTCMonth() + 1)}.${t.getUTCFullYear()} ${p(hour)}:${p(t.getUTCMinutes())}`;
    const value = nominal + ((i * 7919) % 100) / 1000;
    const fail = value > upper;
    const remark = i % 50 === 0 ? '"Nachmessung; Prüfer informiert"' : '';
    batch += `IR-${serial}-${ch}-${i};${serial};OE-${serial}-${plan.slice(-2)};${plan};C;${ch};${value.toFixed(3).replace('.', ',')};${fail ? 'n.i.O.' : 'i.O.'};${when};INSP-A-0${(i % 4) + 1};${remark}\r\n`;
    if (batch.length > 64 * 1024) {
      await write(batch);
      batch = '';
    }
  }
  await write(batch);
  out.end();
  await once(out, 'finish');
}

/** The parser alone over the file (`npm run bench:formats`, run.ts, drives it). */
export function bench(path: string): Promise<Measured> {
  return measure(parseCsv(path, { profilePath: profilePath() }));
}
