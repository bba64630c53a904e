/** How values read on a page: times in UTC, rates as percentages, counts grouped. */

/** 2026-01-10T08:00:00.000000000Z → 2026-01-10 08:00:00 UTC (fractions only where they say something). */
export function when(instant: string | null | undefined): string {
  if (!instant) return '—';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/.exec(instant);
  if (!m) return instant;
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  return `${m[1]} ${m[2]}${fraction === '.' ? '' : fraction} UTC`;
}

export function day(instant: string | null | undefined): string {
  return instant ? instant.slice(0, 10) : '—';
}

/** 0.013041556 → 1.3 %; 0 of 0 → — */
export function percent(rate: number, total?: number): string {
  if (total === 0) return '—';
  const p = rate * 100;
  const digits = p !== 0 && Math.abs(p) < 1 ? 2 : 1;
  return `${p.toFixed(digits)} %`;
}

export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : n.toLocaleString('en-GB');
}

export function money(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-GB', {
      style: 'currency',
      currency,
      maximumFractionDigits: 0,
    }).format(amount);
  } catch {
    return `${Math.round(amount).toLocaleString('en-GB')} ${currency}`;
  }
}

export function num(v: number | null | undefined, unit?: string | null): string {
  if (v === null || v === undefined) return '—';
  const text = Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  return unit ? `${text} ${unit}` : text;
}

export function hours(h: number | null | undefined): string {
  if (h === null || h === undefined) return '—';
  return h >= 48 ? `${(h / 24).toFixed(1)} days` : `${h.toFixed(1)} h`;
}

/** A field name as words: raisedAt → raised at. */
export function words(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** A stored value for reading: instants in UTC, the rest as stored. */
export function stored(value: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/.test(value) ? when(value) : value;
}

/** How long ago an instant was, from `now` (ms since the epoch): 12 s ago, 5 min ago, 3 h ago. */
export function ago(instant: string | null | undefined, now: number): string {
  if (!instant) return '—';
  const seconds = Math.round((now - Date.parse(instant)) / 1000);
  if (Number.isNaN(seconds)) return instant;
  if (seconds < 0) return 'just now';
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} days ago`;
}

/** kWh with at most two decimals: 17 kWh, 12.75 kWh. */
export function kwh(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return `${v.toLocaleString('en-GB', { maximumFractionDigits: 2 })} kWh`;
}

/** A unit as people write it: UCUM's Cel is °C; the dimensionless 1 is left out. */
export function unitSymbol(unit: string | null | undefined): string {
  return unit === 'Cel' ? '°C' : unit === '1' || !unit ? '' : unit;
}

/** Decimals per meaning of a machine reading (as the health reasons write them). */
const DECIMALS: Readonly<Record<string, number>> = {
  vibration_velocity: 2,
  temperature: 1,
  motor_current: 1,
  energy_counter: 1,
  machine_state: 0,
};

/** A machine reading with its unit: 3.10 mm/s, 71.0 °C, 1,204.5 kWh. */
export function reading(
  value: number | null | undefined,
  meaning: string | null | undefined,
  unit: string | null | undefined,
): string {
  const digits = meaning ? DECIMALS[meaning] : undefined;
  if (value === null || value === undefined || digits === undefined)
    return num(value, unitSymbol(unit));
  const text = value.toLocaleString('en-GB', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  const symbol = unitSymbol(unit);
  return symbol ? `${text} ${symbol}` : text;
}
