/**
 * The CSV mapping profile (MAPPING.md, "The profile"): its JSON shape as a zod schema, and the
 * checks zod cannot make alone — kinds and fields are canonical, every key field is mapped (or
 * declared absent), time formats compile, the zone exists, encodings are known. Every problem is
 * listed with its path; a profile with any problem is not used.
 */
import iconv from 'iconv-lite';
import { z } from 'zod';
import { KINDS, SOURCES, isKind } from '../../src/domain/canonical';
import type { FieldType, Kind } from '../../src/domain/canonical';
import { isTimeZone } from '../shared/zone-time';
import { compilePattern } from './local-time';

export const PROFILE_FORMAT = 'threadgraph.csv-profile/1';

const scalar = z.union([z.string(), z.number(), z.boolean()]);

const fieldMapping = z.union([
  z.string().min(1),
  z
    .object({
      column: z.string().min(1).optional(),
      value: scalar.optional(),
      default: scalar.optional(),
      map: z.record(z.string(), scalar).optional(),
      unmapped: z.enum(['keep', 'refuse']).optional(),
      split: z.string().min(1).optional(),
      formats: z.array(z.string().min(1)).min(1).optional(),
      extra: z.boolean().optional(),
    })
    .strict(),
]);
export type FieldMapping = z.infer<typeof fieldMapping>;

const fromColumn = z.object({ column: z.string().min(1) }).strict();
const constant = z.object({ value: z.string().min(1) }).strict();

export const profileSchema = z
  .object({
    $schema: z.string().optional(),
    format: z.literal(PROFILE_FORMAT),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    version: z.string().min(1),
    description: z.string().optional(),
    file: z
      .object({
        delimiter: z.string().length(1).default(','),
        quote: z.union([z.string().length(1), z.null()]).default('"'),
        encoding: z.string().default('utf-8'),
        headerRow: z.number().int().min(1).default(1),
        decimalComma: z.boolean().default(false),
        thousandsSeparator: z.string().length(1).optional(),
        trim: z.boolean().default(true),
        skipEmptyRows: z.boolean().default(true),
        undeclaredColumns: z.enum(['keep', 'refuse']).default('keep'),
      })
      .strict()
      .default({
        delimiter: ',',
        quote: '"',
        encoding: 'utf-8',
        headerRow: 1,
        decimalComma: false,
        trim: true,
        skipEmptyRows: true,
        undeclaredColumns: 'keep',
      }),
    time: z
      .object({
        zone: z.string().min(1),
        formats: z.array(z.string().min(1)).min(1).default(['iso']),
      })
      .strict()
      .optional(),
    kind: z.union([
      z.string(),
      z.object({ column: z.string().min(1), map: z.record(z.string(), z.string()) }).strict(),
    ]),
    source: z.union([z.enum(SOURCES), z.record(z.string(), z.enum(SOURCES))]),
    system: z.union([z.string().min(1), fromColumn]).optional(),
    site: z.union([z.string().min(1), fromColumn]).optional(),
    recordedAt: z.union([
      z
        .object({ column: z.string().min(1), formats: z.array(z.string()).min(1).optional() })
        .strict(),
      constant,
    ]),
    fields: z.record(z.string(), z.record(z.string(), fieldMapping)),
    unmappedKeys: z.record(z.string(), z.array(z.string())).optional(),
    ignoreColumns: z.array(z.string()).default([]),
  })
  .strict();

export type Profile = z.infer<typeof profileSchema>;

export interface ProfileProblem {
  readonly path: string;
  readonly message: string;
}

