// Purpose: move each series' head on: what it means, its latest stored time and latest reading,
// how many points it holds.
// Parameters: $series: [{equipmentId, tag, site, meaning, unit, limits (JSON or null), high,
//   lastAt, lastValue, lastQuality, added}].
// Returns: updated (count).
// Index: constraint reading_series_key.
UNWIND $series AS s
MATCH (x:ReadingSeries {equipmentId: s.equipmentId, tag: s.tag})
SET x.site = coalesce(s.site, x.site), x.meaning = coalesce(s.meaning, x.meaning),
  x.unit = coalesce(s.unit, x.unit), x.limits = coalesce(s.limits, x.limits),
  x.points = coalesce(x.points, 0) + s.added
WITH x, s
CALL (x, s) {
  WITH x, s WHERE x.high IS NULL OR s.high > x.high
  SET x.high = s.high, x.lastAt = s.lastAt, x.lastValue = s.lastValue, x.lastQuality = s.lastQuality
}
RETURN count(x) AS updated
