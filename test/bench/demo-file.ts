/** The demo thread the bench scripts measure: generated once per size and seed, then cached. */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { demoLines } from '../../src/demo/generate';
import { writeLines } from '../../src/demo/write-lines';

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
  await writeLines(demoLines({ units, seed }), file);
  log(`generated ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return file;
}
