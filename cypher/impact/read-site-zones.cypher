// Purpose: the time zone of each given site (DATE effectivity given as a day means that day there).
// Parameters: $codes: [string] site codes.
// Returns: code, timezone.
// Index: constraint site_key.
UNWIND $codes AS code
MATCH (s:Site {code: code})
RETURN s.code AS code, s.timezone AS timezone
