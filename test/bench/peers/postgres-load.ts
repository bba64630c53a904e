/**
 * Loading the PostgreSQL peer (postgres.ts): its schema (postgres-schema.sql) created and every
 * node and CONSUMED relationship threadgraph's import left in the graph copied into it — read from
 * Neo4j (read only) a page at a time, written a batch of rows at a time, in one PostgreSQL
 * transaction; then VACUUM ANALYZE.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import type { Session } from 'neo4j-driver';
import type { ClientBase } from 'pg';
import type { Neo4jTarget } from '../../../src/config';
import { PACKAGE_ROOT } from '../../../src/paths';
import { benchDriver } from '../serve-process';

type PgType = 'text' | 'integer' | 'boolean' | 'double precision' | 'timestamptz' | 'jsonb';

/** Rows a flush inserts at once. */
const BATCH = 5000;

/**
 * A table, filled a batch at a time by one INSERT … SELECT FROM unnest(one array per column):
 * one statement and one round trip per batch, whatever its size.
 */
class Sink {
  readonly sql: string;
  rows = 0;
  private columns: unknown[][];

  constructor(
    readonly table: string,
    readonly types: readonly PgType[],
    sql: (unnest: string) => string,
  ) {
    this.columns = types.map(() => []);
    this.sql = sql(`unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`);
  }

  get length(): number {
    return this.columns[0]?.length ?? 0;
  }

  push(row: readonly unknown[]): void {
    row.forEach((v, i) => this.columns[i]?.push(v ?? null));
  }

  take(): unknown[][] {
    const batch = this.columns;
    this.columns = this.types.map(() => []);
    return batch;
  }
}

function tableSink(table: string, columns: Record<string, PgType>): Sink {
  const names = Object.keys(columns);
  return new Sink(
    table,
    Object.values(columns),
    (unnest) => `INSERT INTO ${table} (${names.join(', ')}) SELECT * FROM ${unnest}`,
  );
}

/** What is read of one label, and where it goes. */
interface Feed {
  /** the pattern read: `MATCH …` */
  readonly match: string;
  /** the row's values, as `put` takes them: the RETURN list */
  readonly values: string;
  /**
   * a unique key of the pattern, to read it a page at a time in key order (an index seek, so a
   * page costs the same however far in); absent: read whole (a few records of master data)
   */
  readonly key?: string;
  readonly put: (row: unknown[]) => void;
}

/**
 * Rows read in one transaction at most. threadgraph's Neo4j ends a transaction after 120 s
 * (src/graph/local-neo4j.ts), which one read of a million executions, paused while PostgreSQL
 * writes, could outlast; a page is read in seconds. The graph must not change during the load
 * (the pages are not one snapshot).
 */
const PAGE = 20_000;

