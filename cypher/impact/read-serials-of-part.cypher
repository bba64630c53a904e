// Purpose: the serial numbers of a part's units: SERIAL effectivity is judged on these alone
// before anything else of the units is read. One row holds them all.
// Parameters: $partNumber.
// Returns: serialNumbers: [string].
// Index: unit_part_serial (partNumber, serialNumber): answered from the index.
MATCH (u:Unit)
WHERE u.partNumber = $partNumber AND u.serialNumber IS NOT NULL
RETURN collect(u.serialNumber) AS serialNumbers
