/**
 * A serial's evidence chain, laid out for an auditor: the verdict and the gaps first (each linked
 * to the record it is about), then how it was built (revision, drawing, currency), requirements,
 * the operations as a timeline (with what the machine measured), inspections with their limits,
 * NCRs with their CAPA, the components and the shipments. The device history record downloads
 * as PDF, CSV or JSON.
 */
import { useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { request } from '../api/client';
import { useQuery } from '../api/use-query';
import { useAccess } from '../access';
import { DownloadLink, NotPermitted } from '../components/access';
import { LineChart, color } from '../components/chart';
import {
  Badge,
  Current,
  Empty,
  ErrorBox,
  Facts,
  Loading,
  Section,
  Table,
  Title,
} from '../components/ui';
import { kwh, num, unitSymbol, when } from '../format';
import { graphql } from '../gql';
import type { ChainQuery, OperationReadingsQuery } from '../gql/graphql';
import { gapHref, lotHref, provenanceHref, serialGenealogyHref, unitHref } from '../links';

const CHAIN = graphql(`
  query Chain($serial: String!) {
    evidenceChain(serialNumber: $serial) {
      serialNumber
      partNumber
      site
      status
      workOrderId
      builtToRevision
      buildStartedAt
      complete
      gaps {
        code
        message
        ref
        record {
          kind
          key
        }
      }
      drawing {
        number
        revision
        current
        currentRevision
        at
      }
      requirements {
        id
        title
        status
        verifyingCharacteristics
      }
      operations {
        id
        opNumber
        startedAt
        completedAt
        status
        rework
        equipmentId
        operatorId
        workInstruction {
          number
          revision
          current
          currentRevision
        }
        readings {
          tag
          unit
          count
          min
          max
          mean
        }
      }
      inspections {
        id
        characteristicId
        operationExecutionId
        value
        result
        inspectedAt
        plan {
          number
          revision
          current
          currentRevision
        }
        characteristic {
          name
          nominal
          lower
          upper
          unit
        }
      }
      nonconformances {
        id
        status
        disposition
        via
        raisedAt
        description
        structured
        capa {
          id
          status
          closedAt
        }
      }
      components {
        kind
        id
        partNumber
        depth
        parentId
      }
      shipments {
        id
        shippedAt
        customer
      }
    }
  }
`);

const READINGS = graphql(`
  query OperationReadings($id: String!, $limit: Int!) {
    operationReadings(executionId: $id, limit: $limit) {
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

const ENERGY = graphql(`
  query UnitEnergy($serial: String!) {
    unitEnergy(serialNumber: $serial) {
      kwh
      operations {
        executionId
        kwh
      }
    }
  }
`);

type Chain = NonNullable<ChainQuery['evidenceChain']>;

export function UnitPage({ serial }: { serial: string }) {
  const { data, error, loading } = useQuery(CHAIN, { serial });
  if (loading && !data) return <Loading what={`the evidence chain of ${serial}`} />;
  if (error) return <ErrorBox error={error} />;
  const chain = data?.evidenceChain;
  if (!chain) {
    return (
      <>
        <Title>{serial}</Title>
        <Empty>
          No unit {serial} is known: no MES record of it has been imported.{' '}
          <Link href={`/search?q=${encodeURIComponent(serial)}`}>Search for it</Link>.
        </Empty>
      </>
    );
  }
  return <Chain chain={chain} />;
}

function Chain({ chain }: { chain: Chain }) {
  const s = chain.serialNumber;
  // the machines' energy counters, when any measured this unit's operations
  const energy = useQuery(ENERGY, { serial: s }).data?.unitEnergy;
  const kwhOf = new Map(energy?.operations.map((o) => [o.executionId, o.kwh]));
  const dhr = (ext: string) => `/dhr/${encodeURIComponent(s)}.${ext}`;
  const access = useAccess();
  return (
    <article class="chain">
      <Title
        sub={[
          chain.partNumber,
          chain.builtToRevision ? `rev ${chain.builtToRevision}` : null,
          chain.site,
          chain.status,
        ]
          .filter(Boolean)
          .join(' · ')}
      >
        {s}
      </Title>
      <div class={`verdict ${chain.complete ? 'ok' : 'bad'}`} role="status">
        <strong>
          {chain.complete
            ? 'Evidence complete'
            : `Evidence incomplete: ${chain.gaps.length} gap${chain.gaps.length === 1 ? '' : 's'}`}
        </strong>
        <div class="actions">
          {access.can('export') ? (
            <>
              <DownloadLink class="button" href={dhr('pdf')}>
                Device history record (PDF)
              </DownloadLink>
              <DownloadLink class="button secondary" href={dhr('csv')}>
                CSV
              </DownloadLink>
              <DownloadLink class="button secondary" href={dhr('json')}>
                JSON
              </DownloadLink>
            </>
          ) : (
            <NotPermitted what="The device history record" permission="export" />
          )}
          <Link class="button secondary" href={serialGenealogyHref(s)}>
            Genealogy
          </Link>
          <Link class="button secondary" href={provenanceHref('Unit', [s])}>
            Provenance
          </Link>
        </div>
      </div>

      {chain.gaps.length > 0 ? (
        <Section id="gaps" title="Gaps" count={chain.gaps.length}>
          <ul class="gaps">
            {chain.gaps.map((g) => {
              const href = gapHref(g.record);
              return (
                <li key={`${g.code} ${g.ref ?? ''}`}>
                  <Badge tone="bad">{g.code}</Badge>
                  <span class="gap-message">{g.message}</span>
                  {href ? (
                    <Link href={href} class="gap-ref">
                      {g.ref}
                    </Link>
                  ) : g.ref ? (
                    <span class="gap-ref">{g.ref}</span>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </Section>
      ) : null}

      <Section id="build" title="Built to">
        <Facts
          items={[
            [
              'Part',
              <Link href={provenanceHref('Part', [chain.partNumber])}>{chain.partNumber}</Link>,
            ],
            [
              'Revision',
              chain.builtToRevision ? (
                <>
                  <Link
                    href={provenanceHref('PartRevision', [chain.partNumber, chain.builtToRevision])}
                  >
                    {chain.builtToRevision}
                  </Link>{' '}
                  {chain.gaps.some((g) => g.code === 'BUILT_TO_SUPERSEDED_REVISION') ? (
                    <Badge tone="bad">superseded</Badge>
                  ) : (
                    <Badge tone="ok">current</Badge>
                  )}
                </>
              ) : (
                '—'
              ),
            ],
            [
              'Drawing',
              chain.drawing ? (
                <>
                  <Revision kind="DrawingRevision" doc={chain.drawing} />
                  {chain.drawing.at ? (
                    <span class="muted"> at {when(chain.drawing.at)}</span>
                  ) : null}
                </>
              ) : (
                '—'
              ),
            ],
            [
              'Work order',
              chain.workOrderId ? (
                <Link href={provenanceHref('WorkOrder', [chain.workOrderId])}>
                  {chain.workOrderId}
                </Link>
              ) : (
                '—'
              ),
            ],
            ['Build started', when(chain.buildStartedAt)],
            ['Status', chain.status ?? '—'],
          ]}
        />
      </Section>

      <Section id="requirements" title="Requirements" count={chain.requirements.length}>
        {chain.requirements.length === 0 ? (
          <Empty>The built-to revision satisfies no requirement on record.</Empty>
        ) : (
          <Table
            caption="Requirements and their status for this unit"
            rows={chain.requirements}
            rowKey={(r) => r.id}
            columns={[
              {
                head: 'Requirement',
                cell: (r) => <Link href={provenanceHref('Requirement', [r.id])}>{r.id}</Link>,
              },
              { head: 'Title', cell: (r) => r.title ?? '—' },
              {
                head: 'Status',
                cell: (r) => (
                  <Badge
                    tone={r.status === 'VERIFIED' ? 'ok' : r.status === 'FAILED' ? 'bad' : 'warn'}
                  >
                    {r.status.replace('_', ' ')}
                  </Badge>
                ),
              },
              {
                head: 'Verified by',
                cell: (r) =>
                  r.verifyingCharacteristics.length ? r.verifyingCharacteristics.join(', ') : '—',
              },
            ]}
          />
        )}
      </Section>

      <Section id="operations" title="Operations" count={chain.operations.length}>
        {chain.operations.length === 0 ? (
          <Empty>No operation was recorded for this unit.</Empty>
        ) : (
          <>
            {energy && energy.operations.length > 0 ? (
              <p class="muted">
                Energy: <strong class="unit-energy">{kwh(energy.kwh)}</strong> over{' '}
                {energy.operations.length} measured operation
                {energy.operations.length === 1 ? '' : 's'}, from the machines' energy counters.
              </p>
            ) : null}
            <Timeline operations={chain.operations} kwhOf={kwhOf} />
          </>
        )}
      </Section>

      <Section id="inspections" title="Inspections" count={chain.inspections.length}>
        {chain.inspections.length === 0 ? (
          <Empty>No inspection result names this unit.</Empty>
        ) : (
          <Table
            caption="Inspection results of this unit"
            rows={chain.inspections}
            rowKey={(i) => i.id}
            columns={[
              {
                head: 'Characteristic',
                cell: (i) => (
                  <Link href={provenanceHref('InspectionResult', [i.id])}>
                    {i.characteristicId}
                    {i.characteristic?.name ? ` · ${i.characteristic.name}` : ''}
                  </Link>
                ),
              },
              { head: 'Value', numeric: true, cell: (i) => num(i.value, i.characteristic?.unit) },
              { head: 'Limits', cell: (i) => limits(i.characteristic) },
              {
                head: 'Result',
                cell: (i) => (
                  <Badge tone={i.result === 'PASS' ? 'ok' : i.result === 'FAIL' ? 'bad' : 'warn'}>
                    {i.result || '—'}
                  </Badge>
                ),
              },
              {
                head: 'Plan',
                cell: (i) => (
                  <>
                    <Revision kind="InspectionPlanRevision" doc={i.plan} />
                  </>
                ),
              },
              { head: 'Inspected', cell: (i) => when(i.inspectedAt) },
            ]}
          />
        )}
      </Section>

      <Section id="ncrs" title="Nonconformances" count={chain.nonconformances.length}>
        {chain.nonconformances.length === 0 ? (
          <Empty>No NCR touches this unit.</Empty>
        ) : (
          <Table
            caption="Nonconformances touching this unit"
            rows={chain.nonconformances}
            rowKey={(n) => n.id}
            columns={[
              {
                head: 'NCR',
                cell: (n) => <Link href={provenanceHref('Nonconformance', [n.id])}>{n.id}</Link>,
              },
              { head: 'Via', cell: (n) => n.via },
              {
                head: 'Status',
                cell: (n) => <Badge tone={n.status === 'OPEN' ? 'bad' : 'info'}>{n.status}</Badge>,
              },
              { head: 'Disposition', cell: (n) => n.disposition ?? '—' },
              {
                head: 'Structured',
                cell: (n) =>
                  n.structured ? <Badge tone="ok">yes</Badge> : <Badge tone="warn">no</Badge>,
              },
              {
                head: 'CAPA',
                cell: (n) =>
                  n.capa ? (
                    <>
                      <Link href={provenanceHref('Capa', [n.capa.id])}>{n.capa.id}</Link>{' '}
                      <Badge tone={n.capa.status === 'CLOSED' ? 'ok' : 'warn'}>
                        {n.capa.status}
                      </Badge>
                    </>
                  ) : (
                    '—'
                  ),
              },
              { head: 'Raised', cell: (n) => when(n.raisedAt) },
              { head: 'Description', cell: (n) => n.description ?? '—' },
            ]}
          />
        )}
      </Section>

      <Section id="components" title="Components" count={chain.components.length}>
        {chain.components.length === 0 ? (
          <Empty>No component or lot was consumed into this unit.</Empty>
        ) : (
          <Components chain={chain} />
        )}
      </Section>

      <Section id="shipments" title="Shipments" count={chain.shipments.length}>
        {chain.shipments.length === 0 ? (
          <Empty>Not shipped.</Empty>
        ) : (
          <Table
            caption="Shipments naming this unit"
            rows={chain.shipments}
            rowKey={(x) => x.id}
            columns={[
              {
                head: 'Shipment',
                cell: (x) => <Link href={provenanceHref('Shipment', [x.id])}>{x.id}</Link>,
              },
              { head: 'Shipped', cell: (x) => when(x.shippedAt) },
              { head: 'Customer', cell: (x) => x.customer ?? '—' },
            ]}
          />
        )}
      </Section>
    </article>
  );
}

function limits(c: Chain['inspections'][number]['characteristic']): string {
  if (!c) return '—';
  const range = c.lower !== null || c.upper !== null ? `${num(c.lower)} … ${num(c.upper)}` : '';
  const nominal = c.nominal !== null ? `nominal ${num(c.nominal)}` : '';
  return (
    [range, nominal].filter(Boolean).join(', ') +
      (c.unit && (range || nominal) ? ` ${c.unit}` : '') || '—'
  );
}

function Timeline({
  operations,
  kwhOf,
}: {
  operations: Chain['operations'];
  kwhOf: ReadonlyMap<string, number>;
}) {
  return (
    <ol class="timeline">
      {operations.map((op) => (
        <li key={op.id}>
          <div class="op-head">
            <span class="op-number">Op {op.opNumber}</span>
            <Link href={provenanceHref('OperationExecution', [op.id])}>{op.id}</Link>
            {op.status ? (
              <Badge tone={op.status === 'COMPLETED' ? 'ok' : 'warn'}>{op.status}</Badge>
            ) : null}
            {op.rework ? <Badge tone="warn">rework</Badge> : null}
          </div>
          <div class="op-time">
            {when(op.startedAt)} → {when(op.completedAt)}
          </div>
          <Facts
            items={[
              [
                'Work instruction',
                op.workInstruction ? (
                  <Revision kind="WorkInstructionRevision" doc={op.workInstruction} />
                ) : (
                  <Badge tone="bad">none recorded</Badge>
                ),
              ],
              [
                'Equipment',
                op.equipmentId ? (
                  <Link href={provenanceHref('Equipment', [op.equipmentId])}>{op.equipmentId}</Link>
                ) : (
                  '—'
                ),
              ],
              [
                'Operator',
                op.operatorId ? (
                  <Link href={provenanceHref('Operator', [op.operatorId])}>{op.operatorId}</Link>
                ) : (
                  '—'
                ),
              ],
              ...(kwhOf.has(op.id)
                ? ([['Energy', kwh(kwhOf.get(op.id))]] as [string, string][])
                : []),
            ]}
          />
          {op.readings.length > 0 ? <Readings op={op} /> : null}
        </li>
      ))}
    </ol>
  );
}

function Readings({ op }: { op: Chain['operations'][number] }) {
  const [series, setSeries] = useState<OperationReadingsQuery['operationReadings'] | undefined>();
  const [failed, setFailed] = useState<string | undefined>();
  return (
    <div class="readings">
      <table class="mini">
        <caption>Readings of {op.equipmentId} during the operation</caption>
        <thead>
          <tr>
            <th scope="col">Tag</th>
            <th scope="col" class="num">
              Count
            </th>
            <th scope="col" class="num">
              Min
            </th>
            <th scope="col" class="num">
              Mean
            </th>
            <th scope="col" class="num">
              Max
            </th>
          </tr>
        </thead>
        <tbody>
          {op.readings.map((r) => (
            <tr key={r.tag}>
              <th scope="row">{r.tag}</th>
              <td class="num">{r.count}</td>
              <td class="num">{num(r.min, unitSymbol(r.unit))}</td>
              <td class="num">{num(r.mean, unitSymbol(r.unit))}</td>
              <td class="num">{num(r.max, unitSymbol(r.unit))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {series === undefined ? (
        <button
          type="button"
          class="link-button"
          onClick={() =>
            void request(READINGS, { id: op.id, limit: 300 }).then(
              (d) => setSeries(d.operationReadings),
              (e: Error) => setFailed(e.message),
            )
          }
        >
          Show the readings as a chart
        </button>
      ) : (
        series.map((s, i) => (
          <figure key={s.tag} class="small-chart">
            <figcaption>
              {s.tag}
              {unitSymbol(s.unit) ? ` (${unitSymbol(s.unit)})` : ''} — {s.count} readings
              {s.points.length < s.count ? `, ${s.points.length} shown` : ''}
            </figcaption>
            <LineChart
              label={`${s.tag} during operation ${op.opNumber}`}
              height={140}
              x={s.points.map((p) => Date.parse(p.t) / 1000)}
              series={[
                { label: s.tag, values: s.points.map((p) => p.value ?? null), color: color(i) },
              ]}
            />
          </figure>
        ))
      )}
      {failed ? <p class="error-inline">{failed}</p> : null}
    </div>
  );
}

function Components({ chain }: { chain: Chain }) {
  const byParent = new Map<string, Chain['components']>();
  for (const c of chain.components)
    byParent.set(c.parentId, [...(byParent.get(c.parentId) ?? []), c]);
  const render = (parent: string, seen: Set<string>): preact.JSX.Element | null => {
    const children = byParent.get(parent) ?? [];
    if (children.length === 0) return null;
    return (
      <ul>
        {children.map((c) => (
          <li key={`${c.kind} ${c.id}`}>
            <Link href={c.kind === 'LOT' ? lotHref(c.id) : unitHref(c.id)}>
              {c.kind === 'LOT' ? 'lot' : 'serial'} {c.id}
            </Link>
            {c.partNumber ? <span class="muted"> {c.partNumber}</span> : null}
            {!seen.has(c.id) ? render(c.id, new Set([...seen, c.id])) : null}
          </li>
        ))}
      </ul>
    );
  };
  return <div class="tree">{render(chain.serialNumber, new Set([chain.serialNumber]))}</div>;
}

/** A controlled document's revision, linked to its record, and whether it was current. */
function Revision({
  kind,
  doc,
}: {
  kind: string;
  doc: { number: string; revision: string; current: boolean; currentRevision?: string | null };
}) {
  return (
    <>
      <Link href={provenanceHref(kind, [doc.number, doc.revision])}>
        {doc.number} rev {doc.revision}
      </Link>{' '}
      <Current current={doc.current} currentRevision={doc.currentRevision} />
    </>
  );
}
