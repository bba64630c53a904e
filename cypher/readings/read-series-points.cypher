// Purpose: the stored points of one series between two times, for a chart.
// Parameters: $equipmentId, $tag, $from, $to, $seekFrom (from − the longest chunk span).
// Returns: from, dt, v, q (one row per chunk, oldest first).
// Index: constraint reading_chunk_key (equality on equipmentId and tag, range on from).
MATCH (c:ReadingChunk)
WHERE c.equipmentId = $equipmentId AND c.tag = $tag AND c.from >= $seekFrom AND c.from <= $to
  AND c.to >= $from
RETURN c.from AS from, c.dt AS dt, c.v AS v, c.q AS q
ORDER BY from
