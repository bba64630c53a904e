/**
 * One line of canonical JSON Lines → a validated record, or the reason it is rejected (with the
 * field it is about). Rejections are data: the caller reports them and carries on.
 */
import { createHash } from 'node:crypto';
import type {
  ParsedLine,
  FieldType,
  FieldValue,
  Fields,
  KindSpec,
} from '../../src/domain/canonical';
import {
  KINDS,
  MAX_IDENTIFIER_BYTES,
  MAX_RECORD_ID_BYTES,
  SOURCES,
  isKind,
  isSource,
  recordId,
} from '../../src/domain/canonical';
import { clip, excerpt } from '../../src/domain/excerpt';
import { isDate, parseInstant, readInstant } from '../../src/domain/time';

interface Problem {
  readonly field: string;
  readonly reason: string;
}

/** Deeper than any real record: a line nesting further is refused before anything walks it. */
export const MAX_DEPTH = 32;

/** Undefined for a blank line: it is neither a record nor an error. */
export function parseCanonicalLine(text: string, line: number): ParsedLine | undefined {
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return reject(line, undefined, `not valid JSON: ${clip((e as Error).message)}`);
  }
  const shape = inspect(value);
  if (shape.tooDeep !== undefined) {
    return reject(line, shape.tooDeep, `nests deeper than ${MAX_DEPTH} levels`);
  }
  if (shape.loneSurrogate !== undefined) {
    return reject(
      line,
      shape.loneSurrogate,
      'holds a lone UTF-16 surrogate (a \\uD800–\\uDFFF escape without its pair): it is no character and could not be kept as sent',
    );
  }
  if (!shape.unsafeInteger) {
    const fast = parseValue(value, text, line, undefined);
    if (fast !== NEEDS_SOURCES) return fast;
  }
  // a number whose digits matter (an identifier sent as a number, an integer past 2^53):
  // read the line again keeping each number's source text, so that nothing is rounded
  const sources: NumberSources = new WeakMap();
  const again: unknown = JSON.parse(
    text,
    function (this: object, key, v, context?: { source?: string }) {
      if (typeof v === 'number' && context?.source !== undefined) {
        const held = sources.get(this) ?? new Map<string, string>();
        held.set(key, context.source);
        sources.set(this, held);
      }
      return v as unknown;
    },
  );
  return parseValue(again, text, line, sources) as ParsedLine;
}

/** The source text of each number, by the object (or array) holding it and its key. */
type NumberSources = WeakMap<object, Map<string, string>>;
const NEEDS_SOURCES = Symbol('needs the source text of its numbers');

function parseValue(
  value: unknown,
  text: string,
  line: number,
  sources: NumberSources | undefined,
): ParsedLine | typeof NEEDS_SOURCES {
  if (!isObject(value)) return reject(line, undefined, 'a record must be a JSON object');
  const ctx: Context = { problems: [], sources, needsSources: false };
  const { kind, source, system, site, recordedAt, data } = value;
  if (kind === undefined || kind === null) return reject(line, 'kind', 'missing');
  if (!isKind(kind)) return reject(line, 'kind', `unknown kind ${excerpt(kind)}`);
  if (source === undefined || source === null) return reject(line, 'source', 'missing');
  if (!isSource(source)) {
    return reject(line, 'source', `must be one of ${SOURCES.join(', ')}, not ${excerpt(source)}`);
  }
  const problems = ctx.problems;
  const recorded = typeof recordedAt === 'string' ? readInstant(recordedAt) : undefined;
  if (recordedAt === undefined || recordedAt === null) {
    problems.push({ field: 'recordedAt', reason: 'missing' });
  } else if (typeof recorded !== 'string') {
    problems.push({ field: 'recordedAt', reason: instantProblem(recorded) });
  }
  for (const [name, v] of [
    ['system', system],
    ['site', site],
  ] as const) {
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') problems.push({ field: name, reason: 'must be a string' });
    else identifierProblem(v, name, problems);
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
  const normalised = checkFields(spec.fields, data, 'data', ctx);
  if (ctx.needsSources) return NEEDS_SOURCES;
  if (kind === 'ChangeOrder') {
    checkDateEffectivity(normalised, problems);
    requireInList(normalised, 'changes', 'partNumber', problems);
  }
  if (kind === 'InspectionPlanRevision')
    requireInList(normalised, 'characteristics', 'id', problems);
  if (problems.length === 0) {
    const rid = Buffer.byteLength(recordId(kind, normalised), 'utf8');
    if (rid > MAX_RECORD_ID_BYTES) {
      problems.push({
        field: spec.key
          .flat()
          .filter((f) => present(data[f]))
          .map((f) => `data.${f}`)
          .join(', '),
        reason: `the key is ${rid} bytes as stored; at most ${MAX_RECORD_ID_BYTES} can be indexed`,
      });
    }
  }
  if (problems.length > 0 || typeof recorded !== 'string') return rejectAll(line, problems);

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
      versionHash: createHash('sha256')
        .update(stableJson(value, sources))
        .digest('hex')
        .slice(0, 32),
      line,
    },
  };
}

