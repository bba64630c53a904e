// Purpose: the stored points of series between two times, to leave out readings stored already
// (a late or repeated reading changes nothing).
// Parameters: $ranges: [{equipmentId, tag, from, to, seekFrom}] (seekFrom = from − the longest
//   chunk span, so every chunk overlapping [from, to] starts at or after it).
// Returns: equipmentId, tag, from, dt (offsets in 100 ns ticks from `from`).
// Index: constraint reading_chunk_key (equality on equipmentId and tag, range on from).
UNWIND $ranges AS r
MATCH (c:ReadingChunk)
WHERE c.equipmentId = r.equipmentId AND c.tag = r.tag AND c.from >= r.seekFrom AND c.from <= r.to
  AND c.to >= r.from
RETURN r.equipmentId AS equipmentId, r.tag AS tag, c.from AS from, c.dt AS dt
