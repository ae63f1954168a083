"""Loading user knowledge-base folders: records added, every problem named by file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from openness.errors import KnowledgeBaseError
from openness.kb import load_catalog
from openness.kb.yamlfile import parse_yaml_text


def test_user_folder_adds_its_models_and_licenses(user_kb: Path) -> None:
    catalog = load_catalog((user_kb,))
    model = catalog.resolve_model("ACME/acme-chat-7b")
    assert model.id == "acme-chat-7b"
    assert catalog.license("acme-internal").terms[0].kind.value == "non_commercial"
    # The bundled catalog is still there.
    assert catalog.resolve_model("meta-llama/Meta-Llama-3-8B").id == "llama-3-8b"


def test_flat_folder_is_classified_by_keys(tmp_path: Path, user_kb: Path) -> None:
    flat = tmp_path / "flat"
    flat.mkdir()
    for path in user_kb.rglob("*.yaml"):
        (flat / path.name).write_bytes(path.read_bytes())
    assert load_catalog((flat,)).resolve_model("acme-chat").id == "acme-chat-7b"


def _error(folder: Path) -> KnowledgeBaseError:
    with pytest.raises(KnowledgeBaseError) as info:
        load_catalog((folder,))
    return info.value


def test_bad_yaml_names_file_and_line(user_kb: Path) -> None:
    bad = user_kb / "models" / "broken.yaml"
    bad.write_text("id: broken\nname: [unclosed\n", encoding="utf-8")
    error = _error(user_kb)
    assert "broken.yaml:" in str(error)
    assert "invalid YAML" in str(error)


def test_wrong_type_names_file_and_field(user_kb: Path) -> None:
    path = user_kb / "models" / "acme-chat-7b.yaml"
    path.write_text(
        path.read_text().replace("value: 7000000000", "value: seven billion"), encoding="utf-8"
    )
    error = _error(user_kb)
    assert "acme-chat-7b.yaml: parameters_total.value:" in str(error)


def test_unknown_field_is_an_error(user_kb: Path) -> None:
    path = user_kb / "licenses" / "acme-internal.yaml"
    path.write_text(path.read_text() + "osi_aproved: true\n", encoding="utf-8")
    error = _error(user_kb)
    assert "acme-internal.yaml: osi_aproved:" in str(error)


def test_duplicate_id_names_both_files(user_kb: Path) -> None:
    original = user_kb / "models" / "acme-chat-7b.yaml"
    copy = user_kb / "models" / "zz-copy.yaml"
    copy.write_text(
        original.read_text().replace("acme/acme-chat-7b", "acme/other"), encoding="utf-8"
    )
    error = _error(user_kb)
    assert "zz-copy.yaml: id: 'acme-chat-7b' is also the id in" in str(error)


def test_alias_clash_with_bundled_model_is_reported(user_kb: Path) -> None:
    path = user_kb / "models" / "acme-chat-7b.yaml"
    path.write_text(
        path.read_text().replace("other: [acme-chat]", "other: [gpt-4o]"), encoding="utf-8"
    )
    error = _error(user_kb)
    assert "acme-chat-7b.yaml: aliases: 'gpt-4o' also names model" in str(error)


def test_unknown_license_reference_is_reported(user_kb: Path) -> None:
    (user_kb / "licenses" / "acme-internal.yaml").unlink()
    error = _error(user_kb)
    assert "components.model_parameters.license: unknown license 'acme-internal'" in str(error)


def test_fact_without_source_is_an_error(user_kb: Path) -> None:
    path = user_kb / "models" / "acme-chat-7b.yaml"
    text = path.read_text().replace(
        'context_tokens: {value: 32768, source: "https://intranet.example.com/models/acme-chat"}',
        "context_tokens: {value: 32768}",
    )
    path.write_text(text, encoding="utf-8")
    assert "context_tokens.source" in str(_error(user_kb))


def test_every_problem_is_collected(user_kb: Path) -> None:
    (user_kb / "models" / "a.yaml").write_text("id: [\n", encoding="utf-8")
    (user_kb / "models" / "b.yaml").write_text("- a list\n", encoding="utf-8")
    error = _error(user_kb)
    assert len(error.problems) == 2
    assert "a.yaml" in error.problems[0] and "b.yaml" in error.problems[1]


def test_binary_file_is_refused(user_kb: Path) -> None:
    (user_kb / "models" / "weights.yaml").write_bytes(b"\x00\x01\x02PK")
    assert "binary file" in str(_error(user_kb))


def test_not_utf8_is_refused(user_kb: Path) -> None:
    (user_kb / "models" / "latin.yaml").write_bytes("name: caf\xe9\n".encode("latin-1"))
    assert "not UTF-8" in str(_error(user_kb))


def test_missing_folder(tmp_path: Path) -> None:
    assert "not a folder" in str(_error(tmp_path / "nope"))


def test_symlink_loop_does_not_hang(user_kb: Path) -> None:
    (user_kb / "models" / "loop").symlink_to(user_kb, target_is_directory=True)
    assert load_catalog((user_kb,)).resolve_model("acme-chat").id == "acme-chat-7b"


def test_user_record_replaces_bundled_one(user_kb: Path, catalog_ids: list[str]) -> None:
    path = user_kb / "models" / "acme-chat-7b.yaml"
    text = path.read_text().replace("id: acme-chat-7b", "id: llama-3-8b")
    text = text.replace("name: ACME Chat 7B", "name: Corrected Llama")
    path.unlink()
    (user_kb / "models" / "llama-3-8b.yaml").write_text(text, encoding="utf-8")
    catalog = load_catalog((user_kb,))
    assert catalog.resolve_model("llama-3-8b").name == "Corrected Llama"
    assert sorted(m.id for m in catalog.models()) == catalog_ids


def test_duplicate_keys_are_refused() -> None:
    with pytest.raises(KnowledgeBaseError, match="duplicate key 'id'"):
        parse_yaml_text("id: a\nid: b\n", "x.yaml")


def test_dates_stay_text() -> None:
    assert parse_yaml_text("d: 2024-04-18", "x.yaml") == {"d": "2024-04-18"}


@pytest.fixture
def catalog_ids() -> list[str]:
    return sorted(m.id for m in load_catalog().models())
