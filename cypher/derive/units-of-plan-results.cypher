// Purpose: the units with inspection results that name the given inspection plans.
// Parameters: $planIds: [string].
// Returns: serialNumber (distinct).
// Index: inspection_result_plan.
UNWIND $planIds AS planId
MATCH (i:InspectionResult {planId: planId})
RETURN DISTINCT i.serialNumber AS serialNumber
