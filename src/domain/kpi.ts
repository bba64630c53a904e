/**
 * The shop-floor KPIs, defined in this one place ("standardize meaning, not data"): a site's
 * collector config maps its own node names and units onto the meanings below; every reading is
 * converted to the meaning's unit by the collector, so the KPIs read one unit whatever the site
 * sent.
 *
 * - kWh of an operation: the increase of the machine's `energy_counter` between the first and the
 *   last reading inside the operation's window (domain/readings.ts: a fall is a counter reset).
 * - kWh per unit: the sum over the unit's operations. Energy per route: per part, the mean kWh of
 *   each routing operation over the operations measured, and their sum (kWh per unit of that
 *   route).
 * - Motor health per machine: the worst of its vibration zone (latest `vibration_velocity`, RMS
 *   mm/s, ISO 10816-3 zones: below `yellow` green (A–B), below `red` yellow (C), else red (D);
 *   default group 2, rigid foundation: 2.8 / 4.5, with 1.4 the A/B boundary) and its temperature
 *   (latest `temperature` in °C: `yellow` and `red` limits, default 80 / 95). A machine with
 *   neither reading is UNKNOWN.
 */

export type Meaning =
  'energy_counter' | 'motor_current' | 'vibration_velocity' | 'temperature' | 'machine_state';

/** The unit every reading of a meaning is kept in (UCUM codes where they differ from symbols). */
export const MEANING_UNITS: Readonly<Record<Meaning, string>> = {
  energy_counter: 'kWh',
  motor_current: 'A',
  vibration_velocity: 'mm/s',
  temperature: 'Cel',
  machine_state: '1',
};

export const MEANINGS = Object.keys(MEANING_UNITS) as Meaning[];

/** value in `from` → value in the meaning's unit; the units a site may send for each meaning */
const CONVERSIONS: Readonly<Record<Meaning, Readonly<Record<string, (v: number) => number>>>> = {
  energy_counter: { kWh: (v) => v, Wh: (v) => v / 1000, MWh: (v) => v * 1000 },
  motor_current: { A: (v) => v, mA: (v) => v / 1000 },
  vibration_velocity: {
    'mm/s': (v) => v,
    'm/s': (v) => v * 1000,
    'in/s': (v) => v * 25.4,
  },
  temperature: {
    Cel: (v) => v,
    '°C': (v) => v,
    degF: (v) => ((v - 32) * 5) / 9,
    '°F': (v) => ((v - 32) * 5) / 9,
    K: (v) => v - 273.15,
  },
  machine_state: { '1': (v) => v },
};

export function isMeaning(text: string): text is Meaning {
  return Object.hasOwn(MEANING_UNITS, text);
}

/** The units a site may send for a meaning. */
export function unitsOf(meaning: Meaning): string[] {
  return Object.keys(CONVERSIONS[meaning]);
}

/** Converts a value sent in `unit` to the meaning's unit; undefined: not a unit of that meaning. */
export function converter(meaning: Meaning, unit: string): ((v: number) => number) | undefined {
  return CONVERSIONS[meaning][unit];
}

export type Health = 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';

export interface HealthLimits {
  /** vibration velocity RMS, mm/s: the A/B, B/C and C/D zone boundaries */
  readonly vibration: { readonly ab: number; readonly yellow: number; readonly red: number };
  /** temperature, °C */
  readonly temperature: { readonly yellow: number; readonly red: number };
}

/** ISO 10816-3, group 2 (15–300 kW), rigid foundation; temperature limits of a typical motor. */
export const DEFAULT_LIMITS: HealthLimits = {
  vibration: { ab: 1.4, yellow: 2.8, red: 4.5 },
  temperature: { yellow: 80, red: 95 },
};

/** Problems with limits given in a config (each names the field). */
export function limitProblems(limits: HealthLimits, where: string): string[] {
  const out: string[] = [];
  const { ab, yellow, red } = limits.vibration;
  if (!(ab > 0 && ab < yellow && yellow < red)) {
    out.push(
      `${where}.vibration: zones must rise: 0 < ab < yellow < red (got ${ab}, ${yellow}, ${red})`,
    );
  }
  if (!(limits.temperature.yellow < limits.temperature.red)) {
    out.push(`${where}.temperature: yellow must be below red`);
  }
  return out;
}

export type VibrationZone = 'A' | 'B' | 'C' | 'D';

export function vibrationZone(
  mmPerS: number,
  limits: HealthLimits = DEFAULT_LIMITS,
): VibrationZone {
  const { ab, yellow, red } = limits.vibration;
  return mmPerS < ab ? 'A' : mmPerS < yellow ? 'B' : mmPerS < red ? 'C' : 'D';
}

const RANK: Readonly<Record<Health, number>> = { UNKNOWN: 0, GREEN: 1, YELLOW: 2, RED: 3 };

export interface HealthJudgement {
  readonly health: Health;
  /** why, for people: "vibration 3.10 mm/s (zone C)", "temperature 96.0 °C" */
  readonly reason: string;
}

/** A machine's motor health from its latest vibration and temperature (either may be absent). */
export function motorHealth(
  latest: { readonly vibration?: number | null; readonly temperature?: number | null },
  limits: HealthLimits = DEFAULT_LIMITS,
): HealthJudgement {
  const parts: { health: Health; reason: string }[] = [];
  if (typeof latest.vibration === 'number') {
    const zone = vibrationZone(latest.vibration, limits);
    parts.push({
      health: zone === 'D' ? 'RED' : zone === 'C' ? 'YELLOW' : 'GREEN',
      reason: `vibration ${latest.vibration.toFixed(2)} mm/s (zone ${zone})`,
    });
  }
  if (typeof latest.temperature === 'number') {
    const t = latest.temperature;
    parts.push({
      health:
        t >= limits.temperature.red ? 'RED' : t >= limits.temperature.yellow ? 'YELLOW' : 'GREEN',
      reason: `temperature ${t.toFixed(1)} °C`,
    });
  }
  if (parts.length === 0)
    return { health: 'UNKNOWN', reason: 'no vibration or temperature reading' };
  const worst = parts.reduce((a, b) => (RANK[b.health] > RANK[a.health] ? b : a));
  return { health: worst.health, reason: parts.map((p) => p.reason).join(', ') };
}

export interface HealthCount {
  readonly site: string | null;
  readonly green: number;
  readonly yellow: number;
  readonly red: number;
  readonly unknown: number;
}

/** Machines per health, per site and (site null) across all sites, sites in name order. */
export function healthCounts(
  machines: readonly { readonly site?: string | null; readonly health: Health }[],
): HealthCount[] {
  const tally = new Map<
    string | null,
    { green: number; yellow: number; red: number; unknown: number }
  >();
  const add = (site: string | null, health: Health) => {
    const t = tally.get(site) ?? { green: 0, yellow: 0, red: 0, unknown: 0 };
    const key = health.toLowerCase() as 'green' | 'yellow' | 'red' | 'unknown';
    t[key] += 1;
    tally.set(site, t);
  };
  tally.set(null, { green: 0, yellow: 0, red: 0, unknown: 0 });
  for (const m of machines) {
    if (m.site) add(m.site, m.health);
    add(null, m.health);
  }
  const sites = [...tally.keys()].filter((s): s is string => s !== null).sort();
  return [...sites, null].map((site) => ({ site, ...tally.get(site)! }));
}
