"""What a new user meets first.

Exit codes, one error style, unbroken piped lines, complete Markdown, plain counts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli.conftest import Invoke

# (arguments, exit code) for every command: success, and a usage or input error.
EXIT_CODES = [
    (("check", "gpt-4o"), 0),
    (("check", "no-such-model-xyz"), 2),
    (("models", "--tier", "open_source"), 0),
    (("models", "--tier", "nope"), 2),
    (("compare", "llama-3-8b", "olmo-7b"), 0),
    (("compare", "llama-3-8b", "no-such-model-xyz"), 2),
    (("licenses",), 0),
    (("licenses", "no-such-license-xyz"), 2),
    (("license", "/no/such/file"), 2),
    (("advise", "--monthly-input-tokens", "1000000"), 0),
    (("advise", "--privacy", "sometimes"), 2),
    (("estimate", "llama-3-8b", "--gpu", "h100"), 0),
    (("estimate", "llama-3-8b", "--gpu", "abacus"), 2),
    (("scan", "/no/such/folder"), 2),
    (("serve", "--port", "not-a-port"), 2),
    (("no-such-command",), 2),
]


@pytest.mark.parametrize(("args", "code"), EXIT_CODES, ids=[" ".join(a) for a, _ in EXIT_CODES])
def test_every_command_exits_with_its_documented_code(
    invoke: Invoke, args: tuple[str, ...], code: int
) -> None:
    result = invoke(*args)
    assert result.exit_code == code, result.stderr
    if code == 2:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr


def test_exit_3_is_a_bug_with_a_hint(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    from openness.cli.commands import check

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(check, "assess_reference", broken)
    result = invoke("check", "gpt-4o")
    assert result.exit_code == 3
    assert "internal error: RuntimeError: boom" in result.stderr and "--debug" in result.stderr


def test_exit_codes_are_documented() -> None:
    design = (Path(__file__).parents[2] / "docs" / "design.md").read_text(encoding="utf-8")
    table = design[design.index("## Exit codes") :]
    for code in "0123":
        assert re.search(rf"^\| {code} \|", table, re.MULTILINE), code


def test_piped_output_never_breaks_a_line(invoke: Invoke) -> None:
    document = json.loads(invoke("check", "llama-3-8b", "--format", "json").stdout)
    lines = invoke("check", "llama-3-8b").stdout.splitlines()
    long = [reason for reason in document["osaid"]["reasons"] if len(reason) > 100]
    assert long, "a reason longer than a terminal line is needed for this test"
    for reason in long:
        assert any(reason in line for line in lines), reason


def _rows(text: str, markdown: bool) -> list[str]:
    if markdown:
        return [line.split("|")[1].strip().strip("`") for line in text.splitlines()[2:]]
    labels = []
    for line in text.splitlines()[2:]:
        cells = re.split(r"\s{2,}", line.strip())
        if cells and cells[0] and not set(cells[0]) <= {"─"}:
            labels.append(cells[0])
    return labels


def test_compare_markdown_has_every_row_of_the_table(invoke: Invoke) -> None:
    models = ("llama-3-8b", "olmo-7b", "gpt-4o")
    table = _rows(invoke("compare", *models).stdout, markdown=False)
    markdown = _rows(invoke("compare", *models, "--format", "markdown").stdout, markdown=True)
    assert markdown == table
    assert {"developer", "license OSD", "parameters", "context", "released"} <= set(markdown)


def test_counts_agree_with_their_nouns(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text('MODEL = "gpt-4o"\n', encoding="utf-8")
    first = invoke("scan", str(tmp_path)).stdout.splitlines()[0]
    assert "1 model," in first and "0 findings" in first and "1 models" not in first


def test_estimate_reads_a_local_model_folder(invoke: Invoke, tmp_path: Path) -> None:
    import struct

    folder = tmp_path / "tiny-llama"
    folder.mkdir()
    config = {
        "hidden_size": 256, "num_hidden_layers": 4, "num_attention_heads": 8,
        "num_key_value_heads": 2, "intermediate_size": 512, "vocab_size": 1000,
    }  # fmt: skip
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    header = json.dumps({"w": {"dtype": "BF16", "shape": [512, 512], "data_offsets": [0, 524288]}})
    data = struct.pack("<Q", len(header)) + header.encode() + bytes(524288)
    (folder / "model.safetensors").write_bytes(data)
    result = invoke("estimate", str(folder), "--gpu", "l40s", "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["model"] == "tiny-llama" and document["fits"] is True
    assert document["weights_gb"] < 0.01
