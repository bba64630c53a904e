// Purpose: the windows of executions whose reading summaries are worked out again.
// Parameters: $ids: execution ids.
// Returns: id, equipmentId, startedAt, completedAt, site (of its unit, else null).
// Index: constraint operation_execution_key.
UNWIND $ids AS id
MATCH (e:OperationExecution {id: id})
OPTIONAL MATCH (e)-[:PERFORMED_ON]->(u:Unit)
RETURN e.id AS id, e.equipmentId AS equipmentId, e.startedAt AS startedAt,
  e.completedAt AS completedAt, u.site AS site
