// Purpose: forget the reading summaries of executions and set their reading windows, before
// their summaries are written again from every stored reading.
// Parameters: $rows: [{id, windowEnd (completion, the far future while open, or null: no window)}].
// Returns: removed (count of summaries deleted).
// Index: constraint operation_execution_key.
UNWIND $rows AS r
MATCH (e:OperationExecution {id: r.id})
SET e.readingWindowEnd = r.windowEnd
WITH e
OPTIONAL MATCH (e)-[:MEASURED]->(m:ReadingSummary)
DETACH DELETE m
RETURN count(m) AS removed
