// Purpose: energy per route: per part and routing operation, the kWh the machines' energy
// counters went up by during the operations measured (started in [from, to), at a site or all).
// Parameters: $from, $to (instants), $site (null: every site).
// Returns: partNumber, opNumber, operations, units, kwh, resets.
// Index: reading_summary_meaning (equality on meaning, range on firstAt); constraints
//   operation_execution_key, work_order_key.
MATCH (m:ReadingSummary)
WHERE m.meaning = 'energy_counter' AND m.firstAt >= $from AND m.firstAt < $to
MATCH (e:OperationExecution {id: m.executionId})-[:PERFORMED_ON]->(u:Unit)
WHERE $site IS NULL OR u.site = $site
// a unit whose own record has not arrived yet is of its work order's part
OPTIONAL MATCH (wo:WorkOrder {id: e.workOrderId})
RETURN coalesce(u.partNumber, wo.partNumber) AS partNumber, e.opNumber AS opNumber, count(*) AS operations,
  count(DISTINCT u) AS units, sum(m.increase) AS kwh, sum(m.resets) AS resets
ORDER BY partNumber, opNumber
