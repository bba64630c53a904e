// Purpose: every operation execution id, a page at a time, to work all reading summaries out.
// Parameters: $after (the last id of the previous page, '' at first), $limit.
// Returns: id, in id order.
// Index: constraint operation_execution_key (range on id, ordered by the index).
MATCH (e:OperationExecution)
WHERE e.id > $after
RETURN e.id AS id
ORDER BY id
LIMIT toInteger($limit)
