// Purpose: the changes of one import run still waiting for their derived state.
// Parameters: $importId.
// Returns: one row per batch: id, seeds (JSON).
// Index: derive_pending_import.
MATCH (p:DerivePending {importId: $importId})
RETURN p.id AS id, p.seeds AS seeds
