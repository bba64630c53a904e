import { parseCanonicalLine } from '../../importers/canonical/parse-line';
import { KIND_NAMES } from '../../src/domain/canonical';
import { demoLines, generateDemo } from '../../src/demo/generate';

describe('the demo thread', () => {
  const lines = [...demoLines({ units: 120, seed: 7 })];

  it('is the same for the same units and seed, and different for another seed', () => {
    expect([...demoLines({ units: 120, seed: 7 })]).toEqual(lines);
    expect([...demoLines({ units: 120, seed: 8 })]).not.toEqual(lines);
  });

  it('is valid canonical JSON Lines, every line', () => {
    const bad = lines.map((l, i) => parseCanonicalLine(l, i + 1)).filter((p) => !p?.ok);
    expect(bad).toEqual([]);
  });

  it('holds every artefact class', () => {
    const kinds = new Set([...generateDemo({ units: 120, seed: 7 })].map((r) => r.kind));
    expect([...kinds].sort()).toEqual([...KIND_NAMES].sort());
  });

  it('tells the story of SN-0047: a Unit, its work order locked to C, a re-exported result showing plan D', () => {
    const records = [...generateDemo({ units: 120, seed: 7 })];
    const unit = records.find((r) => r.kind === 'Unit' && r.data.serialNumber === 'SN-0047');
    const order = records.find(
      (r) => r.kind === 'WorkOrder' && r.data.id === unit?.data.workOrderId,
    );
    expect(order?.data.revision).toBe('C');
    const flow = records.filter(
      (r) => r.kind === 'InspectionResult' && r.data.id === 'IR-SN-0047-40-FLOW',
    );
    expect(flow.map((r) => r.data.planRevision)).toEqual(['C', 'D']);
    const eco = records.find((r) => r.kind === 'ChangeOrder' && r.data.id === 'ECO-0007');
    expect(eco?.data.effectivity).toEqual({ type: 'SERIAL', from: 'SN-0041' });
  });

  it('scales by streaming: it never holds the whole thread', () => {
    let count = 0;
    for (const _ of generateDemo({ units: 3000, seed: 1 })) count += 1;
    expect(count).toBeGreaterThan(3000 * 40);
  });
});
