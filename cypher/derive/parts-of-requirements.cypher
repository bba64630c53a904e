// Purpose: the parts whose revisions satisfy the given requirements.
// Parameters: $ids: [string] requirement ids.
// Returns: partNumber (distinct).
// Index: constraint requirement_key.
UNWIND $ids AS id
MATCH (:Requirement {id: id})<-[:SATISFIES]-(r:PartRevision)
RETURN DISTINCT r.partNumber AS partNumber
