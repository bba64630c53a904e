// Purpose: every unit with an MES record, a page at a time (threadgraph derive --all).
// Parameters: $after: the last serial number of the previous page ('' first); $limit.
// Returns: serialNumber, in order.
// Index: constraint unit_key (range seek and order).
MATCH (u:Unit)
WHERE u.serialNumber > $after AND u.placeholder = false
RETURN u.serialNumber AS serialNumber
ORDER BY u.serialNumber
LIMIT toInteger($limit)
