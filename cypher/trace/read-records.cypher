// Purpose: what a trace shows of each serial or lot it reaches: part, status, whether it is only a
// placeholder, and (units) the latest shipment naming it, with its customer.
// Parameters: $rids: [string] record ids of units and lots.
// Returns: rid, kind ('SERIAL' | 'LOT'), id, partNumber, status, placeholder, shipmentId,
//   shippedAt, customer.
// Index: constraint artefact_rid.
UNWIND $rids AS rid
MATCH (n:Artefact {rid: rid})
OPTIONAL CALL (n) {
  MATCH (n)<-[:SHIPPED]-(s:Shipment)
  WHERE NOT s.placeholder
  RETURN s
  ORDER BY s.shippedAt DESC, s.id DESC
  LIMIT 1
}
RETURN rid,
  CASE WHEN n:Unit THEN 'SERIAL' ELSE 'LOT' END AS kind,
  coalesce(n.serialNumber, n.lotNumber) AS id,
  n.partNumber AS partNumber,
  n.status AS status,
  n.placeholder AS placeholder,
  s.id AS shipmentId,
  s.shippedAt AS shippedAt,
  s.customer AS customer
