// Purpose: every stored point of a machine in time windows — live chunks and imported Reading
// records — to work summaries out again or draw an operation's readings.
// Parameters: $windows: [{key, equipmentId, from, to, seekFrom}] (seekFrom = from − the longest
//   chunk span).
// Returns: key, tag, unit, meaning, chunks (list of {from, dt, v, q}), records (list of {t, value,
//   quality}).
// Index: reading_chunk_equipment (equality on equipmentId, range on from); reading_equipment_time.
UNWIND $windows AS w
CALL (w) {
  MATCH (c:ReadingChunk)
  WHERE c.equipmentId = w.equipmentId AND c.from >= w.seekFrom AND c.from <= w.to AND c.to >= w.from
  RETURN c.tag AS tag, collect({from: c.from, dt: c.dt, v: c.v, q: c.q}) AS chunks, [] AS records,
    null AS unit
  UNION ALL
  MATCH (r:Reading)
  WHERE r.equipmentId = w.equipmentId AND r.sourceTimestamp >= w.from AND r.sourceTimestamp <= w.to
  RETURN r.tag AS tag, [] AS chunks,
    collect({t: r.sourceTimestamp, value: r.value, quality: r.quality}) AS records,
    head(collect(r.unit)) AS unit
}
OPTIONAL MATCH (s:ReadingSeries {equipmentId: w.equipmentId, tag: tag})
RETURN w.key AS key, tag, coalesce(s.unit, unit) AS unit, s.meaning AS meaning, chunks, records
