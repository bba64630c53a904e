// Purpose: how many records were refused because their source is not their kind's authority.
// Parameters: none.
// Returns: total (count).
// Index: the label scan of :GovernanceViolation.
MATCH (v:GovernanceViolation)
RETURN count(v) AS total
