"""Bad input: a one-line message saying what and where, exit status 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Invoke


def _assert_one_line_error(result: object, *fragments: str) -> None:
    output = result.output  # type: ignore[attr-defined]
    assert result.exit_code == 2, output  # type: ignore[attr-defined]
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert "Traceback" not in output
    for fragment in fragments:
        assert fragment in lines[0]


def test_unknown_model(invoke: Invoke) -> None:
    _assert_one_line_error(invoke("check", "no-such-model"), "Unknown model 'no-such-model'")


def test_near_miss_suggests(invoke: Invoke) -> None:
    _assert_one_line_error(
        invoke("check", "meta-llama/Llama-3.1-8B-Instrct"), "Did you mean", "llama-3.1-8b"
    )


def test_empty_ref(invoke: Invoke) -> None:
    _assert_one_line_error(invoke("check", ""), "Unknown model ''")


def test_ten_megabyte_argument(invoke: Invoke) -> None:
    result = invoke("check", "a" * 10_000_000)
    _assert_one_line_error(result, "Unknown model")
    assert len(result.output) < 400


def test_unknown_license(invoke: Invoke) -> None:
    _assert_one_line_error(invoke("licenses", "llama9"), "Unknown license 'llama9'")


def test_compare_needs_two(invoke: Invoke) -> None:
    result = invoke("compare", "gpt-4o")
    assert result.exit_code == 2 and "at least two" in result.output


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        ("id: [unclosed\n", ("bad.yaml:", "invalid YAML")),
        (
            "id: x\nname: X\ndeveloper: D\nfamily: F\nrelease_date: null\nparameters_total: 5\n"
            "parameters_active: null\ncontext_tokens: null\ncomponents: {}\n",
            ("bad.yaml: parameters_total:",),
        ),
        ("\x00\x01binary", ("bad.yaml: binary file",)),
    ],
    ids=["bad-yaml", "wrong-type", "binary"],
)
def test_malformed_kb(
    invoke: Invoke, user_kb: Path, content: str, fragments: tuple[str, ...]
) -> None:
    (user_kb / "models" / "bad.yaml").write_text(content, encoding="utf-8")
    _assert_one_line_error(invoke("check", "gpt-4o", "--kb", str(user_kb)), *fragments)


def test_duplicate_id_in_kb(invoke: Invoke, user_kb: Path) -> None:
    source = (user_kb / "models" / "acme-chat-7b.yaml").read_text()
    (user_kb / "models" / "again.yaml").write_text(
        source.replace("acme/acme-chat-7b", "acme/again").replace("[acme-chat]", "[]")
    )
    _assert_one_line_error(
        invoke("check", "gpt-4o", "--kb", str(user_kb)), "again.yaml: id: 'acme-chat-7b' is also"
    )


def test_missing_kb_folder(invoke: Invoke, tmp_path: Path) -> None:
    _assert_one_line_error(invoke("models", "--kb", str(tmp_path / "nope")), "not a folder")


def test_debug_lists_every_problem(invoke: Invoke, user_kb: Path) -> None:
    (user_kb / "models" / "a.yaml").write_text("id: [\n")
    (user_kb / "models" / "b.yaml").write_text("- x\n")
    result = invoke("models", "--kb", str(user_kb), "--debug")
    assert result.exit_code == 2
    assert "a.yaml" in result.output and "b.yaml" in result.output


def test_bad_format_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("check", "gpt-4o", "--format", "yaml")
    assert result.exit_code == 2 and "Invalid value for '--format'" in result.output
