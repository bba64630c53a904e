// Purpose: the units at the given sites, directly or through their work order's site (its time
// zone reads DATE effectivity).
// Parameters: $codes: [string] site codes.
// Returns: serialNumber (distinct).
// Index: unit_site; work_order_site.
CALL () {
  UNWIND $codes AS code
  MATCH (u:Unit {site: code})
  RETURN u.serialNumber AS serialNumber
  UNION
  UNWIND $codes AS code
  MATCH (:WorkOrder {site: code})<-[:BUILT_UNDER]-(u:Unit)
  RETURN u.serialNumber AS serialNumber
}
RETURN serialNumber
