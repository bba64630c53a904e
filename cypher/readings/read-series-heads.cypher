// Purpose: the latest time stored of each series named (created when new), to tell fresh
// readings from late ones and duplicates.
// Parameters: $series: [{equipmentId, tag}].
// Returns: equipmentId, tag, high (normalised instant, null for a new series).
// Index: constraint reading_series_key.
UNWIND $series AS k
MERGE (s:ReadingSeries {equipmentId: k.equipmentId, tag: k.tag})
RETURN k.equipmentId AS equipmentId, k.tag AS tag, s.high AS high
