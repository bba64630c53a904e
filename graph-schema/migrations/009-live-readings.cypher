// 009: live machine readings (graph-schema/model.md, "Machine readings"): chunks of points per
// equipment and tag, one head per series, one live state per machine, and per operation execution
// a summary per tag. An execution's readingWindowEnd (its completion, or the far future while it
// runs) is what the writer seeks on to find the executions a new reading falls in; executions
// imported before this migration get theirs, and their summaries, from `threadgraph derive`.
CREATE CONSTRAINT reading_chunk_key IF NOT EXISTS FOR (n:ReadingChunk) REQUIRE (n.equipmentId, n.tag, n.from) IS UNIQUE;
CREATE INDEX reading_chunk_equipment IF NOT EXISTS FOR (n:ReadingChunk) ON (n.equipmentId, n.from);
CREATE CONSTRAINT reading_series_key IF NOT EXISTS FOR (n:ReadingSeries) REQUIRE (n.equipmentId, n.tag) IS UNIQUE;
CREATE INDEX reading_series_equipment IF NOT EXISTS FOR (n:ReadingSeries) ON (n.equipmentId);
CREATE CONSTRAINT equipment_state_key IF NOT EXISTS FOR (n:EquipmentState) REQUIRE n.equipmentId IS UNIQUE;
CREATE INDEX equipment_state_site IF NOT EXISTS FOR (n:EquipmentState) ON (n.site);
CREATE CONSTRAINT reading_summary_key IF NOT EXISTS FOR (n:ReadingSummary) REQUIRE (n.executionId, n.tag) IS UNIQUE;
CREATE INDEX reading_summary_meaning IF NOT EXISTS FOR (n:ReadingSummary) ON (n.meaning, n.firstAt);
CREATE INDEX operation_execution_reading_window IF NOT EXISTS FOR (n:OperationExecution) ON (n.equipmentId, n.readingWindowEnd)
