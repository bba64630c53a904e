// Purpose: the operation executions of each machine whose window overlaps a time range, with
// their reading summaries so far: where newly stored readings belong.
// Parameters: $ranges: [{equipmentId, from, to}].
// Returns: id, equipmentId, startedAt, completedAt, summaries (list of summary properties).
// Index: operation_execution_reading_window (equality on equipmentId, range on readingWindowEnd).
UNWIND $ranges AS r
MATCH (e:OperationExecution)
WHERE e.equipmentId = r.equipmentId AND e.readingWindowEnd >= r.from AND e.startedAt <= r.to
OPTIONAL MATCH (e)-[:MEASURED]->(m:ReadingSummary)
RETURN e.id AS id, e.equipmentId AS equipmentId, e.startedAt AS startedAt,
  e.completedAt AS completedAt, collect(properties(m)) AS summaries
