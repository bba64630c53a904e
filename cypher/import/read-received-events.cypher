// Purpose: which of the given event idempotency keys (CloudEvents source and id) were received
// before: their events change nothing, whatever they hold.
// Parameters: $keys.
// Returns: key, one row per key received before.
// Index: constraint received_event_key.
UNWIND $keys AS key
MATCH (e:ReceivedEvent {key: key})
RETURN e.key AS key
