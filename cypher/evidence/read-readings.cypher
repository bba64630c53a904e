// Purpose: what each operation execution's machine measured while it ran: the summary per tag
// kept beside the execution (graph-schema/model.md, "Machine readings").
// Parameters: $executionIds.
// Returns: executionId, tag, unit, meaning, count, min, max, mean, firstAt, lastAt, increase (of
//   an energy counter only).
// Index: constraint operation_execution_key.
UNWIND $executionIds AS id
MATCH (:OperationExecution {id: id})-[:MEASURED]->(m:ReadingSummary)
RETURN id AS executionId, m.tag AS tag, m.unit AS unit, m.meaning AS meaning, m.count AS count,
  m.min AS min, m.max AS max,
  CASE WHEN m.numeric > 0 THEN m.sum / m.numeric ELSE null END AS mean,
  m.firstAt AS firstAt, m.lastAt AS lastAt,
  CASE WHEN m.meaning = 'energy_counter' THEN m.increase END AS increase
ORDER BY executionId, tag
