// Purpose: every revision of the given work instructions, to judge which was current when.
// Parameters: $numbers: [string] document numbers.
// Returns: one row per revision: revision (map).
// Index: work_instruction_revision_number.
UNWIND $numbers AS number
MATCH (w:WorkInstructionRevision {documentNumber: number})
RETURN w {number: w.documentNumber, .revision, .releasedAt, .supersededAt, .placeholder} AS revision
