// Purpose: when each given unit was (first) shipped according to what is stored now: a unit
// whose shipment date changes leaves a day to recount.
// Parameters: $serialNumbers: [string].
// Returns: shippedAt (non-null only).
// Index: constraint unit_key.
UNWIND $serialNumbers AS serialNumber
MATCH (u:Unit {serialNumber: serialNumber})
WHERE u.shippedAt IS NOT NULL
RETURN u.shippedAt AS shippedAt
