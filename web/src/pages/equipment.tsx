/**
 * Live equipment: each machine's motor health (vibration zones and temperature limits, judged by
 * the server as readings are stored), counted per site and across sites, with the latest value of
 * each meaning; then energy per route (equipment-energy.tsx). Health changes arrive over the
 * `healthChanges` subscription and are announced; the latest values and the counts are polled
 * every few seconds (a subscription per machine would be one per row of a plant, and the poll
 * also fills in whatever a dropped connection missed). Only the machine chosen for the chart is
 * followed reading by reading (equipment-readings.tsx).
 */
import { useEffect, useState } from 'preact/hooks';
import { Link, useLocation, useSearch } from 'wouter-preact';
import { subscribe } from '../api/client';
import { useQuery } from '../api/use-query';
import { Badge, Empty, ErrorBox, Loading, Section, Table, Title } from '../components/ui';
import type { Column, Tone } from '../components/ui';
import { ago, count, reading, when } from '../format';
import { graphql } from '../gql';
import type { HealthChangesSubscription, LiveEquipmentQuery, MotorHealth } from '../gql/graphql';
import { equipmentHref, provenanceHref } from '../links';
import { EnergyByRoute } from './equipment-energy';
import { LiveReadings } from './equipment-readings';

const LIVE_EQUIPMENT = graphql(`
  query LiveEquipment($site: String) {
    machines(site: $site) {
      equipmentId
      site
      name
      type
      health
      healthReason
      healthChangedAt
      lastReadingAt
      series {
        tag
        meaning
        unit
        lastAt
        lastValue
        lastQuality
      }
    }
    motorHealthBySite {
      site
      green
      yellow
      red
      unknown
    }
  }
`);

const HEALTH_CHANGES = graphql(`
  subscription HealthChanges($site: String) {
    healthChanges(site: $site) {
      equipmentId
      site
      health
      previous
      reason
      changedAt
    }
  }
`);

type Machine = LiveEquipmentQuery['machines'][number];
type Change = HealthChangesSubscription['healthChanges'];

/** how often the table's latest values and the counts are asked for again */
const POLL_MS = 5000;
/** a machine that sent nothing for longer is stale, whatever its last health */
const STALE_MS = 60_000;

const HEALTH: Readonly<Record<MotorHealth, { tone: Tone; word: string; meaning: string }>> = {
  GREEN: { tone: 'ok', word: 'green', meaning: 'vibration zone A or B, temperature normal' },
  YELLOW: { tone: 'warn', word: 'yellow', meaning: 'vibration zone C or temperature high' },
  RED: { tone: 'bad', word: 'red', meaning: 'vibration zone D or temperature too high' },
  UNKNOWN: { tone: 'muted', word: 'unknown', meaning: 'no vibration or temperature reading' },
};
const ORDER: readonly MotorHealth[] = ['GREEN', 'YELLOW', 'RED', 'UNKNOWN'];

/** The latest value of each meaning, in the columns of the table. */
const MEANINGS: readonly [string, string][] = [
  ['vibration_velocity', 'Vibration'],
  ['temperature', 'Temperature'],
  ['motor_current', 'Current'],
  ['energy_counter', 'Energy counter'],
  ['machine_state', 'State'],
];

