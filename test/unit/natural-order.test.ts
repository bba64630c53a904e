import { compareNatural, inNaturalRange, sortNatural } from '../../src/domain/natural-order';

describe('natural order', () => {
  it('compares the trailing integer when the prefix is the same', () => {
    expect(compareNatural('SN-9', 'SN-10')).toBeLessThan(0);
    expect(compareNatural('SN-10', 'SN-9')).toBeGreaterThan(0);
    expect(compareNatural('LOT-0099', 'LOT-100')).toBeLessThan(0);
  });

  it('treats leading zeros as the same position', () => {
    expect(compareNatural('SN-007', 'SN-7')).toBe(0);
  });

  it('compares as strings when the prefixes differ or there is no trailing number', () => {
    // 'A' < 'B' although 9 > 1
    expect(compareNatural('A-9', 'B-1')).toBeLessThan(0);
    expect(compareNatural('SN-10', 'SNX-2')).toBeLessThan(0); // '-' sorts before 'X'
    expect(compareNatural('ALPHA', 'BETA')).toBeLessThan(0);
    expect(compareNatural('SN-1A', 'SN-1B')).toBeLessThan(0);
  });

  it('handles integers beyond 2^53', () => {
    expect(compareNatural('SN-90071992547409930', 'SN-90071992547409931')).toBeLessThan(0);
  });

  it('sorts with ties broken by the string', () => {
    expect(['SN-10', 'SN-9', 'SN-007', 'SN-7', 'SN-100'].sort(sortNatural)).toEqual([
      'SN-007',
      'SN-7',
      'SN-9',
      'SN-10',
      'SN-100',
    ]);
  });

  it('ranges are inclusive at both ends and open when `to` is absent', () => {
    expect(inNaturalRange('SN-9', 'SN-9', 'SN-10')).toBe(true);
    expect(inNaturalRange('SN-10', 'SN-9', 'SN-10')).toBe(true);
    expect(inNaturalRange('SN-11', 'SN-9', 'SN-10')).toBe(false);
    expect(inNaturalRange('SN-8', 'SN-9', 'SN-10')).toBe(false);
    expect(inNaturalRange('SN-100000', 'SN-9', undefined)).toBe(true);
  });
});
