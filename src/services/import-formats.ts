/**
 * The formats an import reads: which reader reads which format with which options, which
 * formats are a record a line (their progress is counted in lines of the file), and which
 * format a file is when nobody said (from its name and its first bytes).
 */
import { open } from 'node:fs/promises';
import { readCanonical } from '../../importers/canonical/read-canonical';
import { looksLikeCatenax, parseCatenax } from '../../importers/catenax';
import { readCloudEvents } from '../../importers/cloudevents/read-cloudevents';
import { looksLikeCsv, parseCsv } from '../../importers/csv';
import { looksLikeB2mml, parseB2mml } from '../../importers/b2mml';
import {
  EQUIPMENT_SOURCES,
  ID_FROM,
  looksLikeOpcuaNodeset,
  parseOpcuaNodeset,
} from '../../importers/opcua-nodeset';
import { looksLikeQif, parseQif } from '../../importers/qif';
import { looksLikeReqif, parseReqif } from '../../importers/reqif';
import { readStructured } from '../../importers/shared/read-structured';
import { isTimeZone } from '../../importers/shared/zone-time';
import type { ReadRecords } from '../../importers/source-line';
import { ThreadgraphError } from '../domain/errors';

export const IMPORT_FORMATS = [
  'canonical',
  'cloudevents',
  'reqif',
  'b2mml',
  'qif',
  'csv',
  'catenax',
  'opcua-nodeset',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export function isImportFormat(value: unknown): value is ImportFormat {
  return typeof value === 'string' && (IMPORT_FORMATS as readonly string[]).includes(value);
}

/** One record a line: progress is lines of the file, and a run resumes at a byte offset. */
export function isLineFormat(format: ImportFormat): boolean {
  return format === 'canonical' || format === 'cloudevents';
}

/**
 * What a format is read with, beside the file. Part of a job's identity: the same file with
 * other options is another job. A CSV profile is named by the copy kept with the job (`profile`,
 * under THREADGRAPH_HOME) and its sha256, recorded with every run of the import.
 */
export interface FormatOptions {
  readonly profile?: string;
  readonly profileHash?: string;
  /** the profile's id@version, for people */
  readonly profileName?: string;
  readonly site?: string;
  readonly system?: string;
  /** IANA zone for local times without an offset */
  readonly timezone?: string;
  /** B2MML material masters: ERP (default: refused by the authority rule) or PLM */
  readonly materialSource?: string;
  /** ReqIF: which identifier becomes Requirement.id — `identifier` (default) or `foreign-id` */
  readonly requirementId?: string;
  /** QIF: plan files to join results to (`:`-separated; relative to the results file's folder) */
  readonly plan?: string;
  /** QIF: the revision given to the plan the file defines (QIF documents carry none) */
  readonly planRevision?: string;
  /** OPC UA NodeSet: the one property every Equipment id is taken from — assetId, productInstanceUri or serialNumber */
  readonly idFrom?: string;
  /** OPC UA NodeSet: who says the machine's identity — OT (default: refused by the authority rule) or MES */
  readonly equipmentSource?: string;
}

/** Every option, in the order people read them (a CSV profile's id@version first). */
export const FORMAT_OPTION_NAMES = [
  'profileName',
  'profileHash',
  'profile',
  'site',
  'system',
  'timezone',
  'materialSource',
  'requirementId',
  'plan',
  'planRevision',
  'idFrom',
  'equipmentSource',
] as const satisfies readonly (keyof FormatOptions)[];

type OptionName = (typeof FORMAT_OPTION_NAMES)[number];

/** The options each format is read with; any other is refused when the job is submitted. */
export const OPTIONS_OF: Readonly<Record<ImportFormat, readonly OptionName[]>> = {
  canonical: [],
  cloudevents: [],
  reqif: ['timezone', 'requirementId'],
  b2mml: ['site', 'system', 'timezone', 'materialSource'],
  qif: ['site', 'system', 'timezone', 'plan', 'planRevision'],
  csv: ['profile', 'profileHash', 'profileName', 'site', 'system', 'timezone'],
  catenax: ['site', 'system', 'timezone'],
  'opcua-nodeset': ['site', 'system', 'idFrom', 'equipmentSource'],
};

/** Every problem with the options a format is to be read with (empty: they can be used). */
export function optionProblems(format: ImportFormat, options: FormatOptions): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (!(OPTIONS_OF[format] as readonly string[]).includes(name)) {
      problems.push(
        `${name} is not an option of ${format} (it takes ${OPTIONS_OF[format].join(', ') || 'none'})`,
      );
    } else if (typeof value !== 'string' || value.trim() === '') {
      problems.push(`${name} is blank`);
    }
  }
  const { timezone, materialSource, requirementId, idFrom, equipmentSource } = options;
  if (timezone !== undefined && !isTimeZone(timezone)) {
    problems.push(
      `timezone ${JSON.stringify(timezone)} is not an IANA time zone (e.g. Europe/Berlin)`,
    );
  }
  if (materialSource !== undefined && materialSource !== 'ERP' && materialSource !== 'PLM') {
    problems.push(`materialSource must be ERP or PLM, not ${JSON.stringify(materialSource)}`);
  }
  if (
    requirementId !== undefined &&
    requirementId !== 'identifier' &&
    requirementId !== 'foreign-id'
  ) {
    problems.push(
      `requirementId must be identifier or foreign-id, not ${JSON.stringify(requirementId)}`,
    );
  }
  if (idFrom !== undefined && !(ID_FROM as readonly string[]).includes(idFrom)) {
    problems.push(`idFrom must be ${ID_FROM.join(', ')}, not ${JSON.stringify(idFrom)}`);
  }
  if (
    equipmentSource !== undefined &&
    !(EQUIPMENT_SOURCES as readonly string[]).includes(equipmentSource)
  ) {
    problems.push(`equipmentSource must be OT or MES, not ${JSON.stringify(equipmentSource)}`);
  }
  return problems;
}

