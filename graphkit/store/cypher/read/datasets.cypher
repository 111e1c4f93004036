// The names of the datasets whose actors are in the database.
<STAGING>
MATCH (a:Actor) WHERE a.dataset IS NOT NULL AND a.id IS NOT NULL AND <VISIBLE a>
RETURN DISTINCT a.dataset AS dataset
ORDER BY dataset
