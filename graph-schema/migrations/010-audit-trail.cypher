// 010: the audit trail (graph-schema/model.md, "The audit trail"): hash-chained events numbered
// 1, 2, 3… — the constraint refuses a number used twice, and is the index every read of the
// trail walks — and the one head that orders appenders and records the last event, so that
// events deleted from the end are noticed.
CREATE CONSTRAINT audit_event_seq IF NOT EXISTS FOR (n:AuditEvent) REQUIRE n.seq IS UNIQUE;
CREATE CONSTRAINT audit_head_id IF NOT EXISTS FOR (n:AuditHead) REQUIRE n.id IS UNIQUE;
MERGE (h:AuditHead {id: 'trail'}) ON CREATE SET h.seq = 0, h.hash = '0000000000000000000000000000000000000000000000000000000000000000'
