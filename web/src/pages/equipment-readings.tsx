/**
 * One machine's tag over the last 10 minutes on the live-equipment page: the points stored so far
 * (`equipmentReadings`), then each batch the `equipmentReadingsLive` subscription sends, appended;
 * points older than the window fall off. One subscription, for the machine chosen.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Link, useLocation } from 'wouter-preact';
import type { ApiError } from '../api/client';
import { request, subscribe } from '../api/client';
import { LineChart, color } from '../components/chart';
import { Empty, ErrorBox, Loading, Table } from '../components/ui';
import { count, reading, unitSymbol, when } from '../format';
import { graphql } from '../gql';
import { equipmentHref } from '../links';

const READINGS = graphql(`
  query EquipmentReadings($equipmentId: String!, $tag: String!, $from: DateTime, $limit: Int!) {
    equipmentReadings(equipmentId: $equipmentId, tag: $tag, from: $from, limit: $limit) {
      tag
      unit
      count
      points {
        t
        value
        quality
      }
    }
  }
`);

const LIVE = graphql(`
  subscription EquipmentReadingsLive($equipmentId: String!, $tag: String) {
    equipmentReadingsLive(equipmentId: $equipmentId, tag: $tag) {
      t
      value
      quality
    }
  }
`);

const WINDOW_MS = 10 * 60_000;
/** points drawn at most (the window is 600 s: one a second) */
const LIMIT = 600;
/** points kept from the subscription at most (a fast tag sends more than one a second) */
const KEPT = 3000;

interface Point {
  readonly t: string;
  readonly value: number | null;
  readonly quality: string | null;
}

interface Series {
  readonly tag: string;
  readonly meaning?: string | null;
  readonly unit?: string | null;
}

/** The tag a machine is charted by when none is asked for: its vibration, else its first. */
function defaultSeries(series: readonly Series[]): Series | undefined {
  return (
    series.find((s) => s.meaning === 'vibration_velocity') ??
    series.find((s) => s.meaning === 'temperature') ??
    series[0]
  );
}

export function LiveReadings({
  machine,
  tag,
  site,
  now,
}: {
  machine: { readonly equipmentId: string; readonly series: readonly Series[] };
  tag: string | null;
  site: string | null;
  now: number;
}) {
  const [, navigate] = useLocation();
  const series = machine.series.find((s) => s.tag === tag) ?? defaultSeries(machine.series);
  if (!series) return <Empty>{machine.equipmentId} has no series yet.</Empty>;
  return (
    <>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Series">
        <label>
          Tag
          <select
            value={series.tag}
            onChange={(e) =>
              navigate(
                equipmentHref({
                  site,
                  machine: machine.equipmentId,
                  tag: (e.target as HTMLSelectElement).value,
                }),
              )
            }
          >
            {machine.series.map((s) => (
              <option key={s.tag} value={s.tag}>
                {s.tag}
                {s.meaning ? ` (${s.meaning.replace(/_/g, ' ')})` : ''}
              </option>
            ))}
          </select>
        </label>
        <Link class="button secondary" href={equipmentHref({ site })}>
          Close the chart
        </Link>
      </form>
      <TagChart
        key={`${machine.equipmentId} ${series.tag}`}
        equipmentId={machine.equipmentId}
        series={series}
        now={now}
      />
    </>
  );
}

function TagChart({
  equipmentId,
  series,
  now,
}: {
  equipmentId: string;
  series: Series;
  now: number;
}) {
  const { tag, meaning } = series;
  const [points, setPoints] = useState<readonly Point[] | undefined>();
  const [unit, setUnit] = useState(series.unit ?? null);
  const [error, setError] = useState<ApiError | null>(null);
  const [lost, setLost] = useState<string | null>(null);
  useEffect(() => {
    let open = true;
    // what the subscription sends before the stored points are in is kept, then merged
    let shown: readonly Point[] | undefined;
    const early: Point[] = [];
    const stop = subscribe(
      LIVE,
      { equipmentId, tag },
      (v) => {
        if (shown === undefined) {
          early.push(...v.equipmentReadingsLive);
          return;
        }
        shown = merge(shown, v.equipmentReadingsLive);
        setPoints(shown);
      },
      (e) => setLost(e.message),
    );
    request(READINGS, {
      equipmentId,
      tag,
      from: new Date(Date.now() - WINDOW_MS).toISOString(),
      limit: LIMIT,
    }).then(
      (d) => {
        if (!open) return;
        shown = merge(d.equipmentReadings.points, early);
        setUnit(d.equipmentReadings.unit ?? series.unit ?? null);
        setPoints(shown);
      },
      (e: ApiError) => open && setError(e),
    );
    return () => {
      open = false;
      stop();
    };
  }, [equipmentId, tag]);

  // the same array while nothing left the window, so the chart is not drawn again for nothing
  const visible = useMemo(() => {
    const all = points ?? [];
    const first = all.findIndex((p) => Date.parse(p.t) >= now - WINDOW_MS);
    return first === 0 ? all : first === -1 ? [] : all.slice(first);
  }, [points, now]);
  const chart = useMemo(
    () => ({
      x: visible.map((p) => Date.parse(p.t) / 1000),
      series: [{ label: tag, values: visible.map((p) => p.value), color: color(0) }],
    }),
    [visible, tag],
  );
  if (error) return <ErrorBox error={error} />;
  if (points === undefined) return <Loading what={`the readings of ${tag}`} />;
  const last = visible[visible.length - 1];
  const symbol = unitSymbol(unit);
  return (
    <figure class="small-chart live-chart">
      <figcaption>
        {tag}
        {symbol ? ` (${symbol})` : ''} of {equipmentId} over the last 10 minutes:{' '}
        <span class="reading-count">
          {count(visible.length)} reading{visible.length === 1 ? '' : 's'}
        </span>
        {last ? `, latest ${reading(last.value, meaning, unit)} at ${when(last.t)}` : ''}
      </figcaption>
      {lost ? <p class="warn-inline">{lost}: new readings no longer arrive here.</p> : null}
      {visible.length === 0 ? (
        <Empty>
          No reading of {tag} in the last 10 minutes; new ones appear here as they are stored.
        </Empty>
      ) : (
        <>
          <LineChart
            label={`${tag} of ${equipmentId} over the last 10 minutes, live`}
            height={200}
            x={chart.x}
            series={chart.series}
          />
          <details>
            <summary>The latest readings</summary>
            <Table
              caption={`The latest readings of ${tag}, newest first`}
              rows={visible.slice(-10).reverse()}
              rowKey={(p) => p.t}
              columns={[
                { head: 'Time', cell: (p) => when(p.t) },
                { head: 'Value', numeric: true, cell: (p) => reading(p.value, meaning, unit) },
                { head: 'Quality', cell: (p) => p.quality ?? '—' },
              ]}
            />
          </details>
        </>
      )}
    </figure>
  );
}

/** The points of both, once each (by time), oldest first, none older than the window. */
function merge(a: readonly Point[], b: readonly Point[]): Point[] {
  const from = Date.now() - WINDOW_MS;
  const byTime = new Map<string, Point>();
  for (const p of [...a, ...b]) if (Date.parse(p.t) >= from) byTime.set(p.t, p);
  return [...byTime.values()].sort((x, y) => (x.t < y.t ? -1 : x.t > y.t ? 1 : 0)).slice(-KEPT);
}
