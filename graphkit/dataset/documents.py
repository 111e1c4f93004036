"""Quotes checked against their documents: anyone who has a dataset's documents can check that every
quote is verbatim.

A source may name the file of its text (`document`, a path inside the folder of documents) and that
file's `sha256`. `check_documents` then reads each named document and reports every quote that is
not in it (whitespace aside: a line break in the document may be a space in the quote), with the
closest passage of the document, so a curator sees at once what differs. A record citation (an
entry of a register, cited by its record id and/or url) has no words to check and is left alone.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from pathlib import Path, PurePosixPath

from graphkit.dataset.records import Report, file_problem
from graphkit.model import Dataset, Origin, Problem, Source

_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")
_SPACE = re.compile(r"\s+")


def check_document_fields(read: Report, source: Source) -> None:
    """A source's `document` is a relative path inside the folder of documents; its `sha256` (checked
    as a field) is the SHA-256 of a document the source names."""
    if source.document is not None and not _inside(source.document):
        read.error("document", (f"{source.document!r} is not a file name inside the folder of documents: "
                                "give its path relative to that folder (e.g. 002_article.txt)"))
    if source.sha256 is not None and source.document is None:
        read.error("sha256", "a sha256 without a document: it is the SHA-256 of the document's file",
                   severity="warning")


def _inside(document: str) -> bool:
    """Whether a document's path stays inside the folder of documents.

    >>> _inside("002_article.txt"), _inside("news/002.txt"), _inside("../002.txt"), _inside("/etc/passwd")
    (True, True, False, False)
    """
    path = PurePosixPath(document.replace("\\", "/"))
    return not (path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", document))


def normalize(text: str) -> str:
    """Text with every run of whitespace one space, and none at either end: the form quotes are
    compared in.

    >>> normalize("  a line\\n  broken\\there ")
    'a line broken here'
    """
    return _SPACE.sub(" ", text).strip()


def closest_passage(quote: str, text: str) -> str:
    """The passage of `text` (normalized) most like `quote`: as long as the quote, starting at a
    word, ending at the end of a word.

    >>> closest_passage("Hamas leaders have been hosted by Malaysia as recently as 2002.",
    ...                 "Intro. Hamas leaders have been hosted by Malaysia as recently as 2020. More text.")
    'Hamas leaders have been hosted by Malaysia as recently as 2020.'
    """
    quote, text = normalize(quote), normalize(text)
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(quote)
    best, best_start = -1.0, 0
    for start in [0] + [found.end() for found in re.finditer(" ", text)]:
        matcher.set_seq1(text[start:start + len(quote)])
        if matcher.real_quick_ratio() <= best or matcher.quick_ratio() <= best:
            continue  # cheap upper bounds first: most windows are far off
        ratio = matcher.ratio()
        if ratio > best:
            best, best_start = ratio, start
    end = text.find(" ", best_start + len(quote))
    return text[best_start:end if end != -1 else len(text)]


def check_documents(dataset: Dataset, folder: str | Path) -> list[Problem]:
    """Every quote of `dataset` that is not verbatim (whitespace aside) in its source's document
    under `folder`, with the closest passage; and every document that is missing, unreadable or
    not the file its `sha256` names. A cited source that names no document is a warning: its
    quotes were not checked."""
    folder = Path(folder)
    if not folder.is_dir():
        what = "not a folder" if folder.exists() else "no such folder"
        return [Problem(Origin(str(folder)), None, None,
                        f"{what}: --documents names the folder that holds the sources' documents")]
    problems: list[Problem] = []
    texts = {source.id: _document(source, folder, problems) if _inside(source.document) else None
             for source in dataset.sources.values() if source.document is not None}
    unchecked: dict[str, int] = {}
    for rel in dataset.relationships.values():
        for number, citation in enumerate(rel.citations, 1):
            if citation.source not in dataset.sources or citation.kind != "quote":
                continue  # an unknown source is reported by validation; a record has no words to check
            if citation.source not in texts:
                unchecked[citation.source] = unchecked.get(citation.source, 0) + 1
                continue
            text = texts[citation.source]
            if text is None or normalize(citation.quote) in text:
                continue
            document = folder / dataset.sources[citation.source].document
            problems.append(Problem(rel.origin or Origin(str(dataset.path)), rel.id, "quote", (
                f"the quote of citation {number} is not in {document} (whitespace aside): "
                f"“{citation.quote}”; the closest passage is “{closest_passage(citation.quote, text)}”")))
    for source_id, count in unchecked.items():
        source = dataset.sources[source_id]
        problems.append(Problem(source.origin or Origin(str(dataset.path)), source_id, "document", (
            f"names no document, so its {count} quote{'' if count == 1 else 's'} could not be checked: give "
            "the file of its text (document) and its sha256"), "warning"))
    return problems


def _document(source: Source, folder: Path, problems: list[Problem]) -> str | None:
    """A source's document, normalized; None when it cannot be read or is not the file its
    sha256 names (the problem is reported)."""
    file = folder / source.document
    origin = source.origin or Origin(str(file))
    refused = file_problem(file) if file.exists() else None
    if refused is not None:  # a FIFO or a device would hang or never end
        problems.append(Problem(origin, source.id, "document", f"{file}: {refused}"))
        return None
    try:
        data = file.read_bytes()
    except OSError as error:
        problems.append(Problem(origin, source.id, "document", f"cannot read {file}: {error.strerror}"))
        return None
    if source.sha256 is not None and _SHA256.match(source.sha256):
        digest = hashlib.sha256(data).hexdigest()
        if digest != source.sha256.lower():
            problems.append(Problem(origin, source.id, "sha256", (
                f"{file} has SHA-256 {digest}, not the {source.sha256} this source names: it is not the "
                "document cited (or the sha256 is wrong)")))
            return None
    try:
        return normalize(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        problems.append(Problem(origin, source.id, "document", f"{file} is not UTF-8 text (byte {error.start})"))
        return None
