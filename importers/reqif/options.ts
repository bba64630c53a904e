/**
 * The options a ReqIF import takes (the CLI passes them as text): which identifier becomes the
 * requirement's id, the time zone of times written without one, and the limits on the XML and
 * on a .reqifz archive. Checked up front; every problem is listed at once.
 */
import { DEFAULT_XML_LIMITS } from '../xml/read-xml';
import type { XmlLimits } from '../xml/read-xml';
import { DEFAULT_ZIP_LIMITS } from '../zip/zip-entry-checks';
import type { ZipLimits } from '../zip/zip-entry-checks';
import { checkTimeZone } from './times';

/** `identifier`: SPEC-OBJECT/@IDENTIFIER (default); `foreign-id`: the tool's visible id. */
export type IdChoice = 'identifier' | 'foreign-id';

export interface ReqifOptions {
  /** which identifier becomes Requirement.id (MAPPING.md rule M2) */
  readonly id?: IdChoice;
  /** IANA zone (`Europe/Berlin`) or offset (`+01:00`, `Z`) for times without a zone */
  readonly timezone?: string;
  readonly xmlLimits?: Partial<XmlLimits>;
  readonly zipLimits?: Partial<ZipLimits>;
  /**
   * Longest stretch of bytes without a `<` (one attribute value, one run of text): bounds what
   * the XML parser holds before it can hand anything over.
   */
  readonly maxRunBytes?: number;
  /** characters of text one record may hold (title, text, markup, other attributes) */
  readonly maxRecordChars?: number;
}

export interface Settings {
  readonly id: IdChoice;
  readonly timezone: string | undefined;
  readonly xmlLimits: XmlLimits;
  readonly zipLimits: ZipLimits;
  readonly maxRunBytes: number;
  readonly maxRecordChars: number;
}

/** A SPEC-OBJECT holds its values and XHTML: bounded tighter than the reader's default. */
const REQIF_XML_LIMITS: XmlLimits = {
  ...DEFAULT_XML_LIMITS,
  maxNodes: 100_000,
  maxText: 8 * 1024 * 1024,
};

export const DEFAULT_MAX_RUN_BYTES = 16 * 1024 * 1024;
/** A canonical line may be 16 MiB: the text one record holds stays well below it. */
export const DEFAULT_MAX_RECORD_CHARS = 12 * 1024 * 1024;

/** The option names the CLI may pass. */
export const REQIF_OPTION_NAMES = ['id', 'timezone'] as const;

/** Every problem with the options; empty when they can be used. */
export function checkReqifOptions(options: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  const { id, timezone } = options;
  if (id !== undefined && id !== 'identifier' && id !== 'foreign-id') {
    problems.push(`id must be "identifier" or "foreign-id", not ${JSON.stringify(id)}`);
  }
  if (timezone !== undefined) {
    const problem =
      typeof timezone === 'string' ? checkTimeZone(timezone) : 'timezone must be text';
    if (problem) problems.push(problem);
  }
  return problems;
}

/** The options with defaults filled in; throws when checkReqifOptions finds a problem. */
export function settingsOf(options: ReqifOptions = {}): Settings {
  const problems = checkReqifOptions(options as Readonly<Record<string, unknown>>);
  if (problems.length > 0) throw new Error(`ReqIF options: ${problems.join('; ')}`);
  return {
    id: options.id ?? 'identifier',
    timezone: options.timezone,
    xmlLimits: { ...REQIF_XML_LIMITS, ...options.xmlLimits },
    zipLimits: { ...DEFAULT_ZIP_LIMITS, ...options.zipLimits },
    maxRunBytes: options.maxRunBytes ?? DEFAULT_MAX_RUN_BYTES,
    maxRecordChars: options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS,
  };
}
