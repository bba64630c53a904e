// Purpose: write the reading summaries of executions (one per execution and tag), linked from
// the execution.
// Parameters: $rows: [{executionId, tag, props: {unit, meaning, count, min, max, sum, numeric,
//   firstAt, firstValue, lastAt, lastValue, increase, resets}}].
// Returns: written (count).
// Index: constraints operation_execution_key, reading_summary_key.
UNWIND $rows AS r
MATCH (e:OperationExecution {id: r.executionId})
MERGE (m:ReadingSummary {executionId: r.executionId, tag: r.tag})
SET m += r.props
MERGE (e)-[:MEASURED]->(m)
RETURN count(m) AS written
