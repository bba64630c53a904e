import type { ChangeOrderFacts, UnitInScope } from '../../src/domain/effectivity';
import { builtToSupersededBy, insideEffectivity } from '../../src/domain/effectivity';
import { parseInstant } from '../../src/domain/time';

const t = (s: string) => parseInstant(s) as string;
const co = (
  effectivity: ChangeOrderFacts['effectivity'],
  extra: Partial<ChangeOrderFacts> = {},
): ChangeOrderFacts => ({
  id: 'ECO-1',
  releasedAt: t('2026-03-01T00:00:00Z'),
  changes: [{ partNumber: 'P-1', fromRevision: 'C', toRevision: 'D' }],
  effectivity,
  ...extra,
});
const unit = (extra: Partial<UnitInScope> = {}): UnitInScope => ({
  serialNumber: 'SN-10',
  partNumber: 'P-1',
  workOrderId: 'WO-20',
  lockedRevision: 'C',
  workOrderReleasedAt: t('2026-03-31T23:30:00Z'),
  ...extra,
});

describe('SERIAL effectivity', () => {
  it('uses natural order: SN-9 is before SN-10', () => {
    const from10 = co({ type: 'SERIAL', from: 'SN-10' });
    expect(insideEffectivity(from10, unit({ serialNumber: 'SN-9' }))).toBe(false);
    expect(insideEffectivity(from10, unit({ serialNumber: 'SN-10' }))).toBe(true);
    expect(insideEffectivity(from10, unit({ serialNumber: 'SN-100' }))).toBe(true);
  });

  it('is inclusive at `to`', () => {
    const range = co({ type: 'SERIAL', from: 'SN-2', to: 'SN-10' });
    expect(insideEffectivity(range, unit({ serialNumber: 'SN-10' }))).toBe(true);
    expect(insideEffectivity(range, unit({ serialNumber: 'SN-11' }))).toBe(false);
  });
});

describe('LOT effectivity', () => {
  it("compares the unit's production lot, its work order, in natural order", () => {
    const lots = co({ type: 'LOT', from: 'WO-9', to: 'WO-20' });
    expect(insideEffectivity(lots, unit({ workOrderId: 'WO-20' }))).toBe(true);
    expect(insideEffectivity(lots, unit({ workOrderId: 'WO-21' }))).toBe(false);
    expect(insideEffectivity(lots, unit({ workOrderId: 'WO-8' }))).toBe(false);
    expect(insideEffectivity(lots, unit({ workOrderId: undefined }))).toBe(false);
  });
});

describe('DATE effectivity', () => {
  it("compares the work order's release with instants", () => {
    expect(insideEffectivity(co({ type: 'DATE', from: t('2026-03-31T23:00:00Z') }), unit())).toBe(
      true,
    );
    expect(insideEffectivity(co({ type: 'DATE', from: t('2026-04-01T00:00:00Z') }), unit())).toBe(
      false,
    );
  });

  it('reads a day as that whole day in the site zone', () => {
    // released 2026-03-31 23:30 UTC = 2026-04-01 00:30 in London
    const fromApril = co({ type: 'DATE', from: '2026-04-01' });
    expect(insideEffectivity(fromApril, unit({ timeZone: 'Europe/London' }))).toBe(true);
    expect(insideEffectivity(fromApril, unit({ timeZone: 'UTC' }))).toBe(false);
    const throughMarch = co({ type: 'DATE', to: '2026-03-31' });
    expect(insideEffectivity(throughMarch, unit({ timeZone: 'UTC' }))).toBe(true);
    expect(insideEffectivity(throughMarch, unit({ timeZone: 'Europe/London' }))).toBe(false);
  });

  it('is outside when the work order has no release time', () => {
    expect(
      insideEffectivity(
        co({ type: 'DATE', from: '2026-01-01' }),
        unit({ workOrderReleasedAt: undefined }),
      ),
    ).toBe(false);
  });
});

describe('scope', () => {
  it('covers only units of the parts the change order changes', () => {
    expect(
      insideEffectivity(co({ type: 'SERIAL', from: 'SN-1' }), unit({ partNumber: 'P-2' })),
    ).toBe(false);
  });

  it('governs nothing until released, and nothing without an effectivity', () => {
    expect(
      insideEffectivity(co({ type: 'SERIAL', from: 'SN-1' }, { releasedAt: undefined }), unit()),
    ).toBe(false);
    expect(insideEffectivity(co(undefined), unit())).toBe(false);
    expect(
      insideEffectivity(co({ type: 'SERIAL', from: 'SN-1' }, { placeholder: true }), unit()),
    ).toBe(false);
  });
});

describe('builtToSupersededBy', () => {
  it("is inside and locked to the change's fromRevision", () => {
    const change = co({ type: 'SERIAL', from: 'SN-1' });
    expect(builtToSupersededBy(change, unit({ lockedRevision: 'C' }))).toBe(true);
    expect(builtToSupersededBy(change, unit({ lockedRevision: 'D' }))).toBe(false);
    expect(builtToSupersededBy(change, unit({ lockedRevision: undefined }))).toBe(false);
  });
});
