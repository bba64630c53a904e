/**
 * The audit trail, for admins: who did what, when and from where, newest first, with each event's
 * place in the hash chain; and the chain checked now (as `threadgraph audit verify` does), with
 * the head an auditor notes.
 */
import { useState } from 'preact/hooks';
import { useQuery } from '../api/use-query';
import { Badge, Empty, ErrorBox, Loading, Section, Table, Title } from '../components/ui';
import { count, when } from '../format';
import { graphql } from '../gql';

const TRAIL = graphql(`
  query AuditTrail($first: Int, $after: String, $action: String, $actor: String) {
    auditTrail(first: $first, after: $after, action: $action, actor: $actor) {
      nodes {
        seq
        at
        actor
        actorKind
        action
        target
        from
        reason
        detail
        hash
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const VERIFICATION = graphql(`
  query AuditVerification {
    auditVerification {
      ok
      count
      headSeq
      headHash
      problems {
        seq
        problem
      }
    }
  }
`);

const PAGE = 50;
const ACTIONS = ['', 'import', 'export', 'sign-in', 'api-key', 'config'];

export function AuditPage() {
  const [after, setAfter] = useState<string | null>(null);
  const [history, setHistory] = useState<(string | null)[]>([]);
  const [action, setAction] = useState('');
  const [actor, setActor] = useState('');
  const t = useQuery(TRAIL, {
    first: PAGE,
    after,
    action: action === '' ? null : action,
    actor: actor.trim() === '' ? null : actor.trim(),
  });
  const v = useQuery(VERIFICATION, {});
  const page = t.data?.auditTrail;
  const verdict = v.data?.auditVerification;
  const restart = () => {
    setAfter(null);
    setHistory([]);
  };
  return (
    <>
      <Title sub="Every import, export, sign-in, API key change and configuration change, each event chained to the one before by its hash: an edit, a deletion or a reordering breaks the chain.">
        Audit trail
      </Title>
      <Section id="verification" title="The chain checked now">
        {v.error ? (
          <ErrorBox error={v.error} />
        ) : !verdict ? (
          <Loading what="the check of the chain" />
        ) : verdict.ok ? (
          <p>
            <Badge tone="ok">intact</Badge> {count(verdict.count)} events.
            {verdict.headSeq !== null && verdict.headSeq !== undefined ? (
              <>
                {' '}
                Head: event {count(verdict.headSeq)}, sha256 <code>{verdict.headHash}</code>. Note
                it with the date: at the next audit,{' '}
                <code>
                  threadgraph audit verify --noted {verdict.headSeq}:{verdict.headHash}
                </code>{' '}
                shows that nothing before it was rewritten.
              </>
            ) : null}
          </p>
        ) : (
          <>
            <p>
              <Badge tone="bad">not intact</Badge> {count(verdict.count)} events read,{' '}
              {count(verdict.problems.length)} problems:
            </p>
            <ul>
              {verdict.problems.map((p) => (
                <li key={`${p.seq} ${p.problem}`}>{p.problem}</li>
              ))}
            </ul>
          </>
        )}
      </Section>
      <Section id="events" title="Events, newest first">
        <form
          class="filters"
          onSubmit={(e) => {
            e.preventDefault();
          }}
        >
          <label>
            Action{' '}
            <select
              value={action}
              onChange={(e) => {
                setAction((e.target as HTMLSelectElement).value);
                restart();
              }}
            >
              {ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {a === '' ? 'every action' : a}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            Who{' '}
            <input
              type="text"
              value={actor}
              placeholder="subject, key name, cli:user"
              onChange={(e) => {
                setActor((e.target as HTMLInputElement).value);
                restart();
              }}
            />
          </label>
        </form>
        {t.error ? (
          <ErrorBox error={t.error} />
        ) : !page ? (
          <Loading what="the audit trail" />
        ) : page.nodes.length === 0 ? (
          <Empty>No event{action || actor ? ' matches' : ' yet'}.</Empty>
        ) : (
          <>
            <Table
              caption="Audit events, newest first"
              rows={page.nodes}
              rowKey={(e) => String(e.seq)}
              columns={[
                { head: '#', numeric: true, cell: (e) => e.seq },
                { head: 'When', cell: (e) => when(e.at) },
                { head: 'Who', cell: (e) => `${e.actor} (${e.actorKind})` },
                { head: 'Action', cell: (e) => e.action },
                { head: 'On', cell: (e) => e.target ?? '—' },
                { head: 'From', cell: (e) => e.from ?? '—' },
                { head: 'Why', cell: (e) => e.reason ?? '—' },
                { head: 'Detail', cell: (e) => detail(e.detail) },
                { head: 'Hash', cell: (e) => <code title={e.hash}>{e.hash.slice(0, 12)}…</code> },
              ]}
            />
            <nav class="pager" aria-label="Pages of audit events">
              <button
                type="button"
                disabled={history.length === 0}
                onClick={() => {
                  setAfter(history[history.length - 1] ?? null);
                  setHistory(history.slice(0, -1));
                }}
              >
                Newer
              </button>
              <button
                type="button"
                disabled={!page.pageInfo.hasNextPage}
                onClick={() => {
                  setHistory([...history, after]);
                  setAfter(page.pageInfo.endCursor ?? null);
                }}
              >
                Older
              </button>
            </nav>
          </>
        )}
      </Section>
    </>
  );
}

function detail(json: string | null | undefined): string {
  if (!json) return '—';
  try {
    return Object.entries(JSON.parse(json) as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${String(v)}`)
      .join(', ');
  } catch {
    return json;
  }
}
