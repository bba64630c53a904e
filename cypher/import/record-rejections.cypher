// Purpose: keep the rejected lines of one batch of an import run (every one of them, with line,
// field, reason and the start of the line), in the batch's transaction.
// Parameters: $id (importId#batch), $importId, $batch, $rows (JSON: [{line, field, reason,
//   excerpt}]), $count.
// Returns: id.
// Index: constraint rejected_lines_id.
MERGE (r:RejectedLines {id: $id})
ON CREATE SET r.importId = $importId, r.batch = toInteger($batch), r.rows = $rows, r.count = toInteger($count)
RETURN r.id AS id
