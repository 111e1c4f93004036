"""Large YAML tables read by rapidyaml (`ryml`): two to three times quicker than PyYAML's C loader.

PyYAML builds a Python event and node per scalar; on a register-sized table (10⁶ lines) that is
minutes. rapidyaml parses the text in C++ into one flat tree (some thirty times quicker than
PyYAML's parse), walked here into the same `Record`s
the PyYAML loader makes (every scalar as the text written, only null as None). rapidyaml does not
tell lines, so they are found in the text: each mapping key written in block style on a line of
its own, as graphkit and people write records. Anything else (a flow mapping, a tag, an anchor, a
`key: ` line inside a block of prose, a parse error, rapidyaml not installed) gives None and the
caller reads the file with PyYAML, whose messages name the line of every problem.
Only files of `MIN_BYTES` or more are read here: a curated file is read by PyYAML as always.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterator
from typing import Any

from graphkit.dataset.records import Record

MIN_BYTES = 1_000_000
# rapidyaml's node type bits (ryml.MAP, ...), read once per node: tags, anchors and aliases are refused.
_MAP, _SEQ, _FLOW, _PLAIN, _KEY_PLAIN = 4, 8, 65536 | 131072, 1073741824, 536870912
_REFUSED = 64 | 128 | 256 | 512 | 1024 | 2048  # KEYREF, VALREF, KEYANCH, VALANCH, KEYTAG, VALTAG
_NONE = (1 << 64) - 1  # rapidyaml's "no node"
_NULLS = frozenset((b"", b"~", b"null", b"Null", b"NULL"))
# A block mapping key at the start of its line: its indentation, sequence dashes, then the key.
_KEY_LINE = re.compile(r'^([ ]*(?:-[ ]+)*)("[^"\n]*"|\'[^\'\n]*\'|[^\s#\'"\-?:][^\n]*?):(?:[ ]|$)', re.M)


class _Unsupported(Exception):
    """The file uses YAML this reader leaves to PyYAML."""


def read_records(text: str, file: str, items_class: type) -> Any | None:
    """The file's data as the PyYAML loader gives it (a list of `Record`s for a table), or None
    when the file is to be read by PyYAML (see the module's docstring)."""
    if len(text) < MIN_BYTES or text.startswith("\ufeff"):
        return None
    try:
        import ryml
    except ImportError:
        return None
    data = text.encode("utf-8")
    try:
        with _quiet_stderr():  # rapidyaml prints its own report of a parse error
            tree = ryml.parse_in_arena(data)
    except Exception:  # noqa: BLE001 - malformed: PyYAML says where and why
        return None
    keys = _key_lines(text)
    try:
        return _Walk(tree, file, keys, items_class).document()
    except (_Unsupported, UnicodeDecodeError, StopIteration):
        return None


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Standard error (the file descriptor, which C++ code writes to) sent nowhere while inside."""
    try:
        sys.stderr.flush()
        saved, null = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    except (OSError, ValueError, AttributeError):
        yield
        return
    os.dup2(null, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


def _key_lines(text: str):
    """(key text, line, column) of every line that looks like it starts a block mapping key, in
    file order: a line of prose inside a value may look so too (the walk skips those)."""
    line, last = 1, 0
    for match in _KEY_LINE.finditer(text):
        start = match.start()
        line += text.count("\n", last, start)
        last = start
        key = match.group(2)
        yield (key[1:-1] if key[:1] in "\"'" else key.rstrip()), line, len(match.group(1))


class _Walk:
    def __init__(self, tree, file: str, keys, items_class: type):
        self.tree, self.file, self.keys, self.items_class = tree, file, keys, items_class

    def document(self) -> Any:
        tree = self.tree
        root = tree.root_id()
        if tree.is_stream(root):
            documents = tree.num_children(root)
            if documents != 1:
                raise _Unsupported
            root = tree.first_child(root)
        if not tree.is_seq(root):
            raise _Unsupported  # an empty file, or not a list of records: PyYAML's message
        return self.node(root)

    def node(self, node: int) -> Any:
        tree = self.tree
        kind = tree.type(node)
        if kind & _REFUSED:
            raise _Unsupported
        if kind & _MAP:
            if kind & _FLOW:
                raise _Unsupported
            return self.mapping(node)
        if kind & _SEQ:
            items = self.items_class()
            lines = []
            child = tree.first_child(node)
            while child != _NONE:
                value = self.node(child)
                items.append(value)
                lines.append(value.line if isinstance(value, Record) else None)
                child = tree.next_sibling(child)
            items.lines = lines
            return items
        value = tree.val(node)
        if value is None:
            return None
        value = bytes(value)
        if kind & _PLAIN and value in _NULLS:
            return None
        return value.decode("utf-8")

    def mapping(self, node: int) -> Record:
        tree = self.tree
        record, column = None, None
        child = tree.first_child(node)
        while child != _NONE:
            key = bytes(tree.key(child)).decode("utf-8")
            if key == "<<" and tree.type(child) & _KEY_PLAIN:
                raise _Unsupported
            written, line, at = next(self.keys)
            while column is not None and at > column:  # a line of the value before: prose, not a key
                written, line, at = next(self.keys)
            column = at if column is None else column
            if written != key or at != column:
                raise _Unsupported  # not one key per line as expected: PyYAML knows the lines
            if record is None:
                record = Record(self.file, line)
            if key in record:
                record.repeated.append((key, line))
            record[key] = self.node(child)
            record.lines.setdefault(key, line)
            child = tree.next_sibling(child)
        if record is None:
            raise _Unsupported  # an empty mapping: PyYAML knows its line
        return record
