// Purpose: the stored points of one series between two times, for a chart, and its unit.
// Parameters: $equipmentId, $tag, $from, $to, $seekFrom (from − the longest chunk span).
// Returns: unit (null for an unknown series), chunks (list of {from, dt, v, q}, oldest first).
// Index: constraints reading_series_key, reading_chunk_key (equality on equipmentId and tag,
//   range on from).
OPTIONAL MATCH (s:ReadingSeries {equipmentId: $equipmentId, tag: $tag})
OPTIONAL MATCH (c:ReadingChunk)
WHERE c.equipmentId = $equipmentId AND c.tag = $tag AND c.from >= $seekFrom AND c.from <= $to
  AND c.to >= $from
WITH s, c ORDER BY c.from
RETURN s.unit AS unit, collect(c {.from, .dt, .v, .q}) AS chunks
