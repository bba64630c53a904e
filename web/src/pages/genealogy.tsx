/**
 * Genealogy both ways for a serial or a lot: the as-built tree (what it was built from) and the
 * recall scope (every unit that holds it, with shipment and customer, page by page), each as an
 * interactive graph and as a table; the recall list downloads as CSV.
 */
import { useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { useAccess } from '../access';
import { useQuery } from '../api/use-query';
import { DownloadLink, NotPermitted } from '../components/access';
import type { GraphEdge, GraphNode } from '../components/genealogy-graph';
import { GenealogyGraph } from '../components/genealogy-graph';
import { Badge, Empty, ErrorBox, Loading, Section, Table, Title } from '../components/ui';
import { count } from '../format';
import { graphql } from '../gql';
import { lotHref, provenanceHref, unitHref } from '../links';

const BACKWARD = graphql(`
  query Backward($serial: String, $lot: String) {
    traceBackward(serialNumber: $serial, lotNumber: $lot) {
      root
      found
      truncated
      nodes {
        kind
        id
        partNumber
        status
        placeholder
        depth
        parentId
      }
      cycles {
        parentId
        childId
      }
    }
  }
`);

const FORWARD = graphql(`
  query Forward($serial: String, $lot: String, $first: Int, $after: String) {
    traceForward(serialNumber: $serial, lotNumber: $lot, first: $first, after: $after) {
      found
      totalCount
      shippedCount
      units {
        serialNumber
        partNumber
        depth
        viaId
        status
        shipmentId
        customer
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const PAGE = 100;
const GRAPH_LIMIT = 150;

export function GenealogyPage({ kind, id }: { kind: 'lot' | 'serial'; id: string }) {
  const vars = kind === 'lot' ? { lot: id } : { serial: id };
  const href = (k: string, x: string) => (k === 'LOT' ? lotHref(x) : unitHref(x));
  return (
    <>
      <Title sub={kind === 'lot' ? 'Lot' : 'Serial'}>{`Genealogy of ${id}`}</Title>
      <p class="muted">
        {kind === 'serial' ? <Link href={unitHref(id)}>Evidence chain of {id}</Link> : null}
        {kind === 'serial' ? ' · ' : null}
        <Link href={provenanceHref(kind === 'lot' ? 'Lot' : 'Unit', [id])}>
          Record and provenance
        </Link>
      </p>
      <Backward vars={vars} href={href} id={id} kind={kind} />
      <Forward vars={vars} id={id} kind={kind} />
    </>
  );
}

function Backward({
  vars,
  href,
  id,
  kind,
}: {
  vars: { lot?: string; serial?: string };
  href: (k: string, x: string) => string;
  id: string;
  kind: string;
}) {
  const { data, error, loading } = useQuery(BACKWARD, vars);
  const t = data?.traceBackward;
  let body;
  if (loading && !t) body = <Loading what="the as-built tree" />;
  else if (error) body = <ErrorBox error={error} />;
  else if (!t?.found)
    body = (
      <Empty>
        No {kind} {id} is known.
      </Empty>
    );
  else if (t.nodes.length === 0) body = <Empty>Nothing was consumed into {id}.</Empty>;
  else {
    const nodes: GraphNode[] = [
      {
        id: `${kind === 'lot' ? 'LOT' : 'SERIAL'}:${id}`,
        label: id,
        sub: 'traced',
        href: href(kind === 'lot' ? 'LOT' : 'SERIAL', id),
        tone: 'root',
      },
    ];
    const seen = new Set(nodes.map((n) => n.id));
    const key = (k: string, x: string) => `${k}:${x}`;
    const parents = new Map<string, string>([[id, key(kind === 'lot' ? 'LOT' : 'SERIAL', id)]]);
    for (const n of t.nodes) parents.set(n.id, key(n.kind, n.id));
    const edges: GraphEdge[] = [];
    for (const n of t.nodes) {
      const k = key(n.kind, n.id);
      if (!seen.has(k)) {
        seen.add(k);
        nodes.push({
          id: k,
          label: n.id,
          sub: n.placeholder ? 'not received' : n.partNumber,
          href: href(n.kind, n.id),
          tone: n.placeholder ? 'missing' : n.kind === 'LOT' ? 'lot' : 'serial',
        });
      }
      edges.push({ from: parents.get(n.parentId) ?? key('SERIAL', n.parentId), to: k });
    }
    body = (
      <>
        {t.truncated ? (
          <p class="warn-inline">The tree is deeper than 50 levels: it is cut there.</p>
        ) : null}
        {t.cycles.length > 0 ? (
          <p class="warn-inline">
            The records hold {t.cycles.length} consumption cycle{t.cycles.length > 1 ? 's' : ''}{' '}
            (bad data): {t.cycles.map((c) => `${c.parentId} → ${c.childId}`).join(', ')}
          </p>
        ) : null}
        <GenealogyGraph
          nodes={nodes}
          edges={edges}
          label={`As-built tree of ${id}: ${t.nodes.length} consumption records`}
          moreHref="#backward-table"
        />
        <span id="backward-table" />
        <Table
          caption={`As-built tree of ${id}`}
          rows={t.nodes}
          rowKey={(n) => `${n.parentId} ${n.kind} ${n.id}`}
          columns={[
            { head: 'Depth', numeric: true, cell: (n) => n.depth },
            { head: 'Kind', cell: (n) => (n.kind === 'LOT' ? 'lot' : 'serial') },
            { head: 'Number', cell: (n) => <Link href={href(n.kind, n.id)}>{n.id}</Link> },
            { head: 'Part', cell: (n) => n.partNumber ?? '—' },
            { head: 'Consumed into', cell: (n) => n.parentId },
            {
              head: 'Status',
              cell: (n) =>
                n.placeholder ? <Badge tone="warn">not received</Badge> : (n.status ?? '—'),
            },
          ]}
        />
      </>
    );
  }
  return (
    <Section id="backward" title="As built: what it was built from" count={t?.nodes.length}>
      {body}
    </Section>
  );
}

function Forward({
  vars,
  id,
  kind,
}: {
  vars: { lot?: string; serial?: string };
  id: string;
  kind: string;
}) {
  const [after, setAfter] = useState<string | null>(null);
  const [history, setHistory] = useState<(string | null)[]>([]);
  const { data, error, loading } = useQuery(FORWARD, { ...vars, first: PAGE, after });
  const t = data?.traceForward;
  const access = useAccess();
  const csv = `/exports/recall.csv?${kind === 'lot' ? 'lotNumber' : 'serialNumber'}=${encodeURIComponent(id)}`;
  let body;
  if (loading && !t) body = <Loading what="the recall scope" />;
  else if (error) body = <ErrorBox error={error} />;
  else if (!t?.found)
    body = (
      <Empty>
        No {kind} {id} is known.
      </Empty>
    );
  else if (t.totalCount === 0) body = <Empty>No unit holds {id}.</Empty>;
  else {
    const start = history.length * PAGE;
    const nodes: GraphNode[] = [
      {
        id,
        label: id,
        sub: 'traced',
        href: kind === 'lot' ? lotHref(id) : unitHref(id),
        tone: 'root',
      },
    ];
    const edges: GraphEdge[] = [];
    const known = new Set([id]);
    for (const u of t.units) {
      known.add(u.serialNumber);
      nodes.push({
        id: u.serialNumber,
        label: u.serialNumber,
        sub: u.customer ?? u.partNumber,
        href: unitHref(u.serialNumber),
      });
    }
    for (const u of t.units) {
      if (!known.has(u.viaId)) {
        known.add(u.viaId);
        nodes.push({
          id: u.viaId,
          label: u.viaId,
          sub: 'held in between',
          href: `/search?q=${encodeURIComponent(u.viaId)}`,
          tone: 'lot',
        });
      }
      edges.push({ from: u.serialNumber, to: u.viaId });
    }
    body = (
      <>
        <p>
          <strong>{count(t.totalCount)}</strong> unit{t.totalCount === 1 ? '' : 's'} hold {id},{' '}
          {count(t.shippedCount)} of them shipped.{' '}
          {access.can('export') ? (
            <DownloadLink class="button" href={csv}>
              Download the recall list (CSV, all {count(t.totalCount)})
            </DownloadLink>
          ) : null}
        </p>
        {access.can('export') ? null : (
          <NotPermitted what="The recall list as CSV" permission="export" />
        )}
        {t.units.length <= GRAPH_LIMIT ? (
          <GenealogyGraph
            nodes={nodes}
            edges={edges}
            label={`Units holding ${id}, this page: ${t.units.length}`}
            moreHref="#forward-table"
          />
        ) : null}
        <span id="forward-table" />
        <Table
          caption={`Units holding ${id}, ${start + 1} to ${start + t.units.length} of ${t.totalCount}`}
          rows={t.units}
          rowKey={(u) => u.serialNumber}
          columns={[
            {
              head: 'Serial',
              cell: (u) => <Link href={unitHref(u.serialNumber)}>{u.serialNumber}</Link>,
            },
            { head: 'Part', cell: (u) => u.partNumber ?? '—' },
            { head: 'Depth', numeric: true, cell: (u) => u.depth },
            { head: 'Holds it through', cell: (u) => u.viaId },
            { head: 'Status', cell: (u) => u.status ?? '—' },
            {
              head: 'Shipment',
              cell: (u) =>
                u.shipmentId ? (
                  <Link href={provenanceHref('Shipment', [u.shipmentId])}>{u.shipmentId}</Link>
                ) : (
                  '—'
                ),
            },
            { head: 'Customer', cell: (u) => u.customer ?? '—' },
          ]}
        />
        <nav class="pager" aria-label="Pages of the recall scope">
          <button
            type="button"
            disabled={history.length === 0}
            onClick={() => {
              setAfter(history[history.length - 1] ?? null);
              setHistory(history.slice(0, -1));
            }}
          >
            Previous {PAGE}
          </button>
          <span>
            {count(start + 1)}–{count(start + t.units.length)} of {count(t.totalCount)}
          </span>
          <button
            type="button"
            disabled={!t.pageInfo.hasNextPage}
            onClick={() => {
              setHistory([...history, after]);
              setAfter(t.pageInfo.endCursor ?? null);
            }}
          >
            Next {PAGE}
          </button>
        </nav>
      </>
    );
  }
  return (
    <Section id="forward" title="Recall scope: every unit that holds it" count={t?.totalCount}>
      {body}
    </Section>
  );
}
