"""Notebooks: code cells as one module, magics blanked, lines of the notebook file."""

from __future__ import annotations

import json

import pytest

from openness.limits import SOURCE_CHARS as MAX_SOURCE_CHARS
from openness.sources.codebase.notebook import find_notebook_references


def _notebook(*sources: str | list[str], language: str = "python") -> str:
    cells: list[dict[str, object]] = [
        {"cell_type": "code", "metadata": {}, "outputs": [], "source": source}
        if not (isinstance(source, str) and source.startswith("# md"))
        else {"cell_type": "markdown", "metadata": {}, "source": source}
        for source in sources
    ]
    notebook = {"cells": cells, "metadata": {"kernelspec": {"language": language}}}
    return json.dumps(notebook, indent=1)


def _lines(text: str) -> dict[int, str]:
    return dict(enumerate(text.splitlines(), start=1))


def test_identical_lines_get_their_own_line_numbers() -> None:
    line = 'm = AutoModel.from_pretrained("org/name")\n'
    text = _notebook([line, "x = 1\n", line], [line])
    found = find_notebook_references(text)
    numbers = [r.line for r in found]
    assert len(set(numbers)) == 3
    assert all("org/name" in _lines(text)[n] for n in numbers)
    assert [r.via.split(":")[0] for r in found] == ["notebook cell 1"] * 2 + ["notebook cell 2"]


def test_a_cell_given_as_one_string_is_found_on_its_line() -> None:
    text = _notebook('import os\nm = AutoModel.from_pretrained("org/name")\n')
    [reference] = find_notebook_references(text)
    assert "org/name" in _lines(text)[reference.line]


def test_constants_and_imports_carry_across_cells_and_markdown_is_skipped() -> None:
    text = _notebook(
        ["from transformers import pipeline\n", 'MODEL = "gpt2"\n'],
        "# md https://huggingface.co/org/in-markdown",
        ['p = pipeline("text-generation", model=MODEL)\n'],
    )
    assert [(r.ref, r.via) for r in find_notebook_references(text)] == [
        ("gpt2", "notebook cell 3: transformers.pipeline")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "[]",
        '{"cells": 3}',
        '{"cells": [1, null, {"cell_type": "code", "source": 5}]}',
        '{"cells": [{"cell_type": "code", "source": ["a", 3]}]}',
        _notebook('m = AutoModel.from_pretrained("org/name")\n', language="R"),
        _notebook('%%bash\nm = AutoModel.from_pretrained("org/name")\n'),
        "{" * 100_000,
    ],
    ids=["empty", "list", "cells-not-list", "odd-cells", "odd-source", "r", "bash", "deep"],
)
def test_odd_notebooks_give_nothing(text: str) -> None:
    assert find_notebook_references(text) == []


def test_cells_too_long_for_a_syntax_tree_are_read_as_text() -> None:
    filler = ["x = 1\n"] * (MAX_SOURCE_CHARS // 6 + 1)
    text = _notebook(filler, ['m = AutoModel.from_pretrained("org/name")\n'])
    [reference] = find_notebook_references(text)
    assert (reference.ref, reference.via) == ("org/name", "notebook cell 2: from_pretrained")
    assert "org/name" in _lines(text)[reference.line]


def test_a_cell_that_does_not_parse_is_read_as_text() -> None:
    text = _notebook(["x = (\n"], ['print "py2"\nm = AutoModel.from_pretrained("org/name")\n'])
    assert [r.via for r in find_notebook_references(text)] == ["notebook cell 2: from_pretrained"]
