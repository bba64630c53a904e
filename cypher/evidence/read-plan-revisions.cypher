// Purpose: every revision of the given inspection plans, with their characteristics (JSON).
// Parameters: $planIds: [string].
// Returns: one row per revision: revision (map).
// Index: inspection_plan_revision_plan.
UNWIND $planIds AS planId
MATCH (p:InspectionPlanRevision {planId: planId})
RETURN p {number: p.planId, .revision, .releasedAt, .supersededAt, .placeholder,
  .characteristics} AS revision
