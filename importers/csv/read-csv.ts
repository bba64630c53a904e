/**
 * A site's CSV export + its mapping profile → canonical records, streaming: bytes decoded with
 * the profile's encoding, split into rows (csv-rows.ts), the header checked against the profile,
 * each row mapped (map-row.ts). Holds one row at a time; the same file always yields the same
 * sequence. A problem with the profile or the header refuses the whole file (one refusal).
 */
import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';
import type { ParsedLine } from '../../src/domain/canonical';
import { refuse } from '../shared/to-record';
import { isTimeZone } from '../shared/zone-time';
import type { CellRules } from './cell-value';
import { RowSplitter } from './csv-rows';
import type { CsvRow } from './csv-rows';
import { loadProfile } from './load-profile';
import { compilePattern } from './local-time';
import type { TimePattern } from './local-time';
import { mapRow } from './map-row';
import type { RowContext } from './map-row';
import { checkProfile, columnsOf } from './profile-schema';
import type { Profile } from './profile-schema';

export interface CsvOptions {
  /** the profile: checked already, or a file to load */
  readonly profile?: Profile | string;
  /** the profile file (what the import jobs pass) */
  readonly profilePath?: string;
  /** IANA zone for local times, instead of the profile's */
  readonly timezone?: string;
  /** site and system for every record, instead of the profile's */
  readonly site?: string;
  readonly system?: string;
  /** characters in one row (default 1 Mi) */
  readonly maxRowChars?: number;
}

export async function* readCsv(path: string, options: CsvOptions): AsyncGenerator<ParsedLine> {
  const profile = await profileOf(options);
  if ('problems' in profile) {
    yield refuse(
      { line: 1 },
      'profile',
      `rule C1: the profile cannot be used: ${profile.problems}`,
    );
    return;
  }
  const p = profile.profile;
  const zone = options.timezone ?? p.time?.zone;
  if (zone !== undefined && !isTimeZone(zone)) {
    yield refuse(
      { line: 1 },
      'timezone',
      `rule C1: unknown IANA time zone ${JSON.stringify(zone)}`,
    );
    return;
  }
  const rules: CellRules = {
    decimalComma: p.file.decimalComma,
    ...(p.file.thousandsSeparator === undefined
      ? {}
      : { thousandsSeparator: p.file.thousandsSeparator }),
    ...(zone === undefined ? {} : { zone }),
    patterns: (p.time?.formats ?? ['iso'])
      .map((f) => compilePattern(f))
      .filter((c): c is TimePattern => !('problem' in c)),
  };
  const splitter = new RowSplitter({
    delimiter: p.file.delimiter,
    quote: p.file.quote,
    maxRowChars: options.maxRowChars ?? 1024 * 1024,
  });
  const decoder = iconv.getDecoder(p.file.encoding);
  const utf8 = /^utf-?8$/i.test(p.file.encoding);
  let rowNumber = 0;
  let ctx: RowContext | undefined;
  let stopped = false;

  const handle = function* (rows: CsvRow[]): Generator<ParsedLine> {
    for (const row of rows) {
      if (stopped) return;
      rowNumber += 1;
      if (rowNumber < p.file.headerRow) continue;
      if (ctx === undefined) {
        const made = headerOf(row, p, rules, options);
        if ('problem' in made) {
          stopped = true;
          yield refuse(
            { line: row.line, original: row.raw.slice(0, 4096) },
            'header',
            `rule C2: ${made.problem}`,
          );
          return;
        }
        ctx = made.ctx;
        continue;
      }
      const blank = row.problem === undefined && row.cells.every((c) => c.trim() === '');
      if (blank && p.file.skipEmptyRows) continue;
      if (utf8 && row.cells.some((c) => c.includes('\uFFFD'))) {
        yield refuse(
          { line: row.line, original: row.raw.slice(0, 4096) },
          undefined,
          "rule C3: the row is not valid UTF-8 (or holds U+FFFD); check the profile's encoding",
        );
        continue;
      }
      yield mapRow(row, ctx);
    }
  };

  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      yield* handle(splitter.write(decoder.write(chunk)));
      if (stopped) return;
    }
    const rest = decoder.end();
    if (rest !== undefined && rest !== '') yield* handle(splitter.write(rest));
    yield* handle(splitter.end());
  } finally {
    stream.destroy();
  }
  if (ctx === undefined && !stopped)
    yield refuse(
      { line: 1 },
      'header',
      `rule C2: the file has no header row (row ${p.file.headerRow})`,
    );
}

async function profileOf(
  options: CsvOptions,
): Promise<{ profile: Profile } | { problems: string }> {
  const given = options.profile ?? options.profilePath;
  if (given === undefined) return { problems: 'no profile given' };
  if (typeof given !== 'string') {
    const checked = checkProfile(given);
    return 'problems' in checked ? { problems: list(checked.problems) } : checked;
  }
  const loaded = await loadProfile(given);
  return 'problems' in loaded ? { problems: list(loaded.problems) } : { profile: loaded.profile };
}

function list(problems: readonly { path: string; message: string }[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('; ');
}

function headerOf(
  row: CsvRow,
  p: Profile,
  rules: CellRules,
  options: CsvOptions,
): { ctx: RowContext } | { problem: string } {
  if (row.problem !== undefined) return { problem: row.problem };
  const header = row.cells.map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, '') : c).trim());
  const columns = new Map<string, number>();
  const twice = new Set<string>();
  header.forEach((h, i) => {
    if (columns.has(h)) twice.add(h);
    else columns.set(h, i);
  });
  // a header ending with the delimiter names one empty column: harmless when nothing maps it
  twice.delete('');
  const problems: string[] = [];
  if (twice.size > 0)
    problems.push(`columns named twice: ${[...twice].map((c) => JSON.stringify(c)).join(', ')}`);
  const mapped = columnsOf(p);
  const missing = mapped.filter((c) => !columns.has(c));
  if (missing.length > 0)
    problems.push(
      `columns the profile maps are not in the header: ${missing.map((c) => JSON.stringify(c)).join(', ')}`,
    );
  if (p.file.undeclaredColumns === 'refuse') {
    const known = new Set([...mapped, ...p.ignoreColumns, '']);
    const extra = header.filter((h) => !known.has(h));
    if (extra.length > 0)
      problems.push(
        `columns neither mapped nor ignored by the profile: ${extra.map((c) => JSON.stringify(c)).join(', ')}`,
      );
  }
  if (problems.length > 0) return { problem: problems.join('; ') };
  return {
    ctx: {
      profile: p,
      columns,
      header,
      rules,
      ...(options.site === undefined ? {} : { site: options.site }),
      ...(options.system === undefined ? {} : { system: options.system }),
    },
  };
}
