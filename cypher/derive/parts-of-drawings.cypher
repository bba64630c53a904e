// Purpose: the parts whose revisions name the given drawings.
// Parameters: $drawingNumbers: [string].
// Returns: partNumber (distinct).
// Index: part_revision_drawing.
UNWIND $drawingNumbers AS drawingNumber
MATCH (r:PartRevision {drawingNumber: drawingNumber})
RETURN DISTINCT r.partNumber AS partNumber
