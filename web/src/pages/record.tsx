/**
 * Any record's own page: its fields, its provenance (which system said it, when, through which
 * import and line, as received), its earlier versions, the versions refused by the authority
 * rule, and every record it is linked to, both ways.
 */
import { Link } from 'wouter-preact';
import { useQuery } from '../api/use-query';
import { Badge, Empty, ErrorBox, Facts, Loading, Section, Table, Title } from '../components/ui';
import { stored, when, words } from '../format';
import { graphql } from '../gql';
import type { RecordQuery } from '../gql/graphql';
import { kindName } from '../kinds';
import { coverageHref, impactHref, jobHref, lotHref, recordHref, unitHref } from '../links';

const RECORD = graphql(`
  query Record($kind: String!, $key: [String!]!) {
    record(kind: $kind, key: $key) {
      kind
      key
      displayKey
      placeholder
      fields {
        name
        value
      }
      current {
        versionHash
        recordedAt
        source
        system
        site
        importId
        line
        record
        original
      }
      importRun {
        label
        jobId
        startedAt
      }
      history {
        versionHash
        recordedAt
        source
        system
        site
        importId
        line
        record
        original
      }
      refused {
        source
        system
        reason
        importId
        line
        recordedAt
        detectedAt
        record
      }
      links {
        direction
        via
        kind
        key
        displayKey
        placeholder
      }
      linksNotShown
    }
  }
`);

type Details = NonNullable<RecordQuery['record']>;

export function RecordPage({ kind, keyPath }: { kind: string; keyPath: string }) {
  const key = keyPath.split('/').map((k) => decodeURIComponent(k));
  const { data, error, loading } = useQuery(RECORD, { kind, key });
  if (loading && !data) return <Loading what={`${kindName(kind)} ${key.join('/')}`} />;
  if (error) return <ErrorBox error={error} />;
  const r = data?.record;
  if (!r) {
    return (
      <>
        <Title>{`${kindName(kind)} ${key.join('/')}`}</Title>
        <Empty>
          No {kindName(kind).toLowerCase()} {key.join('/')} is known: no record of it was imported,
          and nothing names it.
        </Empty>
      </>
    );
  }
  return <Record r={r} />;
}

