// Purpose: what the units' machines measured while each of their operation executions ran: the
// summary per tag kept beside the execution (graph-schema/model.md, "Machine readings").
// Parameters: $serialNumbers: [string].
// Returns: executionId, tag, unit, meaning, count, min, max, mean, firstAt, lastAt, increase (of
//   an energy counter only).
// Index: operation_execution_serial.
UNWIND $serialNumbers AS serialNumber
MATCH (oe:OperationExecution {serialNumber: serialNumber})-[:MEASURED]->(m:ReadingSummary)
RETURN oe.id AS executionId, m.tag AS tag, m.unit AS unit, m.meaning AS meaning,
  m.count AS count, m.min AS min, m.max AS max,
  CASE WHEN m.numeric > 0 THEN m.sum / m.numeric ELSE null END AS mean,
  m.firstAt AS firstAt, m.lastAt AS lastAt,
  CASE WHEN m.meaning = 'energy_counter' THEN m.increase END AS increase
ORDER BY executionId, tag
