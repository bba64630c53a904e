// Purpose: the units' inspection results, with whether the execution each names is known.
// Parameters: $serialNumbers: [string].
// Returns: one row per result: serialNumber, inspection (map), executionPlaceholder.
// Index: inspection_result_serial; operation_execution_key.
UNWIND $serialNumbers AS serialNumber
MATCH (i:InspectionResult {serialNumber: serialNumber})
OPTIONAL MATCH (oe:OperationExecution {id: i.operationExecutionId})
RETURN
  serialNumber,
  i {.id, .operationExecutionId, .planId, .planRevision, .characteristicId, .value, .result,
     .inspectedAt} AS inspection,
  oe.placeholder AS executionPlaceholder
