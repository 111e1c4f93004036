"""The same actor across datasets: candidate pairs, a curator's judgements, and the merged network.

- `names`: names made comparable (casefolded, transliterated, without titles) and scored;
- `candidates`: pairs that may be one actor, by shared identifier, then name or alias, blocked by
  kind and country;
- `judgements`: the judgements file (same / different / unsure), read, checked and appended to;
- `network`: the datasets of a folder as one merged graph (`graph.merge` does the merging).
"""

from graphkit.linking.candidates import MIN_SCORE, Candidate, candidates
from graphkit.linking.judgements import (
    FILE_NAME,
    JUDGEMENTS,
    Judgement,
    check_judgements,
    judgements_path,
    load_judgements,
    read_judgements,
    record_judgement,
    same_pairs,
)
from graphkit.linking.names import normalise_name
from graphkit.linking.network import (
    judge,
    link_candidates,
    linked_actor_problems,
    merged_network,
    same_as_rows,
    validate_judgements,
)

__all__ = ["MIN_SCORE", "Candidate", "candidates", "FILE_NAME", "JUDGEMENTS", "Judgement", "check_judgements",
           "judgements_path", "load_judgements", "read_judgements", "record_judgement", "same_pairs",
           "normalise_name", "merged_network", "validate_judgements", "judge", "link_candidates", "same_as_rows",
           "linked_actor_problems"]
