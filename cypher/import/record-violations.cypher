// Purpose: keep a record whose source is not the authority for its kind as a governance
// violation, applied to nothing. Recording the same record twice changes nothing.
// Parameters: $rows: [{id, rid, kind, key, source, system, site, authority, reason, importId,
//   line, recordedAt, record, detectedAt}] — id is rid#versionHash.
// Returns: recorded (count).
// Index: constraint governance_violation_id.
UNWIND $rows AS v
MERGE (g:GovernanceViolation {id: v.id})
ON CREATE SET g = v
RETURN count(g) AS recorded
