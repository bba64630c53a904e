// 008: find anything by the number a person holds, in any case: each record keeps its key in
// lower case (searchKey, written by the importer), range-indexed for STARTS WITH per kind the
// search box finds; records imported before this migration get theirs here.
CREATE INDEX unit_search IF NOT EXISTS FOR (n:Unit) ON (n.searchKey);
CREATE INDEX lot_search IF NOT EXISTS FOR (n:Lot) ON (n.searchKey);
CREATE INDEX work_order_search IF NOT EXISTS FOR (n:WorkOrder) ON (n.searchKey);
CREATE INDEX part_search IF NOT EXISTS FOR (n:Part) ON (n.searchKey);
CREATE INDEX nonconformance_search IF NOT EXISTS FOR (n:Nonconformance) ON (n.searchKey);
CREATE INDEX change_order_search IF NOT EXISTS FOR (n:ChangeOrder) ON (n.searchKey);
CREATE INDEX capa_search IF NOT EXISTS FOR (n:Capa) ON (n.searchKey);
MATCH (n:Unit) WHERE n.searchKey IS NULL CALL (n) { SET n.searchKey = toLower(n.serialNumber) } IN TRANSACTIONS OF 5000 ROWS;
MATCH (n:Lot) WHERE n.searchKey IS NULL CALL (n) { SET n.searchKey = toLower(n.lotNumber) } IN TRANSACTIONS OF 5000 ROWS;
MATCH (n:WorkOrder) WHERE n.searchKey IS NULL CALL (n) { SET n.searchKey = toLower(n.id) } IN TRANSACTIONS OF 5000 ROWS;
MATCH (n:Part) WHERE n.searchKey IS NULL CALL (n) { SET n.searchKey = toLower(n.partNumber) } IN TRANSACTIONS OF 5000 ROWS;
MATCH (n:Nonconformance) WHERE n.searchKey IS NULL CALL (n) { SET n.searchKey = toLower(n.id) } IN TRANSACTIONS OF 5000 ROWS;
MATCH (n:ChangeOrder) WHERE n.searchKey IS NULL CALL (n) { SET n.searchKey = toLower(n.id) } IN TRANSACTIONS OF 5000 ROWS;
MATCH (n:Capa) WHERE n.searchKey IS NULL CALL (n) { SET n.searchKey = toLower(n.id) } IN TRANSACTIONS OF 5000 ROWS