/** The profile checked: the profile, or every problem with its path. */
export function checkProfile(
  value: unknown,
): { profile: Profile } | { problems: ProfileProblem[] } {
  const parsed = profileSchema.safeParse(value);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((i) => ({
        path: i.path.length === 0 ? '(the profile)' : i.path.map(String).join('.'),
        message: i.message,
      })),
    };
  }
  const p = parsed.data;
  const problems: ProfileProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });

  if (!iconv.encodingExists(p.file.encoding))
    add(
      'file.encoding',
      `unknown encoding ${JSON.stringify(p.file.encoding)} (utf-8, windows-1252, latin1, …)`,
    );
  if (p.file.quote !== null && p.file.quote === p.file.delimiter)
    add('file.quote', 'the quote and the delimiter must differ');
  if (/[\r\n]/.test(p.file.delimiter))
    add('file.delimiter', 'a line break cannot be the delimiter');
  if (p.file.decimalComma && p.file.delimiter === ',')
    add('file.decimalComma', 'a decimal comma needs another delimiter than `,`');
  if (p.time !== undefined) {
    if (!isTimeZone(p.time.zone))
      add('time.zone', `unknown IANA time zone ${JSON.stringify(p.time.zone)}`);
    p.time.formats.forEach((f, i) => {
      const c = compilePattern(f);
      if ('problem' in c) add(`time.formats.${i}`, c.problem);
    });
  }

  const kinds = typeof p.kind === 'string' ? [p.kind] : [...new Set(Object.values(p.kind.map))];
  if (typeof p.kind === 'string') {
    if (!isKind(p.kind)) add('kind', `unknown kind ${JSON.stringify(p.kind)}`);
  } else {
    for (const [code, k] of Object.entries(p.kind.map))
      if (!isKind(k)) add(`kind.map.${code}`, `unknown kind ${JSON.stringify(k)}`);
  }
  if (typeof p.source !== 'string') {
    for (const k of kinds)
      if (isKind(k) && p.source[k] === undefined)
        add(`source.${k}`, 'missing: the source class of this kind');
  }
  for (const name of Object.keys(p.fields)) {
    if (!kinds.includes(name))
      add(`fields.${name}`, `not a kind this profile reads (${kinds.join(', ')})`);
  }
  for (const k of kinds) {
    if (!isKind(k)) continue;
    const fields = p.fields[k];
    if (fields === undefined) {
      add(`fields.${k}`, 'missing: how the columns map onto this kind');
      continue;
    }
    for (const [name, m] of Object.entries(fields)) checkField(k, name, m, p, add);
    const absent = p.unmappedKeys?.[k] ?? [];
    for (const group of KINDS[k].key) {
      if (group.some((f) => fields[f] !== undefined)) continue;
      if (group.some((f) => absent.includes(f))) continue;
      add(
        `fields.${k}.${group.join('|')}`,
        `key field not mapped (map ${group.join(' or ')}, or declare it in unmappedKeys.${k})`,
      );
    }
    absent.forEach((f, i) => {
      if (!KINDS[k].key.some((g) => g.includes(f)))
        add(`unmappedKeys.${k}.${i}`, `${f} is no key field of ${k}`);
    });
  }
  if (
    p.recordedAt !== undefined &&
    'formats' in p.recordedAt &&
    p.recordedAt.formats !== undefined
  ) {
    p.recordedAt.formats.forEach((f, i) => {
      const c = compilePattern(f);
      if ('problem' in c) add(`recordedAt.formats.${i}`, c.problem);
    });
  }
  const mapped = columnsOf(p);
  for (const c of p.ignoreColumns)
    if (mapped.includes(c))
      add('ignoreColumns', `${JSON.stringify(c)} is mapped and ignored at once`);
  return problems.length > 0 ? { problems } : { profile: p };
}

function checkField(
  kind: Kind,
  name: string,
  m: FieldMapping,
  p: Profile,
  add: (path: string, message: string) => void,
): void {
  const path = `fields.${kind}.${name}`;
  const type = fieldType(kind, name);
  const spec = typeof m === 'string' ? { column: m } : m;
  if (type === undefined && !spec.extra)
    add(
      path,
      `${kind} has no field ${JSON.stringify(name)} (an extra field to keep needs "extra": true)`,
    );
  if (type !== undefined && spec.extra)
    add(`${path}.extra`, `${name} is a canonical field of ${kind}`);
  if (typeof type === 'object' && ('list' in type || 'object' in type))
    add(
      path,
      `${name} is a list of objects: one CSV cell cannot hold it (map its parts, e.g. ${name}.type, where it is an object)`,
    );
  if (spec.column === undefined && spec.value === undefined) add(path, 'give a column or a value');
  if (spec.column !== undefined && spec.value !== undefined)
    add(path, 'give a column or a value, not both');
  if (spec.split !== undefined && type !== 'string[]')
    add(`${path}.split`, `${name} is not a list of strings`);
  if (type === 'string[]' && spec.column !== undefined && spec.split === undefined)
    add(`${path}.split`, `${name} is a list: say which character separates its items`);
  if (type === 'instant' && spec.column !== undefined && p.time === undefined)
    add(path, 'a time from a column needs the profile\'s "time" (zone and formats)');
  (spec.formats ?? []).forEach((f, i) => {
    const c = compilePattern(f);
    if ('problem' in c) add(`${path}.formats.${i}`, c.problem);
  });
  if (typeof type === 'object' && 'enum' in type) {
    const allowed = type.enum;
    for (const [code, to] of Object.entries(spec.map ?? {}))
      if (typeof to !== 'string' || !allowed.includes(to))
        add(`${path}.map.${code}`, `must be one of ${allowed.join(', ')}`);
    if (
      spec.value !== undefined &&
      (typeof spec.value !== 'string' || !allowed.includes(spec.value))
    )
      add(`${path}.value`, `must be one of ${allowed.join(', ')}`);
  }
}

/** The canonical type of a field, dotted paths into object fields included (`effectivity.type`). */
export function fieldType(kind: Kind, name: string): FieldType | undefined {
  const fields: Readonly<Record<string, FieldType>> = KINDS[kind].fields;
  const [head, ...rest] = name.split('.');
  const type = fields[head ?? ''];
  if (rest.length === 0 || type === undefined) return type;
  if (typeof type === 'object' && 'object' in type) {
    return type.object[rest.join('.')];
  }
  return undefined;
}

/** Every column the profile names. */
export function columnsOf(p: Profile): string[] {
  const out = new Set<string>();
  if (typeof p.kind !== 'string') out.add(p.kind.column);
  for (const e of [p.system, p.site]) if (typeof e === 'object') out.add(e.column);
  if ('column' in p.recordedAt) out.add(p.recordedAt.column);
  for (const fields of Object.values(p.fields))
    for (const m of Object.values(fields)) {
      const c = typeof m === 'string' ? m : m.column;
      if (c !== undefined) out.add(c);
    }
  return [...out];
}
