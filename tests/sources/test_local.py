"""Local model folders: card, license files, config, weights, and hostile files in them."""

from __future__ import annotations

import json
import os
import pickle
import struct
from pathlib import Path

import pytest

from openness.kb import Catalog
from openness.resolve import assess_reference
from openness.sources.findings import FindingKind
from tests.conftest import TESTS
from tests.sources.formats.conftest import GgufWriter, Payload, safetensors_bytes, zero_bomb
from tests.sources.formats.conftest import zip_bytes as make_zip

CORPUS = TESTS / "fixtures" / "licenses" / "corpus"
CONFIG = {
    "architectures": ["LlamaForCausalLM"], "hidden_size": 4096, "num_hidden_layers": 32,
    "num_attention_heads": 32, "num_key_value_heads": 8, "intermediate_size": 14336,
    "vocab_size": 128256, "max_position_embeddings": 8192,
}  # fmt: skip


def _folder(tmp_path: Path, card: str | None = None) -> Path:
    folder = tmp_path / "my-model"
    folder.mkdir()
    if card is not None:
        (folder / "README.md").write_text(card, encoding="utf-8")
    (folder / "config.json").write_text(json.dumps(CONFIG), encoding="utf-8")
    weights = safetensors_bytes({"w": ("BF16", [64, 64]), "b": ("F32", [64])}, {"format": "pt"})
    (folder / "model.safetensors").write_bytes(weights)
    return folder


def _kinds(findings: object) -> set[FindingKind]:
    return {finding.kind for finding in findings}  # type: ignore[attr-defined]


def test_finetune_card_inherits_the_base_license_and_counts_weights(
    tmp_path: Path, catalog: Catalog
) -> None:
    card = "---\nlicense: llama3\nbase_model: meta-llama/Meta-Llama-3-8B\n---\n# Tuned\n"
    assessment, findings = assess_reference(str(_folder(tmp_path, card)), catalog)
    assert assessment.model.weights_license == "llama3"
    assert assessment.model.parameters_total is not None
    assert assessment.model.parameters_total.value == 64 * 64 + 64
    assert assessment.tier.value == "open_weights"
    assert assessment.license is not None
    kinds = {term.kind.value for term in assessment.license.terms}
    assert "user_threshold" in kinds
    assert not findings


def test_license_file_is_read_through_the_license_engine(tmp_path: Path, catalog: Catalog) -> None:
    folder = _folder(tmp_path, "# A model without front matter\n")
    text = (CORPUS / "gpl-3.0.txt").read_text(encoding="utf-8")
    (folder / "LICENSE").write_text(text, encoding="utf-8")
    assessment, _ = assess_reference(str(folder), catalog)
    assert assessment.model.weights_license == "gpl-3.0"
    assert assessment.license is not None
    assert assessment.license.osd.verdict == "pass"


SPDX_MIT = TESTS / "fixtures" / "licenses" / "spdx" / "MIT.txt"


@pytest.mark.parametrize(
    ("added", "verdict"),
    [
        ("The Software may not be used for any military purpose.", "fail"),
        ("Licensee shall file a quarterly report with the Licensor.", "unknown"),
    ],
)
def test_a_license_file_that_varies_a_known_license_is_read_not_taken_for_it(
    tmp_path: Path, catalog: Catalog, added: str, verdict: str
) -> None:
    # The card says MIT and the text is MIT plus one sentence: taking MIT's
    # reviewed terms would drop the sentence and pass.
    folder = _folder(tmp_path, "---\nlicense: mit\n---\n# Tuned\n")
    text = SPDX_MIT.read_text(encoding="utf-8")
    text = text.replace("THE SOFTWARE IS PROVIDED", f"{added}\n\nTHE SOFTWARE IS PROVIDED")
    (folder / "LICENSE").write_text(text, encoding="utf-8")
    assessment, _ = assess_reference(str(folder), catalog)
    analysis = assessment.license
    assert analysis is not None and analysis.license is not None
    assert (analysis.license.id, analysis.license.match) == ("mit", "variant")
    assert [a.quote for a in analysis.license.additions] == [added]
    assert analysis.osd.verdict == verdict
    assert assessment.model.weights_license != "mit"
    assert any("variant of mit" in note for note in assessment.model.notes)


