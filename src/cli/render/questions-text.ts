/** Recall scope, change impact, thread health and the ownership audit, for a person at a terminal. */
import { formatInstant } from '../../domain/time';
import type { ArtefactClassOwnership } from '../../services/audit-service';
import type { ThreadHealth } from '../../services/health-service';
import type { ChangeImpact } from '../../services/impact-service';
import type { AffectedUnit, BackwardTrace, SearchHit } from '../../services/trace-service';

const SHOWN = 50;
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const more = (total: number) =>
  total > SHOWN ? [`  … and ${total - SHOWN} more (--json gives all)`] : [];

export function renderForwardTrace(label: string, units: readonly AffectedUnit[]): string {
  const shipped = units.filter((u) => u.shipmentId !== null);
  const customers = [...new Set(shipped.map((u) => u.customer ?? '?'))];
  const out = [
    `${label} is in ${units.length} unit${units.length === 1 ? '' : 's'}` +
      (shipped.length > 0 ? `, ${shipped.length} shipped to ${customers.join(', ')}` : ''),
  ];
  for (const u of units.slice(0, SHOWN)) {
    out.push(
      `  ${'  '.repeat(Math.min(u.depth - 1, 6))}${u.serialNumber}  ${u.partNumber ?? '?'}  depth ${u.depth}  ` +
        `${u.status ?? ''}${u.shipmentId ? `  ${u.shipmentId} → ${u.customer ?? '?'}` : ''}`,
    );
  }
  return [...out, ...more(units.length)].join('\n');
}

/** The as-built tree; `depth` is where the walk was bounded, `maxDepth` the most it may be. */
export function renderBackwardTrace(t: BackwardTrace, depth: number, maxDepth: number): string {
  const out = [
    `${t.root}: ${t.nodes.length} consumption${t.nodes.length === 1 ? '' : 's'} in its as-built tree`,
  ];
  const children = new Map<string, BackwardTrace['nodes'][number][]>();
  for (const n of t.nodes) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n]);
  const walk = (parent: string, prefix: string, path: Set<string>) => {
    const list = children.get(parent) ?? [];
    list.forEach((n, i) => {
      const last = i === list.length - 1;
      out.push(
        `${prefix}${last ? '└─' : '├─'} ${n.kind === 'LOT' ? 'lot ' : ''}${n.id}${n.partNumber ? ` (${n.partNumber})` : ''}${n.placeholder ? '  ✗ unknown' : ''}`,
      );
      if (!path.has(n.id)) walk(n.id, `${prefix}${last ? '   ' : '│  '}`, new Set([...path, n.id]));
    });
  };
  walk(t.root, '  ', new Set([t.root]));
  if (t.truncated) {
    out.push(
      depth < maxDepth
        ? `  … cut at --depth ${depth}: --depth ${maxDepth} goes deeper`
        : `  … cut at depth ${maxDepth}, the deepest a trace goes: trace --backward a component below it for the rest`,
    );
  }
  for (const c of t.cycles)
    out.push(`  ✗ cycle: ${c.parentId} consumed ${c.childId}, which is above it`);
  return out.join('\n');
}

export function renderChangeImpact(i: ChangeImpact): string {
  const e = i.effectivity;
  const out = [
    `${i.changeOrderId}${i.title ? `  ${i.title}` : ''}  released ${i.releasedAt ? formatInstant(i.releasedAt) : '—'}`,
    `  changes ${i.changes.map((c) => `${c.partNumber} ${c.fromRevision ?? '?'}→${c.toRevision ?? '?'}`).join(', ')}`,
    `  effectivity ${e ? `${e.type} ${e.from ?? '…'} to ${e.to ?? 'open'}` : 'none (governs no unit)'}`,
    `  ${i.units.length} units and ${i.workOrders.length} work orders inside; ${i.escapeCount} built to the superseded revision`,
  ];
  for (const w of i.workOrders.slice(0, SHOWN)) {
    out.push(
      `  ${w.lockedToSupersededRevision ? '✗' : ' '} ${w.id}  rev ${w.revision ?? '?'}  ${w.units} units  ${w.site ?? ''}`,
    );
  }
  out.push(...more(i.workOrders.length));
  return out.join('\n');
}

