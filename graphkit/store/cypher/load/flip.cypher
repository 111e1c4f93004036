// Make a staged load current (in the transaction that holds the dataset's lock, with its metadata):
// what it wrote becomes visible, what it replaced invisible, in this one small transaction.
MATCH (l:GraphkitLoad {number: $load})
SET l.state = 'current', l.finished = datetime(), l += $summary
WITH l
OPTIONAL MATCH (old:GraphkitLoad {dataset: $dataset, state: 'current'}) WHERE old <> l
SET old.state = 'superseded'
RETURN count(old) AS superseded
