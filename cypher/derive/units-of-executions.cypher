// Purpose: the units the given operation executions were performed on, by the work
// instructions, equipment or operators they name, or by their id.
// Parameters: $ids, $workInstructions, $equipment, $operators: [string] (any may be empty).
// Returns: serialNumber (distinct).
// Index: operation_execution_key, operation_execution_instruction, operation_execution_equipment,
//   operation_execution_operator.
CALL () {
  UNWIND $ids AS id
  MATCH (oe:OperationExecution {id: id})
  RETURN oe.serialNumber AS serialNumber
  UNION
  UNWIND $workInstructions AS number
  MATCH (oe:OperationExecution {workInstructionNumber: number})
  RETURN oe.serialNumber AS serialNumber
  UNION
  UNWIND $equipment AS equipmentId
  MATCH (oe:OperationExecution {equipmentId: equipmentId})
  RETURN oe.serialNumber AS serialNumber
  UNION
  UNWIND $operators AS operatorId
  MATCH (oe:OperationExecution {operatorId: operatorId})
  RETURN oe.serialNumber AS serialNumber
}
RETURN serialNumber
