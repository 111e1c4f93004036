"""The ids an import gives its records: one per foreign record, however the foreign ids clean up.

Foreign ids become graphkit ids by a cleaning of each format's own (FtM's prefix taken off,
Popolo's spaces made '-', Wikidata's labels made slugs), and two foreign ids may clean up the
same: without care the second record would overwrite the first, and the first's relationships
would reach the second. `LocalIds` gives each foreign record the id it wants while that id is
free, else the first free `<id>-2`, `<id>-3`, ... in the order records come, and keeps a list of
those it renamed for the import's report.
"""

from __future__ import annotations


class LocalIds:
    """The local ids of one table of an import, first come first served.

    >>> ids = LocalIds()
    >>> ids.take("actor.p", "p"), ids.take("p", "p"), ids.take("q", "p-2")
    ('p', 'p-2', 'p-2-2')
    >>> ids.renamed
    [('p', 'p-2'), ('q', 'p-2-2')]
    """

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.renamed: list[tuple[str, str]] = []  # (foreign id, local id) of those not given their wish

    def take(self, foreign: str, wanted: str) -> str:
        """A new local id for the foreign record `foreign`, which would like `wanted` (each importer
        keeps its own map of foreign ids to local ids, and asks once a record)."""
        local, number = wanted, 1
        while local in self.taken:
            number += 1
            local = f"{wanted}-{number}"
        if local != wanted:
            self.renamed.append((foreign, local))
        self.taken.add(local)
        return local

    def lines(self, what: str) -> list[str]:
        """The report's lines for the renamed records: `what` they are ("actor", "source", ...)."""
        return [f"renamed: {what} {foreign!r} is {local!r} (its own id was taken by another record)"
                for foreign, local in self.renamed]
