// Purpose: wait until every index is online, so the first queries after a migration use them.
// Parameters: none.
// Returns: nothing.
// Index: n/a.
CALL db.awaitIndexes(300)
