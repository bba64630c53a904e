// Purpose: where a genealogy walk starts: the element ids of the given records (valid within the
// read transaction that walks).
// Parameters: $rids: [string] record ids.
// Returns: rid, eid.
// Index: constraint artefact_rid.
UNWIND $rids AS rid
MATCH (n:Artefact {rid: rid})
RETURN rid, elementId(n) AS eid