interface Context {
  readonly problems: Problem[];
  readonly sources: NumberSources | undefined;
  /** set when a number's source text is needed and not known yet */
  needsSources: boolean;
}

/** What must be refused before anything walks or hashes the value, found without recursion. */
function inspect(root: unknown): {
  tooDeep?: string;
  loneSurrogate?: string;
  unsafeInteger?: boolean;
} {
  let unsafeInteger = false;
  const stack: { value: unknown; path: string; depth: number }[] = [
    { value: root, path: '', depth: 0 },
  ];
  const at = (path: string, key: string) =>
    /^[A-Za-z_$][\w$]*$/.test(key)
      ? path
        ? `${path}.${key}`
        : key
      : `${path}[${excerpt(key, 40)}]`;
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as (typeof stack)[number];
    if (typeof value === 'string') {
      if (!value.isWellFormed()) return { loneSurrogate: path || '(the record)' };
      continue;
    }
    if (typeof value === 'number') {
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) unsafeInteger = true;
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_DEPTH) return { tooDeep: path || '(the record)' };
    if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, path: `${path}[${i}]`, depth: depth + 1 }));
    } else {
      for (const [k, v] of Object.entries(value)) {
        if (!k.isWellFormed()) return { loneSurrogate: at(path, k) };
        stack.push({ value: v, path: at(path, k), depth: depth + 1 });
      }
    }
  }
  return { unsafeInteger };
}

function checkFields(
  fields: Fields,
  data: Readonly<Record<string, unknown>>,
  path: string,
  ctx: Context,
): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [name, type] of Object.entries(fields)) {
    const value = data[name];
    if (!present(value)) continue;
    const checked = checkValue(type, value, `${path}.${name}`, ctx, data, name);
    if (checked !== undefined) out[name] = checked;
  }
  return out;
}

