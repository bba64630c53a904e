// Purpose: the version of each Consumption record the graph holds now (see read-artefact-versions).
// Parameters: $rids: [string] record ids of Consumption records.
// Returns: one row per existing CONSUMED relationship: rid, versionHash, recordedAt, provenance.
// Index: constraint consumption_rid.
UNWIND $rids AS rid
MATCH ()-[r:CONSUMED {rid: rid}]->()
RETURN
  rid,
  false AS placeholder,
  r.versionHash AS versionHash,
  r.recordedAt AS recordedAt,
  r.source AS source,
  r.system AS system,
  r.importId AS importId,
  r.line AS line,
  r.record AS record,
  r.original AS original
