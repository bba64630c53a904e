/** Imports and import jobs as text for people: summaries, job lists, a progress line. */
import { formatInstant } from '../../domain/time';
import type { ImportJob, ImportJobDetails } from '../../services/import-jobs';
import type { ImportProgress, ImportSummary } from '../../services/import-service';

const SHOWN_REJECTIONS = 50;

/** `records` for a format that is not a record a line (its items are counted, not its lines). */
export function describeImport(s: ImportSummary, unit: 'lines' | 'records' = 'lines'): string {
  const seconds = s.durationMs / 1000;
  const verb =
    s.status === 'COMPLETED'
      ? 'imported'
      : s.status === 'CANCELLED'
        ? 'CANCELLED'
        : 'FAILED importing';
  const lines = [
    `${verb} ${s.file} (sha256 ${s.fileHash.slice(0, 12)}…) as ${s.importId}`,
    `  ${s.lines} ${unit} in ${seconds.toFixed(1)} s (${Math.round(s.lines / Math.max(seconds, 0.001))} ${unit}/s)` +
      (s.attempts > 1 ? `, resumed ${s.attempts - 1} time${s.attempts > 2 ? 's' : ''}` : ''),
    `  applied ${s.applied}, unchanged ${s.unchanged}, kept as history ${s.history}, ` +
      `rejected ${s.rejected}, governance violations ${s.violations}` +
      (s.duplicates > 0 ? `, duplicate events ${s.duplicates}` : ''),
  ];
  if (s.derived) {
    lines.push(
      `  derived state worked out again for ${s.derived.units} units and ${s.derived.days} days in ${(s.derived.durationMs / 1000).toFixed(1)} s`,
    );
  }
  if (s.violations > 0) {
    lines.push(
      `  ${s.violations} refused: their source is not the authority for their class; ` +
        'the governanceViolations query lists them',
    );
  }
  for (const r of s.rejections.slice(0, SHOWN_REJECTIONS)) {
    lines.push(`  rejected line ${r.line}${r.field ? ` (${r.field})` : ''}: ${r.reason}`);
  }
  const shown = Math.min(s.rejections.length, SHOWN_REJECTIONS);
  if (s.rejected > shown) {
    lines.push(
      `  … and ${s.rejected - shown} more rejected lines: \`threadgraph jobs rejected ${s.jobId}\` lists them all`,
    );
  }
  if (s.error) lines.push(`  error: ${s.error}`);
  return `${lines.join('\n')}\n`;
}

/** One line per job, for `threadgraph jobs`; a page that is not the last says how to get the rest. */
export function renderJobList(
  jobs: readonly ImportJob[],
  page: { readonly hasMore: boolean; readonly offset: number; readonly limit: number },
): string {
  if (jobs.length === 0)
    return page.offset > 0 ? `no import jobs after the first ${page.offset}` : 'no import jobs';
  const rows = jobs.map((j) => {
    const when = formatInstant(j.finishedAt ?? j.startedAt ?? j.submittedAt).slice(0, 19);
    return `${j.id}  ${j.state.padEnd(9)}  ${when}  ${jobFigures(j).padEnd(34)}  ${j.input.label}`;
  });
  if (page.hasMore) {
    const next = page.offset + jobs.length;
    rows.push(
      page.offset === 0
        ? `… ${jobs.length} shown, more follow: --limit ${page.limit * 4}, or --offset ${next} for the next ${page.limit}`
        : `… ${jobs.length} shown (${page.offset + 1} to ${next}), more follow: --offset ${next} for the next ${page.limit}`,
    );
  }
  return rows.join('\n');
}

