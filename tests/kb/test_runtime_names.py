"""The names people type: Ollama and LM Studio tags, GGUF files, re-uploads, typos.

Generated from the catalog itself: every model with a Hub repo id is looked up
under the names converters give its copies, every Ollama alias under the tags
a runtime adds to it; fine-tunes by other accounts are never taken for the base.
"""

from __future__ import annotations

import re

import pytest

from openness.errors import ModelNotFoundError
from openness.kb.catalog import Catalog
from openness.kb.loader import load_catalog

CATALOG = load_catalog()


def _repo_names() -> list[tuple[str, str]]:
    """(repo name without its org, model id) for names only one model has."""
    seen: dict[str, set[str]] = {}
    for model in CATALOG.models():
        for alias in model.aliases.huggingface:
            seen.setdefault(alias.split("/", 1)[1], set()).add(model.id)
    return sorted((name, ids.pop()) for name, ids in seen.items() if len(ids) == 1)


REPO_NAMES = _repo_names()
OLLAMA = sorted(
    (alias, model.id)
    for model in CATALOG.models()
    for alias in model.aliases.other
    if re.fullmatch(r"[a-z][\w.-]*:[\w.]+", alias)
)

_REUPLOADS = (
    ("bartowski/{}-GGUF", "re-upload", "gguf"),
    ("TheBloke/{}-GPTQ", "re-upload", "gptq"),
    ("TheBloke/{}-AWQ", "re-upload", "awq"),
    ("mlx-community/{}-4bit", "re-upload", "4bit"),
    ("lmstudio-community/{}-GGUF", "re-upload", "gguf"),
    ("unsloth/{}-bnb-4bit", "re-upload", "4bit"),
    ("{}.Q4_K_M.gguf", "gguf file", "q4_k_m"),
    ("{}-Q8_0.gguf", "gguf file", "q8_0"),
    ("{}.IQ3_XS.gguf", "gguf file", "iq3_xs"),
)


def test_there_is_something_to_generate_from() -> None:
    assert len(REPO_NAMES) > 100 and len(OLLAMA) > 20


@pytest.mark.parametrize(("form", "how", "build"), _REUPLOADS, ids=[f[0] for f in _REUPLOADS])
def test_reuploads_and_gguf_files_name_their_model_and_build(
    form: str, how: str, build: str
) -> None:
    wrong = []
    for name, model_id in REPO_NAMES:
        ref = form.format(name)
        found = CATALOG.match_model(ref)
        if found is None or (found.model_id, found.how, found.quantization) != (
            model_id,
            how,
            build,
        ):
            wrong.append(f"{ref} -> {found}")
    assert wrong == []


@pytest.mark.parametrize("suffix", ["-instruct-q4_K_M", "-q8_0", "-instruct-fp16", "-it-qat"])
def test_ollama_tags_with_a_build_name_their_model(suffix: str) -> None:
    wrong = []
    for alias, model_id in OLLAMA:
        ref = alias + suffix
        found = CATALOG.match_model(ref)
        if found is None or found.model_id != model_id or found.how != "ollama tag":
            wrong.append(f"{ref} -> {found}")
    assert wrong == []
    found = CATALOG.match_model(OLLAMA[0][0] + "-instruct-q4_K_M")
    assert found is not None and found.quantization == "q4_k_m"


def test_a_latest_tag_and_a_glued_name_are_understood() -> None:
    for ref, model_id in (("phi4:latest", "phi-4"), ("phi4", "phi-4"), ("gpt4o", "gpt-4o")):
        found = CATALOG.match_model(ref)
        assert found is not None and found.model_id == model_id, ref


def test_a_finetune_by_another_account_is_not_taken_for_its_base() -> None:
    for name, _ in REPO_NAMES[:60]:
        for ref in (f"someone/{name}-finetuned", f"acme-labs/{name}-DPO", f"{name}-merged-v2"):
            assert CATALOG.match_model(ref) is None, ref


def _suggestions(catalog: Catalog, ref: str) -> tuple[str, ...]:
    with pytest.raises(ModelNotFoundError) as raised:
        catalog.resolve_model(ref)
    assert "--online" in str(raised.value)
    return raised.value.suggestions


def test_a_typo_of_any_catalog_id_suggests_it() -> None:
    missed = []
    ids = sorted(m.id for m in CATALOG.models())
    for model_id in ids:
        middle = len(model_id) // 2
        typo = model_id[:middle] + model_id[middle + 1 :] if len(model_id) > 5 else model_id + "x"
        if CATALOG.match_model(typo) is not None:
            continue  # the typo is itself a name
        if model_id not in _suggestions(CATALOG, typo):
            missed.append(f"{typo} -> {_suggestions(CATALOG, typo)}")
    assert len(missed) <= 0.05 * len(ids), missed


@pytest.mark.parametrize("ref", ["Quokka-9.5", "zyx-4.5", "Quux-K2", "frob-3-8b"])
def test_an_unknown_family_gets_no_look_alike_of_another_family(ref: str) -> None:
    assert _suggestions(CATALOG, ref) == ()


def test_a_family_name_lists_its_sizes() -> None:
    assert set(_suggestions(CATALOG, "llama3")) == {"llama-3-8b", "llama-3-70b"}


def test_reuploads_that_keep_the_original_org_in_their_name_find_it() -> None:
    """Re-uploads named ``{org}_{name}-GGUF`` (as bartowski names his newer ones) resolve."""
    unique = dict(REPO_NAMES)
    wrong = []
    for model in CATALOG.models():
        for alias in model.aliases.huggingface:
            org, name = alias.split("/", 1)
            if unique.get(name) != model.id:
                continue  # a name two records share cannot name one model
            found = CATALOG.match_model(f"bartowski/{org}_{name}-GGUF")
            if found is None or (found.model_id, found.how) != (model.id, "re-upload"):
                wrong.append(f"{alias} -> {found}")
    assert wrong == []
