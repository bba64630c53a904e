// Purpose: the site of each unit asked about (its own, else its work order's), so that a person
// of one site is not shown another site's units.
// Parameters: $serialNumbers: [string].
// Returns: serialNumber, site (null when neither says) for each unit that exists.
// Index: constraint unit_key.
UNWIND $serialNumbers AS serialNumber
MATCH (u:Unit {serialNumber: serialNumber})
OPTIONAL MATCH (u)-[:BUILT_UNDER]->(wo:WorkOrder)
RETURN u.serialNumber AS serialNumber, coalesce(u.site, wo.site) AS site
