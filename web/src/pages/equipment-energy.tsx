/**
 * Energy per route on the live-equipment page: per part, the kWh each routing operation took and
 * what one unit of the route takes (`energyByRoute`). Asked for again every minute: it moves only
 * when operations end.
 */
import { useEffect } from 'preact/hooks';
import { useQuery } from '../api/use-query';
import { Empty, ErrorBox, Loading, Section, Table } from '../components/ui';
import { count, kwh } from '../format';
import { graphql } from '../gql';
import type { EnergyByRouteQuery } from '../gql/graphql';

const ENERGY = graphql(`
  query EnergyByRoute($site: String) {
    energyByRoute(site: $site) {
      partNumber
      units
      kwhPerUnit
      resets
      operations {
        opNumber
        operations
        kwh
        kwhPerOperation
      }
    }
  }
`);

const REFRESH_MS = 60_000;

export function EnergyByRoute({ site }: { site: string | null }) {
  const energy = useQuery(ENERGY, { site });
  useEffect(() => {
    const timer = setInterval(() => {
      if (!document.hidden) energy.reload();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [site]);
  return (
    <Section id="energy" title="Energy per route">
      <p class="muted">
        Per part, the kWh each routing operation took (from the machine's energy counter between the
        first and last reading inside the operation; a counter reset is counted across, not as a
        drop), and what one unit of the route takes: the sum of the operations' means.
      </p>
      {energy.error ? (
        <ErrorBox error={energy.error} />
      ) : !energy.data ? (
        <Loading what="energy per route" />
      ) : energy.data.energyByRoute.length === 0 ? (
        <Empty>No operation {site ? `at ${site} ` : ''}was measured by an energy counter.</Empty>
      ) : (
        <Energy routes={energy.data.energyByRoute} />
      )}
    </Section>
  );
}

type Route = EnergyByRouteQuery['energyByRoute'][number];

/** Per part: a row per routing operation, then what one unit of the route takes. */
function Energy({ routes }: { routes: readonly Route[] }) {
  const rows = routes.flatMap((r) => [
    ...r.operations.map((o) => ({ part: r.partNumber, op: o, route: r })),
    { part: r.partNumber, op: null, route: r },
  ]);
  const reset = routes.filter((r) => r.resets > 0);
  return (
    <>
      <Table
        caption="Energy per route: kWh per routing operation and per unit, per part"
        rows={rows}
        rowKey={(x) => `${x.part} ${x.op?.opNumber ?? '(unit)'}`}
        columns={[
          { head: 'Part', cell: (x) => x.part },
          {
            head: 'Operation',
            cell: (x) => (x.op ? `Op ${x.op.opNumber}` : <strong>One unit of the route</strong>),
          },
          {
            head: 'Measured',
            numeric: true,
            cell: (x) =>
              x.op
                ? `${count(x.op.operations)} operation${x.op.operations === 1 ? '' : 's'}`
                : `${count(x.route.units)} unit${x.route.units === 1 ? '' : 's'}`,
          },
          { head: 'kWh in all', numeric: true, cell: (x) => (x.op ? kwh(x.op.kwh) : '') },
          {
            head: 'kWh each',
            numeric: true,
            cell: (x) =>
              x.op ? kwh(x.op.kwhPerOperation) : <strong>{kwh(x.route.kwhPerUnit)}</strong>,
          },
        ]}
      />
      {reset.length > 0 ? (
        <p class="muted">
          Energy counter resets met inside the operations, counted across:{' '}
          {reset.map((r) => `${r.partNumber} ${count(r.resets)}`).join(', ')}.
        </p>
      ) : null}
    </>
  );
}
