/**
 * One CSV row → one canonical record through the profile (kind, envelope, fields), or its refusal
 * naming the file line, the column and the canonical field. Rule numbers refer to MAPPING.md.
 */
import type { Kind, ParsedLine } from '../../src/domain/canonical';
import { isKind } from '../../src/domain/canonical';
import { refuse, toRecord } from '../shared/to-record';
import type { Origin } from '../shared/to-record';
import { cellValue } from './cell-value';
import type { CellRules } from './cell-value';
import type { CsvRow } from './csv-rows';
import { compilePattern, readLocalTime } from './local-time';
import type { TimePattern } from './local-time';
import { fieldType } from './profile-schema';
import type { FieldMapping, Profile } from './profile-schema';

export interface RowContext {
  readonly profile: Profile;
  /** column name → index */
  readonly columns: ReadonlyMap<string, number>;
  readonly header: readonly string[];
  readonly rules: CellRules;
  readonly site?: string;
  readonly system?: string;
}

const MAX_ORIGINAL = 64 * 1024;
const patternCache = new WeakMap<readonly string[], TimePattern[]>();

function patternsOf(formats: readonly string[] | undefined): TimePattern[] | undefined {
  if (formats === undefined) return undefined;
  let p = patternCache.get(formats);
  if (p === undefined) {
    p = formats.map((f) => compilePattern(f)).filter((c): c is TimePattern => !('problem' in c));
    patternCache.set(formats, p);
  }
  return p;
}

export function mapRow(row: CsvRow, ctx: RowContext): ParsedLine {
  const { profile, header } = ctx;
  const trim = profile.file.trim;
  const cell = (column: string): string | undefined => {
    const i = ctx.columns.get(column);
    if (i === undefined) return undefined;
    const v = row.cells[i] ?? '';
    return trim ? v.trim() : v;
  };
  const originalRow: Record<string, string> = {};
  header.forEach((h, i) => (originalRow[h] = row.cells[i] ?? ''));
  let original = JSON.stringify(originalRow);
  if (original.length > MAX_ORIGINAL) original = row.raw.slice(0, MAX_ORIGINAL);
  const fieldToColumn = new Map<string, string>();
  const origin: Origin = {
    line: row.line,
    original,
    fieldName: (f) => {
      const c = fieldToColumn.get(f);
      return c === undefined ? f : `column ${JSON.stringify(c)} (${f})`;
    },
  };
  const at = (column: string | undefined, field: string) =>
    column === undefined ? field : `column ${JSON.stringify(column)} (${field})`;

  if (row.problem !== undefined) return refuse(origin, undefined, `rule C3: ${row.problem}`);
  if (
    row.cells.length > header.length &&
    row.cells.slice(header.length).some((c) => c.trim() !== '')
  )
    return refuse(
      origin,
      undefined,
      `rule C4: ${row.cells.length} cells, the header has ${header.length} columns`,
    );

  // the kind
  let kind: Kind;
  if (typeof profile.kind === 'string') kind = profile.kind as Kind;
  else {
    const code = cell(profile.kind.column) ?? '';
    const k = Object.prototype.hasOwnProperty.call(profile.kind.map, code)
      ? profile.kind.map[code]
      : undefined;
    if (k === undefined || !isKind(k))
      return refuse(
        origin,
        at(profile.kind.column, 'kind'),
        `rule C5: ${JSON.stringify(code.slice(0, 60))} names no kind in the profile's map (${Object.keys(profile.kind.map).join(', ')})`,
      );
    kind = k;
  }

  // the fields
  const data: Record<string, unknown> = {};
  for (const [name, m] of Object.entries(profile.fields[kind] ?? {})) {
    const spec: Exclude<FieldMapping, string> = typeof m === 'string' ? { column: m } : m;
    if (spec.column !== undefined) fieldToColumn.set(`data.${name}`, spec.column);
    const type = fieldType(kind, name);
    const r = cellValue(
      type,
      spec,
      spec.column === undefined ? undefined : cell(spec.column),
      ctx.rules,
      patternsOf(spec.formats),
    );
    if ('problem' in r)
      return refuse(origin, at(spec.column, `data.${name}`), `rule C6: ${r.problem}`);
    if ('absent' in r) continue;
    setPath(data, name, r.value);
  }

  // the envelope
  const source = typeof profile.source === 'string' ? profile.source : profile.source[kind];
  if (source === undefined)
    return refuse(origin, 'source', `rule C5: the profile names no source for ${kind}`);
  const envelope = (e: Profile['system']): string | undefined =>
    e === undefined ? undefined : typeof e === 'string' ? e : cell(e.column) || undefined;
  const system = ctx.system ?? envelope(profile.system);
  const site = ctx.site ?? envelope(profile.site);
  let recordedAt: string;
  const rec = profile.recordedAt;
  if ('value' in rec) recordedAt = rec.value;
  else {
    const text = cell(rec.column) ?? '';
    if (text === '')
      return refuse(
        origin,
        at(rec.column, 'recordedAt'),
        'rule C7: missing (when the row was recorded)',
      );
    if (ctx.rules.zone === undefined) {
      recordedAt = text;
    } else {
      const r = readLocalTime(text, patternsOf(rec.formats) ?? ctx.rules.patterns, ctx.rules.zone);
      if ('problem' in r)
        return refuse(origin, at(rec.column, 'recordedAt'), `rule C6: ${r.problem}`);
      recordedAt = r.instant;
    }
    fieldToColumn.set('recordedAt', rec.column);
  }
  return toRecord(
    {
      kind,
      source,
      ...(system === undefined ? {} : { system }),
      ...(site === undefined ? {} : { site }),
      recordedAt,
      data,
    },
    origin,
  );
}

function setPath(data: Record<string, unknown>, name: string, value: unknown): void {
  const parts = name.split('.');
  let holder = data;
  for (const p of parts.slice(0, -1)) {
    const next = holder[p];
    if (typeof next === 'object' && next !== null) holder = next as Record<string, unknown>;
    else {
      const created: Record<string, unknown> = {};
      holder[p] = created;
      holder = created;
    }
  }
  holder[parts[parts.length - 1] ?? name] = value;
}
