/**
 * One line of canonical JSON Lines → a validated record, or the reason it is rejected (with the
 * field it is about). Rejections are data: the caller reports them and carries on.
 */
import type {
  CanonicalRecord,
  FieldType,
  FieldValue,
  Fields,
  KindSpec,
} from '../../src/domain/canonical';
import { KINDS, SOURCES, isKind, isSource } from '../../src/domain/canonical';
import { isDate, parseInstant } from '../../src/domain/time';
import { createHash } from 'node:crypto';

export interface Rejection {
  readonly line: number;
  /** the field the first problem is about, as a path (`data.startedAt`) */
  readonly field?: string;
  readonly reason: string;
}

export type ParsedLine =
  | { readonly ok: true; readonly record: CanonicalRecord }
  | { readonly ok: false; readonly rejection: Rejection };

interface Problem {
  readonly field: string;
  readonly reason: string;
}

/** Undefined for a blank line: it is neither a record nor an error. */
export function parseCanonicalLine(text: string, line: number): ParsedLine | undefined {
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return reject(line, undefined, `not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(value)) return reject(line, undefined, 'a record must be a JSON object');

  const { kind, source, system, site, recordedAt, data } = value;
  if (kind === undefined || kind === null) return reject(line, 'kind', 'missing');
  if (!isKind(kind)) return reject(line, 'kind', `unknown kind ${JSON.stringify(kind)}`);
  if (source === undefined || source === null) return reject(line, 'source', 'missing');
  if (!isSource(source)) {
    return reject(
      line,
      'source',
      `must be one of ${SOURCES.join(', ')}, not ${JSON.stringify(source)}`,
    );
  }
  const problems: Problem[] = [];
  const recorded = typeof recordedAt === 'string' ? parseInstant(recordedAt) : undefined;
  if (recordedAt === undefined || recordedAt === null) {
    problems.push({ field: 'recordedAt', reason: 'missing' });
  } else if (recorded === undefined) {
    problems.push({ field: 'recordedAt', reason: 'must be an ISO-8601 time with a zone' });
  }
  for (const [name, v] of [
    ['system', system],
    ['site', site],
  ] as const) {
    if (v !== undefined && v !== null && typeof v !== 'string') {
      problems.push({ field: name, reason: 'must be a string' });
    }
  }
  if (!isObject(data)) {
    problems.push({ field: 'data', reason: data === undefined ? 'missing' : 'must be an object' });
    return rejectAll(line, problems);
  }

  const spec: KindSpec = KINDS[kind];
  for (const group of spec.key) {
    const given = group.filter((f) => present(data[f]));
    const names = group.map((f) => `data.${f}`).join(' or ');
    if (given.length === 0) problems.push({ field: names, reason: 'key field is missing' });
    if (given.length > 1) problems.push({ field: names, reason: 'give one of them, not both' });
  }
  const normalised = checkFields(spec.fields, data, 'data', problems);
  if (kind === 'ChangeOrder') {
    checkDateEffectivity(normalised, problems);
    requireInList(normalised, 'changes', 'partNumber', problems);
  }
  if (kind === 'InspectionPlanRevision')
    requireInList(normalised, 'characteristics', 'id', problems);
  if (problems.length > 0 || recorded === undefined) return rejectAll(line, problems);

  return {
    ok: true,
    record: {
      kind,
      source,
      ...(typeof system === 'string' ? { system } : {}),
      ...(typeof site === 'string' ? { site } : {}),
      recordedAt: recorded,
      data: normalised,
      raw: text,
      // 128 bits of sha256: ample to tell versions of one record apart, half the bytes to store
      versionHash: createHash('sha256').update(stableJson(value)).digest('hex').slice(0, 32),
      line,
    },
  };
}

function checkFields(
  fields: Fields,
  data: Readonly<Record<string, unknown>>,
  path: string,
  problems: Problem[],
): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [name, type] of Object.entries(fields)) {
    const value = data[name];
    if (!present(value)) continue;
    const checked = checkValue(type, value, `${path}.${name}`, problems);
    if (checked !== undefined) out[name] = checked;
  }
  return out;
}

function checkValue(
  type: FieldType,
  value: unknown,
  field: string,
  problems: Problem[],
): FieldValue | undefined {
  const problem = (reason: string) => {
    problems.push({ field, reason });
    return undefined;
  };
  if (typeof type === 'object') {
    if ('enum' in type) {
      return typeof value === 'string' && type.enum.includes(value)
        ? value
        : problem(`must be one of ${type.enum.join(', ')}, not ${JSON.stringify(value)}`);
    }
    if ('object' in type) {
      return isObject(value)
        ? checkFields(type.object, value, field, problems)
        : problem('must be an object');
    }
    if (!Array.isArray(value)) return problem('must be a list');
    const items: Record<string, FieldValue>[] = [];
    value.forEach((item, i) => {
      if (isObject(item)) items.push(checkFields(type.list, item, `${field}[${i}]`, problems));
      else problems.push({ field: `${field}[${i}]`, reason: 'must be an object' });
    });
    return items;
  }
  switch (type) {
    case 'string':
      return asText(value) ?? problem('must be a string');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? value
        : problem('must be a number');
    case 'boolean':
      return typeof value === 'boolean' ? value : problem('must be true or false');
    case 'instant':
      return (
        (typeof value === 'string' ? parseInstant(value) : undefined) ??
        problem('must be an ISO-8601 time with a zone')
      );
    case 'string[]': {
      if (!Array.isArray(value)) return problem('must be a list of strings');
      const texts = value.map(asText);
      if (texts.some((t) => t === undefined)) return problem('must be a list of strings');
      return [...new Set(texts as string[])];
    }
  }
}

/** DATE effectivity bounds are days (YYYY-MM-DD) or instants; instants are normalised. */
function checkDateEffectivity(data: Record<string, FieldValue>, problems: Problem[]): void {
  const effectivity = data.effectivity as Record<string, FieldValue> | undefined;
  if (effectivity?.type !== 'DATE') return;
  for (const bound of ['from', 'to'] as const) {
    const value = effectivity[bound];
    if (typeof value !== 'string' || isDate(value)) continue;
    const instant = parseInstant(value);
    if (instant === undefined) {
      problems.push({
        field: `data.effectivity.${bound}`,
        reason: 'a DATE bound must be an ISO date (YYYY-MM-DD) or an ISO-8601 time with a zone',
      });
    } else {
      effectivity[bound] = instant;
    }
  }
}

/** A list entry without its identifying field could never be matched: the line is refused. */
function requireInList(
  data: Record<string, FieldValue>,
  list: string,
  field: string,
  problems: Problem[],
): void {
  const items = data[list];
  if (!Array.isArray(items)) return;
  items.forEach((item, i) => {
    if ((item as Record<string, FieldValue>)[field] === undefined) {
      problems.push({ field: `data.${list}[${i}].${field}`, reason: 'missing' });
    }
  });
}

/** Identifiers arrive as numbers from some exports (opNumber 10): they mean the same string. */
function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** JSON with object keys sorted, so the same record always hashes the same. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function reject(line: number, field: string | undefined, reason: string): ParsedLine {
  return { ok: false, rejection: field === undefined ? { line, reason } : { line, field, reason } };
}

function rejectAll(line: number, problems: readonly Problem[]): ParsedLine {
  const first = problems[0];
  if (first === undefined) return reject(line, undefined, 'invalid record');
  return reject(
    line,
    first.field,
    problems.map((p) => (p === first ? p.reason : `${p.field}: ${p.reason}`)).join('; '),
  );
}
