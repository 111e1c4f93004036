// Before the previous (one-transaction) loader runs beside the current one: the current schema's
// lookups of (dataset, id) go, so that the previous loader can create its uniqueness constraints on
// the same properties (the current loader's next `apply_schema` turns them back into lookups).
DROP INDEX actor_lookup IF EXISTS;

DROP INDEX source_lookup IF EXISTS;
