"""Gates fail closed, one folder reader for check and scan, and any spelling of a path.

A file the scanner could not verify fails the gate as an unsafe one does
(unless the policy allows it); ``check`` exits 1 on such a folder; neither
command reads through a link out of the folder; and ``scan`` answers the same
for a tree given as ``.``, a relative path, an absolute path or a symlink.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openness.kb.loader import load_catalog
from openness.scan.run import scan_path
from openness.sources.formats import pickles
from tests.cli.conftest import Invoke

CARD = "---\nlicense: mit\n---\n# tiny\n"
CLEAN = pickle.dumps({"w": [0.5, 1.5]}, protocol=2)


class _Payload:
    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (os.system, ("echo never run",))


UNSAFE = pickle.dumps(_Payload(), protocol=2)
TRUNCATED = pickle.dumps(list(range(200)), protocol=2)[:-40]  # cannot be read to its end


def _model(folder: Path, weights: bytes, card: str = CARD) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text('{"model_type": "llama"}', encoding="utf-8")
    (folder / "README.md").write_text(card, encoding="utf-8")
    (folder / "pytorch_model.bin").write_bytes(weights)
    return folder


def _project(root: Path, weights: bytes) -> Path:
    _model(root / "models" / "tiny", weights)
    (root / "train.py").write_text(
        'from transformers import AutoModel\nAutoModel.from_pretrained("./models/tiny")\n',
        encoding="utf-8",
    )
    return root


def _scan(invoke: Invoke, *args: str) -> tuple[int, dict[str, Any]]:
    result = invoke("scan", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


# --- fail closed ---------------------------------------------------------------------------


def test_an_unverifiable_pickle_fails_the_scan(invoke: Invoke, tmp_path: Path) -> None:
    code, document = _scan(invoke, str(_project(tmp_path / "p", TRUNCATED)))
    assert code == 1
    assert [f["kind"] for f in document["findings"]] == ["unverified_pickle"]
    assert document["summary"]["passed"] is False
    assert document["summary"]["blocking_findings"] == 1


def test_a_payload_past_the_scan_limit_fails_the_scan(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pickles, "MAX_STREAM_BYTES", 4096)
    hidden = pickle.dumps(list(range(5000)), protocol=0) + UNSAFE  # the payload lies past 4 KiB
    code, document = _scan(invoke, str(_project(tmp_path / "p", hidden)))
    assert code == 1
    assert {f["kind"] for f in document["findings"]} <= {"unverified_pickle", "unsafe_pickle"}
    assert document["findings"]


def test_the_policy_may_accept_unverified_files_but_never_unsafe_ones(
    invoke: Invoke, tmp_path: Path
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("allow_unverified: true\n", encoding="utf-8")
    code, _ = _scan(invoke, str(_project(tmp_path / "a", TRUNCATED)), "--policy", str(policy))
    assert code == 0
    code, document = _scan(invoke, str(_project(tmp_path / "b", UNSAFE)), "--policy", str(policy))
    assert code == 1 and document["findings"][0]["kind"] == "unsafe_pickle"


def test_allow_unverified_must_be_a_boolean(invoke: Invoke, tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("allow_unverified: maybe\n", encoding="utf-8")
    result = invoke("scan", str(_project(tmp_path / "p", CLEAN)), "--policy", str(policy))
    assert result.exit_code == 2
    assert "allow_unverified must be true or false" in result.stderr


@pytest.mark.parametrize(("weights", "code"), [(CLEAN, 0), (UNSAFE, 1), (TRUNCATED, 1)])
def test_check_exits_1_on_an_unsafe_or_unverified_folder(
    invoke: Invoke, tmp_path: Path, weights: bytes, code: int
) -> None:
    result = invoke("check", str(_model(tmp_path / "m", weights)))
    assert result.exit_code == code
    if code:
        assert "Files: FAIL" in result.stderr


# --- one folder reader: no link out of the folder is followed ------------------------------


def test_check_does_not_read_a_card_linked_from_outside(invoke: Invoke, tmp_path: Path) -> None:
    other = _model(tmp_path / "other", CLEAN)
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "model.safetensors").write_bytes(b"\x02\x00\x00\x00\x00\x00\x00\x00{}")
    (folder / "config.json").write_text("{}", encoding="utf-8")
    (folder / "README.md").symlink_to(other / "README.md")
    document = json.loads(invoke("check", str(folder), "--format", "json").stdout)
    assert document["license"] is None  # the other folder's MIT is not this one's
    kinds = {(f["kind"], f["path"]) for f in document["findings"]}
    assert ("symlink_outside", "README.md") in kinds


def test_a_config_linked_to_a_system_file_is_not_read(invoke: Invoke, tmp_path: Path) -> None:
    secret = tmp_path / "secret.json"
    secret.write_text('{"num_hidden_layers": 7, "hidden_size": 70, "num_attention_heads": 7}')
    folder = _model(tmp_path / "m", CLEAN)
    (folder / "config.json").unlink()
    (folder / "config.json").symlink_to(secret)
    for command in ("check", "scan"):
        out = invoke(command, str(folder), "--format", "json").stdout
        assert '"layers": 7' not in out and "symlink_outside" in out


def test_a_link_loop_in_a_model_folder_is_a_finding(invoke: Invoke, tmp_path: Path) -> None:
    folder = _model(tmp_path / "m", CLEAN)
    (folder / "LICENSE").symlink_to(folder / "LICENSE")
    document = json.loads(invoke("check", str(folder), "--format", "json").stdout)
    assert {"kind": "symlink_loop", "path": "LICENSE", "detail": "a symbolic link loop"} in (
        document["findings"]
    )


# --- any spelling of the same tree gives the same answer -----------------------------------

_FOLDER = st.tuples(
    st.sampled_from(["a", "b", "deep/c", "models/x y"]), st.sampled_from([CLEAN, UNSAFE])
)


def _normalised(document: dict[str, Any]) -> dict[str, Any]:
    document["summary"].pop("scanned")
    return document


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(folders=st.lists(_FOLDER, min_size=1, max_size=3, unique_by=lambda f: f[0]))
def test_relative_absolute_and_linked_paths_give_one_answer(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    folders: list[tuple[str, bytes]],
) -> None:
    base = tmp_path_factory.mktemp("tree")
    root = base / "project"
    lines = ["from transformers import AutoModel"]
    for name, weights in folders:
        _model(root / name, weights)
        lines.append(f'AutoModel.from_pretrained("./{name}")')
    (root / "run.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (base / "link").symlink_to(root, target_is_directory=True)
    catalog = load_catalog()
    monkeypatch.chdir(base)
    answers = [
        _normalised(scan_path(Path(spelling), catalog).to_dict())
        for spelling in ("project", "./project", str(root), "link", "project/../project")
    ]
    monkeypatch.chdir(root)
    answers.append(_normalised(scan_path(Path("."), catalog).to_dict()))
    assert all(answer == answers[0] for answer in answers[1:])
    unsafe = sum(1 for _, weights in folders if weights is UNSAFE)
    assert answers[0]["summary"]["passed"] is (unsafe == 0)
    assert len(answers[0]["models"]) == len(folders)
    shutil.rmtree(base)
