/**
 * The PostgreSQL peer of `npm run bench:peers`: the same facts in a relational schema, as a
 * traceability product built on PostgreSQL keeps them (postgres-schema.sql), asked each question
 * in one SQL statement — recursive CTEs for genealogy.
 *
 *   1. drops and creates its own database (`threadgraph_peers`), C collation: text compares by
 *      code point, as threadgraph compares strings (by UTF-16 unit; the two differ only beyond
 *      U+FFFF);
 *   2. loads it with every node and CONSUMED relationship threadgraph's import left in the graph
 *      (postgres-load.ts);
 *   3. answers over a pool with prepared statements, in the normal form of answers.ts.
 */
import { Client, Pool } from 'pg';
import type { Neo4jTarget } from '../../../src/config';
import { redactedUrl } from '../../../src/config';
import type { Answer, Peer, Question } from './answers';
import { load } from './postgres-load';

export interface PostgresPeerOptions {
  /** a database to connect to as a user who may create databases */
  readonly pgUrl: string;
  /** the graph to copy (read only) */
  readonly neo4j: Neo4jTarget;
  /** the database the peer drops, creates and loads; default `threadgraph_peers` */
  readonly database?: string;
  readonly log: (m: string) => void;
}

/**
 * The PostgreSQL peer, loaded from the graph; undefined (and a line logged) when PostgreSQL is
 * unreachable. Asking the evidence of a serial with no MES record (threadgraph: null) throws.
 */
