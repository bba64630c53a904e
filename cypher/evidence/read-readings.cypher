// Purpose: the machine readings taken during each operation execution: per execution and tag,
// count, min, max and mean of the readings of its equipment between its start and completion.
// Parameters: $windows: [{executionId, equipmentId, from, to (instants)}].
// Returns: executionId, tag, unit, count, min, max, mean.
// Index: reading_equipment_time (equality on equipmentId, range on sourceTimestamp).
UNWIND $windows AS w
MATCH (r:Reading)
WHERE r.equipmentId = w.equipmentId AND r.sourceTimestamp >= w.from AND r.sourceTimestamp <= w.to
WITH w.executionId AS executionId, r.tag AS tag, r.unit AS unit, r.value AS value
RETURN executionId, tag, unit, count(*) AS count, min(value) AS min, max(value) AS max,
  avg(value) AS mean
