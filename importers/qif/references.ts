/**
 * The other QIF documents a results file is joined to: those it references itself
 * (ExternalQIFReferences: a QPId and a URI, resolved against the results file's folder) and the
 * plan files the import names (option `plan`, joined by characteristic UUID). Each is read with
 * the same first pass (scan.ts); what it cannot give is said, never a crash.
 */
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { characteristicKey } from './characteristics';
import type { PlanIdentity } from './plan';
import { isPlanDocument, planIdentity } from './plan';
import type { ExternalDocument, QifIndex } from './scan';
import { scanQif } from './scan';

/** At most this many referenced documents are read for one results file. */
export const MAX_REFERENCED_DOCUMENTS = 16;

export type Referenced =
  | { readonly resolved: true; readonly index: QifIndex; readonly plan?: PlanIdentity }
  | { readonly resolved: false; readonly reason: string };

/** Reads each external document the results file declares (deterministically, in id order). */
export async function readReferences(
  resultsPath: string,
  index: QifIndex,
): Promise<Map<string, Referenced>> {
  const out = new Map<string, Referenced>();
  let read = 0;
  const docs = [...index.externals.values()].sort((a, b) => a.line - b.line);
  for (const doc of docs) {
    if (read >= MAX_REFERENCED_DOCUMENTS) {
      out.set(doc.id, {
        resolved: false,
        reason: `not read: at most ${MAX_REFERENCED_DOCUMENTS} referenced documents are read`,
      });
      continue;
    }
    read += 1;
    out.set(doc.id, await readReference(resultsPath, doc));
  }
  return out;
}

async function readReference(resultsPath: string, doc: ExternalDocument): Promise<Referenced> {
  const where = locate(resultsPath, doc.uri);
  if ('reason' in where) return { resolved: false, reason: where.reason };
  const found = await stat(where.path).catch(() => undefined);
  if (found === undefined || !found.isFile()) {
    return { resolved: false, reason: `${doc.uri ?? ''}: no such file beside the results` };
  }
  const index = await scanQif(where.path);
  const why = unreadable(index);
  if (why !== undefined) return { resolved: false, reason: `${doc.uri ?? ''}: ${why}` };
  if (doc.qpid !== undefined && index.qpid !== doc.qpid) {
    return {
      resolved: false,
      reason: `${doc.uri ?? ''}: its QPId is ${index.qpid ?? 'missing'}, not ${doc.qpid}`,
    };
  }
  const plan = isPlanDocument(index) ? planIdentity(index) : undefined;
  return { resolved: true, index, ...(plan === undefined ? {} : { plan }) };
}

/** Why a scanned document cannot be joined to, if it cannot. */
export function unreadable(index: QifIndex): string | undefined {
  if (index.problem !== undefined) return `line ${index.problem.line}: ${index.problem.reason}`;
  if (index.root === undefined) return 'not a QIF document';
  if (index.root.name !== 'QIFDocument') return `not a QIF document (root <${index.root.name}>)`;
  if (index.root.uri !== 'http://qifstandards.org/xsd/qif3') return 'not QIF 3';
  if (index.root.version !== undefined && !/^3(\.|$)/.test(index.root.version.trim())) {
    return `QIF ${index.root.version} is not read`;
  }
  return undefined;
}

/**
 * A reference's URI → a path: relative ones (either slash: the samples write `.\Exploded_Plan.QIF`)
 * and `file:` URIs, inside the results file's folder. Other schemes are never fetched, absolute
 * Windows paths name another machine's disk, and nothing outside the folder is read.
 */
export function locate(
  resultsPath: string,
  uri: string | undefined,
): { path: string } | { reason: string } {
  if (uri === undefined) return { reason: 'the reference has no URI' };
  const base = resolve(dirname(resultsPath));
  let path: string;
  if (/^[a-z]:[\\/]/i.test(uri) || uri.startsWith('\\\\')) {
    return { reason: `${uri}: a Windows path, not readable here` };
  } else if (/^file:/i.test(uri)) {
    try {
      path = fileURLToPath(uri);
    } catch {
      return { reason: `${uri}: not a file URI this system can read` };
    }
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(uri)) {
    return { reason: `${uri}: not read (threadgraph fetches nothing over a network)` };
  } else {
    let text = uri.replace(/\\/g, '/');
    try {
      text = decodeURIComponent(text);
    } catch {
      // a stray % is a character of the name, not an escape
    }
    path = resolve(base, text);
  }
  const rel = relative(base, path);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    return { reason: `${uri}: outside the results file's folder, not read` };
  }
  return { path };
}

/** A characteristic of a plan file, found by UUID or (for items without one) by name. */
export interface PlanMatch {
  readonly plan: PlanIdentity;
  readonly characteristicId: string;
}

export interface PlanLookup {
  readonly byUuid: Map<string, PlanMatch>;
  /** by characteristic id; null when two plan files know the same name differently */
  readonly byName: Map<string, PlanMatch | null>;
}

/** Reads the plan files the import names; a file that is not a QIF 3 plan stops the import. */
export async function readPlanFiles(
  paths: readonly string[],
  revision?: string,
): Promise<PlanLookup> {
  const lookup: PlanLookup = { byUuid: new Map(), byName: new Map() };
  for (const path of paths) {
    const found = await stat(path).catch(() => undefined);
    if (found === undefined || !found.isFile())
      throw new Error(`QIF option plan: ${path} is not a file`);
    const index = await scanQif(path);
    const why = unreadable(index);
    if (why !== undefined) throw new Error(`QIF option plan: ${path}: ${why}`);
    const plan = isPlanDocument(index) ? planIdentity(index, revision) : undefined;
    if (plan === undefined) {
      throw new Error(`QIF option plan: ${path} is not a QIF plan with a QPId`);
    }
    for (const item of index.items.values()) {
      const key = characteristicKey(item);
      if (key === undefined) continue;
      const match = { plan, characteristicId: key };
      if (item.uuid !== undefined && !lookup.byUuid.has(item.uuid))
        lookup.byUuid.set(item.uuid, match);
      const before = lookup.byName.get(key);
      lookup.byName.set(key, before === undefined ? match : null);
    }
  }
  return lookup;
}