export async function postgresPeer(options: PostgresPeerOptions): Promise<Peer | undefined> {
  const { log } = options;
  const database = options.database ?? 'threadgraph_peers';
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) {
    throw new Error(`database: ${JSON.stringify(database)} is not a plain lower-case SQL name`);
  }
  const admin = new Client({ connectionString: options.pgUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (e) {
    log(
      `PostgreSQL at ${redactedUrl(options.pgUrl)} unreachable (${(e as Error).message}): skipped`,
    );
    return undefined;
  }
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'`);
  } finally {
    await admin.end();
  }

  const url = new URL(options.pgUrl);
  url.pathname = `/${database}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const started = performance.now();
    const rows = await load(client, options.neo4j);
    const seconds = (performance.now() - started) / 1000;
    log(
      `PostgreSQL ${database}: loaded in ${seconds.toFixed(1)} s (VACUUM ANALYZE included) — ` +
        [...rows].map(([table, n]) => `${table} ${n}`).join(', '),
    );
  } finally {
    await client.end();
  }

  const pool = new Pool({ connectionString: url.toString(), max: 4 });
  const ask = async (name: string, text: string, values: unknown[]): Promise<Answer> => {
    const { rows } = await pool.query<{ answer: Answer | null }>({ name, text, values });
    const answer = rows[0]?.answer;
    if (answer == null) throw new Error(`PostgreSQL: no answer to ${name} ${String(values[0])}`);
    return answer;
  };
  return {
    name: 'PostgreSQL',
    ask(question: Question): Promise<Answer> {
      switch (question.kind) {
        case 'evidence':
          return ask('evidence', EVIDENCE, [question.serialNumber]);
        case 'asBuilt':
          return ask('as-built', AS_BUILT, [question.serialNumber]);
        case 'recallSerial':
          return ask('recall', RECALL, ['SERIAL', question.serialNumber, null]);
        case 'recallLot':
        case 'recallWidestAll':
          return ask('recall', RECALL, ['LOT', question.lotNumber, null]);
        case 'recallWidestFirst':
          return ask('recall', RECALL, ['LOT', question.lotNumber, 100]);
      }
    },
    close: () => pool.end(),
  };
}

// ---------------------------------------------------------------------------------------------
// The questions: one statement each. Serials are listed in natural order by unit.serial_order
// and times written by `iso_instant` (postgres-schema.sql).

/**
 * Genealogy below the CTE `root (id)`: `below` walks down level by level to depth 49 (the parents
 * of the deepest edges threadgraph lists, at 50); UNION keeps each (item, depth) once, so a cycle
 * in the data ends at the bound. `component` is each consumption edge once, at its least depth —
 * one more than its parent's; an edge back to the root closes a cycle and is no component.
 */
const COMPONENTS = `
  below (item, depth) AS (
    SELECT id, 0 FROM root
    UNION
    SELECT c.child, b.depth + 1
    FROM below b JOIN consumption c ON c.parent = b.item
    WHERE b.depth < 49 AND c.child NOT IN (SELECT id FROM root)
  ),
  component (parent_id, kind, id, depth) AS (
    SELECT p.number, t.kind, t.number, e.depth
    FROM (
      SELECT c.parent, c.child, min(b.depth) + 1 AS depth
      FROM below b JOIN consumption c ON c.parent = b.item
      WHERE c.child NOT IN (SELECT id FROM root)
      GROUP BY c.parent, c.child
    ) e
    JOIN traceable p ON p.id = e.parent
    JOIN traceable t ON t.id = e.child
  )`;

const COMPONENT_LIST = `coalesce((
    SELECT json_agg(json_build_object('kind', kind, 'id', id, 'depth', depth, 'parentId', parent_id)
                    ORDER BY depth, parent_id, kind, id)
    FROM component), '[]')`;

/**
 * Evidence: what the evidence chain of serial $1 reads — the unit (no answer for one only
 * referenced), its work order and the part revision the order locks (builtToRevision is the
 * order's revision unless the order is only referenced; the drawing is the locked revision's, when
 * that revision is known), the requirements that revision satisfies, the unit's operations and
 * inspection results, its components, and the NCRs touching it: naming the unit or a component
 * serial, a component lot, or an operation performed on either.
 */
const EVIDENCE = `
WITH RECURSIVE
  subject AS (
    SELECT u.serial_number, u.traceable_id, u.work_order_id,
      coalesce(u.part_number, wo.part_number, '') AS part_number,
      coalesce(u.site, wo.site) AS site,
      CASE WHEN NOT wo.placeholder THEN wo.revision END AS built_to_revision,
      pr.part_number AS built_to_part, pr.revision AS built_to, pr.placeholder AS built_to_placeholder,
      pr.drawing_number, pr.drawing_revision
    FROM unit u
    LEFT JOIN work_order wo ON wo.id = u.work_order_id
    LEFT JOIN part_revision pr ON (pr.part_number, pr.revision) = (wo.part_number, wo.revision)
    WHERE u.serial_number = $1 AND NOT u.placeholder
  ),
  root (id) AS (SELECT traceable_id FROM subject),
  ${COMPONENTS},
  reached (kind, number) AS (
    SELECT kind, id FROM component
    UNION
    SELECT 'SERIAL', serial_number FROM subject
  ),
  touching (id) AS (
    SELECT nu.nonconformance_id
    FROM reached r JOIN nonconformance_unit nu ON nu.serial_number = r.number
    WHERE r.kind = 'SERIAL'
    UNION
    SELECT nl.nonconformance_id
    FROM reached r JOIN nonconformance_lot nl ON nl.lot_number = r.number
    WHERE r.kind = 'LOT'
    UNION
    SELECT n.id
    FROM reached r
    JOIN operation_execution oe ON oe.serial_number = r.number
    JOIN nonconformance n ON n.operation_execution_id = oe.id
    WHERE r.kind = 'SERIAL'
  )
SELECT json_build_object(
  'serialNumber', s.serial_number,
  'partNumber', s.part_number,
  'site', s.site,
  'workOrderId', s.work_order_id,
  'builtToRevision', s.built_to_revision,
  'drawing', CASE WHEN NOT s.built_to_placeholder
                   AND s.drawing_number IS NOT NULL AND s.drawing_revision IS NOT NULL
                 THEN json_build_object('number', s.drawing_number, 'revision', s.drawing_revision)
             END,
  'requirements', coalesce((
    SELECT json_agg(requirement_id ORDER BY requirement_id)
    FROM part_revision_requirement
    WHERE (part_number, revision) = (s.built_to_part, s.built_to)), '[]'),
  'operations', coalesce((
    SELECT json_agg(json_build_object(
             'id', oe.id,
             'opNumber', coalesce(oe.op_number, ''),
             'startedAt', iso_instant(oe.started_at),
             'equipmentId', oe.equipment_id,
             'operatorId', oe.operator_id,
             'workInstruction',
               CASE WHEN oe.work_instruction_number IS NOT NULL
                     AND oe.work_instruction_revision IS NOT NULL
                    THEN json_build_object('number', oe.work_instruction_number,
                                           'revision', oe.work_instruction_revision)
               END)
           ORDER BY oe.id)
    FROM operation_execution oe WHERE oe.serial_number = s.serial_number), '[]'),
  'inspections', coalesce((
    SELECT json_agg(json_build_object(
             'id', ir.id,
             'characteristicId', ir.characteristic_id,
             'result', coalesce(ir.result, ''),
             'plan', json_build_object('number', coalesce(ir.plan_id, ''),
                                       'revision', coalesce(ir.plan_revision, '')))
           ORDER BY ir.id)
    FROM inspection_result ir WHERE ir.serial_number = s.serial_number), '[]'),
  'nonconformances', coalesce((
    SELECT json_agg(json_build_object('id', n.id, 'status', coalesce(n.status, 'OPEN'),
                                      'capaId', n.capa_id)
           ORDER BY n.id)
    FROM touching t JOIN nonconformance n ON n.id = t.id), '[]'),
  'components', ${COMPONENT_LIST}
) AS answer
FROM subject s`;

/** As-built: every consumption edge below serial $1 (known or only referenced) once. */
const AS_BUILT = `
WITH RECURSIVE
  root (id) AS (SELECT id FROM traceable WHERE kind = 'SERIAL' AND number = $1),
  ${COMPONENTS}
SELECT json_build_object('root', $1::text, 'edges', ${COMPONENT_LIST}) AS answer`;

/**
 * Recall scope: every unit that contains the serial or lot ($1 kind, $2 number), walked up level
 * by level to depth 50 (UNION as in COMPONENTS), each at its least depth; shipped when the unit is
 * known and a known shipment with a shipping time names it (what threadgraph derives as
 * Unit.shippedAt); the first $3 (null: all) listed nearest first, then in natural order of serial.
 */
const RECALL = `
WITH RECURSIVE
  root (id) AS (SELECT id FROM traceable WHERE kind = $1 AND number = $2),
  above (item, depth) AS (
    SELECT id, 0 FROM root
    UNION
    SELECT c.parent, a.depth + 1
    FROM above a JOIN consumption c ON c.child = a.item
    WHERE a.depth < 50 AND c.parent NOT IN (SELECT id FROM root)
  ),
  container (serial_number, serial_order, depth, shipped) AS (
    SELECT u.serial_number, u.serial_order, a.depth, shipment.shipped IS NOT NULL
    FROM (SELECT item, min(depth) AS depth FROM above WHERE depth > 0 GROUP BY item) a
    JOIN unit u ON u.traceable_id = a.item
    -- one probe per unit (LIMIT 1), where a hash of every shipment line would cost a scan
    LEFT JOIN LATERAL (
      SELECT true AS shipped
      FROM shipment_unit su JOIN shipment s ON s.id = su.shipment_id
      WHERE su.serial_number = u.serial_number AND NOT s.placeholder AND s.shipped_at IS NOT NULL
      LIMIT 1
    ) shipment ON NOT u.placeholder
  )
SELECT json_build_object(
  'totalCount', count(*),
  'shippedCount', count(*) FILTER (WHERE shipped),
  'units', coalesce((
    SELECT json_agg(json_build_object('serialNumber', serial_number, 'depth', depth)
                    ORDER BY depth, serial_order, serial_number)
    FROM (
      SELECT serial_number, serial_order, depth FROM container
      ORDER BY depth, serial_order, serial_number
      LIMIT $3::integer
    ) page), '[]')
) AS answer
FROM container`;
