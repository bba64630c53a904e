// Purpose: the site of an operation execution (its own, else its unit's, else the unit's work
// order's), so that a person of one site is not shown another site's operation readings.
// Parameters: $id (the execution's id).
// Returns: site (null when none says); no row when the execution is unknown.
// Index: constraint operation_execution_key; constraint unit_key.
MATCH (e:OperationExecution {id: $id})
OPTIONAL MATCH (u:Unit {serialNumber: e.serialNumber})
OPTIONAL MATCH (u)-[:BUILT_UNDER]->(wo:WorkOrder)
RETURN coalesce(e.site, u.site, wo.site) AS site
LIMIT 1
