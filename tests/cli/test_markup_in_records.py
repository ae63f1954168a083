"""Text from records, cards and licenses is shown as written, never read as terminal markup."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import Invoke

RECORD = """\
id: acme-markup-7b
name: {name}
developer: Acme
family: Acme
components:
  model_parameters:
    available: true
    license: apache-2.0
    url: https://example.org/weights
notes:
  - {note}
"""


def _kb(tmp_path: Path, name: str, note: str) -> Path:
    folder = tmp_path / "kb"
    folder.mkdir(exist_ok=True)
    (folder / "acme.yaml").write_text(
        RECORD.format(name=repr(name), note=repr(note)), encoding="utf-8"
    )
    return folder


def test_a_record_with_markup_in_its_text_is_shown_as_written(
    invoke: Invoke, tmp_path: Path
) -> None:
    note = "the trace is wrapped in [THINK] and [/THINK]; [bold red]not bold[/] [link=x]y[/link]"
    kb = _kb(tmp_path, "Acme [/] Markup [b]7B", note)
    for fmt in ("table", "markdown", "json"):
        result = invoke("check", "acme-markup-7b", "--kb", str(kb), "--format", fmt)
        assert result.exit_code == 0, result.output
        assert "[/THINK]" in result.output and "[bold red]not bold[/]" in result.output


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.text(alphabet="[]/=abc #:", min_size=1, max_size=30))
def test_any_brackets_in_a_note_keep_the_table_working(
    invoke: Invoke, tmp_path: Path, note: str
) -> None:
    kb = _kb(tmp_path, "Acme", note)
    result = invoke("check", "acme-markup-7b", "--kb", str(kb))
    assert result.exit_code == 0, result.output
    assert " ".join(note.split()) in " ".join(result.output.split())
