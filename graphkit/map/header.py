"""What made a map, in words: the header line a shared map file carries, so that whoever opens it
knows which slice of which network it shows (time, focus, types, kinds, statuses) and what the
slice left out, without the command that wrote it.
"""

from __future__ import annotations

from typing import Any

# What each reason a slice left relationships (or actors) out of it means, in the header's words:
# what was left out (one, several) and why.
_LEFT_OUT = {
    "undated": ("undated relationship", "undated relationships", " left out (their texts give no time)"),
    "uncertain": ("relationship", "relationships", " that only may have held left out"),
    "not_yet_known": ("relationship", "relationships", " not yet known left out"),
    "unconnected": ("actor", "actors", " with no relationship in the slice left out"),
}


def made_with(
    filters: dict[str, Any] | None,
    left_out: dict[str, int] | None,
    statuses: list[str],
    *,
    focus: str | None = None,
    depth: int | None = None,
    keep_isolated: bool = False,
    diff: dict[str, Any] | None = None,
) -> list[str]:
    """The filters that made a map and what they left out, one phrase each, for its header.

    `filters` and `left_out` are what `graph.filter_graph` records on the graph (None: a graph
    mapped as it was given), with `left_out["unconnected"]` the actors it left out (its graph
    attribute `unconnected`); `statuses` are every status of the vocabulary, so that the statuses
    a map leaves out are named; `focus` (an actor's name) and `depth` say around whom it was cut.
    A diff map (`diff`: its clock and two days) names its two days instead of the one its clock's
    filter last held.

    >>> filters = {"types": None, "kinds": ["Person"], "statuses": ["alleged", "confirmed", "reported"],
    ...            "from": "2023-10-01", "to": "2023-10-31", "certain": False, "undated": "exclude",
    ...            "known_by": None}
    >>> for part in made_with(filters, {"status": 3, "undated": 2}, ["confirmed", "reported", "alleged", "denied",
    ...                       "disputed"], focus="Hamas", depth=2):
    ...     print(part)
    held 2023-10-01 – 2023-10-31 (faded: may have held)
    within 2 ties of Hamas
    kinds: Person
    statuses: alleged, confirmed, reported
    3 claims left out by status (denied, disputed)
    2 undated relationships left out (their texts give no time)
    >>> made_with(None, None, ["reported", "denied"])
    ['every actor and relationship of the graph given']
    >>> made_with({"statuses": ["reported"], "known_by": "2024-05-01"}, {"status": 1}, ["reported", "denied"])
    ['known by 2024-05-01 (the record as published then)', 'every status but denied', '1 denied claim left out']
    >>> made_with({"statuses": ["reported"], "known_by": "2024"}, None, ["reported", "alleged"], diff={"clock": "known",
    ...           "from": "2018", "to": "2024"})
    ['what became known from 2018 to 2024', 'statuses: reported']
    """
    if diff is not None:
        clock = diff["clock"]
        parts = [("what changed in valid time" if clock == "valid" else "what became known") +
                 f" from {diff['from']} to {diff['to']}"]
        if filters is not None:  # the clock's own filter is the diff's second day: named above
            filters = {**filters, **({"from": None, "to": None} if clock == "valid" else {"known_by": None})}
    elif filters is None:
        parts = ["every actor and relationship of the graph given"]
    else:
        parts = []
    if filters is not None:
        first, last = filters.get("from"), filters.get("to")
        if first:
            held = "held on " + first if first == last else "held " + first + " – " + last
            certain = filters.get("certain")
            parts.append(held + (" (certainly)" if certain else " (faded: may have held)" if certain is False else ""))
            if filters.get("undated") == "include":
                parts.append("undated relationships included")
        if filters.get("known_by"):
            parts.append("known by " + filters["known_by"] + " (the record as published then)")
    if focus is not None:
        parts.append(f"within {depth} tie{'' if depth == 1 else 's'} of {focus}" if depth is not None
                     else "around " + focus)
    if filters is not None:
        for name in ("types", "kinds"):
            if filters.get(name) is not None:
                parts.append(name + ": " + ", ".join(filters[name]))
        kept = filters.get("statuses")
        dropped = [status for status in statuses if kept is not None and status not in kept]
        if kept is not None and not dropped:
            parts.append("every status, denied included")
        elif dropped == ["denied"]:
            parts.append("every status but denied")
        elif kept is not None:
            parts.append("statuses: " + ", ".join(kept))
        count = (left_out or {}).get("status")
        if count and dropped:
            claims = "claim" if count == 1 else "claims"
            parts.append(f"{count} denied {claims} left out" if dropped == ["denied"] else
                         f"{count} {claims} left out by status ({', '.join(dropped)})")
        for reason, (one, several, why) in _LEFT_OUT.items():
            count = (left_out or {}).get(reason)
            if count:
                parts.append(f"{count} {one if count == 1 else several}{why}")
    if keep_isolated:
        parts.append("actors without a relationship shown kept")
    return parts
