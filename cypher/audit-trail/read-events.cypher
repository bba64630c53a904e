// Purpose: the audit trail in number order, one page at a time (verification and export read it
// all, page after page).
// Parameters: $after — the number of the last event of the previous page (0 for the first);
// $limit — events to return.
// Returns: seq, at, actor, actorKind, action, target, from, reason, detail (canonical JSON),
// prevHash, hash.
// Index: constraint audit_event_seq (a range seek, in seq order).
MATCH (e:AuditEvent)
WHERE e.seq > toInteger($after)
RETURN e.seq AS seq, e.at AS at, e.actor AS actor, e.actorKind AS actorKind,
  e.action AS action, e.target AS target, e.`from` AS `from`, e.reason AS reason,
  e.detail AS detail, e.prevHash AS prevHash, e.hash AS hash
ORDER BY e.seq
LIMIT toInteger($limit)
