/**
 * threadgraph as a client sees it: GraphQL over HTTP to `threadgraph serve`, one request per
 * question (the whole recall list: one request per page of 1 000).
 */
import type { Answer, AsBuilt, EvidenceFacts, Peer, Question, RecallScope } from './answers';
import { byEdge } from './answers';

const EVIDENCE = `query ($s: String!) { evidenceChain(serialNumber: $s) {
  serialNumber partNumber site workOrderId builtToRevision
  drawing { number revision }
  requirements { id }
  operations { id opNumber startedAt equipmentId operatorId workInstruction { number revision } }
  inspections { id characteristicId result plan { number revision } }
  nonconformances { id status capa { id } }
  components { kind id depth parentId }
} }`;

const BACKWARD = `query ($s: String!) { traceBackward(serialNumber: $s) {
  root nodes { kind id depth parentId } } }`;

const FORWARD = `query ($s: String, $l: String, $first: Int!, $after: String) {
  traceForward(serialNumber: $s, lotNumber: $l, first: $first, after: $after) {
    totalCount shippedCount units { serialNumber depth } pageInfo { hasNextPage endCursor } } }`;

const PAGE = 1000;

interface ForwardPage {
  totalCount: number;
  shippedCount: number;
  units: { serialNumber: string; depth: number }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export function threadgraphPeer(url: string): Peer {
  const post = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown };
    if (res.status !== 200 || body.errors || !body.data)
      throw new Error(`threadgraph: ${res.status} ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const forward = async (
    target: { s?: string; l?: string },
    all: boolean,
    first: number,
  ): Promise<RecallScope> => {
    const units: RecallScope['units'][number][] = [];
    let after: string | null = null;
    for (;;) {
      const { traceForward: page }: { traceForward: ForwardPage } = await post(FORWARD, {
        ...target,
        first: all ? PAGE : first,
        after,
      });
      units.push(...page.units);
      if (!all || !page.pageInfo.hasNextPage) {
        return { totalCount: page.totalCount, shippedCount: page.shippedCount, units };
      }
      after = page.pageInfo.endCursor;
    }
  };
  return {
    name: 'threadgraph',
    async ask(question: Question): Promise<Answer> {
      switch (question.kind) {
        case 'evidence':
          return evidenceFacts(
            (await post<{ evidenceChain: RawChain }>(EVIDENCE, { s: question.serialNumber }))
              .evidenceChain,
          );
        case 'asBuilt': {
          const { traceBackward: t } = await post<{
            traceBackward: { root: string; nodes: AsBuilt['edges'][number][] };
          }>(BACKWARD, { s: question.serialNumber });
          return { root: t.root, edges: [...t.nodes].sort(byEdge) };
        }
        case 'recallSerial':
          return forward({ s: question.serialNumber }, true, PAGE);
        case 'recallLot':
          return forward({ l: question.lotNumber }, true, PAGE);
        case 'recallWidestFirst':
          return forward({ l: question.lotNumber }, false, 100);
        case 'recallWidestAll':
          return forward({ l: question.lotNumber }, true, PAGE);
      }
    },
    close: () => Promise.resolve(),
  };
}

type RawChain = Omit<EvidenceFacts, 'requirements' | 'nonconformances'> & {
  requirements: { id: string }[];
  nonconformances: { id: string; status: string; capa: { id: string } | null }[];
};

function evidenceFacts(c: RawChain): EvidenceFacts {
  const byId = <T extends { id: string }>(list: readonly T[]) =>
    [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    serialNumber: c.serialNumber,
    partNumber: c.partNumber,
    site: c.site,
    workOrderId: c.workOrderId,
    builtToRevision: c.builtToRevision,
    drawing: c.drawing,
    requirements: c.requirements.map((r) => r.id).sort(),
    operations: byId(c.operations),
    inspections: byId(c.inspections),
    nonconformances: byId(
      c.nonconformances.map((n) => ({ id: n.id, status: n.status, capaId: n.capa?.id ?? null })),
    ),
    components: [...c.components].sort(byEdge),
  };
}
