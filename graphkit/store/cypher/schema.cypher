// The graphkit schema: lookups, the load log and the name search, applied by `graphkit load` and
// `graphkit schema`. Every statement says IF NOT EXISTS, so applying it again changes nothing.
//
// Loads are versioned (`store.staging`): while a load stages, two versions of a record coexist, so
// (dataset, id) is looked up by an index, not held unique by a constraint. The loader keeps it
// unique among the elements readers see. An earlier graphkit's uniqueness constraints are dropped
// first (a statement that drops is sent only when what it names is there), then the indexes made.

DROP CONSTRAINT actor_key IF EXISTS;

DROP CONSTRAINT source_key IF EXISTS;

CREATE INDEX actor_lookup IF NOT EXISTS
FOR (a:Actor) ON (a.dataset, a.id);

CREATE INDEX source_lookup IF NOT EXISTS
FOR (s:Source) ON (s.dataset, s.id);

// The load log: one (:GraphkitLoad) per load, numbered; a dataset's current and staging loads.
CREATE CONSTRAINT graphkit_load_number IF NOT EXISTS
FOR (l:GraphkitLoad) REQUIRE l.number IS UNIQUE;

CREATE INDEX graphkit_load_dataset IF NOT EXISTS
FOR (l:GraphkitLoad) ON (l.dataset, l.state);

CREATE CONSTRAINT dataset_key IF NOT EXISTS
FOR (d:Dataset) REQUIRE d.dataset IS UNIQUE;

// No index on `dataset` alone: on a fresh database the planner may take it for the rarer one and
// look actors up by dataset, then filter on id. "Everything in dataset D" reads the key index
// instead, asking `a.dataset = $dataset AND a.id IS NOT NULL`.

CREATE INDEX actor_name IF NOT EXISTS
FOR (a:Actor) ON (a.name);

// Names and aliases (a list of strings) for `graphkit query search_actors --param text=...`.
CREATE FULLTEXT INDEX actor_names IF NOT EXISTS
FOR (a:Actor) ON EACH [a.name, a.aliases];

// When relationships may have held (the bounds of valid time) and the first day one of their
// citations is certainly known: time slices (relationships_as_of, relationships_between,
// relationships_known_by, or a query of your own: WHERE r.earliest_start >= date('2023-10-07'))
// look them up here instead of reading every relationship. A relationship property index serves
// one relationship type, and a schema command takes no type as a parameter: each statement that
// says <TYPE> is applied once per relationship type of the vocabulary, with the type in its place.
CREATE RANGE INDEX relationship_<TYPE>_earliest_start IF NOT EXISTS
FOR ()-[r:<TYPE>]-() ON (r.earliest_start);

CREATE RANGE INDEX relationship_<TYPE>_latest_start IF NOT EXISTS
FOR ()-[r:<TYPE>]-() ON (r.latest_start);

CREATE RANGE INDEX relationship_<TYPE>_earliest_end IF NOT EXISTS
FOR ()-[r:<TYPE>]-() ON (r.earliest_end);

CREATE RANGE INDEX relationship_<TYPE>_latest_end IF NOT EXISTS
FOR ()-[r:<TYPE>]-() ON (r.latest_end);

CREATE RANGE INDEX relationship_<TYPE>_known_from IF NOT EXISTS
FOR ()-[r:<TYPE>]-() ON (r.known_from);
