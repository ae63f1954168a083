"""Identification: every known text at its exact version, and nothing more.

Edits lower the confidence, unknown texts stay unknown, and a license with its
policy appended yields both.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from openness import analyze_license

from .conftest import CORPUS, TEXTS, read


@pytest.mark.parametrize(("path", "ids"), TEXTS, ids=[p.name for p, _ in TEXTS])
def test_every_text_is_identified_exactly(path: Path, ids: list[str]) -> None:
    result = analyze_license(read(path))
    assert result.license is not None
    assert result.license.id == ids[0]
    assert result.license.confidence == 1.0
    assert [p.identity.id for p in result.parts] == ids


def test_policies_are_policies_not_licenses() -> None:
    for name in ("llama-3-aup.txt", "llama-3.2-aup.txt", "gemma-prohibited-use-policy.txt"):
        result = analyze_license(read(CORPUS / name))
        assert result.license is not None and result.license.kind == "policy", name


def test_license_with_appended_policy_reports_both_parts() -> None:
    text = read(CORPUS / "llama-3-community.txt")
    result = analyze_license(text)
    assert result.license is not None and result.license.id == "llama3"
    license_part, policy_part = result.parts
    assert policy_part.identity.kind == "policy"
    assert text[policy_part.span[0] :].startswith("Meta Llama 3 Acceptable Use Policy")
    assert license_part.span[1] <= policy_part.span[0]
    documents = {t.kind.value: t.document for t in result.terms}
    assert documents["user_threshold"] == "llama3"
    assert "llama3-aup" in {t.document for t in result.terms}


def test_an_edited_text_is_below_one_but_still_named() -> None:
    text = read(CORPUS / "llama-3.1-community.txt").replace("700 million", "500 million")
    result = analyze_license(text)
    assert result.license is not None and result.license.id == "llama3.1"
    assert 0.9 < result.license.confidence < 1.0
    assert result.license.to_dict()["confidence"] < 1.0
    assert any("differs" in note for note in result.notes)


@pytest.mark.parametrize(
    ("name", "sibling"),
    [
        ("llama-3.2-community.txt", "llama3.3"),
        ("gemma-tou-2024-04-01.txt", "gemma-tou-2025-03-24"),
        ("openmdw-1.0.txt", "openmdw-1.1"),
        ("tongyi-qianwen-research.txt", "tongyi-qianwen"),
        ("stability-ai-nc-community-sv3d.txt", "stability-ai-nc-research-community-2023-11-28"),
    ],
)
def test_siblings_are_told_apart(name: str, sibling: str) -> None:
    result = analyze_license(read(CORPUS / name))
    assert result.license is not None and result.license.id != sibling


def test_unknown_text_is_not_named() -> None:
    text = (
        "ACME Model License. You may use this model for anything you like, except that "
        "you must send us a postcard every year. We may change these terms whenever we like."
    )
    result = analyze_license(text)
    assert result.license is None
    assert result.parts == ()


def test_a_new_community_license_built_on_apache_is_not_apache() -> None:
    # Like the Falcon 2 license: Apache 2.0 with a use policy and restrictions added.
    apache = read(CORPUS / "grok-1-apache-2.0.txt")
    addition = (
        "\n\n10. Acceptable Use. You agree that you will not use the Work or any Derivative "
        "Works to improve any other large language model, and you must comply with the Acme "
        "Acceptable Use Policy, which is hereby incorporated by reference. If your products "
        "have more than 50 million monthly active users, you must request a license from Acme.\n"
    )
    text = apache.replace("END OF TERMS AND CONDITIONS", addition + "END OF TERMS AND CONDITIONS")
    result = analyze_license(text)
    kinds = {t.kind.value for t in result.terms}
    assert {"model_improvement_ban", "use_restrictions", "user_threshold"} <= kinds
    assert result.osd.verdict.value == "fail"
    if result.license is not None:
        assert result.license.confidence < 1.0


def test_markdown_and_html_copies_are_identified() -> None:
    text = read(CORPUS / "mit-deepseek-code.txt")
    markdown = "# MIT License\n\n" + text.replace("Permission", "**Permission**")
    html = "<html><body><p>" + text.replace("\n\n", "</p>\n<p>") + "</p></body></html>"
    for variant in (markdown, html):
        result = analyze_license(variant)
        assert result.license is not None and result.license.id == "mit"


def test_crlf_and_bom_do_not_matter() -> None:
    text = read(CORPUS / "bsd-3-clause.txt")
    variant = "\ufeff" + text.replace("\n", "\r\n")
    result = analyze_license(variant.encode("utf-8"))
    assert result.license is not None and result.license.id == "bsd-3-clause"
    assert result.license.confidence == 1.0


def test_bilingual_text_is_identified_and_quoted_in_english() -> None:
    result = analyze_license(read(CORPUS / "chatglm-6b-model.txt"))
    assert result.license is not None and result.license.id == "chatglm-6b"
    assert result.terms and all(re.search(r"[A-Za-z]", t.quote) for t in result.terms)


def test_placeholder_is_kept_as_text() -> None:
    text = read(CORPUS / "ai2-tulu-model-license.txt")
    assert "<MODELNAME>" in text
    result = analyze_license(text)
    assert result.license is not None and result.license.id == "ai2-tulu-model-license"


def test_fingerprints_are_built_from_the_listed_texts() -> None:
    import subprocess
    import sys

    from .conftest import ROOT

    script = ROOT / "scripts" / "build_fingerprints.py"
    done = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
