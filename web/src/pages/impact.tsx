/** Change impact: the units and work orders inside a change order's effectivity, escapes first. */
import { useState } from 'preact/hooks';
import { Link, useLocation } from 'wouter-preact';
import { useQuery } from '../api/use-query';
import { Badge, Empty, ErrorBox, Facts, Loading, Section, Table, Title } from '../components/ui';
import { count, when } from '../format';
import { graphql } from '../gql';
import { impactHref, provenanceHref, unitHref } from '../links';

const IMPACT = graphql(`
  query Impact($id: String!) {
    changeImpact(changeOrderId: $id) {
      changeOrderId
      title
      releasedAt
      escapeCount
      effectivity {
        type
        from
        to
      }
      changes {
        partNumber
        fromRevision
        toRevision
      }
      units {
        serialNumber
        partNumber
        workOrderId
        builtToRevision
        builtToSupersededRevision
        status
        site
      }
      workOrders {
        id
        partNumber
        revision
        releasedAt
        site
        status
        lockedToSupersededRevision
        units
      }
    }
  }
`);

const CHANGE_ORDERS = graphql(`
  query ChangeOrders($prefix: String!) {
    search(prefix: $prefix, kinds: ["ChangeOrder"], first: 100) {
      key
      placeholder
    }
  }
`);

export function ImpactPage({ id }: { id?: string | undefined }) {
  return id ? <Impact id={id} /> : <ChooseChangeOrder />;
}

function ChooseChangeOrder() {
  const [prefix, setPrefix] = useState('E');
  const [, navigate] = useLocation();
  const { data } = useQuery(CHANGE_ORDERS, { prefix: prefix.trim() || 'E' });
  return (
    <>
      <Title>Change impact</Title>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (prefix.trim()) navigate(impactHref(prefix.trim()));
        }}
      >
        <label for="co">Change order</label>
        <input
          id="co"
          value={prefix}
          onInput={(e) => setPrefix((e.target as HTMLInputElement).value)}
        />
        <button type="submit">Show impact</button>
      </form>
      {data?.search.length ? (
        <ul class="chips" aria-label="Change orders">
          {data.search.map((c) => (
            <li key={c.key}>
              <Link href={impactHref(c.key)}>{c.key}</Link>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function Impact({ id }: { id: string }) {
  const { data, error, loading } = useQuery(IMPACT, { id });
  if (loading && !data) return <Loading what={`the impact of ${id}`} />;
  if (error) return <ErrorBox error={error} />;
  const c = data?.changeImpact;
  if (!c) return <Empty>No change order {id} is known.</Empty>;
  const escapes = c.units.filter((u) => u.builtToSupersededRevision);
  return (
    <>
      <Title sub={c.title ?? undefined}>{`Impact of ${c.changeOrderId}`}</Title>
      <p class="muted">
        <Link href={provenanceHref('ChangeOrder', [c.changeOrderId])}>
          Record and provenance of {c.changeOrderId}
        </Link>
      </p>
      <div class={`verdict ${c.escapeCount > 0 ? 'bad' : 'ok'}`} role="status">
        <strong>
          {count(c.units.length)} unit{c.units.length === 1 ? '' : 's'} inside the effectivity;{' '}
          {count(c.escapeCount)} built to the superseded revision
        </strong>
      </div>
      <Section id="change" title="The change">
        <Facts
          items={[
            ['Released', when(c.releasedAt)],
            [
              'Effectivity',
              c.effectivity
                ? `${c.effectivity.type} from ${c.effectivity.from ?? '—'} to ${c.effectivity.to ?? 'open'}`
                : 'none: it governs no unit',
            ],
            [
              'Changes',
              c.changes
                .map((x) => `${x.partNumber}: ${x.fromRevision ?? '—'} → ${x.toRevision ?? '—'}`)
                .join('; ') || '—',
            ],
          ]}
        />
      </Section>
      <Section id="escapes" title="Escaped serials" count={escapes.length}>
        {escapes.length === 0 ? (
          <Empty>No unit inside the effectivity was built to the superseded revision.</Empty>
        ) : (
          <ul class="chips" aria-label="Escaped serials">
            {escapes.map((u) => (
              <li key={u.serialNumber}>
                <Link href={unitHref(u.serialNumber)}>{u.serialNumber}</Link>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section id="units" title="Units inside the effectivity" count={c.units.length}>
        <Table
          caption={`Units inside the effectivity of ${c.changeOrderId}`}
          rows={c.units}
          rowKey={(u) => u.serialNumber}
          columns={[
            {
              head: 'Serial',
              cell: (u) => <Link href={unitHref(u.serialNumber)}>{u.serialNumber}</Link>,
            },
            { head: 'Part', cell: (u) => u.partNumber },
            {
              head: 'Work order',
              cell: (u) =>
                u.workOrderId ? (
                  <Link href={provenanceHref('WorkOrder', [u.workOrderId])}>{u.workOrderId}</Link>
                ) : (
                  '—'
                ),
            },
            { head: 'Built to', cell: (u) => u.builtToRevision ?? '—' },
            {
              head: 'Escape',
              cell: (u) =>
                u.builtToSupersededRevision ? (
                  <Badge tone="bad">superseded revision</Badge>
                ) : (
                  <Badge tone="ok">no</Badge>
                ),
            },
            { head: 'Status', cell: (u) => u.status ?? '—' },
            { head: 'Site', cell: (u) => u.site ?? '—' },
          ]}
        />
      </Section>
      <Section
        id="work-orders"
        title="Work orders inside the effectivity"
        count={c.workOrders.length}
      >
        <Table
          caption={`Work orders inside the effectivity of ${c.changeOrderId}`}
          rows={c.workOrders}
          rowKey={(w) => w.id}
          columns={[
            {
              head: 'Work order',
              cell: (w) => <Link href={provenanceHref('WorkOrder', [w.id])}>{w.id}</Link>,
            },
            { head: 'Part', cell: (w) => w.partNumber },
            {
              head: 'Locked to',
              cell: (w) =>
                w.revision ? (
                  <>
                    {w.revision}{' '}
                    {w.lockedToSupersededRevision ? <Badge tone="bad">superseded</Badge> : null}
                  </>
                ) : (
                  '—'
                ),
            },
            { head: 'Released', cell: (w) => when(w.releasedAt) },
            { head: 'Units', numeric: true, cell: (w) => w.units },
            { head: 'Site', cell: (w) => w.site ?? '—' },
          ]}
        />
      </Section>
    </>
  );
}
