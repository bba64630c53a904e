// Purpose: make sure every referenced record exists; one not yet known becomes a placeholder
// carrying its key and the provenance of the record that first referenced it.
// Parameters: $targets: [{rid, label, props}] — props: key fields, placeholder: true, provenance.
// Returns: ensured (count of targets).
// Index: constraint artefact_rid.
UNWIND $targets AS t
MERGE (n:Artefact {rid: t.rid})
ON CREATE SET n = t.props, n:$(t.label)
RETURN count(n) AS ensured