/** The rows of a feed, a page at a time when it has a key. */
async function* rowsOf(session: Session, feed: Feed): AsyncGenerator<unknown[]> {
  if (feed.key === undefined) {
    for await (const record of session.run(`${feed.match} RETURN ${feed.values}`)) {
      yield [...record.values()];
    }
    return;
  }
  const page =
    `${feed.match} WHERE ${feed.key} > $after ` +
    `RETURN ${feed.key} AS pageKey, ${feed.values} ORDER BY ${feed.key} LIMIT ${PAGE}`;
  let after = '';
  for (;;) {
    let read = 0;
    for await (const record of session.run(page, { after })) {
      const [key, ...row] = record.values();
      after = key as string;
      read += 1;
      yield row;
    }
    if (read < PAGE) return;
  }
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The distinct strings of a list property (a record may repeat one). */
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? [...new Set(v.filter((s): s is string => typeof s === 'string'))] : [];

/**
 * Every node of a label as a row of `table`: its fields (key fields first; column names in
 * snake_case), `placeholder`; a list field as rows of a link table, beside the record's key
 * (`owner`: its columns there); serials and lots also as `traceable`.
 */
function nodeFeed(
  sinks: Map<string, Sink>,
  next: () => number,
  spec: {
    label: string;
    table: string;
    fields: Record<string, PgType>;
    links?: Record<string, { table: string; owner: string[]; column: string }>;
    traceable?: 'SERIAL' | 'LOT';
    /** the key has several fields: read whole (only master data has such keys) */
    compositeKey?: true;
  },
): Feed {
  const fields = Object.keys(spec.fields);
  const links = Object.entries(spec.links ?? {});
  // a table several labels fill (traceable) has one sink
  const sink = (table: string, columns: Record<string, PgType>) => {
    const found = sinks.get(table) ?? tableSink(table, columns);
    sinks.set(table, found);
    return found;
  };
  const table = sink(spec.table, {
    ...Object.fromEntries(fields.map((f) => [snake(f), spec.fields[f] as PgType])),
    placeholder: 'boolean',
    ...(spec.traceable ? { traceable_id: 'integer' } : {}),
  });
  // the row read: the fields, placeholder, then the list fields
  const linkSinks = links.map(([, l], i) => ({
    at: fields.length + 1 + i,
    owner: l.owner.length,
    sink: sink(l.table, {
      ...Object.fromEntries(l.owner.map((c) => [c, 'text' as const])),
      [l.column]: 'text',
    }),
  }));
  const traceable = spec.traceable
    ? sink('traceable', { id: 'integer', kind: 'text', number: 'text' })
    : undefined;
  const kind = spec.traceable;
  return {
    match: `MATCH (n:${spec.label})`,
    values: [...fields, 'placeholder', ...links.map(([f]) => f)]
      .map((f) =>
        f === 'placeholder' ? 'coalesce(n.placeholder, false) AS placeholder' : `n.${f}`,
      )
      .join(', '),
    key: spec.compositeKey ? undefined : `n.${fields[0]}`,
    put(row) {
      const record = row.slice(0, fields.length + 1);
      if (traceable && kind) {
        const id = next();
        traceable.push([id, kind, row[0]]);
        record.push(id);
      }
      table.push(record);
      for (const l of linkSinks) {
        const owner = row.slice(0, l.owner);
        for (const value of strings(row[l.at])) l.sink.push([...owner, value]);
      }
    },
  };
}

/** The CONSUMED relationships, their ends found in `traceable` by kind and number. */
function consumptionFeed(sinks: Map<string, Sink>): Feed {
  const sink = new Sink(
    'consumption',
    ['text', 'text', 'text', 'text', 'text', 'double precision', 'timestamptz'],
    (unnest) => `
      INSERT INTO consumption (parent, child, operation_execution_id, quantity, consumed_at)
      SELECT p.id, c.id, r.operation_execution_id, r.quantity, r.consumed_at
      FROM ${unnest} AS r (parent_kind, parent_number, child_kind, child_number,
                           operation_execution_id, quantity, consumed_at)
      JOIN traceable p ON (p.kind, p.number) = (r.parent_kind, r.parent_number)
      JOIN traceable c ON (c.kind, c.number) = (r.child_kind, r.child_number)`,
  );
  sinks.set(sink.table, sink);
  const end = (v: string) =>
    `CASE WHEN ${v}:Unit THEN 'SERIAL' ELSE 'LOT' END AS ${v}Kind, ` +
    `coalesce(${v}.serialNumber, ${v}.lotNumber) AS ${v}Number`;
  return {
    match: 'MATCH (p:Artefact)-[c:CONSUMED]->(ch:Artefact)',
    values: `${end('p')}, ${end('ch')}, c.operationExecutionId, c.quantity, c.consumedAt`,
    key: 'c.rid',
    put: (row) => sink.push(row),
  };
}

/** Every feed, in an order that fills `traceable` before the consumptions that look it up. */
function feeds(sinks: Map<string, Sink>): Feed[] {
  let traceable = 0;
  const next = () => (traceable += 1);
  const node = (spec: Parameters<typeof nodeFeed>[2]) => nodeFeed(sinks, next, spec);
  const t = 'text' as const;
  const at = 'timestamptz' as const;
  const num = 'double precision' as const;
  return [
    node({ label: 'Part', table: 'part', fields: { partNumber: t, name: t, tracking: t } }),
    node({
      label: 'Requirement',
      table: 'requirement',
      fields: { id: t, title: t, level: t, parentId: t },
    }),
    node({
      label: 'DrawingRevision',
      compositeKey: true,
      table: 'drawing_revision',
      fields: { drawingNumber: t, revision: t, title: t, releasedAt: at, supersededAt: at },
    }),
    node({
      label: 'PartRevision',
      compositeKey: true,
      table: 'part_revision',
      fields: {
        partNumber: t,
        revision: t,
        status: t,
        releasedAt: at,
        supersededAt: at,
        drawingNumber: t,
        drawingRevision: t,
        changeOrderId: t,
      },
      links: {
        satisfies: {
          table: 'part_revision_requirement',
          owner: ['part_number', 'revision'],
          column: 'requirement_id',
        },
      },
    }),
    node({
      label: 'RoutingOperation',
      compositeKey: true,
      table: 'routing_operation',
      fields: {
        partNumber: t,
        revision: t,
        opNumber: t,
        name: t,
        workCenter: t,
        workInstructionNumber: t,
        inspectionPlanId: t,
      },
    }),
    node({
      label: 'WorkInstructionRevision',
      compositeKey: true,
      table: 'work_instruction_revision',
      fields: { documentNumber: t, revision: t, title: t, releasedAt: at, supersededAt: at },
    }),
    node({
      label: 'InspectionPlanRevision',
      compositeKey: true,
      table: 'inspection_plan_revision',
      fields: {
        planId: t,
        revision: t,
        releasedAt: at,
        supersededAt: at,
        characteristics: 'jsonb',
      },
    }),
    node({
      label: 'WorkOrder',
      table: 'work_order',
      fields: {
        id: t,
        partNumber: t,
        revision: t,
        quantity: num,
        site: t,
        releasedAt: at,
        status: t,
      },
    }),
    node({ label: 'Equipment', table: 'equipment', fields: { id: t, name: t, type: t, site: t } }),
    node({ label: 'Operator', table: 'operator', fields: { id: t } }),
    node({
      label: 'Unit',
      table: 'unit',
      traceable: 'SERIAL',
      fields: {
        serialNumber: t,
        partNumber: t,
        workOrderId: t,
        site: t,
        status: t,
        completedAt: at,
      },
    }),
    node({
      label: 'Lot',
      table: 'lot',
      traceable: 'LOT',
      fields: { lotNumber: t, partNumber: t, supplier: t, receivedAt: at, quantity: num },
    }),
    node({
      label: 'OperationExecution',
      table: 'operation_execution',
      fields: {
        id: t,
        serialNumber: t,
        workOrderId: t,
        opNumber: t,
        workInstructionNumber: t,
        workInstructionRevision: t,
        equipmentId: t,
        operatorId: t,
        startedAt: at,
        completedAt: at,
        status: t,
        rework: 'boolean',
      },
    }),
    consumptionFeed(sinks),
    node({
      label: 'InspectionResult',
      table: 'inspection_result',
      fields: {
        id: t,
        serialNumber: t,
        operationExecutionId: t,
        planId: t,
        planRevision: t,
        characteristicId: t,
        value: num,
        result: t,
        inspectedAt: at,
        inspectorId: t,
      },
    }),
    node({
      label: 'Capa',
      table: 'capa',
      fields: { id: t, status: t, openedAt: at, closedAt: at },
    }),
    node({
      label: 'Nonconformance',
      table: 'nonconformance',
      fields: {
        id: t,
        raisedAt: at,
        description: t,
        status: t,
        disposition: t,
        operationExecutionId: t,
        drawingNumber: t,
        drawingRevision: t,
        requirementId: t,
        characteristicId: t,
        capaId: t,
      },
      links: {
        serialNumbers: {
          table: 'nonconformance_unit',
          owner: ['nonconformance_id'],
          column: 'serial_number',
        },
        lotNumbers: {
          table: 'nonconformance_lot',
          owner: ['nonconformance_id'],
          column: 'lot_number',
        },
      },
    }),
    node({
      label: 'Shipment',
      table: 'shipment',
      fields: { id: t, shippedAt: at, customer: t, site: t },
      links: {
        serialNumbers: { table: 'shipment_unit', owner: ['shipment_id'], column: 'serial_number' },
      },
    }),
  ];
}

/**
 * Creates the schema and copies the graph into it, in one transaction; returns the rows per
 * table. A batch is written while the next is read (one in flight); reading waits for it once the
 * next is full, and the driver stops fetching while its buffer is full, so memory holds a few
 * batches whatever the size of the graph.
 */
export async function load(client: ClientBase, target: Neo4jTarget): Promise<Map<string, number>> {
  const [before, after] = readSchema();
  const sinks = new Map<string, Sink>();
  const all = feeds(sinks);
  let inFlight: Promise<void> = Promise.resolve();
  let failure: Error | undefined;
  const flush = async (sink: Sink) => {
    const n = sink.length;
    if (n === 0) return;
    const batch = sink.take();
    await inFlight;
    if (failure !== undefined) throw failure;
    inFlight = client.query(sink.sql, batch).then(
      (r) => {
        // a consumption whose ends are not both found would be dropped by the join: say so
        if (r.rowCount !== n)
          failure = new Error(`${sink.table}: ${r.rowCount} of ${n} rows inserted`);
        sink.rows += n;
      },
      (e: unknown) => {
        failure = e instanceof Error ? e : new Error(String(e));
      },
    );
  };

  const driver = benchDriver(target, { disableLosslessIntegers: true });
  const session = driver.session({ defaultAccessMode: neo4j.session.READ, fetchSize: BATCH });
  await client.query('BEGIN');
  try {
    await client.query("SET LOCAL maintenance_work_mem = '256MB'");
    await client.query(before);
    for (const feed of all) {
      for await (const row of rowsOf(session, feed)) {
        feed.put(row);
        for (const sink of sinks.values()) if (sink.length >= BATCH) await flush(sink);
      }
      for (const sink of sinks.values()) await flush(sink);
    }
    await inFlight;
    if (failure !== undefined) throw failure;
    await client.query(after);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await session.close();
    await driver.close();
  }
  // statistics for the planner, and the visibility map, so the walks' index-only scans stay so
  await client.query('VACUUM ANALYZE');
  return new Map([...sinks.values()].map((s) => [s.table, s.rows]));
}

const AFTER_THE_LOAD = /^-- -+ after the load -+$/m;

/** postgres-schema.sql, split at its line "after the load". */
function readSchema(): [string, string] {
  const text = readFileSync(schemaFile(), 'utf8');
  const parts = text.split(AFTER_THE_LOAD);
  if (parts.length !== 2) throw new Error('postgres-schema.sql: no single "after the load" line');
  return parts as [string, string];
}

/** The schema file is read from the sources: the build (dist/) does not copy it. */
function schemaFile(): string {
  return join(PACKAGE_ROOT, 'test', 'bench', 'peers', 'postgres-schema.sql');
}
