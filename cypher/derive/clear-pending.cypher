// Purpose: forget changes whose derived state has been worked out (by id: changes committed
// since the derive began stay pending).
// Parameters: $ids.
// Returns: cleared (count).
// Index: constraint derive_pending_id.
UNWIND $ids AS id
MATCH (p:DerivePending {id: id})
DELETE p
RETURN count(*) AS cleared
