// Purpose: every change still waiting for its derived state, whatever import made it: a full
// derive works out everything and then clears these.
// Parameters: none.
// Returns: id.
// Index: none (reads every DerivePending node; there are as many as batches not yet derived).
MATCH (p:DerivePending)
RETURN p.id AS id
