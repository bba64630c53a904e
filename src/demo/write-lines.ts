/** Where the demo thread goes: a file, written whole or not at all, or stdout. */
import { createWriteStream, renameSync } from 'node:fs';

/** Writes lines to a file (whole or not at all: written aside, then renamed) or to stdout. */
export async function writeLines(lines: Iterable<string>, file: string | undefined): Promise<void> {
  const partial = file === undefined ? undefined : `${file}.partial`;
  const out = partial === undefined ? process.stdout : createWriteStream(partial);
  let chunk = '';
  for (const line of lines) {
    chunk += `${line}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk))
        await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  await new Promise<void>((resolve, reject) => {
    if (out === process.stdout) out.write(chunk, (e) => (e ? reject(e) : resolve()));
    else out.end(chunk, () => resolve());
  });
  if (partial !== undefined && file !== undefined) renameSync(partial, file);
}