def test_hostile_files_become_findings_and_nothing_runs(tmp_path: Path, catalog: Catalog) -> None:
    folder = _folder(tmp_path, "---\nlicense: [apache-2.0\n---\n")  # broken YAML
    marker = tmp_path / "PWNED"
    (folder / "evil.bin").write_bytes(pickle.dumps(Payload(f"touch {marker}"), protocol=2))
    (folder / "bomb.pt").write_bytes(make_zip([zero_bomb("archive/data.pkl", 2)]))
    (folder / "lying.safetensors").write_bytes(struct.pack("<Q", 10**12) + b"{}")
    (folder / "not-json.safetensors").write_bytes(struct.pack("<Q", 8) + b"not json")
    absurd = GgufWriter().build(kv_count=1, tail=struct.pack("<Q", 2**62) + b"x")
    (folder / "absurd.gguf").write_bytes(absurd)
    (folder / "loop").symlink_to(folder)
    (folder / "dangling.safetensors").symlink_to(tmp_path / "missing")
    with (folder / "LICENSE").open("wb") as big:  # 1 GB, sparse
        big.truncate(1 << 30)
    assessment, findings = assess_reference(str(folder), catalog)
    assert not marker.exists()
    kinds = _kinds(findings)
    assert {
        FindingKind.UNSAFE_PICKLE, FindingKind.UNVERIFIED_PICKLE,
        FindingKind.INVALID_SAFETENSORS, FindingKind.INVALID_GGUF,
    } <= kinds  # fmt: skip
    details = " ".join(f"{f.path}: {f.detail}" for f in findings)
    assert "evil.bin" in details and "posix.system" in details
    assert "lying.safetensors" in details and "absurd.gguf" in details
    assert any(f.path == "README.md" for f in findings), details
    assert assessment.model.id == "my-model"


def test_fifo_named_license_does_not_hang(tmp_path: Path, catalog: Catalog) -> None:
    folder = _folder(tmp_path, "---\nlicense: mit\n---\n")
    os.mkfifo(folder / "LICENSE")
    assessment, _ = assess_reference(str(folder), catalog)
    assert assessment.model.weights_license == "mit"


def test_empty_folder_is_assessed_as_unknown(tmp_path: Path, catalog: Catalog) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "config.json").write_text("{}", encoding="utf-8")
    assessment, _ = assess_reference(str(folder), catalog)
    assert assessment.model.weights_license is None
    assert assessment.license is None
    assert assessment.osaid.verdict != "pass"


@pytest.mark.parametrize("payload", [b"\x00\x01binary" * 100, "caf\u00e9".encode("latin-1")])
def test_binary_or_mis_encoded_card_does_not_crash(
    tmp_path: Path, catalog: Catalog, payload: bytes
) -> None:
    folder = _folder(tmp_path)
    (folder / "README.md").write_bytes(payload)
    assessment, _ = assess_reference(str(folder), catalog)
    assert assessment.model.id == "my-model"


def test_gguf_metadata_names_the_base_model(tmp_path: Path, catalog: Catalog) -> None:
    folder = tmp_path / "quantized"
    folder.mkdir()
    writer = (
        GgufWriter().add("general.architecture", 8, "llama").add("general.license", 8, "llama3")
    )
    writer.add("general.base_model.count", 4, 1)
    writer.add(
        "general.base_model.0.repo_url", 8, "https://huggingface.co/meta-llama/Meta-Llama-3-8B"
    )
    (folder / "model-q4.gguf").write_bytes(writer.build())
    assessment, findings = assess_reference(str(folder), catalog)
    assert not findings
    assert assessment.model.weights_license == "llama3"
    assert assessment.model.family == "Llama 3"
