"""Find the models the code cells of a Jupyter notebook use.

Owns reading ``.ipynb`` JSON: which cells are Python code, blanking IPython
magics so the cells parse, and finding the line of the notebook file a cell's
line is on. Each cell goes through ``codebase.python``. It does not read files
(see ``codebase``). Entry point: ``find_notebook_references()``.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import replace
from itertools import accumulate

from openness.limits import SOURCE_CHARS as MAX_SOURCE_CHARS
from openness.sources.codebase.names import RawReference
from openness.sources.codebase.python import find_python_references
from openness.sources.codebase.regex import find_python_text_references

MAX_CELLS = 10_000
"""Notebook cells beyond this many are not read."""


def find_notebook_references(text: str) -> list[RawReference]:
    """Return the model references in the code cells of a Jupyter notebook.

    The code cells, IPython magics (``%pip``, ``!ls``, ``obj?``) blanked, are
    read as one module, so that a constant or an import of one cell serves the
    cells after it; if that does not parse, each cell is read alone (as text if
    it does not parse either, as for a Python file). A cell in
    another language (``%%bash``), or a notebook whose kernel is not Python, is
    skipped; markdown and outputs are not read.

    Args:
        text: the ``.ipynb`` file's text (JSON).

    Returns:
        The references; ``line`` is the line of the notebook file the code is
        on (or where its cell's source starts, when that cannot be found), and
        ``via`` starts with ``notebook cell N`` (1-based, counting all cells).
    """
    try:
        notebook = json.loads(text)
    except (ValueError, RecursionError):
        return []
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list) or not _is_python_notebook(notebook):
        return []
    code: list[tuple[int, list[str], str]] = []
    for number, cell in enumerate(cells[:MAX_CELLS], start=1):
        lines = _cell_lines(cell)
        source = _without_magics(lines) if lines else None
        if source:
            code.append((number, lines, source if source.endswith("\n") else source + "\n"))
    hits = _find_in_cells(code)
    locator = _CellLocator(text, len(cells))
    found = []
    for number, lines, hit in sorted(hits, key=lambda item: (item[0], item[2].line)):
        line = locator.line(number, lines, hit.line)
        found.append(RawReference(hit.ref, line, hit.kind, f"notebook cell {number}: {hit.via}"))
    return found


def _find_in_cells(
    code: list[tuple[int, list[str], str]],
) -> list[tuple[int, list[str], RawReference]]:
    """Return (cell number, cell lines, reference with its line in the cell) for each hit.

    The cells are parsed as one module; if that fails, each cell alone; a cell
    that does not parse, or code too long for syntax trees, is read as text.
    """
    starts = list(accumulate((source.count("\n") for _, _, source in code), initial=0))
    joined = "".join(source for _, _, source in code)
    found = find_python_references(joined) if len(joined) <= MAX_SOURCE_CHARS else None
    if found is not None:
        placed = []
        for hit in found:
            index = bisect_right(starts, hit.line - 1) - 1
            number, lines, _ = code[index]
            placed.append((number, lines, replace(hit, line=hit.line - starts[index])))
        return placed
    parse = len(joined) <= MAX_SOURCE_CHARS  # else every cell is read as text: bounded time
    return [
        (number, lines, hit)
        for number, lines, source in code
        for hit in _find_in_cell(source, parse=parse)
    ]


def _find_in_cell(source: str, *, parse: bool) -> list[RawReference]:
    found = find_python_references(source) if parse else None
    return find_python_text_references(source) if found is None else found


def _is_python_notebook(notebook: dict[str, object]) -> bool:
    metadata = notebook.get("metadata")
    if not isinstance(metadata, dict):
        return True
    for key, field in (("kernelspec", "language"), ("language_info", "name")):
        section = metadata.get(key)
        language = section.get(field) if isinstance(section, dict) else None
        if isinstance(language, str):
            return language.lower() == "python"
    return True


def _cell_lines(cell: object) -> list[str]:
    """Return a code cell's source as lines (keeping their ends), or [] for other cells."""
    if not isinstance(cell, dict) or cell.get("cell_type") != "code":
        return []
    source = cell.get("source")
    if isinstance(source, str):
        return source.splitlines(keepends=True)
    if isinstance(source, list) and all(isinstance(line, str) for line in source):
        return source
    return []


_MAGIC_LINE = re.compile(r"[ \t]*[%!]|.*\?[ \t]*$")
_HARMLESS_CELL_MAGICS = ("%%time", "%%timeit", "%%capture", "%%prun")


def _without_magics(lines: list[str]) -> str | None:
    """Return the cell as Python with magic lines blanked, or None for a non-Python cell."""
    first = lines[0].strip()
    if first.startswith("%%") and not first.startswith(_HARMLESS_CELL_MAGICS):
        return None
    # Lines are kept (blanked, not removed) so that line numbers still match.
    return "".join("\n" if _MAGIC_LINE.match(line) else line for line in lines)


class _CellLocator:
    """Find the line of the notebook file that holds a given line of a given cell.

    A notebook file written by Jupyter keeps cells in order and each source
    line as one JSON string on its own line; the k-th ``"source":`` key is
    the k-th cell's when their counts agree. Lines are then found by a
    forward search for their JSON form from the start of their cell.
    """

    def __init__(self, text: str, cell_count: int) -> None:
        self.text = text
        starts = [match.end() for match in _SOURCE_KEY.finditer(text)]
        self.starts = starts if len(starts) == cell_count else []
        self.cursor = 0
        self.cursor_line = 1
        self.skip = 0
        self.misses = 0
        self.last: tuple[int, int] = (0, 0)

    def line(self, cell: int, lines: list[str], line_in_cell: int) -> int:
        if (cell, line_in_cell) == self.last:
            return self.cursor_line  # a second reference on the same line
        self.last = (cell, line_in_cell)
        start = self.starts[cell - 1] if self.starts else self.cursor
        if start > self.cursor:
            self._move(start)
        if not 0 < line_in_cell <= len(lines):
            return self.cursor_line
        wanted = lines[line_in_cell - 1]
        if self.misses >= 20:
            return self.cursor_line  # not written as Jupyter writes: stop searching
        for ascii_only in (False, True):
            needle = json.dumps(wanted, ensure_ascii=ascii_only)
            position = self.text.find(needle, self.cursor + self.skip)
            if position >= 0:
                self._move(position)
                self.skip = len(needle)  # identical lines later in the cell are further on
                return self.cursor_line
        self.misses += 1
        return self.cursor_line

    def _move(self, position: int) -> None:
        self.cursor_line += self.text.count("\n", self.cursor, position)
        self.cursor = position
        self.skip = 0


_SOURCE_KEY = re.compile(r'"source"\s*:\s*')
