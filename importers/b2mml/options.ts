/**
 * The options a B2MML import takes, checked before anything is read: the site and system where
 * the message names none, the IANA zone of times sent without a zone, the class that sends the
 * material master, and the time that stands in when a message states no time at all.
 */
import { parseInstant } from '../../src/domain/time';
import { isTimeZone } from '../shared/zone-time';

export interface B2mmlOptions {
  /**
   * `ERP` (default): a MaterialDefinition is ERP's material master, kept by the importer as a
   * governance violation (Part's authority is PLM). `PLM`: the site's agreement makes this
   * sender the material master authority, so the Part is emitted as PLM's.
   */
  readonly materialSource?: string;
  /** the sending system where ApplicationArea/Sender/LogicalID is absent */
  readonly system?: string;
  /** the site where no hierarchy scope or location names one */
  readonly site?: string;
  /** IANA zone of times sent without a zone (xs:dateTime allows it); without it they are refused */
  readonly timezone?: string;
  /** ISO-8601 instant standing in for a message that states no time (else the file's mtime) */
  readonly recordedAt?: string;
}

export interface CheckedOptions {
  readonly materialSource: 'ERP' | 'PLM';
  readonly system?: string;
  readonly site?: string;
  readonly timezone?: string;
  readonly recordedAt?: string;
}

/** Every problem of the options at once, or the checked options (other formats' options are ignored). */
export function checkOptions(options: B2mmlOptions = {}): CheckedOptions {
  const problems: string[] = [];
  const materialSource = options.materialSource ?? 'ERP';
  if (materialSource !== 'ERP' && materialSource !== 'PLM') {
    problems.push(`materialSource must be ERP or PLM, not ${JSON.stringify(materialSource)}`);
  }
  for (const key of ['system', 'site'] as const) {
    const v = options[key];
    if (v !== undefined && v.trim() === '') problems.push(`${key} is blank`);
  }
  if (options.timezone !== undefined && !isTimeZone(options.timezone)) {
    problems.push(`timezone ${JSON.stringify(options.timezone)} is not an IANA time zone`);
  }
  let recordedAt: string | undefined;
  if (options.recordedAt !== undefined) {
    recordedAt = parseInstant(options.recordedAt);
    if (recordedAt === undefined) {
      problems.push(`recordedAt ${JSON.stringify(options.recordedAt)} is not ISO-8601 with a zone`);
    }
  }
  if (problems.length > 0) throw new Error(`b2mml options: ${problems.join('; ')}`);
  return {
    materialSource: materialSource as 'ERP' | 'PLM',
    ...(options.system === undefined ? {} : { system: options.system }),
    ...(options.site === undefined ? {} : { site: options.site }),
    ...(options.timezone === undefined ? {} : { timezone: options.timezone }),
    ...(recordedAt === undefined ? {} : { recordedAt }),
  };
}
