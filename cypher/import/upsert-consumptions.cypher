// Purpose: write the winning version of each Consumption record as the CONSUMED relationship
// from the parent (serial or lot) to the child (serial or lot).
// Parameters: $rows: [{rid, parentRid, childRid, props}] — both ends exist (ensured before).
// Returns: written (count).
// Index: constraint artefact_rid for both ends; constraint consumption_rid.
UNWIND $rows AS row
MATCH (p:Artefact {rid: row.parentRid})
MATCH (c:Artefact {rid: row.childRid})
MERGE (p)-[r:CONSUMED {rid: row.rid}]->(c)
  ON CREATE SET r += row.props
  ON MATCH SET r = row.props
RETURN count(r) AS written
