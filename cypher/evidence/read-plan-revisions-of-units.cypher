// Purpose: every revision of the inspection plans the units' evidence names: the plans of the
// routing of the part revision each unit's work order is locked to, and the plans its inspection
// results name; with their characteristics (JSON).
// Parameters: $serialNumbers: [string].
// Returns: one row per revision: revision (map).
// Index: constraint unit_key; inspection_result_serial; inspection_plan_revision_plan.
UNWIND $serialNumbers AS serialNumber
CALL (serialNumber) {
  MATCH (:Unit {serialNumber: serialNumber})-[:BUILT_UNDER]->(:WorkOrder)-[:LOCKED_TO]->(pr:PartRevision)
  MATCH (ro:RoutingOperation)-[:OF_REVISION]->(pr)
  RETURN ro.inspectionPlanId AS planId
  UNION
  MATCH (i:InspectionResult {serialNumber: serialNumber})
  RETURN i.planId AS planId
}
WITH DISTINCT planId
MATCH (p:InspectionPlanRevision {planId: planId})
RETURN p {number: p.planId, .revision, .releasedAt, .supersededAt, .placeholder,
  .characteristics} AS revision
