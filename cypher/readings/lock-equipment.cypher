// Purpose: the live state of each machine named, created when new, write-locked until the
// transaction ends: the writer of live readings and the work-out of an execution's summaries
// take it first, so a reading and an execution arriving at the same time are never both missed.
// Parameters: $equipment: [{equipmentId, site (may be null), lastReadingAt (the latest source time
//   of the readings being stored, or null)}].
// Returns: equipmentId, health (the last judged, may be null).
// Index: constraint equipment_state_key.
UNWIND $equipment AS m
MERGE (s:EquipmentState {equipmentId: m.equipmentId})
SET s.equipmentId = m.equipmentId, s.site = coalesce(m.site, s.site),
  s.lastReadingAt = CASE WHEN m.lastReadingAt > coalesce(s.lastReadingAt, '') THEN m.lastReadingAt
    ELSE s.lastReadingAt END
RETURN s.equipmentId AS equipmentId, s.health AS health
