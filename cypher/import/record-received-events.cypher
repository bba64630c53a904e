// Purpose: remember the idempotency key of each event taken (in the batch that applied it), and
// which record and import line it became.
// Parameters: $events: [{key, rid, importId, line, receivedAt}].
// Returns: recorded (count).
// Index: constraint received_event_key.
UNWIND $events AS e
MERGE (r:ReceivedEvent {key: e.key})
ON CREATE SET r.rid = e.rid, r.importId = e.importId, r.line = toInteger(e.line), r.receivedAt = e.receivedAt
RETURN count(r) AS recorded
