import {
  DEFAULT_LIMITS,
  converter,
  healthCounts,
  limitProblems,
  motorHealth,
  vibrationZone,
} from '../../src/domain/kpi';

describe('motor health', () => {
  it('puts vibration in the ISO 10816-3 group 2 rigid zones', () => {
    expect([0.5, 1.39, 1.4, 2.79, 2.8, 4.49, 4.5, 11].map((v) => vibrationZone(v))).toEqual([
      'A',
      'A',
      'B',
      'B',
      'C',
      'C',
      'D',
      'D',
    ]);
  });

  it('is the worse of vibration and temperature, and says why', () => {
    expect(motorHealth({ vibration: 2.0, temperature: 60 })).toEqual({
      health: 'GREEN',
      reason: 'vibration 2.00 mm/s (zone B), temperature 60.0 °C',
    });
    expect(motorHealth({ vibration: 3.1, temperature: 60 }).health).toBe('YELLOW');
    expect(motorHealth({ vibration: 2.0, temperature: 80 }).health).toBe('YELLOW');
    expect(motorHealth({ vibration: 3.1, temperature: 95 }).health).toBe('RED');
    expect(motorHealth({ vibration: 4.5 }).health).toBe('RED');
    expect(motorHealth({ temperature: 79.9 })).toEqual({
      health: 'GREEN',
      reason: 'temperature 79.9 °C',
    });
    expect(motorHealth({})).toEqual({
      health: 'UNKNOWN',
      reason: 'no vibration or temperature reading',
    });
  });

  it('takes a site’s own zones', () => {
    const limits = {
      vibration: { ab: 0.7, yellow: 1.8, red: 4.5 },
      temperature: { yellow: 70, red: 85 },
    };
    expect(motorHealth({ vibration: 2.0 }, limits).health).toBe('YELLOW');
    expect(motorHealth({ temperature: 86 }, limits).health).toBe('RED');
    expect(limitProblems(limits, 'x')).toEqual([]);
    expect(
      limitProblems(
        { ...DEFAULT_LIMITS, vibration: { ab: 3, yellow: 2.8, red: 4.5 } },
        'endpoints.0.health',
      ),
    ).toEqual([
      'endpoints.0.health.vibration: zones must rise: 0 < ab < yellow < red (got 3, 2.8, 4.5)',
    ]);
  });

  it('counts machines per site and across sites', () => {
    expect(
      healthCounts([
        { site: 'B', health: 'RED' },
        { site: 'A', health: 'GREEN' },
        { site: 'A', health: 'YELLOW' },
        { site: null, health: 'UNKNOWN' },
      ]),
    ).toEqual([
      { site: 'A', green: 1, yellow: 1, red: 0, unknown: 0 },
      { site: 'B', green: 0, yellow: 0, red: 1, unknown: 0 },
      { site: null, green: 1, yellow: 1, red: 1, unknown: 1 },
    ]);
    expect(healthCounts([])).toEqual([{ site: null, green: 0, yellow: 0, red: 0, unknown: 0 }]);
  });
});

describe('units a site may send', () => {
  it('convert to the meaning’s unit', () => {
    expect(converter('energy_counter', 'Wh')?.(1500)).toBe(1.5);
    expect(converter('vibration_velocity', 'in/s')?.(0.1)).toBeCloseTo(2.54, 10);
    expect(converter('temperature', 'degF')?.(212)).toBe(100);
    expect(converter('temperature', 'K')?.(273.15)).toBe(0);
    expect(converter('temperature', 'mm/s')).toBeUndefined();
  });
});
