/**
 * QIF 3 (Quality Information Framework, ANSI/DMSC) → canonical records: a plan document → one
 * InspectionPlanRevision, each characteristic measurement of a results document → one
 * InspectionResult per serial. Two passes over the file (scan.ts, then results.ts), so the
 * output is the same sequence every time and memory holds the joins, never the measurements.
 * What maps to what, and what is refused: MAPPING.md beside this file.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ParsedLine } from '../../src/domain/canonical';
import { instantFromDate } from '../../src/domain/time';
import { refuse } from '../shared/to-record';
import { readQifOptions } from './options';
import type { QifOptionText } from './options';
import { isPlanDocument, planIdentity, planRecord } from './plan';
import { readPlanFiles, readReferences } from './references';
import { mapResults } from './results';
import type { QifIndex } from './scan';
import { QIF3_NAMESPACE, scanQif } from './scan';
import { readQifTime } from './values';

export { checkQifOptions, QIF_OPTION_NAMES } from './options';
export type { QifOptionText } from './options';
export { looksLikeQif } from './sniff';

export async function* parseQif(
  path: string,
  options: QifOptionText & Readonly<Record<string, string | undefined>> = {},
): AsyncGenerator<ParsedLine> {
  const opts = readQifOptions(path, options);
  const index = await scanQif(path);
  const stop = documentRefusal(index);
  if (stop !== undefined) {
    yield stop;
    return;
  }
  const created = documentTime(index, opts.timeZone);
  if (created !== undefined && typeof created !== 'string') {
    yield refuse({ line: 1, path: '/QIFDocument/Version' }, 'TimeCreated', created.invalid);
    return;
  }
  const recordedAt = created ?? instantFromDate((await stat(path)).mtime);
  const plans = await readPlanFiles(opts.planFiles, opts.planRevision);
  const isPlan = isPlanDocument(index);
  const ownPlan = isPlan ? planIdentity(index, opts.planRevision) : undefined;
  const system = opts.system ?? index.system;
  const common = {
    recordedAt,
    ...(system === undefined ? {} : { system }),
    ...(opts.site === undefined ? {} : { site: opts.site }),
  };
  if (isPlan) {
    yield planRecord(index, {
      ...common,
      identity: ownPlan,
      ...(index.timeCreated === undefined ? {} : { releasedAt: created }),
    });
  }
  if (index.results.size === 0) return;
  yield* mapResults({
    ...common,
    path,
    fileName: basename(path),
    index,
    ...(ownPlan === undefined ? {} : { ownPlan }),
    references: await readReferences(path, index),
    plans,
    timeZone: opts.timeZone,
    requireSerial: opts.requireSerial,
  });
}

/** The document as a whole cannot be read: not QIF 3, or not well-formed before its end. */
function documentRefusal(index: QifIndex): ParsedLine | undefined {
  const root = index.root;
  if (root === undefined) {
    return index.problem === undefined
      ? refuse({ line: 1 }, undefined, 'not a QIF document: no elements inside a root element')
      : refuse(
          { line: index.problem.line, path: index.problem.path },
          undefined,
          index.problem.reason,
        );
  }
  const at = { line: 1, path: `/${root.name}` };
  if (root.name !== 'QIFDocument') {
    return refuse(at, undefined, `not a QIF document: the root element is <${root.name}>`);
  }
  const version = root.version?.trim();
  const v2 = /^http:\/\/qifstandards\.org\/xsd\/qif(\d+)$/.exec(root.uri)?.[1];
  if ((version !== undefined && !/^3(\.|$)/.test(version)) || (v2 !== undefined && v2 !== '3')) {
    const found = version ?? `${v2 ?? '?'}.x`;
    return refuse(
      at,
      'versionQIF',
      `QIF ${found} is not read: threadgraph reads QIF 3 (versionQIF 3.x, namespace ${QIF3_NAMESPACE})`,
    );
  }
  if (root.uri !== QIF3_NAMESPACE) {
    return refuse(
      at,
      'xmlns',
      `the namespace ${JSON.stringify(root.uri)} is not QIF 3's (${QIF3_NAMESPACE})`,
    );
  }
  if (index.problem !== undefined) {
    return refuse(
      { line: index.problem.line, path: index.problem.path },
      undefined,
      `${index.problem.reason} — nothing in the file is read, since the joins its records need may lie past this point`,
    );
  }
  return undefined;
}

/** Version/TimeCreated as an instant (the record's recordedAt and a plan's releasedAt). */
function documentTime(index: QifIndex, timeZone: string): string | { invalid: string } | undefined {
  return index.timeCreated === undefined ? undefined : readQifTime(index.timeCreated, timeZone);
}
