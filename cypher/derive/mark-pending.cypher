// Purpose: keep, in the same transaction as an import batch, what its changes can reach (the
// seeds of derived state), so that derived state is worked out for them even when the import is
// killed before it derives: whoever derives next takes them and deletes them when done.
// Parameters: $id (importId#batch), $importId, $seeds (JSON: lists of serials, lots, parts, …),
//   $createdAt.
// Returns: id.
// Index: constraint derive_pending_id.
MERGE (p:DerivePending {id: $id})
ON CREATE SET p.importId = $importId, p.seeds = $seeds, p.createdAt = $createdAt
RETURN p.id AS id
