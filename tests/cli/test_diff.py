"""`openness diff`: exit 0 when the same, 1 when terms differ, 2 on bad input; goldens."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Invoke

CORPUS = Path(__file__).parent.parent / "fixtures" / "licenses" / "corpus"


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_diff_golden(invoke: Invoke, golden: Callable[[str, str], None], fmt: str) -> None:
    result = invoke("diff", "llama3", "llama3.1", "--format", fmt)
    assert result.exit_code == 1, result.output
    golden(
        f"diff/llama3-llama3.1.{ {'markdown': 'md', 'table': 'txt'}.get(fmt, fmt) }", result.stdout
    )


def test_a_file_against_its_record_and_itself(invoke: Invoke) -> None:
    text = str(CORPUS / "llama-3.1-community.txt")
    same = invoke("diff", text, text, "--format", "json")
    assert same.exit_code == 0, same.output
    assert json.loads(same.stdout)["texts_identical"] is True


def test_a_file_from_standard_input() -> None:
    from click.testing import CliRunner

    from openness.cli.app import cli

    plus = (CORPUS / "mit-deepseek-code.txt").read_text()
    plus += "\nThe Software may not be used for military purposes.\n"
    result = CliRunner().invoke(cli, ["diff", "mit", "-", "--format", "json"], input=plus)
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["b"]["match"] == "variant"
    assert data["osd"] == {"a": "pass", "b": "fail", "criteria_added": [6], "criteria_removed": []}
    assert [t["kind"] for t in data["added"]] == ["use_restrictions"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("not-a-license-xyz", "mit"), "neither a file nor a known license id"),
        (("-", "-"), "only one of A and B can be -"),
        (("mit",), "Missing argument"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    invoke: Invoke, args: tuple[str, ...], message: str
) -> None:
    result = invoke("diff", *args)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_binary_file_is_refused_in_one_line(invoke: Invoke, tmp_path: Path) -> None:
    blob = tmp_path / "blob.bin"
    blob.write_bytes(b"\x00\x01\x02" * 1000)
    result = invoke("diff", "mit", str(blob))
    assert result.exit_code == 2 and "blob.bin" in result.stderr
