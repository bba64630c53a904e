// Purpose: the first statement of every import batch and every derived-state write. Taking the
// lock node's write lock serialises those transactions (a batch reads the versions the graph
// holds, decides and writes with nothing in between); `seq` counts the import batches
// committed, so derived state read before a batch landed can tell it is stale.
// Parameters: $step — 1 for an import batch, 0 for a derived-state write (still takes the lock).
// Returns: seq, the number of import batches committed, this one included.
// Index: constraint write_lock_id (migration 007 creates the node; MERGE recreates it in a graph
// someone emptied by hand).
MERGE (l:WriteLock {id: 'graph'})
  ON CREATE SET l.seq = 0
SET l.seq = l.seq + $step
RETURN l.seq AS seq
