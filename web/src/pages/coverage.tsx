/**
 * Requirement coverage of a part revision: each requirement against the characteristics of the
 * revision's inspection plans that verify it (a matrix), and how many of the units built to it
 * are verified.
 */
import { useState } from 'preact/hooks';
import { Link, useLocation } from 'wouter-preact';
import { useQuery } from '../api/use-query';
import { Badge, Empty, ErrorBox, Facts, Loading, Section, Title } from '../components/ui';
import { count, percent } from '../format';
import { graphql } from '../gql';
import { coverageHref, provenanceHref } from '../links';

const COVERAGE = graphql(`
  query Coverage($part: String!, $revision: String!) {
    requirementCoverage(partNumber: $part, revision: $revision) {
      partNumber
      revision
      designCoverage
      verificationCoverage
      totalUnits
      uncovered
      requirements {
        id
        title
        verifyingCharacteristics
        verifiedUnits
        totalUnits
      }
    }
  }
`);

const REVISIONS = graphql(`
  query PartRevisions($part: [String!]!) {
    record(kind: "Part", key: $part) {
      links {
        direction
        via
        kind
        key
      }
    }
  }
`);

export function CoveragePage({
  part,
  revision,
}: {
  part?: string | undefined;
  revision?: string | undefined;
}) {
  if (part && revision) return <Coverage part={part} revision={revision} />;
  return <Choose part={part} />;
}

function Choose({ part }: { part?: string | undefined }) {
  const [p, setP] = useState(part ?? 'PA-100');
  const [r, setR] = useState('');
  const [, navigate] = useLocation();
  const { data } = useQuery(REVISIONS, { part: [p.trim()] }, p.trim() === '');
  const revisions = (data?.record?.links ?? [])
    .filter((l) => l.kind === 'PartRevision' && l.direction === 'IN')
    .map((l) => l.key[1] as string);
  return (
    <>
      <Title>Requirement coverage</Title>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (p.trim() && r.trim()) navigate(coverageHref(p.trim(), r.trim()));
        }}
      >
        <label for="part">Part</label>
        <input id="part" value={p} onInput={(e) => setP((e.target as HTMLInputElement).value)} />
        <label for="rev">Revision</label>
        <input
          id="rev"
          value={r}
          size={4}
          onInput={(e) => setR((e.target as HTMLInputElement).value)}
        />
        <button type="submit">Show coverage</button>
      </form>
      {revisions.length > 0 ? (
        <>
          <p>Revisions of {p}:</p>
          <ul class="chips" aria-label={`Revisions of ${p}`}>
            {revisions.map((rev) => (
              <li key={rev}>
                <Link href={coverageHref(p.trim(), rev)}>{rev}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

function Coverage({ part, revision }: { part: string; revision: string }) {
  const { data, error, loading } = useQuery(COVERAGE, { part, revision });
  if (loading && !data) return <Loading what="requirement coverage" />;
  if (error) return <ErrorBox error={error} />;
  const c = data?.requirementCoverage;
  if (!c)
    return (
      <Empty>
        No part revision {part} rev {revision} is known.
      </Empty>
    );
  const characteristics = [
    ...new Set(c.requirements.flatMap((r) => r.verifyingCharacteristics)),
  ].sort();
  return (
    <>
      <Title
        sub={
          <Link href={provenanceHref('PartRevision', [part, revision])}>Record and provenance</Link>
        }
      >{`Coverage of ${part} rev ${revision}`}</Title>
      <Facts
        items={[
          [
            'Design coverage',
            `${percent(c.designCoverage, c.requirements.length)} of ${count(c.requirements.length)} requirements have a verifying characteristic`,
          ],
          [
            'Verification coverage',
            `${percent(c.verificationCoverage, c.totalUnits)} of requirement checks across ${count(c.totalUnits)} units built to it`,
          ],
          ['Not covered', c.uncovered.length ? c.uncovered.join(', ') : 'none'],
        ]}
      />
      <Section id="matrix" title="Requirements × characteristics" count={c.requirements.length}>
        {c.requirements.length === 0 ? (
          <Empty>The revision satisfies no requirement on record.</Empty>
        ) : (
          <div class="table-wrap" tabIndex={0} role="region" aria-label="Coverage matrix">
            <table class="matrix">
              <caption class="visually-hidden">
                Which characteristics verify which requirements, and the units verified
              </caption>
              <thead>
                <tr>
                  <th scope="col">Requirement</th>
                  {characteristics.map((ch) => (
                    <th key={ch} scope="col" class="rotate">
                      <span>{ch}</span>
                    </th>
                  ))}
                  <th scope="col" class="num">
                    Verified units
                  </th>
                </tr>
              </thead>
              <tbody>
                {c.requirements.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <Link href={provenanceHref('Requirement', [r.id])}>{r.id}</Link>
                      {r.title ? <span class="muted"> {r.title}</span> : null}
                    </th>
                    {characteristics.map((ch) => (
                      <td key={ch} class="mark">
                        {r.verifyingCharacteristics.includes(ch) ? (
                          <span aria-label={`${ch} verifies ${r.id}`}>●</span>
                        ) : (
                          <span class="visually-hidden">no</span>
                        )}
                      </td>
                    ))}
                    <td class="num">
                      {r.verifyingCharacteristics.length === 0 ? (
                        <Badge tone="bad">not covered</Badge>
                      ) : (
                        <>
                          {count(r.verifiedUnits)} / {count(r.totalUnits)}
                          <meter
                            min={0}
                            max={Math.max(1, r.totalUnits)}
                            value={r.verifiedUnits}
                            aria-label={`${r.id}: ${r.verifiedUnits} of ${r.totalUnits} units verified`}
                          />
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </>
  );
}
