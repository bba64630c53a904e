/**
 * The Neo4j GraphQL Library (@neo4j/graphql 7) as a peer: a GraphQL API generated from type
 * definitions over threadgraph's own graph, as it is, the way a user of the library would build
 * it — one `@node` type per label, `@relationship` fields where the graph has relationships,
 * `@cypher` fields where it has only properties (an execution's work instruction, equipment and
 * operator; a result's plan revision) and where the question is genealogy at any depth (no
 * generated field walks a variable-length path). Each question is one GraphQL operation, run
 * in-process with `graphql()` against the generated schema; the library turns it into one Cypher
 * statement in one read transaction.
 *
 * The API is read-only (no mutations generated), and nothing here writes to the graph or asks
 * the library to assert indexes or constraints: the graph's own (migrations) are used as they are.
 *
 * What is left to us after the query (post-processing, kept to what the library cannot do):
 * sorting the lists the normal form sorts (`byEdge`, by id), an NCR without a status counted as
 * `OPEN`, and a part number or site taken from the work order when the unit names none — the
 * readings threadgraph's evidence chain applies (src/domain/evidence.ts); and an instant as
 * threadgraph's DateTime presents it (stored with nine fractional digits, graph-schema/model.md;
 * answered without trailing zeros, `formatInstant`).
 */
import { Neo4jGraphQL } from '@neo4j/graphql';
import type { GraphQLSchema } from 'graphql';
import { graphql } from 'graphql';
import type { Neo4jTarget } from '../../../src/config';
import { formatInstant } from '../../../src/domain/time';
import { benchDriver } from '../serve-process';
import type {
  Answer,
  AsBuilt,
  ComponentEdge,
  DocumentFacts,
  EvidenceFacts,
  Peer,
  Question,
  RecallScope,
} from './answers';
import { byEdge } from './answers';

/**
 * Genealogy downwards, as threadgraph walks it (graph-schema/model.md, reading 14): every record
 * reached within 49 steps is a parent, at its least depth; each of its CONSUMED edges is listed
 * once at the parent's depth + 1 (so at most 50); an edge back to the unit itself (a cycle in the
 * data) is not a component. `ANY SHORTEST` finds each record's least depth in one breadth-first
 * search, so a cycle or a record reached along many paths costs nothing extra.
 */
const COMPONENTS = `
MATCH p = ANY SHORTEST (this)-[:CONSUMED]->{0,49}(parent:Artefact)
MATCH (parent)-[:CONSUMED]->(child:Artefact)
WHERE child <> this
RETURN DISTINCT {
  kind: CASE WHEN child:Unit THEN 'SERIAL' ELSE 'LOT' END,
  id: coalesce(child.serialNumber, child.lotNumber),
  depth: length(p) + 1,
  parentId: coalesce(parent.serialNumber, parent.lotNumber)
} AS edge`;

/**
 * NCR reach (canonical model; cypher/evidence/read-nonconformances.cypher): the NCRs naming the
 * unit or any serial or lot in its genealogy (to depth 50), or an operation execution performed
 * on one of them.
 */
const NONCONFORMANCES = `
MATCH ANY SHORTEST (this)-[:CONSUMED]->{0,50}(t:Artefact)
CALL (t) {
  MATCH (t)<-[:NAMES_UNIT|NAMES_LOT]-(ncr:Nonconformance)
  RETURN ncr
  UNION
  MATCH (t)<-[:PERFORMED_ON]-(:OperationExecution)<-[:NAMES_OPERATION]-(ncr:Nonconformance)
  RETURN ncr
}
RETURN DISTINCT ncr`;

/**
 * Recall scope (graph-schema/model.md, reading 14): every unit the lot or serial was consumed
 * into, through units and lots, within 50 steps, at its least depth; how many of them have
 * shipped (derived `shippedAt`, as threadgraph counts); and the first `$first` of them (all
 * when null) nearest first, then in natural order of serial. Natural order (src/domain/natural-
 * order.ts) as a sort key: the text before the trailing digits, then the trailing integer (its
 * digits without leading zeros: by length, then as text, so no integer overflows), then the
 * serial itself. The key orders exactly as threadgraph's comparison wherever serials that share
 * a prefix end in digits — all of ours; it can differ only between serials whose prefixes are
 * not equal but one is a prefix of the other, where threadgraph compares whole strings.
 */
