/** The audit trail for a person at a terminal: a verdict to note down, and the newest events. */
import { formatInstant } from '../../domain/time';
import type { AuditEvent, TrailVerdict } from '../../services/audit-trail-service';

/**
 * Whether the trail (or a copy: `what` names it) is intact, each problem on its own line, and the
 * head as recorded, in full: the hash an auditor notes and compares with the next time.
 */
export function renderTrailVerdict(v: TrailVerdict, what: string): string {
  const events = `${v.count} event${v.count === 1 ? '' : 's'}`;
  const head = v.recordedHead
    ? `head: event ${v.recordedHead.seq}, sha256 ${v.recordedHead.hash}`
    : 'head: none recorded';
  if (v.ok) return [`${what} is intact: ${events}`, head].join('\n');
  return [
    `${what} is NOT intact: ${events} read, ${v.problems.length} problem${v.problems.length === 1 ? '' : 's'}`,
    ...v.problems.map((p) => `  ${p.problem}`),
    head,
  ].join('\n');
}

/** The newest events as a table, newest first; `more` says older ones were left out. */
export function renderTrail(events: readonly AuditEvent[], more: boolean): string {
  if (events.length === 0) return 'the audit trail holds no events (none match)';
  const header = ['seq', 'at (UTC)', 'actor', 'action', 'target', 'from', 'reason'];
  const rows = events.map((e) => [
    String(e.seq),
    formatInstant(e.at),
    `${e.actor} (${e.actorKind})`,
    e.action,
    e.target ?? '—',
    e.from ?? '—',
    e.reason ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padStart(widths[0] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    ...rows.map(line),
    ...(more ? ['… older events: a larger --first shows them'] : []),
  ].join('\n');
}
