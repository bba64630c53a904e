import type { EffectivityType } from './canonical';
import { inNaturalRange } from './natural-order';
import { isDate, localDate } from './time';

export interface Effectivity {
  readonly type: EffectivityType;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export interface PartChange {
  readonly partNumber: string;
  readonly fromRevision?: string | undefined;
  readonly toRevision?: string | undefined;
}

export interface ChangeOrderFacts {
  readonly id: string;
  readonly releasedAt?: string | undefined;
  readonly changes: readonly PartChange[];
  readonly effectivity?: Effectivity | undefined;
  readonly placeholder?: boolean | undefined;
}

/** What effectivity is judged on: the unit, its work order and the work order's site. */
export interface UnitInScope {
  readonly serialNumber: string;
  readonly partNumber?: string | undefined;
  readonly workOrderId?: string | undefined;
  /** the part revision locked on the work order */
  readonly lockedRevision?: string | undefined;
  readonly workOrderReleasedAt?: string | undefined;
  /** IANA zone of the work order's site: a DATE bound given as a day means that day there */
  readonly timeZone?: string | undefined;
}

/**
 * Whether a unit lies inside a change order's effectivity (canonical model, "Effectivity" and
 * "Effectivity scope"). Only released change orders govern anything, and only units of the parts
 * they change. SERIAL compares the serial number, LOT the unit's production lot — its work
 * order — in natural order; DATE compares the work order's releasedAt, a bound given as a day
 * covering that whole day in the site's time zone. Both ends are inclusive, `to` open when absent.
 */
export function insideEffectivity(co: ChangeOrderFacts, unit: UnitInScope): boolean {
  if (co.placeholder || co.releasedAt === undefined || co.effectivity === undefined) return false;
  if (!co.changes.some((c) => c.partNumber === unit.partNumber)) return false;
  const { type, from, to } = co.effectivity;
  switch (type) {
    case 'SERIAL':
      return inNaturalRange(unit.serialNumber, from, to);
    case 'LOT':
      return unit.workOrderId !== undefined && inNaturalRange(unit.workOrderId, from, to);
    case 'DATE':
      return unit.workOrderReleasedAt !== undefined && inDateRange(unit, from, to);
  }
}

/** Inside the effectivity and built to the change's fromRevision: built to a superseded revision. */
export function builtToSupersededBy(co: ChangeOrderFacts, unit: UnitInScope): boolean {
  return (
    unit.lockedRevision !== undefined &&
    insideEffectivity(co, unit) &&
    co.changes.some(
      (c) => c.partNumber === unit.partNumber && c.fromRevision === unit.lockedRevision,
    )
  );
}

function inDateRange(unit: UnitInScope, from: string | undefined, to: string | undefined) {
  const at = unit.workOrderReleasedAt as string;
  const day = localDate(at, unit.timeZone);
  if (from !== undefined && (isDate(from) ? day < from : at < from)) return false;
  if (to !== undefined && (isDate(to) ? day > to : at > to)) return false;
  return true;
}