const RECALL = `
MATCH p = ANY SHORTEST (this)<-[:CONSUMED]-{1,50}(u:Unit)
WHERE u <> this
WITH u.serialNumber AS serial, length(p) AS depth, u.shippedAt IS NOT NULL AS shipped
WITH serial, depth, shipped, rtrim(serial, '0123456789') AS prefix
WITH serial, depth, shipped, prefix, ltrim(substring(serial, size(prefix)), '0') AS number
ORDER BY depth, prefix, size(number), number, serial
WITH collect({serialNumber: serial, depth: depth}) AS units, count(*) AS total,
  count(CASE WHEN shipped THEN 1 END) AS shipped
RETURN {
  totalCount: total,
  shippedCount: shipped,
  units: CASE WHEN $first IS NULL THEN units ELSE units[0..$first] END
} AS scope`;

/** Our graph as the library sees it: only the labels, properties and relationships we ask. */
const TYPE_DEFS = `
extend schema @mutation(operations: [])

type Unit @node {
  serialNumber: String!
  partNumber: String
  site: String
  workOrderId: String
  placeholder: Boolean
  workOrder: WorkOrder @relationship(type: "BUILT_UNDER", direction: OUT)
  operations: [OperationExecution!]! @relationship(type: "PERFORMED_ON", direction: IN)
  inspections: [InspectionResult!]! @relationship(type: "INSPECTS", direction: IN)
  components: [Consumption!]! @cypher(statement: """${COMPONENTS}""", columnName: "edge")
  nonconformances: [Nonconformance!]!
    @cypher(statement: """${NONCONFORMANCES}""", columnName: "ncr")
  recall(first: Int): RecallScope! @cypher(statement: """${RECALL}""", columnName: "scope")
}

type Lot @node {
  lotNumber: String!
  partNumber: String
  recall(first: Int): RecallScope! @cypher(statement: """${RECALL}""", columnName: "scope")
}

type WorkOrder @node {
  id: String!
  partNumber: String
  site: String
  revision: String
  placeholder: Boolean
  lockedTo: PartRevision @relationship(type: "LOCKED_TO", direction: OUT)
}

type PartRevision @node {
  partNumber: String!
  revision: String!
  placeholder: Boolean
  drawing: DrawingRevision @relationship(type: "HAS_DRAWING", direction: OUT)
  requirements: [Requirement!]! @relationship(type: "SATISFIES", direction: OUT)
}

type DrawingRevision @node {
  drawingNumber: String!
  revision: String!
}

type Requirement @node {
  id: String!
}

type OperationExecution @node {
  id: String!
  opNumber: String
  startedAt: String
  workInstruction: WorkInstructionRevision
    @cypher(
      statement: """
      MATCH (w:WorkInstructionRevision {documentNumber: this.workInstructionNumber,
                                        revision: this.workInstructionRevision})
      RETURN w
      """
      columnName: "w"
    )
  equipment: Equipment
    @cypher(statement: "MATCH (e:Equipment {id: this.equipmentId}) RETURN e", columnName: "e")
  operator: Operator
    @cypher(statement: "MATCH (o:Operator {id: this.operatorId}) RETURN o", columnName: "o")
}

type WorkInstructionRevision @node {
  documentNumber: String!
  revision: String!
}

type Equipment @node {
  id: String!
}

type Operator @node {
  id: String!
}

type InspectionResult @node {
  id: String!
  characteristicId: String!
  result: String
  plan: InspectionPlanRevision
    @cypher(
      statement: """
      MATCH (p:InspectionPlanRevision {planId: this.planId, revision: this.planRevision})
      RETURN p
      """
      columnName: "p"
    )
}

type InspectionPlanRevision @node {
  planId: String!
  revision: String!
}

type Nonconformance @node {
  id: String!
  status: String
  capa: Capa @relationship(type: "HAS_CAPA", direction: OUT)
}

type Capa @node {
  id: String!
}

"A consumption edge of a genealogy: no node, a row of the components field."
type Consumption {
  kind: String!
  id: String!
  depth: Int!
  parentId: String!
}

type RecallScope {
  totalCount: Int!
  shippedCount: Int!
  units: [RecalledUnit!]!
}

type RecalledUnit {
  serialNumber: String!
  depth: Int!
}
`;