export function readerOf(format: ImportFormat, options: FormatOptions = {}): ReadRecords {
  switch (format) {
    case 'canonical':
      return (path, from) => readCanonical(path, from);
    case 'cloudevents':
      return (path, from) => readCloudEvents(path, from);
    case 'reqif': {
      const { requirementId, ...rest } = pick(options, OPTIONS_OF.reqif);
      const id = requirementId as 'identifier' | 'foreign-id' | undefined;
      return readStructured((path) => parseReqif(path, id === undefined ? rest : { ...rest, id }));
    }
    case 'b2mml':
      return readStructured((path) => parseB2mml(path, pick(options, OPTIONS_OF.b2mml)));
    case 'qif':
      return readStructured((path) => parseQif(path, pick(options, OPTIONS_OF.qif)));
    case 'catenax':
      return readStructured((path) => parseCatenax(path, pick(options, OPTIONS_OF.catenax)));
    case 'opcua-nodeset':
      return readStructured((path) =>
        parseOpcuaNodeset(path, pick(options, OPTIONS_OF['opcua-nodeset'])),
      );
    case 'csv': {
      const profile = options.profile;
      if (profile === undefined) {
        throw new ThreadgraphError('INVALID_INPUT', 'a CSV import needs a mapping profile');
      }
      const rest = pick(options, ['site', 'system', 'timezone']);
      return readStructured((path) => parseCsv(path, { ...rest, profilePath: profile }));
    }
  }
}

function pick(options: FormatOptions, names: readonly OptionName[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = options[n];
    if (v !== undefined) out[n] = v;
  }
  return out;
}

const HEAD_BYTES = 4096;

/**
 * The format of a file nobody named: by its content first (a .xml can be ReqIF, B2MML, QIF or an
 * OPC UA NodeSet), then its name. Undefined: not recognised.
 */
export async function detectFormat(
  file: string,
  /** the name people know it by (an upload's own name): its extension counts */
  label: string = file,
): Promise<ImportFormat | undefined> {
  const handle = await open(file, 'r');
  let head: string;
  let bytes: Buffer;
  try {
    bytes = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(bytes, 0, HEAD_BYTES, 0);
    bytes = bytes.subarray(0, bytesRead);
    head = bytes.toString('utf8');
  } finally {
    await handle.close();
  }
  const name = label.toLowerCase();
  // a zip: only ReqIF archives are read
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return name.endsWith('.reqifz') ? 'reqif' : undefined;
  if (looksLikeReqif(head, name)) return 'reqif';
  if (looksLikeQif(head, name)) return 'qif';
  if (looksLikeOpcuaNodeset(head, name)) return 'opcua-nodeset';
  if (looksLikeB2mml(head, name)) return 'b2mml';
  if (looksLikeCatenax(head, name)) return 'catenax';
  const first = head.trimStart();
  if (first.startsWith('{') && /"specversion"\s*:/.test(first.slice(0, 2000))) return 'cloudevents';
  if (first.startsWith('{') && /"kind"\s*:/.test(first.slice(0, 2000))) return 'canonical';
  if (/\.(jsonl|ndjson)$/.test(name)) return 'canonical';
  if (looksLikeCsv(head, name)) return 'csv';
  return undefined;
}
