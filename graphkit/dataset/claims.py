"""The checks of a relationship's time and evidence: that its dates can all hold, within its actors'
lifetimes and no later than its first report, and that a status set by hand says why and says no
more than its citations.

When a claim may hold is computed by the one rule, `dates.valid_time`; how citations give a status
is the vocabulary's `status_rules` (`Vocabulary.derive_status`). These checks only compare what
they give with what a curator wrote, so that a mistake is found when the dataset is checked
rather than by a relationship silently missing from every time slice.
"""

from __future__ import annotations

import datetime as dt
from typing import Mapping

from graphkit.dataset.records import Report
from graphkit.model import Actor, PartialDate, Relationship, Source, fields, valid_time
from graphkit.vocabulary import vocabulary

TIME_FIELDS = tuple(f.name for f in fields(Relationship) if f.kind == "date")
"""A relationship's own date fields, what its text says of when it held: `dates.valid_time`'s
arguments (date, start, end, attested, after, before)."""
CAUTION = ("confirmed", "reported", "alleged", "disputed", "denied")
"""Statuses from the boldest to the most cautious. A status set by hand may be more cautious than
its citations give (the curator's note says why), never bolder."""


def check_claim(read: Report, rel: Relationship, actors: Mapping[str, Actor] | None,
                sources: Mapping[str, Source] | None) -> None:
    """Every time and evidence problem of one relationship, kept in `read` (actors or sources None:
    that table could not be read, so nothing is checked against it)."""
    check_status(read, rel, sources)
    own = _own_time(read, rel)
    if own is None:
        return
    if actors is not None:
        for end in dict.fromkeys((rel.source, rel.target)):
            actor = actors.get(end)
            if actor is not None and (actor.start is not None or actor.end is not None):
                _check_lifetime(read, rel, actor)
    if sources is not None:
        _check_first_report(read, rel, own, sources)


# --- status -----------------------------------------------------------------------------------------

def derived_status(rel: Relationship, sources: Mapping[str, Source]) -> str | None:
    """The status the vocabulary's rules give a relationship's citations (sources of one publisher,
    or without one the same source, are not independent of each other)."""
    def publisher(source_id: str) -> str:
        source = sources.get(source_id)
        return (source.publisher if source is not None else None) or source_id

    return vocabulary().derive_status([(c.stance or "asserts", publisher(c.source)) for c in rel.citations])


def check_status(read: Report, rel: Relationship, sources: Mapping[str, Source] | None) -> None:
    """A status set by hand needs its `status_note`, and may not say more than the citations.

    An unknown status or stance is already reported by the field readers; then nothing is compared.
    """
    if rel.status is None:
        if rel.status_note:
            read.error("status_note", "a status_note without a status: it says why a status is set by hand; "
                                      "set the status or leave the note out", severity="warning")
        return
    if not rel.status_note:
        read.error("status", (f"status {rel.status!r} is set by hand without a status_note: say why, or leave "
                              "the status out and give each citation its stance (asserts, alleges, denies, "
                              "confirms): the status then follows from them"))
    stances = vocabulary().stances
    if sources is None or rel.status not in CAUTION or any(c.stance not in stances for c in rel.citations):
        return
    given = derived_status(rel, sources)
    if given in CAUTION and CAUTION.index(rel.status) < CAUTION.index(given):
        counted = ", ".join(f"{count} {stance}" for stance, count in _stances(rel).items())
        read.error("status", (
            f"status {rel.status!r} says more than its citations, which give {given!r} ({counted}): a status "
            "set by hand may be more cautious than its citations, not bolder; cite what supports it (a second, "
            "independent source, or a party's confirmation) or leave the status out"), severity="warning")


def _stances(rel: Relationship) -> dict[str, int]:
    counts: dict[str, int] = {}
    for citation in rel.citations:
        counts[citation.stance] = counts.get(citation.stance, 0) + 1
    return counts


# --- time -------------------------------------------------------------------------------------------

def _given(rel: Relationship) -> dict[str, PartialDate]:
    return {name: getattr(rel, name) for name in TIME_FIELDS if getattr(rel, name) is not None}


def _own_time(read: Report, rel: Relationship):
    """The valid time its own dates give, or None when they cannot all hold (that is reported)."""
    given = _given(rel)
    if "date" in given and ("start" in given or "end" in given):
        return None  # reported: a point event or a lasting relation, not both
    if "date" in given and "attested" in given:
        read.error("attested", "give either date (a point event) or attested (a lasting relation known to "
                               "hold then), not both")
        return None
    end, start = given.get("end"), given.get("start")
    if start and end and not end.is_open and end.latest < start.earliest:
        return None  # reported as end before start
    own = valid_time(**given)
    if _empty(own):
        named = " and ".join(f"{name} {value}" for name, value in given.items())
        blamed = next((name for name in ("after", "before", "attested", "end") if name in given), "start")
        read.error(blamed, f"its dates cannot all hold: no day fits {named}")
        return None
    return own


def _empty(time) -> bool:
    pairs = ((time.earliest_start, time.latest_start), (time.earliest_end, time.latest_end),
             (time.earliest_start, time.latest_end))
    return any(first is not None and last is not None and first > last for first, last in pairs)


def _days(name: str, value: PartialDate) -> tuple[dt.date | None, dt.date | None]:
    """The days a date field allows the relationship to reach: `after` opens it to the future,
    `before` to the past; every other field is its own interval."""
    if value.is_open:
        return None, None
    return (None if name == "before" else value.earliest), (None if name == "after" else value.latest)


def _check_lifetime(read: Report, rel: Relationship, actor: Actor) -> None:
    """A warning for each of its dates that falls before an actor began or after it ended."""
    born = actor.start if actor.start is not None and not actor.start.is_open else None
    ended = actor.end if actor.end is not None and not actor.end.is_open else None
    for name, value in _given(rel).items():
        first, last = _days(name, value)
        if born is not None and last is not None and last < born.earliest:
            read.error(name, (f"{name} {value} is before {actor.id!r} began (start {born}): a relationship "
                              "holds only while both its actors exist"), severity="warning")
        elif ended is not None and first is not None and first > ended.latest:
            read.error(name, (f"{name} {value} is after {actor.id!r} ended (end {ended}): a relationship "
                              "holds only while both its actors exist"), severity="warning")


def first_report(rel: Relationship, sources: Mapping[str, Source]) -> tuple[PartialDate, str] | None:
    """The earliest date a citation that does not deny the claim was known (its own date, else its
    source's publication date), and that citation's source; None when no such date is known."""
    known = []
    for citation in rel.citations:
        source = sources.get(citation.source)
        date = citation.date or (source.published if source is not None else None)
        if citation.stance != "denies" and date is not None:
            known.append((date, citation.source))
    return min(known, key=lambda item: item[0]) if known else None


def _check_first_report(read: Report, rel: Relationship, own, sources: Mapping[str, Source]) -> None:
    """A warning when a source reported the claim before any day its own dates allow it to begin."""
    first = first_report(rel, sources)
    if first is None or own.earliest_start is None or first[0].latest >= own.earliest_start:
        return
    date, source = first
    blamed = next(name for name in ("date", "start", "after")
                  if getattr(rel, name) is not None and getattr(rel, name).earliest == own.earliest_start)
    read.error(blamed, (
        f"{blamed} {getattr(rel, blamed)} is after its first report ({source!r}, {date}): a source cannot report "
        "what had not yet begun; check the dates (a citation from a revised source may carry its own date)"),
        severity="warning")
