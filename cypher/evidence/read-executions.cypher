// Purpose: the units' operation executions, with whether their equipment and operator are known.
// Parameters: $serialNumbers: [string].
// Returns: one row per execution: serialNumber, execution (map), equipmentPlaceholder,
//   operatorPlaceholder.
// Index: operation_execution_serial; equipment_key; operator_key.
UNWIND $serialNumbers AS serialNumber
MATCH (oe:OperationExecution {serialNumber: serialNumber})
OPTIONAL MATCH (eq:Equipment {id: oe.equipmentId})
OPTIONAL MATCH (op:Operator {id: oe.operatorId})
RETURN
  serialNumber,
  oe {.id, .opNumber, .workInstructionNumber, .workInstructionRevision, .equipmentId, .operatorId,
      .startedAt, .completedAt, .status, .rework} AS execution,
  eq.placeholder AS equipmentPlaceholder,
  op.placeholder AS operatorPlaceholder
