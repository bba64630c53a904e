// Purpose: keep versions that are not (or no longer) the current one as history: an earlier
// version superseded now, or a stale one that arrived after a later one. Keeping one twice
// changes nothing.
// Parameters: $versions: [{id, rid, kind, key, versionHash, recordedAt, source, system, site,
//   importId, line, record}] — id is rid#versionHash.
// Returns: kept (count).
// Index: constraint record_version_id.
UNWIND $versions AS v
MERGE (h:RecordVersion {id: v.id})
ON CREATE SET h = v
RETURN count(h) AS kept
