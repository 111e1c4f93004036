// A dataset's loads still staging or current: number, state, the fingerprint of what it wrote, and
// whether what it replaced is all deleted (`cleaned`).
MATCH (l:GraphkitLoad {dataset: $dataset})
WHERE l.state IN ['staging', 'current']
RETURN l.number AS number, l.state AS state, l.fingerprint AS fingerprint, toString(l.started) AS started,
       coalesce(l.cleaned, false) AS cleaned
