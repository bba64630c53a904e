// Purpose: the head of the audit trail: the number and hash of its last event as recorded when
// it was appended. Verification compares the events with it (a cut end shows only here).
// Parameters: none.
// Returns: seq, hash — no row when the head is missing.
// Index: constraint audit_head_id.
MATCH (h:AuditHead {id: 'trail'})
RETURN h.seq AS seq, h.hash AS hash
