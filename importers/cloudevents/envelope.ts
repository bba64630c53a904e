/**
 * A CloudEvent in the JSON format (CloudEvents 1.0, spec/json-format.md), checked attribute by
 * attribute: the required ones present and non-empty, each attribute of its type, extension
 * names lower-case letters and digits, extension values strings, booleans or integers, a time
 * in RFC 3339, not both data and data_base64. An event that breaks any of it is refused with the
 * attribute and the reason.
 */
export interface CloudEvent {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly time?: string;
  readonly subject?: string;
  readonly datacontenttype?: string;
  readonly dataschema?: string;
  /** JSON data as sent, or undefined */
  readonly data?: unknown;
  readonly data_base64?: string;
  /** extension attributes (null values dropped) */
  readonly extensions: Readonly<Record<string, string | boolean | number>>;
}

export type EnvelopeCheck =
  | { readonly ok: true; readonly event: CloudEvent }
  | { readonly ok: false; readonly attribute?: string; readonly reason: string };

const STRING_ATTRIBUTES = [
  'specversion',
  'id',
  'source',
  'type',
  'time',
  'subject',
  'datacontenttype',
  'dataschema',
] as const;
const REQUIRED = ['specversion', 'id', 'source', 'type'] as const;
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(\\s*;\\s*${TOKEN}=("[^"]*"|${TOKEN}))*$`);
const RFC3339 =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const INT32 = 2 ** 31;

export function checkEnvelope(value: unknown): EnvelopeCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'an event must be a JSON object' };
  }
  const v = value as Record<string, unknown>;
  const refuse = (attribute: string, reason: string): EnvelopeCheck => ({
    ok: false,
    attribute,
    reason,
  });
  for (const name of STRING_ATTRIBUTES) {
    const a = v[name];
    if (a !== undefined && a !== null && typeof a !== 'string')
      return refuse(name, 'must be a string');
    if (a === '') return refuse(name, 'must not be empty');
  }
  for (const name of REQUIRED) {
    if (v[name] === undefined || v[name] === null) return refuse(name, 'is required');
  }
  if (v.specversion !== '1.0') {
    return refuse('specversion', `must be 1.0, not ${JSON.stringify(v.specversion)}`);
  }
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\s\u0000-\u001f]/.test(v.source as string)) {
    return refuse('source', 'must be a URI-reference (no spaces or control characters)');
  }
  if (typeof v.time === 'string' && !RFC3339.test(v.time)) {
    return refuse(
      'time',
      `must be an RFC 3339 timestamp, not ${JSON.stringify(v.time.slice(0, 40))}`,
    );
  }
  if (typeof v.datacontenttype === 'string' && !MEDIA_TYPE.test(v.datacontenttype)) {
    return refuse('datacontenttype', 'must be an RFC 2046 media type (type/subtype)');
  }
  if (typeof v.dataschema === 'string' && !/^[A-Za-z][A-Za-z0-9+.-]*:\S*$/.test(v.dataschema)) {
    return refuse('dataschema', 'must be an absolute URI');
  }
  const hasData = v.data !== undefined && v.data !== null;
  if (hasData && v.data_base64 !== undefined && v.data_base64 !== null) {
    return refuse('data_base64', 'an event carries data or data_base64, not both');
  }
  if (v.data_base64 !== undefined && v.data_base64 !== null) {
    if (
      typeof v.data_base64 !== 'string' ||
      !/^[A-Za-z0-9+/]*={0,2}$/.test(v.data_base64) ||
      v.data_base64.length % 4 !== 0
    ) {
      return refuse('data_base64', 'must be base64');
    }
  }
  const extensions: Record<string, string | boolean | number> = {};
  for (const [name, a] of Object.entries(v)) {
    if (
      (STRING_ATTRIBUTES as readonly string[]).includes(name) ||
      name === 'data' ||
      name === 'data_base64'
    )
      continue;
    if (!/^[a-z0-9]+$/.test(name)) {
      return refuse(name, 'is not a valid attribute name: lower-case letters a–z and digits only');
    }
    if (a === null) continue;
    if (typeof a === 'string' || typeof a === 'boolean') extensions[name] = a;
    else if (typeof a === 'number' && Number.isInteger(a) && a >= -INT32 && a < INT32)
      extensions[name] = a;
    else return refuse(name, 'an extension value must be a string, a boolean or a 32-bit integer');
  }
  const optional = (name: 'time' | 'subject' | 'datacontenttype' | 'dataschema') =>
    typeof v[name] === 'string' ? { [name]: v[name] } : {};
  return {
    ok: true,
    event: {
      specversion: '1.0',
      id: v.id as string,
      source: v.source as string,
      type: v.type as string,
      ...optional('time'),
      ...optional('subject'),
      ...optional('datacontenttype'),
      ...optional('dataschema'),
      ...(hasData ? { data: v.data } : {}),
      ...(typeof v.data_base64 === 'string' ? { data_base64: v.data_base64 } : {}),
      extensions,
    },
  };
}
