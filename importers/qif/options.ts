/**
 * The options a QIF import takes (the CLI and jobs pass them as text), checked up front: every
 * problem is listed at once, and a parse with a bad option does not start.
 */
import { isAbsolute, resolve, dirname, delimiter } from 'node:path';
import { isTimeZone } from '../shared/zone-time';

export interface QifOptionText {
  /** IANA time zone for times sent without one (all the public samples); default UTC */
  readonly timezone?: string;
  /**
   * Plan files to join results to by characteristic UUID (or name, for items without one),
   * separated by the path delimiter (":" on POSIX); relative paths against the results file's folder
   */
  readonly plan?: string;
  /** "true": a result whose part has no serial number is refused; default "false" (kept, no serial) */
  readonly requireSerial?: string;
  /** the revision given to the plan this file defines (QIF documents carry none) */
  readonly planRevision?: string;
  /** the site code put on every record */
  readonly site?: string;
  /** the sending system, instead of the one the file's header names */
  readonly system?: string;
}

export const QIF_OPTION_NAMES = [
  'timezone',
  'plan',
  'requireSerial',
  'planRevision',
  'site',
  'system',
] as const satisfies readonly (keyof QifOptionText)[];

export interface QifOptions {
  readonly timeZone: string;
  readonly planFiles: readonly string[];
  readonly requireSerial: boolean;
  readonly planRevision?: string;
  readonly site?: string;
  readonly system?: string;
}

/**
 * The problems with a set of options (empty when they can be used). Options other formats take
 * are not QIF's concern and are passed over.
 */
export function checkQifOptions(options: Readonly<Record<string, string | undefined>>): string[] {
  const problems: string[] = [];
  const { timezone, requireSerial, planRevision, site, plan, system } = options;
  if (timezone !== undefined && !isTimeZone(timezone)) {
    problems.push(`timezone ${JSON.stringify(timezone)} is not an IANA time zone`);
  }
  if (requireSerial !== undefined && requireSerial !== 'true' && requireSerial !== 'false') {
    problems.push(`requireSerial must be true or false, not ${JSON.stringify(requireSerial)}`);
  }
  for (const [name, v] of [
    ['planRevision', planRevision],
    ['site', site],
    ['system', system],
    ['plan', plan],
  ] as const) {
    if (v !== undefined && v.trim() === '') problems.push(`${name} is blank`);
  }
  return problems;
}

/** Options as text → options as used; throws with every problem when they cannot be used. */
export function readQifOptions(
  path: string,
  options: Readonly<Record<string, string | undefined>>,
): QifOptions {
  const problems = checkQifOptions(options);
  if (problems.length > 0) throw new Error(`QIF options: ${problems.join('; ')}`);
  const base = dirname(path);
  return {
    timeZone: options.timezone ?? 'UTC',
    planFiles: (options.plan ?? '')
      .split(delimiter)
      .filter((p) => p.trim() !== '')
      .map((p) => (isAbsolute(p) ? p : resolve(base, p))),
    requireSerial: options.requireSerial === 'true',
    ...(options.planRevision === undefined ? {} : { planRevision: options.planRevision }),
    ...(options.site === undefined ? {} : { site: options.site }),
    ...(options.system === undefined ? {} : { system: options.system }),
  };
}
