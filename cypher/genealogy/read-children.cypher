// Purpose: one level of genealogy: what each given serial or lot consumed.
// Parameters: $rids: [string] record ids of the parents (Unit or Lot).
// Returns: one row per CONSUMED relationship: parentRid, parentId, rid, kind ('SERIAL' | 'LOT'),
//   id, partNumber, placeholder.
// Index: constraint artefact_rid.
UNWIND $rids AS parentRid
MATCH (p:Artefact {rid: parentRid})-[:CONSUMED]->(c:Artefact)
RETURN
  parentRid,
  coalesce(p.serialNumber, p.lotNumber) AS parentId,
  c.rid AS rid,
  CASE WHEN c:Unit THEN 'SERIAL' ELSE 'LOT' END AS kind,
  coalesce(c.serialNumber, c.lotNumber) AS id,
  c.partNumber AS partNumber,
  c.placeholder AS placeholder
