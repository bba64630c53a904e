// Purpose: the machines that send live readings, at one site or all: their live state and motor
// health, identity as the MES or their nodeset sent it, and each series' latest reading.
// Parameters: $site (null: every site).
// Returns: equipmentId, site, name, type, health, healthReason, healthChangedAt, lastReadingAt,
//   series (list of {tag, meaning, unit, lastAt, lastValue, lastQuality}).
// Index: equipment_state_site (a scan of the machines' states when every site is asked for, by
//   design: one node per machine); constraint on Equipment id; reading_series_equipment.
MATCH (s:EquipmentState)
WHERE $site IS NULL OR s.site = $site
OPTIONAL MATCH (eq:Equipment {id: s.equipmentId})
OPTIONAL MATCH (x:ReadingSeries)
WHERE x.equipmentId = s.equipmentId
WITH s, eq, x ORDER BY x.tag
RETURN s.equipmentId AS equipmentId, coalesce(s.site, eq.site) AS site, eq.name AS name,
  eq.type AS type, s.health AS health, s.healthReason AS healthReason,
  s.healthChangedAt AS healthChangedAt, s.lastReadingAt AS lastReadingAt,
  collect(x {.tag, .meaning, .unit, .lastAt, .lastValue, .lastQuality}) AS series
ORDER BY equipmentId
