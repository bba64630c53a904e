// Purpose: the latest reading of each series of the machines named, for their health.
// Parameters: $equipmentIds.
// Returns: equipmentId, tag, meaning, lastValue, lastAt, limits (JSON or null).
// Index: reading_series_equipment.
UNWIND $equipmentIds AS id
MATCH (s:ReadingSeries)
WHERE s.equipmentId = id
RETURN s.equipmentId AS equipmentId, s.tag AS tag, s.meaning AS meaning, s.lastValue AS lastValue,
  s.lastAt AS lastAt, s.limits AS limits
