// Purpose: write the winning version of each record: the node takes exactly the record's
// properties (a placeholder becomes the real record). The class label is set on creation only:
// the record id includes the kind, so an existing node already carries it. Setting properties in
// ON CREATE / ON MATCH (not a SET after MERGE) keeps the plan free of Eager.
// Parameters: $rows: [{rid, label, props}] — label is one of the canonical kinds.
// Returns: written (count).
// Index: constraint artefact_rid.
UNWIND $rows AS row
MERGE (n:Artefact {rid: row.rid})
  ON CREATE SET n += row.props, n:$(row.label)
  ON MATCH SET n = row.props
RETURN count(*) AS written
