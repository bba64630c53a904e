// Purpose: the parts whose routing names the given inspection plans.
// Parameters: $planIds: [string].
// Returns: partNumber (distinct).
// Index: routing_operation_plan.
UNWIND $planIds AS planId
MATCH (o:RoutingOperation {inspectionPlanId: planId})
RETURN DISTINCT o.partNumber AS partNumber
