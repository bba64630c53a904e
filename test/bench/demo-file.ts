/** The demo thread the bench scripts measure: generated once per size and seed, then cached. */
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { demoLines } from '../../src/demo/generate';

export async function demoFile(
  home: string,
  units: number,
  seed: number,
  log: (message: string) => void,
): Promise<string> {
  const dir = join(home, 'bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `demo-${units}-${seed}.jsonl`);
  if (existsSync(file)) return file;
  const started = Date.now();
  const out = createWriteStream(`${file}.partial`);
  let chunk = '';
  for (const line of demoLines({ units, seed })) {
    chunk += `${line}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  renameSync(`${file}.partial`, file);
  log(`generated ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return file;
}
