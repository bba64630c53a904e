// Purpose: the kWh each operation of one unit took, from its machine's energy counter.
// Parameters: $serialNumber.
// Returns: executionId, opNumber, equipmentId, kwh, firstAt, lastAt, resets (oldest first).
// Index: constraint on Unit serialNumber.
MATCH (:Unit {serialNumber: $serialNumber})<-[:PERFORMED_ON]-(e:OperationExecution)
MATCH (e)-[:MEASURED]->(m:ReadingSummary)
WHERE m.meaning = 'energy_counter'
RETURN e.id AS executionId, e.opNumber AS opNumber, e.equipmentId AS equipmentId,
  m.increase AS kwh, m.firstAt AS firstAt, m.lastAt AS lastAt, m.resets AS resets
ORDER BY firstAt, executionId
