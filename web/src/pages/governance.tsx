/** Governance: the records refused because their source is not the authority, and who owns what. */
import { useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { useQuery } from '../api/use-query';
import { Badge, Empty, ErrorBox, Loading, Section, Table, Title } from '../components/ui';
import { count, when } from '../format';
import { graphql } from '../gql';
import { jobHref } from '../links';

const VIOLATIONS = graphql(`
  query Violations($first: Int, $after: String) {
    governanceViolations(first: $first, after: $after) {
      totalCount
      nodes {
        kind
        source
        system
        site
        key
        reason
        importId
        line
        recordedAt
        detectedAt
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const OWNERSHIP = graphql(`
  query Ownership {
    ownershipAudit {
      kind
      authority
      contested
      versioning
      readBy
      findings
      senders {
        source
        system
        records
        refused
      }
    }
  }
`);

const PAGE = 50;

export function GovernancePage() {
  const [after, setAfter] = useState<string | null>(null);
  const [history, setHistory] = useState<(string | null)[]>([]);
  const v = useQuery(VIOLATIONS, { first: PAGE, after });
  const o = useQuery(OWNERSHIP, {});
  const page = v.data?.governanceViolations;
  return (
    <>
      <Title sub="Each class of record has one authoritative system. A record sent by another system is refused and kept here, never applied.">
        Governance
      </Title>
      <Section id="violations" title="Refused records" count={page?.totalCount}>
        {v.error ? (
          <ErrorBox error={v.error} />
        ) : !page ? (
          <Loading what="refused records" />
        ) : page.totalCount === 0 ? (
          <Empty>No record has been refused.</Empty>
        ) : (
          <>
            <Table
              caption="Records refused by the authority rule, in the order they were detected"
              rows={page.nodes}
              rowKey={(n) => `${n.kind} ${n.key} ${n.detectedAt} ${n.line ?? ''}`}
              columns={[
                { head: 'Class', cell: (n) => n.kind },
                { head: 'Key', cell: (n) => n.key },
                { head: 'Sent by', cell: (n) => `${n.source}${n.system ? ` (${n.system})` : ''}` },
                { head: 'Site', cell: (n) => n.site ?? '—' },
                { head: 'Why', cell: (n) => n.reason },
                {
                  head: 'Import',
                  cell: (n) =>
                    n.importId ? (
                      <Link href={jobHref(n.importId.replace(/\.\d+$/, ''))}>{n.importId}</Link>
                    ) : (
                      '—'
                    ),
                },
                { head: 'Line', numeric: true, cell: (n) => n.line ?? '—' },
                { head: 'Detected', cell: (n) => when(n.detectedAt) },
              ]}
            />
            <nav class="pager" aria-label="Pages of refused records">
              <button
                type="button"
                disabled={history.length === 0}
                onClick={() => {
                  setAfter(history[history.length - 1] ?? null);
                  setHistory(history.slice(0, -1));
                }}
              >
                Previous
              </button>
              <span>
                {count(history.length * PAGE + 1)}–
                {count(history.length * PAGE + page.nodes.length)} of {count(page.totalCount)}
              </span>
              <button
                type="button"
                disabled={!page.pageInfo.hasNextPage}
                onClick={() => {
                  setHistory([...history, after]);
                  setAfter(page.pageInfo.endCursor ?? null);
                }}
              >
                Next
              </button>
            </nav>
          </>
        )}
      </Section>
      <Section id="ownership" title="Data ownership audit">
        {o.error ? (
          <ErrorBox error={o.error} />
        ) : !o.data ? (
          <Loading what="the ownership audit" />
        ) : (
          <Table
            caption="Per class of record: its authority, who sent it, and what stands out"
            rows={o.data.ownershipAudit}
            rowKey={(r) => r.kind}
            columns={[
              { head: 'Class', cell: (r) => r.kind },
              { head: 'Authority', cell: (r) => r.authority },
              {
                head: 'Sent by',
                cell: (r) =>
                  r.senders.length === 0
                    ? 'nothing received'
                    : r.senders
                        .map(
                          (s) =>
                            `${s.source}${s.system ? ` (${s.system})` : ''}: ${count(s.records)}${s.refused ? `, ${count(s.refused)} refused` : ''}`,
                        )
                        .join('; '),
              },
              {
                head: 'Contested',
                cell: (r) =>
                  r.contested ? <Badge tone="bad">contested</Badge> : <Badge tone="ok">no</Badge>,
              },
              { head: 'Versioning', cell: (r) => r.versioning.replace(/_/g, ' ').toLowerCase() },
              {
                head: 'Read by',
                cell: (r) => (r.readBy.length ? r.readBy.join(', ') : 'no query yet'),
              },
              { head: 'Findings', cell: (r) => (r.findings.length ? r.findings.join(' ') : '—') },
            ]}
          />
        )}
      </Section>
    </>
  );
}
