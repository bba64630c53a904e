// Purpose: one record as the graph holds it, for its own page: every property (fields and
// provenance), the import run that last wrote it, and its relationships both ways (at most
// $limit each way, with the total).
// Parameters: $rid, $limit.
// Returns: props, import (the :Import run's label, jobId, startedAt, or null), outgoing, incoming
//   (lists of {type, rid, placeholder}), outgoingCount, incomingCount.
// Index: constraint artefact_rid; constraint import_id.
MATCH (n:Artefact {rid: $rid})
OPTIONAL MATCH (i:Import {id: n.importId})
CALL (n) {
  OPTIONAL MATCH (n)-[r]->(m:Artefact)
  WITH r, m ORDER BY type(r), m.rid
  RETURN collect(CASE WHEN r IS NULL THEN null ELSE {type: type(r), rid: m.rid, placeholder: m.placeholder} END) AS out
}
CALL (n) {
  OPTIONAL MATCH (n)<-[r]-(m:Artefact)
  WITH r, m ORDER BY type(r), m.rid
  RETURN collect(CASE WHEN r IS NULL THEN null ELSE {type: type(r), rid: m.rid, placeholder: m.placeholder} END) AS inc
}
RETURN properties(n) AS props,
  CASE WHEN i IS NULL THEN null ELSE {label: i.label, file: i.file, jobId: i.jobId, startedAt: i.startedAt} END AS import,
  out[0..toInteger($limit)] AS outgoing, size(out) AS outgoingCount,
  inc[0..toInteger($limit)] AS incoming, size(inc) AS incomingCount
