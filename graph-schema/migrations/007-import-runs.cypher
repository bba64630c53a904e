// 007: imports as resumable runs of queued jobs. One lock node every import batch and derived-state
// write takes first (so a batch's read-decide-write is never interleaved with another's), the
// changes waiting to be derived, the rejected lines of each run, the events already received.
CREATE CONSTRAINT write_lock_id IF NOT EXISTS FOR (n:WriteLock) REQUIRE n.id IS UNIQUE;
MERGE (l:WriteLock {id: 'graph'}) ON CREATE SET l.seq = 0;
CREATE CONSTRAINT derive_pending_id IF NOT EXISTS FOR (n:DerivePending) REQUIRE n.id IS UNIQUE;
CREATE INDEX derive_pending_import IF NOT EXISTS FOR (n:DerivePending) ON (n.importId);
CREATE CONSTRAINT rejected_lines_id IF NOT EXISTS FOR (n:RejectedLines) REQUIRE n.id IS UNIQUE;
CREATE INDEX rejected_lines_import IF NOT EXISTS FOR (n:RejectedLines) ON (n.importId, n.batch);
CREATE INDEX import_job IF NOT EXISTS FOR (n:Import) ON (n.jobId);
CREATE INDEX import_status IF NOT EXISTS FOR (n:Import) ON (n.status);
CREATE CONSTRAINT received_event_key IF NOT EXISTS FOR (n:ReceivedEvent) REQUIRE n.key IS UNIQUE;
