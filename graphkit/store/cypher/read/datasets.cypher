// The names of the datasets whose actors are in the database.
MATCH (a:Actor) WHERE a.dataset IS NOT NULL AND a.id IS NOT NULL
RETURN DISTINCT a.dataset AS dataset
ORDER BY dataset
