// Purpose: store new chunks of points (never updated afterwards), each with when it was stored
// (storedAt, epoch ms: from a point's source time to queryable, for the bench and for audits).
// Parameters: $chunks: [{equipmentId, tag, from, to, count, dt, v, q}].
// Returns: created (count).
// Index: constraint reading_chunk_key (a chunk stored twice fails the transaction).
UNWIND $chunks AS c
CREATE (x:ReadingChunk)
SET x = c, x.storedAt = timestamp()
RETURN count(x) AS created
