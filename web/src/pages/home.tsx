/** Where to start: what this is, the questions it answers, the state of the thread and the imports. */
import { Link } from 'wouter-preact';
import { useAccess } from '../access';
import { useQuery } from '../api/use-query';
import { NotPermitted } from '../components/access';
import { Badge, ErrorBox, Loading, Title } from '../components/ui';
import { count, percent, when } from '../format';
import { graphql } from '../gql';
import { jobHref } from '../links';

// two questions, each asked only of those allowed it: one refused field fails a whole request
const HOME = graphql(`
  query Home {
    threadHealth {
      revisionEscapeRate
      structuredNcrRate
      evidenceCompleteness
      operations
      nonconformances
      shippedUnits
    }
  }
`);

const LATEST_IMPORTS = graphql(`
  query LatestImports {
    importJobs(first: 5) {
      nodes {
        id
        state
        file
        finishedAt
        submittedAt
        progress {
          lines
          rejected
        }
      }
    }
  }
`);

export function HomePage() {
  const access = useAccess();
  const health = useQuery(HOME, {}, !(access.can('read') && access.seesAllSites));
  const imports = useQuery(LATEST_IMPORTS, {}, !access.can('import'));
  const h = health.data?.threadHealth;
  const data = imports.data;
  return (
    <>
      <Title sub="The digital thread of every serial number: how it was built, what it contains, where it went, and where its evidence has gaps.">
        threadgraph
      </Title>
      <section class="cards" aria-label="Where to start">
        <Link class="card" href="/unit/SN-0047">
          <h2>Evidence chain</h2>
          <p>
            For a serial: revisions and whether each was current, operations, inspections, NCRs,
            components — and the gaps. Try SN-0047.
          </p>
        </Link>
        <Link class="card" href="/genealogy/lot/SK-00001">
          <h2>Genealogy and recall</h2>
          <p>
            What a unit was built from, and every unit that holds a lot or serial, with shipment and
            customer. Try lot SK-00001.
          </p>
        </Link>
        <Link class="card" href="/impact">
          <h2>Change impact</h2>
          <p>
            The units inside a change order's effectivity, and those built to the superseded
            revision.
          </p>
        </Link>
        <Link class="card" href="/coverage">
          <h2>Requirement coverage</h2>
          <p>
            Requirements of a part revision against the characteristics that verify them, unit by
            unit.
          </p>
        </Link>
      </section>
      <section class="section" aria-labelledby="health-h">
        <h2 id="health-h">Thread health, all time</h2>
        {!access.seesAllSites ? (
          <p class="muted">
            Figures across every site need access to every site; you see{' '}
            {access.me?.sites?.join(', ') || 'no site'}.
          </p>
        ) : !access.can('read') ? (
          <NotPermitted what="Thread health" permission="read" />
        ) : health.loading && !h ? (
          <Loading what="thread health" />
        ) : health.error ? (
          <ErrorBox error={health.error} />
        ) : h ? (
          <div class="tiles">
            <Link class="tile" href="/health">
              <span class="tile-value">{percent(h.revisionEscapeRate, h.operations)}</span>
              <span class="tile-label">
                revision escape rate ({count(h.operations)} operations)
              </span>
            </Link>
            <Link class="tile" href="/health">
              <span class="tile-value">{percent(h.structuredNcrRate, h.nonconformances)}</span>
              <span class="tile-label">structured NCRs ({count(h.nonconformances)} NCRs)</span>
            </Link>
            <Link class="tile" href="/health">
              <span class="tile-value">{percent(h.evidenceCompleteness, h.shippedUnits)}</span>
              <span class="tile-label">
                shipped units with complete evidence ({count(h.shippedUnits)} shipped)
              </span>
            </Link>
          </div>
        ) : null}
      </section>
      <section class="section" aria-labelledby="imports-h">
        <h2 id="imports-h">Latest imports</h2>
        {!access.can('import') ? (
          <NotPermitted what="Import jobs" permission="import" />
        ) : imports.error ? (
          <ErrorBox error={imports.error} />
        ) : data?.importJobs.nodes.length ? (
          <ul class="plain">
            {data.importJobs.nodes.map((j) => (
              <li key={j.id}>
                <Link href={jobHref(j.id)}>{j.file}</Link>{' '}
                <Badge
                  tone={j.state === 'COMPLETED' ? 'ok' : j.state === 'FAILED' ? 'bad' : 'info'}
                >
                  {j.state}
                </Badge>{' '}
                <span class="muted">
                  {when(j.finishedAt ?? j.submittedAt)}
                  {j.progress
                    ? ` · ${count(j.progress.lines)} lines, ${count(j.progress.rejected)} rejected`
                    : ''}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">
            No import job yet. <Link href="/imports">Import a file</Link>.
          </p>
        )}
      </section>
    </>
  );
}
