// Purpose: a part revision for requirement coverage: whether only a placeholder of it exists, the
// requirements it satisfies and the inspection plans its routing names.
// Parameters: $partNumber, $revision.
// Returns: at most one row: placeholder, requirements: [{id, title}], planIds: [string].
// Index: constraint part_revision_key; index routing_operation_revision.
MATCH (pr:PartRevision {partNumber: $partNumber, revision: $revision})
RETURN
  pr.placeholder AS placeholder,
  [(pr)-[:SATISFIES]->(req:Requirement) | req {.id, .title}] AS requirements,
  COLLECT {
    MATCH (ro:RoutingOperation {partNumber: $partNumber, revision: $revision})
    WHERE ro.inspectionPlanId IS NOT NULL
    RETURN DISTINCT ro.inspectionPlanId
  } AS planIds
