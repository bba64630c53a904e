// Purpose: the units of the given parts (their revisions, routing and change orders changed).
// Parameters: $partNumbers: [string].
// Returns: serialNumber.
// Index: unit_part.
UNWIND $partNumbers AS partNumber
MATCH (u:Unit {partNumber: partNumber})
RETURN u.serialNumber AS serialNumber