const EVIDENCE = `query ($s: String!) {
  units(where: { serialNumber: { eq: $s } }) {
    serialNumber partNumber site workOrderId placeholder
    workOrder {
      partNumber site revision placeholder
      lockedTo { drawing { drawingNumber revision } requirements { id } }
    }
    operations {
      id opNumber startedAt
      equipment { id }
      operator { id }
      workInstruction { documentNumber revision }
    }
    inspections { id characteristicId result plan { planId revision } }
    nonconformances { id status capa { id } }
    components { kind id depth parentId }
  }
}`;

const AS_BUILT = `query ($s: String!) {
  units(where: { serialNumber: { eq: $s } }) { components { kind id depth parentId } }
}`;

const RECALL_SERIAL = `query ($s: String!, $first: Int) {
  units(where: { serialNumber: { eq: $s } }) {
    recall(first: $first) { totalCount shippedCount units { serialNumber depth } }
  }
}`;

const RECALL_LOT = `query ($l: String!, $first: Int) {
  lots(where: { lotNumber: { eq: $l } }) {
    recall(first: $first) { totalCount shippedCount units { serialNumber depth } }
  }
}`;

interface RawUnit {
  serialNumber: string;
  partNumber: string | null;
  site: string | null;
  workOrderId: string | null;
  placeholder: boolean | null;
  workOrder: {
    partNumber: string | null;
    site: string | null;
    revision: string | null;
    placeholder: boolean | null;
    lockedTo: {
      drawing: { drawingNumber: string; revision: string } | null;
      requirements: { id: string }[];
    } | null;
  } | null;
  operations: {
    id: string;
    opNumber: string | null;
    startedAt: string | null;
    equipment: { id: string } | null;
    operator: { id: string } | null;
    workInstruction: { documentNumber: string; revision: string } | null;
  }[];
  inspections: {
    id: string;
    characteristicId: string;
    result: string | null;
    plan: { planId: string; revision: string } | null;
  }[];
  nonconformances: { id: string; status: string | null; capa: { id: string } | null }[];
  components: ComponentEdge[];
}

const EMPTY_SCOPE: RecallScope = { totalCount: 0, shippedCount: 0, units: [] };