export function renderThreadHealth(
  h: ThreadHealth,
  cost: ReturnType<ThreadHealth['brokenBoundaryCost']>,
  notes: readonly string[] = [],
): string {
  const row = (c: ThreadHealth['bySite'][number] | ThreadHealth, name: string) =>
    `  ${name.padEnd(10)} escape ${pct(c.revisionEscapeRate).padStart(7)} (${c.escapedOperations}/${c.operations})` +
    `   structured NCRs ${pct(c.structuredNcrRate).padStart(7)} (${c.structuredNonconformances}/${c.nonconformances})` +
    `   complete evidence ${pct(c.evidenceCompleteness).padStart(7)} (${c.completeShippedUnits}/${c.shippedUnits})`;
  const r = h.releaseToFloor;
  return [
    `Thread health, ${h.site ?? 'every site'}, ${windowOf(h)}`,
    row(h, 'all'),
    ...h.bySite.map((s) => row(s, s.site ?? '(none)')),
    `  release to floor: ${r.revisions.length} revisions released, median ${r.medianHours === null ? '—' : `${r.medianHours.toFixed(1)} h`}` +
      `, longest ${r.maxHours === null ? '—' : `${r.maxHours.toFixed(1)} h`}`,
    `  broken boundaries: ${pct(cost.pmiss)} × ${cost.changesPerYear} changes × ${cost.costPerEscape} ${cost.currency}` +
      ` = ${Math.round(cost.annualCost).toLocaleString('en-GB')} ${cost.currency} a year`,
    ...notes.map((n) => `  note: ${n}`),
  ].join('\n');
}

function windowOf(h: ThreadHealth): string {
  return `${h.from ? formatInstant(h.from) : 'the beginning'} to ${h.to ? formatInstant(h.to) : 'now'}`;
}

/**
 * Why a rate is 0 %: nothing to count. `knownSites` (the sites with records at any time), when
 * given, tells a site with no records at all from a window with none at a known site.
 */
export function healthNotes(h: ThreadHealth, knownSites?: readonly string[]): string[] {
  const where = h.site === null ? '' : ` at site ${h.site}`;
  const when = h.from === null && h.to === null ? '' : ` from ${windowOf(h)}`;
  const notes: string[] = [];
  if (knownSites !== undefined) {
    if (knownSites.length === 0) {
      return [
        'the graph holds no operations, nonconformances or shipped units yet, so every rate is 0 %: import some records',
      ];
    }
    if (h.site !== null && !knownSites.includes(h.site)) {
      return [
        `no operations, nonconformances or shipped units are recorded at site ${h.site}, so every rate is 0 %; ` +
          `known sites: ${knownSites.join(', ')}`,
      ];
    }
  }
  if (h.operations === 0)
    notes.push(
      `no operations recorded${where}${when}: the escape rate is 0 % for want of operations`,
    );
  if (h.nonconformances === 0)
    notes.push(
      `no nonconformances recorded${where}${when}: the structured NCR rate is 0 % for want of NCRs`,
    );
  if (h.shippedUnits === 0)
    notes.push(
      `no units shipped${where}${when}: complete evidence is 0 % for want of shipped units`,
    );
  return notes;
}

/** Search hits, one a line; `cut` says the list was cut and how to get the rest. */
export function renderSearch(prefix: string, hits: readonly SearchHit[], cut?: string): string {
  if (hits.length === 0) return `nothing starts with ${prefix} (in any case)`;
  const rows = hits.map(
    (h) =>
      `${h.kind.padEnd(15)} ${h.key}${h.partNumber && h.kind !== 'Part' ? `  ${h.partNumber}` : ''}` +
      `${h.status ? `  ${h.status}` : ''}${h.placeholder ? '  (referenced, not received)' : ''}`,
  );
  return [...rows, ...(cut ? [cut] : [])].join('\n');
}

export function renderOwnership(rows: readonly ArtefactClassOwnership[]): string {
  return rows
    .map(
      (r) =>
        `${r.findings.length > 0 ? '✗' : ' '} ${r.kind.padEnd(24)} ${r.authority.padEnd(4)} ${r.versioning.padEnd(16)}` +
        ` sent by ${r.senders.map((s) => `${s.source}${s.system ? `/${s.system}` : ''} ${s.records}${s.refused ? ` (${s.refused} refused)` : ''}`).join(', ') || '—'}` +
        `${r.findings.length > 0 ? `  — ${r.findings.join('; ')}` : ''}`,
    )
    .join('\n');
}
