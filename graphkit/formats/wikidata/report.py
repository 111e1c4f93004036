"""What an import made and what it could not carry, as lines for people."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from graphkit.model import Dataset


@dataclass
class ImportReport:
    """What an import made and what it could not carry."""

    dataset: Dataset
    unmapped: Counter = field(default_factory=Counter)  # "P27 (country of citizenship)" -> statements
    not_carried: Counter = field(default_factory=Counter)  # qualifiers, reference snaks -> values
    skipped: Counter = field(default_factory=Counter)  # why statements were left out -> how many
    unknown_dates: list[str] = field(default_factory=list)  # each date left unknown, with why
    absent: list[str] = field(default_factory=list)  # Q-ids referenced but not described in the files
    not_actors: int = 0  # items that are neither an end of a relationship nor of an actor kind
    other_entities: Counter = field(default_factory=Counter)  # entity type -> count (lexemes, ...)
    problems: list = field(default_factory=list)  # what `validate` found in the written dataset (warnings)
    renamed: list[str] = field(default_factory=list)  # items whose id another item's label had taken

    def lines(self) -> list[str]:
        """The report as lines for people."""
        def plural(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"
        lines = [f"not imported: {plural(count, 'statement')} of {prop} (not in the mapping table)"
                 for prop, count in sorted(self.unmapped.items())]
        lines += [f"not carried: {what} ({plural(count, 'value')})" for what, count in sorted(self.not_carried.items())]
        lines += [f"skipped: {plural(count, 'statement')}: {why}" for why, count in sorted(self.skipped.items())]
        lines += [f"date left unknown: {why}" for why in self.unknown_dates]
        if self.absent:
            shown = ", ".join(self.absent[:10]) + (", ..." if len(self.absent) > 10 else "")
            lines.append(f"{plural(len(self.absent), 'item')} referenced but not in the files became actors "
                         f"named by their label where a file has one, else by their Q-id: {shown}")
        if self.not_actors:
            lines.append(f"not imported as actors: {plural(self.not_actors, 'item')} that no imported statement ties "
                         "and whose instance of gives no actor kind, or that serve only as a source or country")
        lines += [f"not imported: {plural(count, kind + ' entity')}" for kind, count in sorted(self.other_entities.items())]
        return lines + self.renamed
