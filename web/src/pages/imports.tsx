/**
 * Imports: upload a file as a job, the jobs with their state, and one job followed live (over the
 * subscription) with its counts, its runs, its rejected lines, and retry or cancel.
 */
import { useEffect, useState } from 'preact/hooks';
import { Link, useLocation } from 'wouter-preact';
import type { ApiError } from '../api/client';
import { request, subscribe, upload } from '../api/client';
import { useAccess } from '../access';
import { useQuery } from '../api/use-query';
import { DownloadLink, NotPermitted } from '../components/access';
import { Badge, Empty, ErrorBox, Facts, Loading, Section, Table, Title } from '../components/ui';
import type { Tone } from '../components/ui';
import { count, when } from '../format';
import { graphql } from '../gql';
import type { ImportFormat, ImportJobQuery, ImportJobState } from '../gql/graphql';
import { jobHref } from '../links';

const JOBS = graphql(`
  query ImportJobs($first: Int, $after: String) {
    importJobs(first: $first, after: $after) {
      nodes {
        id
        state
        file
        format
        origin
        submittedAt
        finishedAt
        progress {
          lines
          total
          read
          rejected
          applied
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const START = graphql(`
  mutation StartImport(
    $file: Upload
    $format: ImportFormat
    $profile: String
    $site: String
    $timezone: String
  ) {
    startImport(file: $file, format: $format, profile: $profile, site: $site, timezone: $timezone) {
      id
      state
    }
  }
`);

const PROFILES = graphql(`
  query CsvProfiles {
    csvProfiles
  }
`);

const FORMATS: readonly [ImportFormat | '', string][] = [
  ['', 'tell from the file'],
  ['CANONICAL', 'canonical JSON Lines'],
  ['CLOUDEVENTS', 'CloudEvents, one a line'],
  ['REQIF', 'ReqIF (.reqif, .reqifz)'],
  ['B2MML', 'ISA-95 B2MML / BatchML'],
  ['QIF', 'QIF 3 results and plans'],
  ['CSV', 'site CSV, with a mapping profile'],
  ['CATENAX', 'Catena-X as-built JSON'],
  ['OPCUA_NODESET', 'OPC UA NodeSet2 (machine identification)'],
];

const JOB = graphql(`
  query ImportJob($id: ID!) {
    importJob(id: $id) {
      id
      state
      file
      format
      options {
        name
        value
      }
      origin
      fileHash
      fileSize
      run
      submittedAt
      startedAt
      finishedAt
      durationMs
      attempts
      maxAttempts
      nextAttemptAt
      error
      cancelRequested
      rejectedLinesUrl
      progress {
        phase
        read
        total
        lines
        applied
        unchanged
        history
        rejected
        governanceViolations
        duplicates
      }
      rejectedLines(first: 100) {
        line
        field
        reason
        excerpt
      }
      runs {
        id
        run
        status
        startedAt
        resumedAt
        finishedAt
        attempts
        derivedUnits
        error
      }
    }
  }
`);

const LIVE = graphql(`
  subscription ImportJobProgress($id: ID!) {
    importJobProgress(id: $id) {
      id
      state
      startedAt
      finishedAt
      durationMs
      attempts
      nextAttemptAt
      error
      cancelRequested
      progress {
        phase
        read
        total
        lines
        applied
        unchanged
        history
        rejected
        governanceViolations
        duplicates
      }
    }
  }
`);

const RETRY = graphql(`
  mutation RetryImport($id: ID!) {
    retryImport(id: $id) {
      id
      state
    }
  }
`);
const CANCEL = graphql(`
  mutation CancelImport($id: ID!) {
    cancelImport(id: $id) {
      id
      state
    }
  }
`);

export const tone = (s: ImportJobState): Tone =>
  s === 'COMPLETED'
    ? 'ok'
    : s === 'FAILED'
      ? 'bad'
      : s === 'CANCELLED' || s === 'DELAYED'
        ? 'warn'
        : 'info';
const FINAL: readonly ImportJobState[] = ['COMPLETED', 'FAILED', 'CANCELLED'];

export function ImportsPage() {
  const access = useAccess();
  if (!access.can('import')) {
    return (
      <>
        <Title>Imports</Title>
        <NotPermitted what="Importing files and following import jobs" permission="import" />
      </>
    );
  }
  return <Imports />;
}

function Imports() {
  const jobs = useQuery(JOBS, { first: 50, after: null });
  const running = jobs.data?.importJobs.nodes.some((j) => !FINAL.includes(j.state));
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(() => jobs.reload(), 2000);
    return () => clearInterval(timer);
  }, [running]);
  return (
    <>
      <Title sub="Every import is a job: queued, taken by a worker, retried after a fault, never lost.">
        Imports
      </Title>
      <Upload onStarted={() => jobs.reload()} />
      <Section id="jobs" title="Import jobs">
        {jobs.error ? (
          <ErrorBox error={jobs.error} />
        ) : !jobs.data ? (
          <Loading what="import jobs" />
        ) : jobs.data.importJobs.nodes.length === 0 ? (
          <Empty>No import job yet.</Empty>
        ) : (
          <Table
            caption="Import jobs, most recent first"
            rows={jobs.data.importJobs.nodes}
            rowKey={(j) => j.id}
            columns={[
              { head: 'File', cell: (j) => <Link href={jobHref(j.id)}>{j.file}</Link> },
              { head: 'State', cell: (j) => <Badge tone={tone(j.state)}>{j.state}</Badge> },
              {
                head: 'Lines',
                numeric: true,
                cell: (j) =>
                  j.progress
                    ? `${count(j.progress.lines)}${j.progress.total && j.state !== 'COMPLETED' ? ` of ${count(j.progress.total)}` : ''}`
                    : '—',
              },
              { head: 'Applied', numeric: true, cell: (j) => count(j.progress?.applied) },
              { head: 'Rejected', numeric: true, cell: (j) => count(j.progress?.rejected) },
              { head: 'From', cell: (j) => j.origin },
              { head: 'When', cell: (j) => when(j.finishedAt ?? j.submittedAt) },
            ]}
          />
        )}
        {jobs.data?.importJobs.pageInfo.hasNextPage ? (
          <p class="muted">
            The 50 most recent jobs are shown; `threadgraph jobs --limit N` lists more.
          </p>
        ) : null}
      </Section>
    </>
  );
}

function Upload({ onStarted }: { onStarted: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat | ''>('');
  const [profile, setProfile] = useState('');
  const [site, setSite] = useState('');
  const [timezone, setTimezone] = useState('');
  const profiles = useQuery(PROFILES, {});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [, navigate] = useLocation();
  return (
    <form
      class="upload"
      onSubmit={(e) => {
        e.preventDefault();
        if (!file) return;
        setBusy(true);
        setError(null);
        upload(
          START,
          {
            file: null,
            format: format === '' ? null : format,
            profile: profile !== '' && (format === 'CSV' || format === '') ? profile : null,
            site: site.trim() === '' ? null : site.trim(),
            timezone: timezone.trim() === '' ? null : timezone.trim(),
          },
          file,
        ).then(
          (d) => {
            setBusy(false);
            onStarted();
            navigate(jobHref(d.startImport.id));
          },
          (err: ApiError) => {
            setBusy(false);
            setError(err);
          },
        );
      }}
    >
      <h2>Import a file</h2>
      <label>
        File
        <input
          type="file"
          accept=".jsonl,.json,.ndjson,.txt,.reqif,.reqifz,.xml,.qif,.csv"
          onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)}
        />
      </label>
      <label>
        Format
        <select
          value={format}
          onChange={(e) => setFormat((e.target as HTMLSelectElement).value as ImportFormat | '')}
        >
          {FORMATS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {format === 'CSV' || format === '' ? (
        <label>
          CSV profile
          <select
            value={profile}
            onChange={(e) => setProfile((e.target as HTMLSelectElement).value)}
          >
            <option value="">—</option>
            {(profiles.data?.csvProfiles ?? []).map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label>
        Site
        <input
          value={site}
          placeholder="if the file names none"
          title="the site of records whose file does not name one"
          onInput={(e) => setSite((e.target as HTMLInputElement).value)}
          size={16}
        />
      </label>
      <label>
        Time zone
        <input
          value={timezone}
          placeholder="Europe/Berlin"
          title="IANA time zone of local times written without an offset"
          onInput={(e) => setTimezone((e.target as HTMLInputElement).value)}
          size={14}
        />
      </label>
      <button type="submit" disabled={!file || busy}>
        {busy ? 'Uploading…' : 'Upload and import'}
      </button>
      {error ? <ErrorBox error={error} /> : null}
    </form>
  );
}

type Job = NonNullable<ImportJobQuery['importJob']>;

export function ImportJobPage({ id }: { id: string }) {
  const access = useAccess();
  if (!access.can('import')) {
    return (
      <>
        <Title>{`Import job ${id}`}</Title>
        <NotPermitted what="Following import jobs" permission="import" />
      </>
    );
  }
  return <ImportJob id={id} />;
}

function ImportJob({ id }: { id: string }) {
  const access = useAccess();
  const q = useQuery(JOB, { id });
  const [live, setLive] = useState<Partial<Job> | null>(null);
  const [lost, setLost] = useState<string | null>(null);
  const [acting, setActing] = useState<string | null>(null);
  const job = q.data?.importJob;
  const state = live?.state ?? job?.state;
  useEffect(() => {
    if (!job || FINAL.includes(job.state)) return undefined;
    return subscribe(
      LIVE,
      { id },
      (v) => {
        setLive(v.importJobProgress);
        if (FINAL.includes(v.importJobProgress.state)) q.reload();
      },
      (e) => setLost(e.message),
    );
  }, [job?.id, job?.state]);
  if (q.loading && !job) return <Loading what={`import job ${id}`} />;
  if (q.error) return <ErrorBox error={q.error} />;
  if (!job) return <Empty>No import job {id}.</Empty>;
  const j = { ...job, ...(live ?? {}) };
  // XML, zip, CSV and Catena-X imports count records; JSON Lines formats, lines
  const unit = job.format === 'CANONICAL' || job.format === 'CLOUDEVENTS' ? 'lines' : 'records';
  const p = j.progress;
  const act = (what: 'retry' | 'cancel') => {
    setActing(what);
    (what === 'retry' ? request(RETRY, { id }) : request(CANCEL, { id })).then(
      () => {
        setActing(null);
        setLive(null);
        q.reload();
      },
      (e: Error) => {
        setActing(null);
        setLost(e.message);
      },
    );
  };
  const fraction = p && p.total ? Math.min(1, p.read / p.total) : 0;
  return (
    <>
      <Title
        sub={[
          // the format as the CLI names it (GraphQL writes opcua-nodeset OPCUA_NODESET)
          j.format.toLowerCase().replace(/_/g, '-'),
          ...(j.options ?? []).map((o) =>
            o.name === 'profileHash'
              ? `profile sha256 ${o.value.slice(0, 12)}…`
              : `${o.name} ${o.value}`,
          ),
          j.origin,
          `${count(j.fileSize)} bytes`,
          `sha256 ${j.fileHash.slice(0, 12)}…`,
        ].join(' · ')}
      >
        {j.file}
      </Title>
      <div class={`verdict ${tone(j.state)}`} role="status" aria-live="polite">
        <strong>
          <Badge tone={tone(j.state)}>{state}</Badge>{' '}
          {p
            ? `${count(p.lines)} ${unit} read${p.total && state !== 'COMPLETED' ? ` of ${count(p.total)}` : ''}`
            : ''}
          {p?.phase === 'derive' && state === 'ACTIVE' ? ', working out derived state' : ''}
        </strong>
        <div class="actions">
          {!access.can('retry') ? null : state === 'FAILED' ||
            state === 'CANCELLED' ||
            state === 'COMPLETED' ? (
            <button type="button" disabled={acting !== null} onClick={() => act('retry')}>
              {state === 'COMPLETED' ? 'Import again' : 'Retry (resume)'}
            </button>
          ) : (
            <button
              type="button"
              class="secondary"
              disabled={acting !== null || j.cancelRequested}
              onClick={() => act('cancel')}
            >
              {j.cancelRequested ? 'Cancel requested' : 'Cancel'}
            </button>
          )}
          <DownloadLink class="button secondary" href={j.rejectedLinesUrl}>
            Rejected lines (CSV)
          </DownloadLink>
        </div>
      </div>
      {state === 'ACTIVE' || state === 'WAITING' || state === 'DELAYED' ? (
        <progress max={1} value={fraction} aria-label="Lines read">
          {Math.round(fraction * 100)} %
        </progress>
      ) : null}
      {lost ? <p class="warn-inline">{lost}</p> : null}
      {j.error ? <p class="error-inline">{j.error}</p> : null}
      <Section id="counts" title={`What became of the ${unit}`}>
        {p ? (
          <Facts
            items={[
              ['Applied', count(p.applied)],
              ['Unchanged', count(p.unchanged)],
              ['Kept as history', count(p.history)],
              ['Rejected', count(p.rejected)],
              ['Refused by authority', count(p.governanceViolations)],
              ['Duplicate events', count(p.duplicates)],
            ]}
          />
        ) : (
          <Empty>Not started yet.</Empty>
        )}
      </Section>
      <Section id="timings" title="Timings and attempts">
        <Facts
          items={[
            ['Submitted', when(j.submittedAt)],
            ['Started', when(j.startedAt)],
            ['Finished', when(j.finishedAt)],
            ['Took', j.durationMs !== null ? `${(j.durationMs / 1000).toFixed(1)} s` : '—'],
            [
              'Attempts',
              `${j.attempts} of ${j.maxAttempts}${j.nextAttemptAt ? `, next at ${when(j.nextAttemptAt)}` : ''}`,
            ],
          ]}
        />
      </Section>
      <Section id="rejected" title="Rejected lines" count={p?.rejected}>
        {job.rejectedLines.length === 0 ? (
          <Empty>No line was rejected.</Empty>
        ) : (
          <>
            <Table
              caption="The first rejected lines"
              rows={job.rejectedLines}
              rowKey={(r) => String(r.line)}
              columns={[
                { head: 'Line', numeric: true, cell: (r) => r.line },
                { head: 'Field', cell: (r) => r.field ?? '—' },
                { head: 'Reason', cell: (r) => r.reason },
                {
                  head: 'The line begins',
                  cell: (r) => <code class="excerpt">{r.excerpt ?? ''}</code>,
                },
              ]}
            />
            {(p?.rejected ?? 0) > job.rejectedLines.length ? (
              <p class="muted">
                The first {job.rejectedLines.length} are shown;{' '}
                <DownloadLink href={j.rejectedLinesUrl}>the CSV</DownloadLink> has all{' '}
                {count(p?.rejected)}.
              </p>
            ) : null}
          </>
        )}
      </Section>
      <Section id="runs" title="Runs" count={job.runs.length}>
        <Table
          caption="Runs of this job as the graph recorded them"
          rows={job.runs}
          rowKey={(r) => r.id}
          columns={[
            { head: 'Run', cell: (r) => r.id },
            { head: 'Status', cell: (r) => r.status },
            { head: 'Started', cell: (r) => when(r.startedAt) },
            { head: 'Resumed', cell: (r) => when(r.resumedAt) },
            { head: 'Finished', cell: (r) => when(r.finishedAt) },
            { head: 'Claimed', numeric: true, cell: (r) => r.attempts },
            { head: 'Units derived', numeric: true, cell: (r) => count(r.derivedUnits) },
            { head: 'Error', cell: (r) => r.error ?? '—' },
          ]}
        />
      </Section>
    </>
  );
}
