/**
 * A QIF plan → one InspectionPlanRevision: its identity (the document's QPId; the revision from
 * the import's option, else the plan's or document's instance QPId, else the document QPId —
 * QIF documents carry no revision) and its characteristics in document order.
 */
import type { ParsedLine } from '../../src/domain/canonical';
import type { Origin } from '../shared/to-record';
import { refuse, toRecord } from '../shared/to-record';
import type { PlanCharacteristic } from './characteristics';
import { planCharacteristic } from './characteristics';
import type { QifIndex } from './scan';

export interface PlanIdentity {
  readonly planId: string;
  readonly revision: string;
}

/** A plan document: it has a Plan, or it defines characteristics and holds no results. */
export function isPlanDocument(index: QifIndex): boolean {
  return index.hasPlan || (!index.hasResults && index.items.size > 0);
}

export function planIdentity(index: QifIndex, revision?: string): PlanIdentity | undefined {
  if (index.qpid === undefined) return undefined;
  return {
    planId: index.qpid,
    revision: revision ?? index.planInstanceQPId ?? index.versionQPId ?? index.qpid,
  };
}

export interface PlanContext {
  readonly identity: PlanIdentity | undefined;
  readonly system?: string;
  readonly site?: string;
  readonly recordedAt: string;
  readonly releasedAt?: string;
}

/** The plan's characteristics, or the first one that cannot be read. */
export function planCharacteristics(
  index: QifIndex,
): PlanCharacteristic[] | { line: number; field: string; reason: string } {
  const out: PlanCharacteristic[] = [];
  const byId = new Map<string, string>();
  for (const item of index.items.values()) {
    const dup = index.duplicateIds.get(item.id);
    if (dup !== undefined) return { line: item.line, field: `${item.element}/@id`, reason: dup };
    const c = planCharacteristic(index, item);
    if ('reason' in c)
      return { line: item.line, field: `${item.element}/${c.field}`, reason: c.reason };
    const before = byId.get(c.id);
    if (before !== undefined) {
      return {
        line: item.line,
        field: `${item.element}/Name`,
        reason: `two characteristic items are known as ${JSON.stringify(c.id)} (ids ${before} and ${item.id})`,
      };
    }
    byId.set(c.id, item.id);
    out.push(c);
  }
  return out;
}

export function planRecord(index: QifIndex, ctx: PlanContext): ParsedLine {
  const first = index.items.values().next().value;
  const origin: Origin = {
    line: first?.line ?? 1,
    path: '/QIFDocument/Characteristics/CharacteristicItems',
  };
  if (ctx.identity === undefined) {
    return refuse(origin, 'QPId', 'the plan document has no QPId, so the plan has no identity');
  }
  const chars = planCharacteristics(index);
  if (!Array.isArray(chars)) {
    return refuse({ ...origin, line: chars.line }, chars.field, chars.reason);
  }
  return toRecord(
    {
      kind: 'InspectionPlanRevision',
      source: 'QMS',
      ...(ctx.system === undefined ? {} : { system: ctx.system }),
      ...(ctx.site === undefined ? {} : { site: ctx.site }),
      recordedAt: ctx.recordedAt,
      data: {
        planId: ctx.identity.planId,
        revision: ctx.identity.revision,
        releasedAt: ctx.releasedAt,
        characteristics: chars,
      },
    },
    {
      ...origin,
      fieldName: (f) =>
        f.startsWith('data.characteristics')
          ? 'CharacteristicItems'
          : f === 'data.releasedAt'
            ? 'Version/TimeCreated'
            : f,
    },
  );
}
