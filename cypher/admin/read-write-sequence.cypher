// Purpose: how many import batches have committed, read without taking the lock: derived state
// worked out in a read transaction notes it, and its write checks it has not moved.
// Parameters: none.
// Returns: seq.
// Index: constraint write_lock_id.
MATCH (l:WriteLock {id: 'graph'})
RETURN l.seq AS seq
