"""The reading of every text of ScanCode's license database, against its categories.

The database (scancode-toolkit's license data, CC-BY-4.0; downloaded once by
``scripts/licensedb.py``, as ``scripts/build_fingerprints.py`` does) files each
license under a category and records which ones the OSI approved. Verdicts come
from reading the texts; these tests hold them to the database: a restricted
license never passes and an OSI-approved full text passes, except where a
reviewer wrote down why the two disagree.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from openness import analyze_license
from openness.kb import Catalog
from openness.licenses.fingerprint import shingle_text
from openness.licenses.result import LicenseAnalysis
from openness.licenses.text import prepare_text

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from licensedb import RESTRICTED_CATEGORIES, DbLicense, ensure_database, read_database  # noqa: E402

REVIEWED_PASSES = {
    "sun-sissl-1.1": "OSI-approved (SISSL 1.1), though ScanCode files it as Proprietary Free",
    "sybase": "OSI-approved (Sybase Open Watcom Public License 1.0), though ScanCode files "
    "it as Proprietary Free",
}
"""Restricted-category licenses that pass, and why that is right."""

REVIEWED_MISSES = {
    "intel-bsd-export-control": "BSD with a clause requiring export-control compliance "
    "in the licensee's own words; read as unread, not as a grant the OSD allows: unknown "
    "is the cautious answer",
}
"""OSI-approved full texts that do not pass, and why that is accepted."""


@dataclass(frozen=True)
class Read:
    entry: DbLicense
    analysis: LicenseAnalysis


@cache
def _database() -> tuple[Read, ...]:
    entries = read_database(ensure_database())
    return tuple(Read(e, analyze_license(e.text)) for e in entries if e.text.strip())


@pytest.fixture(scope="module")
def database() -> tuple[Read, ...]:
    return _database()


def test_the_database_is_the_whole_one(database: tuple[Read, ...]) -> None:
    assert len(database) > 2000
    assert sum(r.entry.category in RESTRICTED_CATEGORIES for r in database) > 500


def test_no_restricted_license_passes(database: tuple[Read, ...]) -> None:
    passed = {
        r.entry.key
        for r in database
        if r.entry.category in RESTRICTED_CATEGORIES
        and not r.entry.flags & {"generic", "unknown"}
        and r.analysis.osd.verdict.value == "pass"
    }
    assert passed == set(REVIEWED_PASSES)


def test_every_reviewed_pass_is_osi_approved(database: tuple[Read, ...]) -> None:
    approved = {r.entry.key for r in database if r.entry.osi}
    assert set(REVIEWED_PASSES) <= approved


def test_osi_approved_full_texts_pass(database: tuple[Read, ...]) -> None:
    missed = {
        r.entry.key: r.analysis.osd.verdict.value
        for r in database
        if r.entry.osi and r.entry.full_text and r.analysis.osd.verdict.value != "pass"
    }
    assert missed == dict.fromkeys(REVIEWED_MISSES, "unknown")


def test_every_text_is_read_within_bounds(database: tuple[Read, ...]) -> None:
    for r in database:
        osd = r.analysis.osd
        assert len(osd.unread) <= 50 and osd.unread_count >= len(osd.unread), r.entry.key
        if osd.verdict.value == "pass":
            assert osd.unread_count == 0, r.entry.key


def _shingles(text: str) -> set[int]:
    return set(shingle_text(prepare_text(text).clean).hashes)


def test_nearly_every_text_is_named_as_itself(database: tuple[Read, ...], catalog: Catalog) -> None:
    # Right: the SPDX id or ScanCode key (or the catalog id they are aliases of),
    # or a license whose own database text is this one (the database files some
    # texts under several keys: "gpl-2.0-plus" is the text of "gpl-2.0").
    aliases = {
        name.lower(): record.id
        for record in catalog.licenses()
        for name in (record.spdx, record.id, *record.aliases)
        if name
    }
    texts: dict[str, list[str]] = {}
    for r in database:
        for name in {r.entry.key, (r.entry.spdx or r.entry.key).lower()}:
            texts.setdefault(aliases.get(name, name), []).append(r.entry.text)
    wrong = []
    for r in database:
        names = {r.entry.key, (r.entry.spdx or r.entry.key).lower()}
        names |= {aliases[n] for n in list(names) if n in aliases}
        identity = r.analysis.license
        if identity is None:
            wrong.append(f"{r.entry.key}: not named")
            continue
        if identity.id in names or identity.scancode in names:
            continue
        own = _shingles(r.entry.text)
        if any(
            len(own & (other := _shingles(text))) >= 0.9 * len(own | other)
            for text in texts.get(identity.id, [])
        ):
            continue
        wrong.append(f"{r.entry.key}: named {identity.id}")
    assert len(wrong) <= 0.015 * len(database), "\n".join(wrong)


@pytest.mark.parametrize(
    ("key", "named"),
    [
        ("json", "json"),  # MIT plus one sentence, not MIT
        ("moonshot-ai-modified-mit-2025", "moonshot-ai-modified-mit-2025"),
        ("cddl-1.1", "cddl-1.1"),  # not its older version
        ("gfdl-1.3", "gfdl-1.3-"),  # one text, filed as -only, -or-later, ...
        ("kerberos", "kerberos"),  # not a notice quoted inside it
    ],
)
def test_close_relatives_are_told_apart(database: tuple[Read, ...], key: str, named: str) -> None:
    (found,) = [r for r in database if r.entry.key == key]
    assert found.analysis.license is not None
    assert found.analysis.license.id == named or named.endswith("-")
    assert found.analysis.license.id.startswith(named)
