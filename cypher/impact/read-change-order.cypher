// Purpose: a change order as change impact needs it.
// Parameters: $id.
// Returns: at most one row: id, title, releasedAt, changes (JSON), effectivity (JSON), placeholder.
// Index: constraint change_order_key.
MATCH (co:ChangeOrder {id: $id})
RETURN co.id AS id, co.title AS title, co.releasedAt AS releasedAt, co.changes AS changes,
  co.effectivity AS effectivity, co.placeholder AS placeholder