export function EquipmentPage() {
  const params = new URLSearchParams(useSearch());
  const site = params.get('site') || null;
  const chosen = params.get('machine') || null;
  const tag = params.get('tag') || null;
  const [, navigate] = useLocation();
  const q = useQuery(LIVE_EQUIPMENT, { site });
  const [now, setNow] = useState(() => Date.now());
  const [changes, setChanges] = useState<readonly Change[]>([]);
  const [lost, setLost] = useState<string | null>(null);

  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
      if (!document.hidden) q.reload();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [site]);

  useEffect(() => {
    setChanges([]);
    setLost(null);
    return subscribe(
      HEALTH_CHANGES,
      { site },
      (v) => {
        setChanges((cs) => [v.healthChanges, ...cs].slice(0, 10));
        setNow(Date.now());
        // the counts (and a machine new to the list) follow at once
        q.reload();
      },
      (e) => setLost(e.message),
    );
  }, [site]);

  const data = q.data;
  const machines = (data?.machines ?? []).map((m) => withChange(m, changes));
  const sites = (data?.motorHealthBySite ?? []).flatMap((c) => (c.site ? [c.site] : []));
  const selected = machines.find((m) => m.equipmentId === chosen);
  const names = new Map(machines.map((m) => [m.equipmentId, m.name]));
  const stale = machines.filter((m) => isStale(m, now));
  return (
    <>
      <Title sub="Motor health of every machine from its latest vibration (ISO 10816-3 zones) and temperature, and the energy each route takes. Health changes arrive live; the latest values refresh every 5 s.">
        Live equipment
      </Title>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Which machines">
        <label>
          Site
          <select
            value={site ?? ''}
            onChange={(e) =>
              navigate(equipmentHref({ site: (e.target as HTMLSelectElement).value || null }))
            }
          >
            <option value="">every site</option>
            {[...new Set([...sites, ...(site ? [site] : [])])].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </form>
      <p class="live-note" role="status" aria-live="polite" aria-atomic="true">
        {changes[0] ? (
          <>
            {/* the words say the health; the badge repeats it for the eye */}
            <span aria-hidden="true">
              <HealthBadge health={changes[0].health} />
            </span>{' '}
            {say(changes[0], names)}
          </>
        ) : (
          'Following health changes live.'
        )}
      </p>
      {lost ? <p class="warn-inline">{lost}; the table still refreshes every 5 s.</p> : null}
      {q.error ? <ErrorBox error={q.error} /> : null}
      {!data ? (
        q.error ? null : (
          <Loading what="the machines" />
        )
      ) : (
        <>
          <Counts counts={data.motorHealthBySite} site={site} />
          <Section id="machines" title="Machines" count={machines.length}>
            {machines.length === 0 ? (
              <Empty>
                No machine {site ? `at ${site} ` : ''}has sent a reading yet:{' '}
                <code class="excerpt">threadgraph collect --config FILE</code> takes them from the
                machines' OPC UA servers.
              </Empty>
            ) : (
              <>
                <Table
                  caption={`Machines ${site ? `at ${site}` : 'at every site'}, with their motor health and latest readings`}
                  rows={machines}
                  rowKey={(m) => m.equipmentId}
                  columns={columns(site, chosen, now)}
                />
                {stale.length > 0 ? (
                  <p class="muted">
                    {stale.length === 1
                      ? 'One machine has sent no reading for more than 60 s: its health is the last one judged, and may no longer hold.'
                      : `${stale.length} machines have sent no reading for more than 60 s: their health is the last one judged, and may no longer hold.`}
                  </p>
                ) : null}
              </>
            )}
          </Section>
          {changes.length > 0 ? (
            <Section id="changes" title="Health changes while this page is open">
              <ol class="plain">
                {changes.map((c) => (
                  <li key={`${c.equipmentId} ${c.changedAt}`}>
                    <span class="muted">{when(c.changedAt)}</span> <HealthBadge health={c.health} />{' '}
                    {say(c, names)}
                  </li>
                ))}
              </ol>
            </Section>
          ) : null}
          {chosen ? (
            <Section id="readings" title={`Readings of ${chosen}`}>
              {selected ? (
                <LiveReadings machine={selected} tag={tag} site={site} now={now} />
              ) : (
                <Empty>
                  No machine {chosen} {site ? `at ${site}` : ''} sends readings.{' '}
                  <Link href={equipmentHref({ site })}>Close</Link>
                </Empty>
              )}
            </Section>
          ) : null}
        </>
      )}
      <EnergyByRoute site={site} />
    </>
  );
}

/** A machine as the latest health change heard says it is, when that is newer than the poll. */
function withChange(m: Machine, changes: readonly Change[]): Machine {
  const c = changes.find((x) => x.equipmentId === m.equipmentId);
  if (!c || c.changedAt < (m.healthChangedAt ?? '')) return m;
  return { ...m, health: c.health, healthReason: c.reason, healthChangedAt: c.changedAt };
}

/**
 * When the machine last sent anything: the server's lastReadingAt follows the readings health is
 * judged on, so a machine that sends only an energy counter is seen by its series' heads.
 */
function lastSeen(m: Machine): string | null {
  let last: string | null = null;
  for (const t of [m.lastReadingAt, ...m.series.map((s) => s.lastAt)])
    if (t && (last === null || Date.parse(t) > Date.parse(last))) last = t;
  return last;
}

function isStale(m: Machine, now: number): boolean {
  const last = lastSeen(m);
  return last === null || now - Date.parse(last) > STALE_MS;
}

function say(c: Change, names: ReadonlyMap<string, string | null | undefined>): string {
  const name = names.get(c.equipmentId);
  return (
    `${c.equipmentId}${name ? ` (${name})` : ''}${c.site ? ` at ${c.site}` : ''} turned ` +
    `${c.health}${c.previous ? `, was ${c.previous}` : ''}: ${c.reason}`
  );
}

function HealthBadge({ health }: { health: MotorHealth }) {
  return <Badge tone={HEALTH[health].tone}>{health}</Badge>;
}

