// Purpose: store what each unit's evidence chain came to, for the queries over many units.
// Parameters: $rows: [{serialNumber, gapCodes, gapCount, complete, verifiedRequirements,
//   builtToSuperseded, shippedAt, derivedAt}].
// Returns: written (count).
// Index: constraint unit_key.
UNWIND $rows AS row
MATCH (u:Unit {serialNumber: row.serialNumber})
SET u.gapCodes = row.gapCodes,
    u.gapCount = row.gapCount,
    u.complete = row.complete,
    u.verifiedRequirements = row.verifiedRequirements,
    u.builtToSuperseded = row.builtToSuperseded,
    u.shippedAt = row.shippedAt,
    u.derivedAt = row.derivedAt
RETURN count(u) AS written