function Record({ r }: { r: Details }) {
  const special = specialPage(r.kind, r.key);
  const groups = new Map<string, Details['links']>();
  for (const l of r.links) {
    const g = `${l.direction === 'OUT' ? 'names' : 'named by'} · ${l.via === 'field' ? kindName(l.kind) : l.via.replace(/_/g, ' ').toLowerCase()}`;
    groups.set(g, [...(groups.get(g) ?? []), l]);
  }
  return (
    <article>
      <Title sub={kindName(r.kind)}>{r.displayKey}</Title>
      {r.placeholder ? (
        <p class="warn-inline">
          Referenced, not received: another record names this {kindName(r.kind).toLowerCase()}, but
          no record of it has been imported. It is a gap wherever an evidence chain passes through
          it.
        </p>
      ) : null}
      {special ? (
        <p>
          <Link class="button" href={special[0]}>
            {special[1]}
          </Link>
        </p>
      ) : null}
      <Section id="fields" title="Fields">
        {r.fields.length === 0 ? (
          <Empty>Only its key is known.</Empty>
        ) : (
          <Facts
            items={r.fields.map((f) => [
              words(f.name),
              <span class="value">{stored(f.value)}</span>,
            ])}
          />
        )}
      </Section>
      <Section id="provenance" title="Provenance">
        <Facts
          items={[
            [
              'Source',
              `${r.current.source ?? '—'}${r.current.system ? ` (${r.current.system})` : ''}`,
            ],
            ['Recorded at the source', when(r.current.recordedAt)],
            ['Site', r.current.site ?? '—'],
            [
              'Written by import',
              r.importRun?.jobId?.startsWith('imp-') ? (
                <>
                  <Link href={jobHref(r.importRun.jobId)}>
                    {r.importRun.label ?? r.current.importId}
                  </Link>
                  {r.current.line ? `, line ${r.current.line}` : ''}
                  {r.importRun.startedAt ? (
                    <span class="muted"> ({when(r.importRun.startedAt)})</span>
                  ) : null}
                </>
              ) : (
                `${r.importRun?.label ?? r.current.importId ?? '—'}${r.current.line ? `, line ${r.current.line}` : ''}`
              ),
            ],
            ['Version', r.current.versionHash ?? '—'],
          ]}
        />
        {r.current.record ? (
          <details open>
            <summary>As received</summary>
            <pre class="verbatim">{r.current.original ?? r.current.record}</pre>
          </details>
        ) : null}
      </Section>
      <Section id="history" title="Earlier versions" count={r.history.length}>
        {r.history.length === 0 ? (
          <Empty>No earlier version: this one is the only version received.</Empty>
        ) : (
          <Table
            caption="Earlier and stale versions, newest first"
            rows={r.history}
            rowKey={(h) => h.versionHash ?? h.recordedAt ?? ''}
            columns={[
              { head: 'Recorded', cell: (h) => when(h.recordedAt) },
              {
                head: 'Source',
                cell: (h) => `${h.source ?? '—'}${h.system ? ` (${h.system})` : ''}`,
              },
              {
                head: 'Import',
                cell: (h) =>
                  h.importId ? `${h.importId}${h.line ? `, line ${h.line}` : ''}` : '—',
              },
              {
                head: 'As received',
                cell: (h) => <code class="excerpt">{h.original ?? h.record ?? ''}</code>,
              },
            ]}
          />
        )}
      </Section>
      {r.refused.length > 0 ? (
        <Section id="refused" title="Refused versions" count={r.refused.length}>
          <Table
            caption="Versions refused because their source is not the authority"
            rows={r.refused}
            rowKey={(x) => `${x.detectedAt} ${x.line ?? ''} ${x.importId ?? ''}`}
            columns={[
              { head: 'Sent by', cell: (x) => `${x.source}${x.system ? ` (${x.system})` : ''}` },
              { head: 'Why', cell: (x) => x.reason },
              { head: 'Detected', cell: (x) => when(x.detectedAt) },
              { head: 'As received', cell: (x) => <code class="excerpt">{x.record ?? ''}</code> },
            ]}
          />
        </Section>
      ) : null}
      <Section id="links" title="Linked records" count={r.links.length}>
        {r.links.length === 0 ? (
          <Empty>Nothing links to it, and it names nothing.</Empty>
        ) : (
          <dl class="links">
            {[...groups.entries()].map(([g, links]) => (
              <div key={g}>
                <dt>{g}</dt>
                <dd>
                  <ul class="chips">
                    {links.map((l) => (
                      <li key={`${l.kind} ${l.displayKey}`}>
                        <Link href={recordHref(l.kind, l.key)}>
                          {l.kind === 'Unit' || l.kind === 'Lot' ? '' : `${kindName(l.kind)} `}
                          {l.displayKey}
                        </Link>
                        {l.placeholder ? <Badge tone="warn">not received</Badge> : null}
                      </li>
                    ))}
                  </ul>
                </dd>
              </div>
            ))}
          </dl>
        )}
        {r.linksNotShown > 0 ? (
          <p class="muted">{r.linksNotShown} more links are not listed (200 are shown each way).</p>
        ) : null}
      </Section>
    </article>
  );
}

function specialPage(kind: string, key: readonly string[]): [string, string] | undefined {
  const [a, b] = key;
  if (a === undefined) return undefined;
  if (kind === 'Unit') return [unitHref(a), `Evidence chain of ${a}`];
  if (kind === 'Lot') return [lotHref(a), `Genealogy of lot ${a}`];
  if (kind === 'ChangeOrder') return [impactHref(a), `Impact of ${a}`];
  if (kind === 'PartRevision' && b !== undefined)
    return [coverageHref(a, b), `Requirement coverage of ${a} rev ${b}`];
  if (kind === 'Part')
    return [`/coverage/${encodeURIComponent(a)}`, `Requirement coverage of ${a}`];
  return undefined;
}
