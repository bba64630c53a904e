// Purpose: write one audit event, chained and hashed by the caller, and move the head to it, in
// the transaction that reserved its number (take-head): the event and its head commit together.
// Parameters: $seq (the number take-head reserved), $props (at, actor, actorKind, action, target,
// from, reason, detail as canonical JSON, prevHash, hash; nulls are not stored), $hash, $at.
// Returns: seq — no row when the head holds another number (the caller took no head: a bug).
// Index: constraint audit_head_id; constraint audit_event_seq refuses a number used twice.
MATCH (h:AuditHead {id: 'trail'})
WHERE h.seq = toInteger($seq)
CREATE (e:AuditEvent {seq: toInteger($seq)})
SET e += $props, h.hash = $hash, h.at = $at
RETURN e.seq AS seq