export function renderJob(j: ImportJobDetails): string {
  const lines = [
    `job ${j.id}: ${j.state}${j.cancelRequested ? ' (cancel requested)' : ''}`,
    `  input      ${j.input.label} (${j.input.format}, ${j.input.origin}, ${j.input.fileSize} bytes, ${j.input.totalLines > 0 ? `${j.input.totalLines} lines` : 'records counted as read'}, sha256 ${j.input.fileHash.slice(0, 12)}…)`,
    `  submitted  ${formatInstant(j.submittedAt)}`,
  ];
  if (j.startedAt) lines.push(`  started    ${formatInstant(j.startedAt)}`);
  if (j.finishedAt) lines.push(`  finished   ${formatInstant(j.finishedAt)}`);
  lines.push(
    `  attempts   ${j.attemptsMade} of ${j.attemptsMax}${j.nextAttemptAt ? `, next at ${formatInstant(j.nextAttemptAt)}` : ''}`,
  );
  if (j.error) lines.push(`  error      ${j.error}`);
  lines.push(`  progress   ${jobFigures(j)}`);
  for (const r of j.runs) {
    lines.push(
      `  run ${r.run} (${r.id}): ${r.status}, ${r.phase === 'derive' ? 'deriving' : 'reading'}; line ${r.line}` +
        `${r.totalLines ? ` of ${r.totalLines}` : ''}; applied ${r.applied}, unchanged ${r.unchanged}, history ${r.history}, ` +
        `rejected ${r.rejected}, violations ${r.violations}${r.duplicates ? `, duplicates ${r.duplicates}` : ''}; ` +
        `claimed ${r.attempts} time${r.attempts === 1 ? '' : 's'}` +
        (r.derivedUnits !== undefined && r.derivedUnits !== null
          ? `; derived ${r.derivedUnits} units`
          : '') +
        (r.error ? `; ${r.error}` : ''),
    );
    const rejections = JSON.parse(r.rejections) as {
      line: number;
      field?: string;
      reason: string;
    }[];
    for (const x of rejections.slice(0, 10)) {
      lines.push(`    rejected line ${x.line}${x.field ? ` (${x.field})` : ''}: ${x.reason}`);
    }
    const shown = Math.min(10, rejections.length);
    if (r.rejected > shown) {
      lines.push(
        `    … ${shown} of ${r.rejected} rejected lines shown: \`threadgraph jobs rejected ${j.id}\` lists them all`,
      );
    }
  }
  return lines.join('\n');
}

function jobFigures(j: ImportJob): string {
  const p = j.summary ?? j.progress;
  if (p === undefined) return '';
  const total = 'totalLines' in p && p.totalLines > 0 ? ` of ${p.totalLines}` : '';
  return `${p.lines}${total} lines, ${p.applied} applied, ${p.rejected} rejected`;
}

/**
 * A job's progress in one line: on a terminal with a bar (`bar`), in a log without one. Lines,
 * records/s and time left; while its derived state is worked out, that.
 */
export function progressLine(
  label: string,
  p: ImportProgress,
  startedMs: number,
  bar = true,
  width = 24,
): string {
  const seconds = Math.max(0.001, (Date.now() - startedMs) / 1000);
  const rate = p.lines / seconds;
  if (p.totalLines === 0) {
    // a format that is not a record a line (XML, a zip): records counted, no fraction known
    const what =
      p.phase === 'derive'
        ? 'read; working out the derived state of what they reach'
        : `read, ${Math.round(rate)} rec/s`;
    return `${bar ? '' : `${label}: `}${p.lines} records ${what}${bar ? `  ${label}` : ''}`;
  }
  const fraction = p.fileSize > 0 ? Math.min(1, p.offset / p.fileSize) : 0;
  const left = fraction > 0 && fraction < 1 ? seconds * (1 / fraction - 1) : 0;
  const percent = `${Math.round(fraction * 100)}%`;
  if (!bar) {
    return p.phase === 'derive'
      ? `${label}: ${p.line}/${p.totalLines} lines read; working out the derived state of what they reach`
      : `${label}: ${percent}, ${p.line}/${p.totalLines} lines, ${Math.round(rate)} rec/s` +
          (left > 0 ? `, ${Math.ceil(left)} s left` : '');
  }
  const filled = Math.round(fraction * width);
  const phase = p.phase === 'derive' ? 'deriving' : percent;
  return (
    `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${phase.padStart(4)} ` +
    `${p.line}/${p.totalLines} lines, ${Math.round(rate)} rec/s` +
    (left > 0 ? `, ${Math.ceil(left)} s left` : '') +
    `  ${label}`
  );
}
