// Purpose: the machine readings taken during one operation execution — its equipment's readings
// between its start and its completion — point by point, for a chart (at most $limit, evenly
// spread over the window when there are more).
// Parameters: $executionId, $limit.
// Returns: one row per tag: tag, unit, count, points (list of {t, value, quality}).
// Index: constraint operation_execution_key; reading_equipment_time (equality on equipmentId,
//   range on sourceTimestamp).
MATCH (e:OperationExecution {id: $executionId})
WHERE e.equipmentId IS NOT NULL AND e.startedAt IS NOT NULL
MATCH (r:Reading)
WHERE r.equipmentId = e.equipmentId AND r.sourceTimestamp >= e.startedAt
  AND r.sourceTimestamp <= coalesce(e.completedAt, e.startedAt)
WITH r ORDER BY r.sourceTimestamp
WITH r.tag AS tag, r.unit AS unit, collect({t: r.sourceTimestamp, value: r.value, quality: r.quality}) AS every
WITH tag, unit, every, size(every) AS count,
  CASE WHEN size(every) <= $limit THEN 1 ELSE toInteger(ceil(toFloat(size(every)) / $limit)) END AS step
RETURN tag, unit, count, [i IN range(0, size(every) - 1, step) | every[i]] AS points
ORDER BY tag
