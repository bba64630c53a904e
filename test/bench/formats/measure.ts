/** Times a parser over a whole file, counting the records and refusals it yields. */
import type { ParsedLine } from '../../../src/domain/canonical';

export interface Measured {
  readonly records: number;
  readonly refused: number;
  readonly seconds: number;
}

export async function measure(parsed: AsyncIterable<ParsedLine>): Promise<Measured> {
  const started = process.hrtime.bigint();
  let records = 0;
  let refused = 0;
  for await (const p of parsed) {
    if (p.ok) records += 1;
    else refused += 1;
  }
  return { records, refused, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
