// Purpose: the first statement of every append to the audit trail. Reserving the next number on
// the one head node takes its write lock, so appenders queue here: each reads the head only once
// the one before it has committed, and no two events ever get the same number or the same
// predecessor. (A SET that writes the value already there might not lock; this one always
// changes it.)
// Parameters: $genesis — the hash before event 1 (64 zeros), for a head created here.
// Returns: seq, the number reserved for the new event; prevHash, the hash of the event before it
// (the genesis hash for event 1).
// Index: constraint audit_head_id (migration 010 creates the node; MERGE recreates it in a graph
// someone emptied by hand — over surviving events its seq 1 then collides with audit_event_seq).
MERGE (h:AuditHead {id: 'trail'})
  ON CREATE SET h.seq = 0, h.hash = $genesis
SET h.seq = h.seq + 1
RETURN h.seq AS seq, h.hash AS prevHash