function Counts({
  counts,
  site,
}: {
  counts: LiveEquipmentQuery['motorHealthBySite'];
  site: string | null;
}) {
  const scope = counts.find((c) => c.site === site) ?? {
    site,
    green: 0,
    yellow: 0,
    red: 0,
    unknown: 0,
  };
  const perSite = counts.filter((c) => c.site !== null);
  const of = (c: (typeof counts)[number], h: MotorHealth) =>
    c[h.toLowerCase() as 'green' | 'yellow' | 'red' | 'unknown'];
  return (
    <>
      <div
        class="tiles health-tiles"
        role="group"
        aria-label={`Motor health ${site ? `at ${site}` : 'at every site'}`}
      >
        {ORDER.map((h) => (
          <div class={`tile health-tile ${HEALTH[h].tone}`} key={h}>
            <span class="tile-value">
              {count(of(scope, h))} <span class="tile-word">{HEALTH[h].word}</span>
            </span>
            <span class="tile-label">{HEALTH[h].meaning}</span>
          </div>
        ))}
      </div>
      {perSite.length > 0 ? (
        <details class="per-site" open={perSite.length > 1 || undefined}>
          <summary>Per site</summary>
          <Table
            caption="Machines per motor health, per site and at every site"
            rows={[...perSite, ...counts.filter((c) => c.site === null)]}
            rowKey={(c) => c.site ?? '(every site)'}
            columns={[
              {
                head: 'Site',
                cell: (c) =>
                  c.site === site ? (
                    <strong>{c.site ?? 'Every site'}</strong>
                  ) : (
                    <Link href={equipmentHref({ site: c.site })}>{c.site ?? 'Every site'}</Link>
                  ),
              },
              ...ORDER.map((h): Column<(typeof counts)[number]> => ({
                head: HEALTH[h].word.replace(/^./, (x) => x.toUpperCase()),
                numeric: true,
                cell: (c) => count(of(c, h)),
              })),
            ]}
          />
        </details>
      ) : null}
    </>
  );
}

function columns(site: string | null, chosen: string | null, now: number): Column<Machine>[] {
  return [
    {
      head: 'Machine',
      cell: (m) => (
        <>
          <Link
            class="nowrap"
            href={equipmentHref({ site, machine: m.equipmentId })}
            aria-current={m.equipmentId === chosen ? 'true' : undefined}
            title={`Chart the readings of ${m.equipmentId}`}
          >
            {m.equipmentId}
          </Link>
          {m.name ? <span class="machine-name">{m.name}</span> : null}
        </>
      ),
    },
    {
      head: 'Health',
      cell: (m) => (
        <span class="health-cell">
          <HealthBadge health={m.health} />{' '}
          {isStale(m, now) ? <Badge tone="muted">stale</Badge> : null}
        </span>
      ),
    },
    { head: 'Why', cell: (m) => m.healthReason ?? '—' },
    {
      head: 'Since',
      cell: (m) =>
        m.healthChangedAt ? (
          <time class="nowrap" dateTime={m.healthChangedAt} title={when(m.healthChangedAt)}>
            {ago(m.healthChangedAt, now)}
          </time>
        ) : (
          '—'
        ),
    },
    {
      head: 'Last reading',
      cell: (m) => {
        const last = lastSeen(m);
        return last ? (
          <time class="nowrap" dateTime={last} title={when(last)}>
            {ago(last, now)}
          </time>
        ) : (
          'none'
        );
      },
    },
    ...MEANINGS.map(([meaning, head]): Column<Machine> => ({
      head,
      numeric: true,
      cell: (m) => {
        const values = m.series.filter((s) => s.meaning === meaning && s.lastAt !== null);
        if (values.length === 0) return '—';
        return values.map((s, i) => (
          <span key={s.tag} class="nowrap" title={`${s.tag} at ${when(s.lastAt)}`}>
            {i > 0 ? ', ' : ''}
            {reading(s.lastValue, meaning, s.unit)}
            {s.lastQuality && s.lastQuality !== 'Good' ? (
              <span class="muted"> ({s.lastQuality})</span>
            ) : null}
          </span>
        ));
      },
    })),
    ...(site
      ? []
      : [
          {
            head: 'Site',
            cell: (m: Machine) => <span class="nowrap">{m.site ?? '—'}</span>,
          },
        ]),
    {
      head: 'Record',
      cell: (m) =>
        m.name || m.type ? (
          <Link
            href={provenanceHref('Equipment', [m.equipmentId])}
            aria-label={`Record of ${m.equipmentId}`}
          >
            record
          </Link>
        ) : (
          <span class="muted">not in the MES</span>
        ),
    },
  ];
}
