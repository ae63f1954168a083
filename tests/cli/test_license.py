"""`openness license`: the JSON contract, several files, standard input, errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from openness.cli.app import cli

from ..licenses.conftest import CORPUS
from .conftest import Invoke


def test_json_contract(invoke: Invoke) -> None:
    path = CORPUS / "llama-3-community.txt"
    result = invoke("license", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"license", "terms", "osd"}
    assert data["license"]["id"] == "llama3" and data["license"]["confidence"] == 1.0
    text = path.read_text(encoding="utf-8")
    cap = next(t for t in data["terms"] if t["kind"] == "user_threshold")
    assert cap["value"] == 700_000_000
    assert cap["quote"] in text[cap["span"][0] : cap["span"][1]]
    assert "700 million" in cap["quote"]
    violations = {v["criterion"]: v for v in data["osd"]["violations"]}
    assert data["osd"]["verdict"] == "fail"
    assert violations[5]["title"] == "No Discrimination Against Persons or Groups"
    assert "user_threshold" in violations[5]["terms"]
    assert [p["id"] for p in data["parts"]] == ["llama3", "llama3-aup"]


def test_several_files_give_a_list(invoke: Invoke) -> None:
    files = [str(CORPUS / "mit-deepseek-code.txt"), str(CORPUS / "gpl-3.0.txt")]
    data = json.loads(invoke("license", *files, "--format", "json").output)
    assert [d["license"]["id"] for d in data] == ["mit", "gpl-3.0"]
    assert [d["osd"]["verdict"] for d in data] == ["pass", "pass"]


def test_standard_input() -> None:
    text = (CORPUS / "openmdw-1.1.txt").read_bytes()
    result = CliRunner().invoke(cli, ["license", "-", "--format", "json"], input=text)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["license"]["id"] == "openmdw-1.1"


def test_table_and_markdown_name_the_license_and_clauses(invoke: Invoke) -> None:
    path = str(CORPUS / "gemma-tou-2025-03-24.txt")
    table = invoke("license", path).output
    markdown = invoke("license", path, "--format", "markdown").output
    for output in (table, markdown):
        assert "gemma-tou-2025-03-24" in output
        assert "restrictions_pass_through" in output


def _one_line_error(result: object, fragment: str) -> None:
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    lines = [line for line in result.output.splitlines() if line.strip()]  # type: ignore[attr-defined]
    assert len(lines) == 1 and fragment in lines[0], lines


def test_folder_is_an_error(invoke: Invoke, tmp_path: Path) -> None:
    _one_line_error(invoke("license", str(tmp_path)), "is a folder")


def test_missing_file_is_an_error(invoke: Invoke, tmp_path: Path) -> None:
    _one_line_error(invoke("license", str(tmp_path / "nope.txt")), "no such file")


def test_empty_and_binary_files(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "empty").write_bytes(b"")
    (tmp_path / "binary").write_bytes(b"\x00\x01\x02" * 100)
    _one_line_error(invoke("license", str(tmp_path / "empty")), "empty")
    _one_line_error(invoke("license", str(tmp_path / "binary")), "binary")


def test_one_bad_file_among_several(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "empty").write_bytes(b"")
    result = invoke(
        "license",
        str(CORPUS / "mit-deepseek-code.txt"),
        str(tmp_path / "empty"),
        "--format",
        "json",
    )
    assert result.exit_code == 2
    assert "empty" in result.output


def test_large_file_is_read_in_part(invoke: Invoke, tmp_path: Path) -> None:
    big = tmp_path / "LICENSE"
    big.write_text((CORPUS / "mit-deepseek-code.txt").read_text() * 20_000)  # about 21 MB
    data = json.loads(invoke("license", str(big), "--format", "json").output)
    assert data["license"]["id"] == "mit"
    assert any("bytes were read" in note for note in data["notes"])