export async function neo4jGraphqlPeer(options: {
  neo4j: Neo4jTarget;
  log: (m: string) => void;
  /** print the Cypher the library generates, with its parameters, on stderr (its `debug`) */
  debug?: boolean;
}): Promise<Peer> {
  // the library gets the driver (with the instance's credentials) and opens a session
  // (database "neo4j", read access) per operation
  const driver = benchDriver(options.neo4j);
  let schema: GraphQLSchema;
  try {
    await driver.verifyConnectivity();
    schema = await new Neo4jGraphQL({
      typeDefs: TYPE_DEFS,
      driver,
      ...(options.debug ? { debug: true } : {}),
    }).getSchema();
  } catch (e) {
    await driver.close();
    throw e;
  }
  options.log(`neo4j-graphql: schema generated over ${options.neo4j.uri}`);

  const ask = async <T>(source: string, variableValues: Record<string, unknown>): Promise<T> => {
    const result = await graphql({
      schema,
      source,
      variableValues,
      contextValue: { transaction: { metadata: { app: 'threadgraph-bench-peers' } } },
    });
    if (result.errors?.length || !result.data) {
      throw new Error(`neo4j-graphql: ${result.errors?.map((e) => e.message).join('; ')}`);
    }
    return result.data as T;
  };
  // `first` null: the whole list in one operation. For the widest lot's whole list that is the
  // fastest faithful way: one walk and one sort, where paging as threadgraph does (1 000 a
  // request) would walk and sort again for every page.
  const recall = async (
    question: { s: string } | { l: string },
    first: number | null,
  ): Promise<RecallScope> => {
    if ('s' in question) {
      const { units } = await ask<{ units: { recall: RecallScope }[] }>(RECALL_SERIAL, {
        ...question,
        first,
      });
      return units[0]?.recall ?? EMPTY_SCOPE;
    }
    const { lots } = await ask<{ lots: { recall: RecallScope }[] }>(RECALL_LOT, {
      ...question,
      first,
    });
    return lots[0]?.recall ?? EMPTY_SCOPE;
  };

  return {
    name: 'neo4j-graphql',
    async ask(question: Question): Promise<Answer> {
      switch (question.kind) {
        case 'evidence': {
          const { units } = await ask<{ units: RawUnit[] }>(EVIDENCE, {
            s: question.serialNumber,
          });
          const unit = units[0];
          // threadgraph has no chain for a serial with no MES Unit record (reading 13)
          if (!unit || unit.placeholder) {
            throw new Error(`neo4j-graphql: ${question.serialNumber} has no Unit record`);
          }
          return evidenceFacts(unit);
        }
        case 'asBuilt': {
          const { units } = await ask<{ units: { components: ComponentEdge[] }[] }>(AS_BUILT, {
            s: question.serialNumber,
          });
          const edges = units[0]?.components ?? [];
          return { root: question.serialNumber, edges: [...edges].sort(byEdge) } satisfies AsBuilt;
        }
        case 'recallSerial':
          return recall({ s: question.serialNumber }, null);
        case 'recallLot':
          return recall({ l: question.lotNumber }, null);
        case 'recallWidestFirst':
          return recall({ l: question.lotNumber }, 100);
        case 'recallWidestAll':
          return recall({ l: question.lotNumber }, null);
      }
    },
    close: () => driver.close(),
  };
}

function evidenceFacts(u: RawUnit): EvidenceFacts {
  const byId = <T extends { id: string }>(list: readonly T[]) =>
    [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const wo = u.workOrder;
  const builtTo = wo?.lockedTo ?? null;
  const doc = (number: string, revision: string): DocumentFacts => ({ number, revision });
  return {
    serialNumber: u.serialNumber,
    partNumber: u.partNumber ?? wo?.partNumber ?? '',
    site: u.site ?? wo?.site ?? null,
    workOrderId: u.workOrderId,
    // the revision the work order locks, once ERP sent the order
    builtToRevision: wo && !wo.placeholder ? wo.revision : null,
    drawing: builtTo?.drawing ? doc(builtTo.drawing.drawingNumber, builtTo.drawing.revision) : null,
    requirements: (builtTo?.requirements ?? []).map((r) => r.id).sort(),
    operations: byId(
      u.operations.map((o) => ({
        id: o.id,
        opNumber: o.opNumber ?? '',
        startedAt: o.startedAt === null ? null : formatInstant(o.startedAt),
        equipmentId: o.equipment?.id ?? null,
        operatorId: o.operator?.id ?? null,
        workInstruction: o.workInstruction
          ? doc(o.workInstruction.documentNumber, o.workInstruction.revision)
          : null,
      })),
    ),
    inspections: byId(
      u.inspections.map((i) => ({
        id: i.id,
        characteristicId: i.characteristicId,
        result: i.result ?? '',
        plan: i.plan ? doc(i.plan.planId, i.plan.revision) : doc('', ''),
      })),
    ),
    nonconformances: byId(
      u.nonconformances.map((n) => ({
        id: n.id,
        status: n.status ?? 'OPEN',
        capaId: n.capa?.id ?? null,
      })),
    ),
    components: [...u.components].sort(byEdge),
  };
}
