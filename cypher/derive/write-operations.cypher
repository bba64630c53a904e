// Purpose: store, per operation execution, whether it escaped and its unit's site.
// Parameters: $rows: [{id, escaped, unitSite}].
// Returns: written (count).
// Index: constraint operation_execution_key.
UNWIND $rows AS row
MATCH (oe:OperationExecution {id: row.id})
SET oe.escaped = row.escaped, oe.unitSite = row.unitSite
RETURN count(oe) AS written
