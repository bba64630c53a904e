// Purpose: store new chunks of points (never updated afterwards).
// Parameters: $chunks: [{equipmentId, tag, from, to, count, dt, v, q}].
// Returns: created (count).
// Index: constraint reading_chunk_key (a chunk stored twice fails the transaction).
UNWIND $chunks AS c
CREATE (x:ReadingChunk)
SET x = c
RETURN count(x) AS created
