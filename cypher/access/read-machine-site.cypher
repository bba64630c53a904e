// Purpose: the site of a machine, from its live state or its equipment record, so that a person
// of one site is not shown another site's machine readings.
// Parameters: $id (equipmentId).
// Returns: site (null when neither says); no row when the machine is unknown.
// Index: constraint equipment_state_key; constraint equipment_key.
OPTIONAL MATCH (s:EquipmentState {equipmentId: $id})
OPTIONAL MATCH (m:Equipment {id: $id})
WITH s, m WHERE s IS NOT NULL OR m IS NOT NULL
RETURN coalesce(s.site, m.site) AS site
