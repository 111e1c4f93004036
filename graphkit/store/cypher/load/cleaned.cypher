// Note that what a load replaced is all deleted: the next load of its dataset need not look for it.
MATCH (l:GraphkitLoad {number: $load})
SET l.cleaned = true
RETURN count(l) AS count
