/** Live equipment for people: machines with their motor health, energy per route and per unit. */
import type { HealthCount } from '../../domain/kpi';
import { formatInstant } from '../../domain/time';
import type { Machine, RouteEnergy, UnitEnergy } from '../../services/equipment-service';

const kwh = (n: number) => `${n.toFixed(3)} kWh`;

export function describeMachines(
  machines: readonly Machine[],
  counts: readonly HealthCount[],
): string {
  if (machines.length === 0) {
    return 'no machine has sent a live reading yet (is a collector running? threadgraph collect --help)';
  }
  const lines = counts.map(
    (c) =>
      `${(c.site ?? 'all sites').padEnd(12)} ${c.green} green, ${c.yellow} yellow, ${c.red} red, ${c.unknown} unknown`,
  );
  lines.push('');
  for (const m of machines) {
    const since = m.healthChangedAt ? ` since ${formatInstant(m.healthChangedAt)}` : '';
    lines.push(`${m.health.padEnd(7)} ${m.equipmentId} (${m.site ?? 'no site'})${since}`);
    if (m.healthReason) lines.push(`        ${m.healthReason}`);
    for (const s of m.series) {
      const value = s.lastValue === null ? '—' : String(s.lastValue);
      const at = s.lastAt ? formatInstant(s.lastAt) : '';
      const unit = s.unit === 'Cel' ? '°C' : s.unit === '1' || s.unit === null ? '' : s.unit;
      lines.push(
        `        ${s.tag}: ${value}${unit ? ` ${unit}` : ''} ${s.lastQuality ?? ''} ${at}`,
      );
    }
  }
  return lines.join('\n');
}

export function describeRouteEnergy(routes: readonly RouteEnergy[]): string {
  if (routes.length === 0) return 'no operation measured an energy counter in that window';
  const lines: string[] = [];
  for (const r of routes) {
    lines.push(`${r.partNumber}: ${kwh(r.kwhPerUnit)} a unit (${r.units} units measured)`);
    for (const o of r.operations) {
      lines.push(
        `  op ${o.opNumber}: ${kwh(o.kwhPerOperation)} each, ${o.operations} operations, ${kwh(o.kwh)} in all`,
      );
    }
    if (r.resets > 0) lines.push(`  (${r.resets} energy counter resets inside, counted from zero)`);
  }
  return lines.join('\n');
}

export function describeUnitEnergy(u: UnitEnergy): string {
  if (u.operations.length === 0)
    return `${u.serialNumber}: no operation of it measured an energy counter`;
  return [
    `${u.serialNumber}: ${kwh(u.kwh)}`,
    ...u.operations.map(
      (o) =>
        `  op ${o.opNumber ?? '?'} on ${o.equipmentId ?? '?'} (${o.executionId}): ${kwh(o.kwh)}`,
    ),
  ].join('\n');
}
