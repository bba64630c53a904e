-- threadgraph's records in PostgreSQL, as a relational traceability product keeps them (Trace-X,
-- Odoo): one table per record kind, keyed by the kind's canonical key
-- (importers/canonical/canonical-model.md); a reference is a column; genealogy is one edge table,
-- `consumption`, over `traceable`, the serials and lots that can be consumed.
--
-- Loaded by test/bench/peers/postgres.ts from a threadgraph graph: every node of a kind is a row,
-- the placeholders too (`placeholder`: only referenced, its source has not sent it yet), so every
-- reference the import ensures has a row to point at and is a foreign key here. The part above
-- the line "after the load" runs before the rows are inserted; the part below it after them (a
-- foreign key or an index is then checked or built in one pass, not once per row).
--
-- Times are timestamptz: microseconds, where threadgraph keeps the nanoseconds a source sent (the
-- demo's times are whole seconds). Site columns carry no foreign key: they hold the envelope's site
-- when the record names none, which threadgraph does not ensure exists. Not kept, as no question
-- asks them: machine readings, field events, BOM lines, change orders, record history,
-- governance violations and derived state (what is derived is worked out by the queries).

-- The order threadgraph lists serials in (src/domain/natural-order.ts: a trailing integer compares
-- as a number when the rest is the same, otherwise the text decides), as a text key (kept in
-- unit.serial_order: four regular expressions a row cost more than a recall's walk): the trailing
-- digits become '0', their count without leading zeros in four digits, and those digits, so
-- SN-9 < SN-10 < SN-10A. It begins with a digit where the number began, so it sorts against other
-- characters as the number did. It differs from threadgraph only where a serial's trailing number
-- begins at a digit of another serial that is not trailing — where threadgraph's comparison is no
-- order at all (SN-9 < SN-10 < SN-10A < SN-9, so its list depends on the order of the walk) — and
-- compares by code point where threadgraph compares UTF-16 units (apart only beyond U+FFFF).
CREATE FUNCTION natural_key(serial text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN CASE
    WHEN serial ~ '[0-9]$' THEN
      regexp_replace(serial, '[0-9]+$', '') || '0'
        || lpad(length(ltrim(substring(serial FROM '[0-9]+$'), '0'))::text, 4, '0')
        || ltrim(substring(serial FROM '[0-9]+$'), '0')
    ELSE serial
  END;

-- An instant as threadgraph's API writes it: UTC, fractional digits only as far as they carry a
-- value (2026-01-10T08:00:00Z, 2026-01-10T08:00:00.25Z).
CREATE FUNCTION iso_instant(t timestamptz) RETURNS text
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  RETURN regexp_replace(to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '\.?0+$', '')
    || 'Z';

-- --- engineering (PLM, ALM, QMS) ----------------------------------------------------------------

CREATE TABLE part (
  part_number text PRIMARY KEY,
  name        text,
  tracking    text CHECK (tracking IN ('SERIAL', 'LOT', 'NONE')),
  placeholder boolean NOT NULL
);

CREATE TABLE requirement (
  id          text PRIMARY KEY,
  title       text,
  level       text,
  parent_id   text,
  placeholder boolean NOT NULL
);

CREATE TABLE drawing_revision (
  drawing_number text,
  revision       text,
  title          text,
  released_at    timestamptz,
  superseded_at  timestamptz,
  placeholder    boolean NOT NULL,
  PRIMARY KEY (drawing_number, revision)
);

-- No foreign key to part: a revision only referenced (a placeholder) may name a part not yet known.
CREATE TABLE part_revision (
  part_number      text,
  revision         text,
  status           text CHECK (status IN ('IN_WORK', 'RELEASED', 'SUPERSEDED')),
  released_at      timestamptz,
  superseded_at    timestamptz,
  drawing_number   text,
  drawing_revision text,
  change_order_id  text,
  placeholder      boolean NOT NULL,
  PRIMARY KEY (part_number, revision)
);

-- PartRevision.satisfies
CREATE TABLE part_revision_requirement (
  part_number    text,
  revision       text,
  requirement_id text,
  PRIMARY KEY (part_number, revision, requirement_id)
);

CREATE TABLE routing_operation (
  part_number             text,
  revision                text,
  op_number               text,
  name                    text,
  work_center             text,
  work_instruction_number text, -- a document, not a revision: no key to point at
  inspection_plan_id      text, -- likewise
  placeholder             boolean NOT NULL,
  PRIMARY KEY (part_number, revision, op_number)
);

CREATE TABLE work_instruction_revision (
  document_number text,
  revision        text,
  title           text,
  released_at     timestamptz,
  superseded_at   timestamptz,
  placeholder     boolean NOT NULL,
  PRIMARY KEY (document_number, revision)
);

CREATE TABLE inspection_plan_revision (
  plan_id         text,
  revision        text,
  released_at     timestamptz,
  superseded_at   timestamptz,
  characteristics jsonb, -- [{id, name, nominal, lower, upper, unit, verifies: [requirement id]}]
  placeholder     boolean NOT NULL,
  PRIMARY KEY (plan_id, revision)
);

-- --- production (ERP, MES, QMS) -----------------------------------------------------------------

CREATE TABLE work_order (
  id          text PRIMARY KEY,
  part_number text,
  revision    text, -- the part revision locked at creation
  quantity    double precision,
  site        text,
  released_at timestamptz,
  status      text,
  placeholder boolean NOT NULL
);

CREATE TABLE equipment (
  id          text PRIMARY KEY,
  name        text,
  type        text,
  site        text,
  placeholder boolean NOT NULL
);

CREATE TABLE operator (
  id          text PRIMARY KEY,
  placeholder boolean NOT NULL
);

-- What genealogy links: every serial (a unit) and every lot, under one surrogate key, so that a
-- consumption can point at either kind with a foreign key and a walk compares integers.
CREATE TABLE traceable (
  id     integer PRIMARY KEY,
  kind   text NOT NULL CHECK (kind IN ('SERIAL', 'LOT')),
  number text NOT NULL, -- the serial or lot number
  UNIQUE (kind, number)
);

CREATE TABLE unit (
  serial_number text PRIMARY KEY,
  serial_order  text GENERATED ALWAYS AS (natural_key(serial_number)) STORED,
  traceable_id  integer NOT NULL UNIQUE,
  part_number   text,
  work_order_id text,
  site          text,
  status        text CHECK (status IN ('IN_PROCESS', 'COMPLETE', 'SHIPPED', 'SCRAPPED')),
  completed_at  timestamptz,
  placeholder   boolean NOT NULL
);

CREATE TABLE lot (
  lot_number   text PRIMARY KEY,
  traceable_id integer NOT NULL UNIQUE,
  part_number  text,
  supplier     text,
  received_at  timestamptz,
  quantity     double precision,
  placeholder  boolean NOT NULL
);

CREATE TABLE operation_execution (
  id                        text PRIMARY KEY,
  serial_number             text,
  work_order_id             text,
  op_number                 text,
  work_instruction_number   text,
  work_instruction_revision text,
  equipment_id              text,
  operator_id               text,
  started_at                timestamptz,
  completed_at              timestamptz,
  status                    text CHECK (status IN ('COMPLETED', 'ABORTED')),
  rework                    boolean,
  placeholder               boolean NOT NULL
);

-- Genealogy: `parent` (a unit, or a lot made from others) consumed `child` (a serial or a lot).
-- The key is the record's key: one consumption per parent and child.
CREATE TABLE consumption (
  parent                 integer,
  child                  integer,
  operation_execution_id text,
  quantity               double precision,
  consumed_at            timestamptz,
  PRIMARY KEY (parent, child)
);

CREATE TABLE inspection_result (
  id                     text PRIMARY KEY,
  serial_number          text,
  operation_execution_id text,
  plan_id                text,
  plan_revision          text,
  characteristic_id      text,
  value                  double precision,
  result                 text CHECK (result IN ('PASS', 'FAIL')),
  inspected_at           timestamptz,
  inspector_id           text,
  placeholder            boolean NOT NULL
);

CREATE TABLE capa (
  id          text PRIMARY KEY,
  status      text CHECK (status IN ('OPEN', 'IMPLEMENTED', 'VERIFIED', 'CLOSED')),
  opened_at   timestamptz,
  closed_at   timestamptz,
  placeholder boolean NOT NULL
);

CREATE TABLE nonconformance (
  id                     text PRIMARY KEY,
  raised_at              timestamptz,
  description            text,
  status                 text CHECK (status IN ('OPEN', 'DISPOSITIONED', 'CLOSED')),
  disposition            text
    CHECK (disposition IN ('USE_AS_IS', 'REWORK', 'REPAIR', 'SCRAP', 'RETURN_TO_SUPPLIER')),
  operation_execution_id text,
  drawing_number         text,
  drawing_revision       text,
  requirement_id         text,
  characteristic_id      text, -- of the plan the result named: no key of its own
  capa_id                text,
  placeholder            boolean NOT NULL
);

-- Nonconformance.serialNumbers and .lotNumbers
CREATE TABLE nonconformance_unit (
  nonconformance_id text,
  serial_number     text,
  PRIMARY KEY (nonconformance_id, serial_number)
);

CREATE TABLE nonconformance_lot (
  nonconformance_id text,
  lot_number        text,
  PRIMARY KEY (nonconformance_id, lot_number)
);

CREATE TABLE shipment (
  id          text PRIMARY KEY,
  shipped_at  timestamptz,
  customer    text,
  site        text,
  placeholder boolean NOT NULL
);

-- Shipment.serialNumbers
CREATE TABLE shipment_unit (
  shipment_id   text,
  serial_number text,
  PRIMARY KEY (shipment_id, serial_number)
);

-- --- after the load -----------------------------------------------------------------------------

-- References: each is one the import ensures exists (src/graph/record-mapping.ts); a composite
-- key is checked only when all its columns are given, as the import links only then.
ALTER TABLE requirement
  ADD FOREIGN KEY (parent_id) REFERENCES requirement;
ALTER TABLE part_revision
  ADD FOREIGN KEY (drawing_number, drawing_revision) REFERENCES drawing_revision;
ALTER TABLE part_revision_requirement
  ADD FOREIGN KEY (part_number, revision) REFERENCES part_revision,
  ADD FOREIGN KEY (requirement_id) REFERENCES requirement;
ALTER TABLE routing_operation
  ADD FOREIGN KEY (part_number, revision) REFERENCES part_revision;
ALTER TABLE work_order
  ADD FOREIGN KEY (part_number, revision) REFERENCES part_revision;
ALTER TABLE unit
  ADD FOREIGN KEY (traceable_id) REFERENCES traceable,
  ADD FOREIGN KEY (part_number) REFERENCES part,
  ADD FOREIGN KEY (work_order_id) REFERENCES work_order;
ALTER TABLE lot
  ADD FOREIGN KEY (traceable_id) REFERENCES traceable,
  ADD FOREIGN KEY (part_number) REFERENCES part;
ALTER TABLE operation_execution
  ADD FOREIGN KEY (serial_number) REFERENCES unit,
  ADD FOREIGN KEY (work_order_id) REFERENCES work_order,
  ADD FOREIGN KEY (work_instruction_number, work_instruction_revision)
    REFERENCES work_instruction_revision,
  ADD FOREIGN KEY (equipment_id) REFERENCES equipment,
  ADD FOREIGN KEY (operator_id) REFERENCES operator;
ALTER TABLE consumption
  ADD FOREIGN KEY (parent) REFERENCES traceable,
  ADD FOREIGN KEY (child) REFERENCES traceable,
  ADD FOREIGN KEY (operation_execution_id) REFERENCES operation_execution;
ALTER TABLE inspection_result
  ADD FOREIGN KEY (serial_number) REFERENCES unit,
  ADD FOREIGN KEY (operation_execution_id) REFERENCES operation_execution,
  ADD FOREIGN KEY (plan_id, plan_revision) REFERENCES inspection_plan_revision;
ALTER TABLE nonconformance
  ADD FOREIGN KEY (operation_execution_id) REFERENCES operation_execution,
  ADD FOREIGN KEY (drawing_number, drawing_revision) REFERENCES drawing_revision,
  ADD FOREIGN KEY (requirement_id) REFERENCES requirement,
  ADD FOREIGN KEY (capa_id) REFERENCES capa;
ALTER TABLE nonconformance_unit
  ADD FOREIGN KEY (nonconformance_id) REFERENCES nonconformance,
  ADD FOREIGN KEY (serial_number) REFERENCES unit;
ALTER TABLE nonconformance_lot
  ADD FOREIGN KEY (nonconformance_id) REFERENCES nonconformance,
  ADD FOREIGN KEY (lot_number) REFERENCES lot;
ALTER TABLE shipment_unit
  ADD FOREIGN KEY (shipment_id) REFERENCES shipment,
  ADD FOREIGN KEY (serial_number) REFERENCES unit;

-- What the questions look up (the primary keys serve the rest: consumption's walks down from a
-- parent, traceable's lookup of a serial or lot, unit's of a serial).
CREATE INDEX consumption_child ON consumption (child, parent);          -- walks up (recall)
CREATE INDEX operation_execution_serial ON operation_execution (serial_number);
CREATE INDEX inspection_result_serial ON inspection_result (serial_number);
CREATE INDEX nonconformance_operation ON nonconformance (operation_execution_id);
CREATE INDEX nonconformance_unit_serial ON nonconformance_unit (serial_number);
CREATE INDEX nonconformance_lot_lot ON nonconformance_lot (lot_number);
CREATE INDEX shipment_unit_serial ON shipment_unit (serial_number);
