/**
 * Thread health: the three rates per site over time as charts (with their numbers as tables),
 * the figures of the window per site, release-to-floor latency, and the cost of broken boundaries
 * with its inputs editable.
 */
import { useMemo, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { useQuery } from '../api/use-query';
import { LineChart, color } from '../components/chart';
import type { Series } from '../components/chart';
import { ErrorBox, Facts, Loading, Section, Table, Title } from '../components/ui';
import { count, day, hours, money, percent } from '../format';
import { graphql } from '../gql';
import type { HealthBucket, HealthSeriesQuery } from '../gql/graphql';
import { provenanceHref } from '../links';

const HEALTH = graphql(`
  query Health($site: String, $from: DateTime, $to: DateTime, $cost: Float, $changes: Float) {
    threadHealth(site: $site, from: $from, to: $to) {
      revisionEscapeRate
      structuredNcrRate
      evidenceCompleteness
      operations
      escapedOperations
      nonconformances
      structuredNonconformances
      shippedUnits
      completeShippedUnits
      bySite {
        site
        revisionEscapeRate
        structuredNcrRate
        evidenceCompleteness
        operations
        nonconformances
        shippedUnits
      }
      releaseToFloor {
        medianHours
        maxHours
        revisions {
          partNumber
          revision
          releasedAt
          firstWorkOrderId
          hours
        }
      }
      brokenBoundaryCost(costPerEscape: $cost, changesPerYear: $changes) {
        pmiss
        changesPerYear
        costPerEscape
        expectedEscapesPerYear
        annualCost
        currency
      }
    }
  }
`);

const SERIES = graphql(`
  query HealthSeries($site: String, $from: DateTime, $to: DateTime, $bucket: HealthBucket) {
    threadHealthSeries(site: $site, from: $from, to: $to, bucket: $bucket) {
      start
      site
      allSites
      revisionEscapeRate
      structuredNcrRate
      evidenceCompleteness
      operations
      nonconformances
      shippedUnits
    }
  }
`);

type Point = HealthSeriesQuery['threadHealthSeries'][number];
const RATES = [
  ['revisionEscapeRate', 'Revision escape rate', 'operations'],
  ['structuredNcrRate', 'Structured NCRs', 'nonconformances'],
  ['evidenceCompleteness', 'Shipped units with complete evidence', 'shippedUnits'],
] as const;

export function HealthPage() {
  const [site, setSite] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [bucket, setBucket] = useState<HealthBucket>('WEEK');
  const [cost, setCost] = useState('');
  const [changes, setChanges] = useState('');
  const window = {
    site: site || null,
    from: from ? `${from}T00:00:00Z` : null,
    to: to ? `${to}T00:00:00Z` : null,
  };
  const health = useQuery(HEALTH, {
    ...window,
    cost: cost === '' ? null : Number(cost),
    changes: changes === '' ? null : Number(changes),
  });
  const series = useQuery(SERIES, { ...window, bucket });
  const h = health.data?.threadHealth;
  const sites = h ? h.bySite.map((s) => s.site ?? '') : [];
  return (
    <>
      <Title sub="How often work ran on a revision that was no longer current, how many NCRs carry structured references, and how many shipped units have complete evidence.">
        Thread health
      </Title>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Window">
        <label>
          Site
          <select value={site} onChange={(e) => setSite((e.target as HTMLSelectElement).value)}>
            <option value="">every site</option>
            {sites.filter(Boolean).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input
            type="date"
            value={from}
            onChange={(e) => setFrom((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          To (not included)
          <input
            type="date"
            value={to}
            onChange={(e) => setTo((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          Per
          <select
            value={bucket}
            onChange={(e) => setBucket((e.target as HTMLSelectElement).value as HealthBucket)}
          >
            <option value="DAY">day</option>
            <option value="WEEK">week</option>
            <option value="MONTH">month</option>
          </select>
        </label>
      </form>
      {health.error ? <ErrorBox error={health.error} /> : null}
      {!h ? (
        <Loading what="thread health" />
      ) : (
        <>
          <div class="tiles">
            {RATES.map(([key, label, of]) => (
              <div class="tile" key={key}>
                <span class="tile-value">{percent(h[key], h[of])}</span>
                <span class="tile-label">
                  {label} ({count(h[of])} {of === 'shippedUnits' ? 'shipped units' : of})
                </span>
              </div>
            ))}
          </div>
          {h.operations === 0 && h.nonconformances === 0 && h.shippedUnits === 0 ? (
            <p class="warn-inline">
              Nothing was recorded {site ? `at ${site} ` : ''}in this window: the rates are 0
              because there is nothing to count.
            </p>
          ) : null}
        </>
      )}
      <Section id="over-time" title="Over time">
        {series.error ? (
          <ErrorBox error={series.error} />
        ) : series.data ? (
          <Charts points={series.data.threadHealthSeries} />
        ) : (
          <Loading what="the series" />
        )}
      </Section>
      {h ? (
        <>
          <Section id="by-site" title="Per site" count={h.bySite.length}>
            <Table
              caption="Thread health per site in the window"
              rows={h.bySite}
              rowKey={(s) => s.site ?? '(none)'}
              columns={[
                {
                  head: 'Site',
                  cell: (s) =>
                    s.site ? (
                      <Link href={provenanceHref('Site', [s.site])}>{s.site}</Link>
                    ) : (
                      'records naming no site'
                    ),
                },
                {
                  head: 'Escape rate',
                  numeric: true,
                  cell: (s) => percent(s.revisionEscapeRate, s.operations),
                },
                { head: 'Operations', numeric: true, cell: (s) => count(s.operations) },
                {
                  head: 'Structured NCRs',
                  numeric: true,
                  cell: (s) => percent(s.structuredNcrRate, s.nonconformances),
                },
                { head: 'NCRs', numeric: true, cell: (s) => count(s.nonconformances) },
                {
                  head: 'Complete evidence',
                  numeric: true,
                  cell: (s) => percent(s.evidenceCompleteness, s.shippedUnits),
                },
                { head: 'Shipped', numeric: true, cell: (s) => count(s.shippedUnits) },
              ]}
            />
          </Section>
          <Section id="release" title="Release to floor" count={h.releaseToFloor.revisions.length}>
            <Facts
              items={[
                ['Median', hours(h.releaseToFloor.medianHours)],
                ['Longest', hours(h.releaseToFloor.maxHours)],
              ]}
            />
            <Table
              caption="Hours from each part revision's release to its first work order"
              rows={h.releaseToFloor.revisions}
              rowKey={(r) => `${r.partNumber}/${r.revision}`}
              columns={[
                {
                  head: 'Revision',
                  cell: (r) => (
                    <Link href={provenanceHref('PartRevision', [r.partNumber, r.revision])}>
                      {r.partNumber} rev {r.revision}
                    </Link>
                  ),
                },
                { head: 'Released', cell: (r) => day(r.releasedAt) },
                {
                  head: 'First work order',
                  cell: (r) =>
                    r.firstWorkOrderId ? (
                      <Link href={provenanceHref('WorkOrder', [r.firstWorkOrderId])}>
                        {r.firstWorkOrderId}
                      </Link>
                    ) : (
                      'none yet'
                    ),
                },
                { head: 'Latency', numeric: true, cell: (r) => hours(r.hours) },
              ]}
            />
          </Section>
          <Section id="cost" title="The cost of broken boundaries">
            <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Cost inputs">
              <label>
                Cost of one escaped change ({h.brokenBoundaryCost.currency})
                <input
                  type="number"
                  min={0}
                  step="any"
                  value={cost}
                  placeholder={String(h.brokenBoundaryCost.costPerEscape)}
                  onInput={(e) => setCost((e.target as HTMLInputElement).value)}
                />
              </label>
              <label>
                Engineering changes a year
                <input
                  type="number"
                  min={0}
                  step="any"
                  value={changes}
                  placeholder={String(h.brokenBoundaryCost.changesPerYear)}
                  onInput={(e) => setChanges((e.target as HTMLInputElement).value)}
                />
              </label>
            </form>
            <p class="big">
              {money(h.brokenBoundaryCost.annualCost, h.brokenBoundaryCost.currency)} a year
            </p>
            <p class="muted">
              {percent(h.brokenBoundaryCost.pmiss)} of changes escape (the revision escape rate of
              the window) × {count(h.brokenBoundaryCost.changesPerYear)} changes a year ={' '}
              {h.brokenBoundaryCost.expectedEscapesPerYear.toFixed(1)} escapes ×{' '}
              {money(h.brokenBoundaryCost.costPerEscape, h.brokenBoundaryCost.currency)} each.
            </p>
          </Section>
        </>
      ) : null}
    </>
  );
}

function Charts({ points }: { points: readonly Point[] }) {
  const data = useMemo(() => {
    const starts = [...new Set(points.map((p) => p.start))].sort();
    const x = starts.map((s) => Date.parse(`${s}T00:00:00Z`) / 1000);
    const names = [
      ...new Set(points.map((p) => (p.allSites ? 'every site' : (p.site ?? '(no site)')))),
    ];
    const at = new Map(
      points.map((p) => [`${p.allSites ? 'every site' : (p.site ?? '(no site)')}|${p.start}`, p]),
    );
    return { starts, x, names, at };
  }, [points]);
  if (points.length === 0)
    return <p class="muted">No operation, NCR or shipment was recorded in this window.</p>;
  return (
    <div class="charts">
      {RATES.map(([key, label, of]) => {
        const series: Series[] = data.names.map((name, i) => ({
          label: name,
          color: color(i),
          values: data.starts.map((s) => {
            const p = data.at.get(`${name}|${s}`);
            return p && p[of] > 0 ? p[key] : null;
          }),
        }));
        return (
          <figure key={key} class="health-chart">
            <figcaption>{label}</figcaption>
            <LineChart x={data.x} series={series} percent label={`${label} over time, per site`} />
            <details>
              <summary>The numbers</summary>
              <Table
                caption={`${label} over time`}
                rows={data.starts}
                rowKey={(s) => s}
                columns={[
                  { head: 'From', cell: (s) => s },
                  ...data.names.map((name) => ({
                    head: name,
                    numeric: true,
                    cell: (s: string) => {
                      const p = data.at.get(`${name}|${s}`);
                      return p ? `${percent(p[key], p[of])} of ${count(p[of])}` : '—';
                    },
                  })),
                ]}
              />
            </details>
          </figure>
        );
      })}
    </div>
  );
}
