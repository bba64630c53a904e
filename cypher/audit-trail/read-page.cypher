// Purpose: one page of the audit trail, newest first, optionally only the actions starting with
// a prefix ('import.') and one actor's.
// Parameters: $before — the number of the last event of the previous page (a number above every
// event for the first); $limit — events to return (page size + 1 tells whether another follows);
// $actionPrefix, $actor — null for any.
// Returns: seq, at, actor, actorKind, action, target, from, reason, detail (canonical JSON),
// prevHash, hash.
// Index: constraint audit_event_seq, walked backwards from $before; the filters are checked on
// the way (a rare actor walks far: the trail is written by people, not machines).
MATCH (e:AuditEvent)
WHERE e.seq < toInteger($before)
  AND ($actionPrefix IS NULL OR e.action STARTS WITH $actionPrefix)
  AND ($actor IS NULL OR e.actor = $actor)
RETURN e.seq AS seq, e.at AS at, e.actor AS actor, e.actorKind AS actorKind,
  e.action AS action, e.target AS target, e.`from` AS `from`, e.reason AS reason,
  e.detail AS detail, e.prevHash AS prevHash, e.hash AS hash
ORDER BY e.seq DESC
LIMIT toInteger($limit)
