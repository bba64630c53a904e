// Purpose: the first and last instant any thread-health count can fall on: the span a full
// rebuild of the daily counts covers.
// Parameters: none.
// Returns: first, last (null when the graph holds no such record).
// Index: operation_execution_started, nonconformance_raised, unit_shipped (min and max from the index).
CALL () {
  MATCH (oe:OperationExecution) WHERE oe.startedAt IS NOT NULL
  RETURN min(oe.startedAt) AS first, max(oe.startedAt) AS last
  UNION ALL
  MATCH (n:Nonconformance) WHERE n.raisedAt IS NOT NULL
  RETURN min(n.raisedAt) AS first, max(n.raisedAt) AS last
  UNION ALL
  MATCH (u:Unit) WHERE u.shippedAt IS NOT NULL
  RETURN min(u.shippedAt) AS first, max(u.shippedAt) AS last
}
RETURN min(first) AS first, max(last) AS last
