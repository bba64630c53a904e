// Purpose: the rejected lines of an import run, in line order, a page of batches at a time.
// Parameters: $importId, $afterBatch (the last batch of the previous page; -1 for the first),
//   $limit (batches).
// Returns: batch, rows (JSON).
// Index: rejected_lines_import.
MATCH (r:RejectedLines)
WHERE r.importId = $importId AND r.batch > $afterBatch
RETURN r.batch AS batch, r.rows AS rows
ORDER BY r.batch
LIMIT toInteger($limit)
