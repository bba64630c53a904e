// Purpose: record each machine's judged motor health and its latest reading time; the time the
// health last changed moves only when it changed.
// Parameters: $rows: [{equipmentId, health, reason, lastReadingAt}], $at (instant).
// Returns: equipmentId, health, previous (the health before), changedAt.
// Index: constraint equipment_state_key.
UNWIND $rows AS r
MATCH (s:EquipmentState {equipmentId: r.equipmentId})
WITH s, r, s.health AS previous
SET s.health = r.health, s.healthReason = r.reason,
  s.lastReadingAt = CASE WHEN s.lastReadingAt IS NULL OR r.lastReadingAt > s.lastReadingAt
    THEN r.lastReadingAt ELSE s.lastReadingAt END,
  s.healthChangedAt = CASE WHEN previous IS NULL OR previous <> r.health THEN $at
    ELSE s.healthChangedAt END
RETURN s.equipmentId AS equipmentId, s.site AS site, s.health AS health, previous,
  s.healthReason AS reason, s.healthChangedAt AS changedAt
