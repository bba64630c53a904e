/** `threadgraph dhr SERIAL`: the device history record of a serial as PDF, CSV and/or JSON files. */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import type { Dhr } from '../../domain/dhr';
import { ThreadgraphError } from '../../domain/errors';
import { dhrCsv } from '../../export/dhr-csv';
import { renderDhrPdf } from '../../export/dhr-pdf';
import type { CommandHelp } from '../args';
import { parse, UsageError } from '../args';
import { findAnyCase } from './lookup';
import { withServices } from './with-services';

export const dhrHelp: CommandHelp = {
  usage: ['threadgraph dhr SERIAL [--pdf FILE] [--csv FILE] [--json FILE]'],
  summary: 'the device history record of a serial number, as PDF, CSV and/or JSON files',
  description:
    'The device history record (DHR) of a serial number: its evidence chain as a document with ' +
    'a header (part, built-to revision, drawing, verdict, generated at, content hash), the gaps, ' +
    'then revisions, requirements, operations, inspections, nonconformances and CAPA, ' +
    'components and shipments. At least one output; - writes it to stdout; a missing folder is ' +
    'made. The content hash leaves out when it was generated: the same evidence gives the same ' +
    'hash. The number may be typed in any case. Exit status 2: not found.',
  options: [
    ['--pdf FILE', 'printable PDF (A4, page X of Y)'],
    [
      '--csv FILE',
      'the same content as CSV; record values that a spreadsheet would run are neutralised',
    ],
    ['--json FILE', 'the same content as JSON'],
  ],
};

const RENDER: Record<'pdf' | 'csv' | 'json', (dhr: Dhr) => Promise<Buffer | string>> = {
  pdf: renderDhrPdf,
  csv: (dhr) => Promise.resolve(dhrCsv(dhr)),
  json: (dhr) => Promise.resolve(`${JSON.stringify(dhr, null, 2)}\n`),
};

export async function dhrCommand(args: string[], config: Config, logger: Logger): Promise<number> {
  const { values, positionals } = parse(
    args,
    { pdf: { type: 'string' }, csv: { type: 'string' }, json: { type: 'string' } },
    true,
  );
  const [typed] = positionals;
  if (typed === undefined) throw new UsageError('which serial number?');
  if (positionals.length > 1) throw new UsageError('one serial number at a time');
  const outputs = (['pdf', 'csv', 'json'] as const).flatMap((format) => {
    const file = values[format];
    return file === undefined ? [] : [{ format, file }];
  });
  if (outputs.length === 0) {
    throw new UsageError('at least one of --pdf FILE, --csv FILE, --json FILE (- is stdout)');
  }
  if (outputs.some((o) => o.file.trim() === '')) throw new UsageError('a FILE is empty');
  const toStdout = outputs.filter((o) => o.file === '-');
  if (toStdout.length > 1) throw new UsageError('only one of --pdf, --csv, --json can be -');
  if (toStdout[0]?.format === 'pdf' && process.stdout.isTTY) {
    throw new UsageError('not writing a PDF to a terminal: --pdf FILE, or redirect stdout');
  }

  const dhr = await withServices(config, logger, async (s) => {
    const dhrs = s.dhr;
    const exact = await dhrs.record(typed);
    if (exact !== null) return exact;
    // typed in another case (sn-0047): the one unit whose serial it is, as trace finds it
    const hit = await findAnyCase(s.trace, typed, ['Unit'], 'unit with serial number');
    return hit === undefined ? null : dhrs.record(hit.key);
  });
  if (dhr === null) {
    throw new ThreadgraphError('NOT_FOUND', `no unit with serial number ${typed}`);
  }

  const written: string[] = [];
  for (const { format, file } of outputs) {
    const content = await RENDER[format](dhr);
    if (file === '-') {
      process.stdout.write(content);
    } else {
      written.push(await writeWhole(file, content));
    }
  }
  if (written.length > 0) {
    const { header } = dhr;
    const summary =
      `DHR of ${header.serialNumber} (${header.complete ? 'complete' : `incomplete, ${header.gapCount} gap${header.gapCount === 1 ? '' : 's'}`}; ` +
      `content hash ${dhr.contentHash}):\n${written.map((f) => `  ${f}\n`).join('')}`;
    // stdout is for the answer; when it carries the record itself the summary goes to stderr
    (toStdout.length > 0 ? process.stderr : process.stdout).write(summary);
  }
  return 0;
}

/** Writes beside the target and renames, so a reader never sees half a record; makes the folder. */
async function writeWhole(file: string, content: Buffer | string): Promise<string> {
  const target = resolve(file);
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(temporary, content);
    await rename(temporary, target);
  } catch (e) {
    await rm(temporary, { force: true });
    throw new ThreadgraphError('INVALID_INPUT', `cannot write ${file}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  return target;
}