function checkValue(
  type: FieldType,
  value: unknown,
  field: string,
  ctx: Context,
  holder: object,
  key: string,
): FieldValue | undefined {
  const problems = ctx.problems;
  const problem = (reason: string) => {
    problems.push({ field, reason });
    return undefined;
  };
  if (typeof type === 'object') {
    if ('enum' in type) {
      return typeof value === 'string' && type.enum.includes(value)
        ? value
        : problem(`must be one of ${type.enum.join(', ')}, not ${excerpt(value)}`);
    }
    if ('object' in type) {
      return isObject(value)
        ? checkFields(type.object, value, field, ctx)
        : problem('must be an object');
    }
    if (!Array.isArray(value)) return problem('must be a list');
    const items: Record<string, FieldValue>[] = [];
    value.forEach((item, i) => {
      if (isObject(item)) items.push(checkFields(type.list, item, `${field}[${i}]`, ctx));
      else problems.push({ field: `${field}[${i}]`, reason: 'must be an object' });
    });
    return items;
  }
  switch (type) {
    case 'text':
      return asText(value, ctx, holder, key, field) ?? problem('must be a string');
    case 'string': {
      const text = asText(value, ctx, holder, key, field);
      if (text === undefined) return problem('must be a string');
      return identifierProblem(text, field, problems) ? undefined : text;
    }
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? value
        : problem('must be a number');
    case 'boolean':
      return typeof value === 'boolean' ? value : problem('must be true or false');
    case 'instant': {
      const instant = typeof value === 'string' ? readInstant(value) : undefined;
      return typeof instant === 'string' ? instant : problem(instantProblem(instant));
    }
    case 'string[]': {
      if (!Array.isArray(value)) return problem('must be a list of strings');
      const texts: string[] = [];
      let bad = false;
      value.forEach((v, i) => {
        const t = asText(v, ctx, value, String(i), `${field}[${i}]`);
        if (t === undefined) bad = true;
        else if (!identifierProblem(t, `${field}[${i}]`, problems)) texts.push(t);
      });
      if (bad) return problem('must be a list of strings');
      return [...new Set(texts)];
    }
  }
}

/** An identifier or code that could not be indexed, or says nothing, is refused. */
function identifierProblem(text: string, field: string, problems: Problem[]): boolean {
  if (text.trim() === '') {
    problems.push({ field, reason: 'is blank' });
    return true;
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_IDENTIFIER_BYTES) {
    problems.push({
      field,
      reason: `is ${bytes} bytes long (${excerpt(text, 40)}); identifiers and codes may be at most ${MAX_IDENTIFIER_BYTES} bytes`,
    });
    return true;
  }
  return false;
}

function instantProblem(parsed: ReturnType<typeof readInstant> | undefined): string {
  return typeof parsed === 'object' && parsed.invalid === 'range'
    ? 'falls outside the years 0001–9999 once converted to UTC'
    : 'must be an ISO-8601 time with a zone';
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

/**
 * Identifiers arrive as numbers from some exports (opNumber 10): they mean the same text, exactly
 * as written. A number JSON cannot hold as written (past 2^53, or 10.10) is read from its source
 * text; one whose text is not plain digits and would not read back the same (1.0, 1e3) is refused.
 */
function asText(
  value: unknown,
  ctx: Context,
  holder: object,
  key: string,
  field: string,
): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const plain = String(value);
  const exact = Number.isSafeInteger(value) && !Object.is(value, -0);
  if (exact) return plain;
  if (ctx.sources === undefined) {
    ctx.needsSources = true;
    return plain; // checked again with the source text
  }
  const written = ctx.sources.get(holder)?.get(key) ?? plain;
  if (/^-?\d+$/.test(written) || written === plain) return written;
  ctx.problems.push({
    field,
    reason: `the number ${excerpt(written, 40)} would not be kept as written: send it as a string`,
  });
  return written;
}

/**
 * JSON with object keys sorted, so the same record always hashes the same. Integers past 2^53
 * hash as written (two such ids must not hash alike because JSON rounds them alike).
 */
function stableJson(value: unknown, sources: NumberSources | undefined): string {
  const out: string[] = [];
  const walk = (v: unknown, holder: object | undefined, key: string) => {
    if (Array.isArray(v)) {
      out.push('[');
      v.forEach((item, i) => {
        if (i > 0) out.push(',');
        walk(item, v, String(i));
      });
      out.push(']');
    } else if (isObject(v)) {
      out.push('{');
      Object.keys(v)
        .sort()
        .forEach((k, i) => {
          if (i > 0) out.push(',');
          out.push(JSON.stringify(k), ':');
          walk(v[k], v, k);
        });
      out.push('}');
    } else if (typeof v === 'number' && !Number.isSafeInteger(v) && Number.isInteger(v)) {
      out.push((holder && sources?.get(holder)?.get(key)) ?? JSON.stringify(v));
    } else {
      out.push(JSON.stringify(v) ?? 'null');
    }
  };
  walk(value, undefined, '');
  return out.join('');
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
