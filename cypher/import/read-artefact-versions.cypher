// Purpose: the version of each record the graph holds now, so the importer can decide which of
// the incoming versions wins (later recordedAt; equal times: greater version hash).
// Parameters: $rids: [string] record ids.
// Returns: one row per record id that exists: rid, placeholder, versionHash, recordedAt, and the
//   provenance needed to keep it as history when it is superseded.
// Index: constraint artefact_rid.
UNWIND $rids AS rid
MATCH (n:Artefact {rid: rid})
RETURN
  rid,
  n.placeholder AS placeholder,
  n.versionHash AS versionHash,
  n.recordedAt AS recordedAt,
  n.source AS source,
  n.system AS system,
  n.importId AS importId,
  n.line AS line,
  n.record AS record,
  n.original AS original
