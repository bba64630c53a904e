// Purpose: every revision of the work instructions the units' operation executions name, to judge
// which was current when.
// Parameters: $serialNumbers: [string].
// Returns: one row per revision: revision (map).
// Index: operation_execution_serial; work_instruction_revision_number.
UNWIND $serialNumbers AS serialNumber
MATCH (oe:OperationExecution {serialNumber: serialNumber})
WITH DISTINCT oe.workInstructionNumber AS number
MATCH (w:WorkInstructionRevision {documentNumber: number})
RETURN w {number: w.documentNumber, .revision, .releasedAt, .supersededAt, .placeholder} AS revision
