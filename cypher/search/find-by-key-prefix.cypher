// Purpose: find serials, lots, work orders, parts, NCRs and change orders whose key starts with
// what a person holds, in any case.
// Parameters: $prefix (lower case: searchKey is); $kinds: [string] among Unit, Lot, WorkOrder, Part, Nonconformance,
//   ChangeOrder, Capa; $limit per kind.
// Returns: kind, key, partNumber, status, placeholder.
// Index: the *_search range indexes on searchKey (migration 008; range seeks for STARTS WITH).
CALL () {
  MATCH (n:Unit) WHERE 'Unit' IN $kinds AND n.searchKey STARTS WITH $prefix
  RETURN 'Unit' AS kind, n.serialNumber AS key, n.partNumber AS partNumber, n.status AS status, n.placeholder AS placeholder
  ORDER BY key LIMIT toInteger($limit)
  UNION ALL
  MATCH (n:Lot) WHERE 'Lot' IN $kinds AND n.searchKey STARTS WITH $prefix
  RETURN 'Lot' AS kind, n.lotNumber AS key, n.partNumber AS partNumber, null AS status, n.placeholder AS placeholder
  ORDER BY key LIMIT toInteger($limit)
  UNION ALL
  MATCH (n:WorkOrder) WHERE 'WorkOrder' IN $kinds AND n.searchKey STARTS WITH $prefix
  RETURN 'WorkOrder' AS kind, n.id AS key, n.partNumber AS partNumber, n.status AS status, n.placeholder AS placeholder
  ORDER BY key LIMIT toInteger($limit)
  UNION ALL
  MATCH (n:Part) WHERE 'Part' IN $kinds AND n.searchKey STARTS WITH $prefix
  RETURN 'Part' AS kind, n.partNumber AS key, n.partNumber AS partNumber, null AS status, n.placeholder AS placeholder
  ORDER BY key LIMIT toInteger($limit)
  UNION ALL
  MATCH (n:Nonconformance) WHERE 'Nonconformance' IN $kinds AND n.searchKey STARTS WITH $prefix
  RETURN 'Nonconformance' AS kind, n.id AS key, null AS partNumber, n.status AS status, n.placeholder AS placeholder
  ORDER BY key LIMIT toInteger($limit)
  UNION ALL
  MATCH (n:Capa) WHERE 'Capa' IN $kinds AND n.searchKey STARTS WITH $prefix
  RETURN 'Capa' AS kind, n.id AS key, null AS partNumber, n.status AS status, n.placeholder AS placeholder
  ORDER BY key LIMIT toInteger($limit)
  UNION ALL
  MATCH (n:ChangeOrder) WHERE 'ChangeOrder' IN $kinds AND n.searchKey STARTS WITH $prefix
  RETURN 'ChangeOrder' AS kind, n.id AS key, null AS partNumber, null AS status, n.placeholder AS placeholder
  ORDER BY key LIMIT toInteger($limit)
}
RETURN kind, key, partNumber, status, placeholder
