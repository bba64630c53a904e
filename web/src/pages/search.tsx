/** Every record whose number starts with what was typed, with its kind. */
import { Link, useSearch } from 'wouter-preact';
import { useQuery } from '../api/use-query';
import { SEARCH } from '../components/search-box';
import { Badge, Empty, ErrorBox, Loading, Table, Title } from '../components/ui';
import { kindName } from '../kinds';
import { recordHref } from '../links';

export function SearchPage() {
  const q = new URLSearchParams(useSearch()).get('q')?.trim() ?? '';
  const { data, error, loading } = useQuery(SEARCH, { prefix: q, first: 100 }, q === '');
  return (
    <>
      <Title>{q ? `Records starting with “${q}”` : 'Search'}</Title>
      {q === '' ? (
        <Empty>
          Type a serial, lot, work order, part, NCR, CAPA or change order number in the search box.
        </Empty>
      ) : loading ? (
        <Loading what="the matches" />
      ) : error ? (
        <ErrorBox error={error} />
      ) : data && data.search.length > 0 ? (
        <>
          <Table
            caption={`Records starting with ${q}`}
            rows={data.search}
            rowKey={(h) => `${h.kind} ${h.key}`}
            columns={[
              { head: 'Kind', cell: (h) => kindName(h.kind) },
              {
                head: 'Number',
                cell: (h) => <Link href={recordHref(h.kind, [h.key])}>{h.key}</Link>,
              },
              { head: 'Part', cell: (h) => h.partNumber ?? '—' },
              { head: 'Status', cell: (h) => h.status ?? '—' },
              {
                head: '',
                cell: (h) =>
                  h.placeholder ? <Badge tone="warn">referenced, not received</Badge> : null,
              },
            ]}
          />
          {data.search.length === 100 ? (
            <p class="muted">
              The first 100 of each kind are shown: type more of the number to narrow them.
            </p>
          ) : null}
        </>
      ) : (
        <Empty>Nothing starts with “{q}”.</Empty>
      )}
    </>
  );
}
