"""Build the license fingerprints from the corpus, the extra SPDX texts and ScanCode's LicenseDB.

Usage: python scripts/build_fingerprints.py [--check]

Reads tests/fixtures/licenses/texts.yaml (which text is which license), the
license corpus (tests/fixtures/licenses/corpus/, a copy of the shared corpus),
tests/fixtures/licenses/spdx/ and every license of ScanCode's license database (downloaded once into
benchmarks/.cache/ by scripts/licensedb.py), and writes
src/openness/kb/data/fingerprints.json: per license id, the hashed word
shingles of each of its texts (no words are stored). A database license that
is a catalog license (same SPDX id, id or alias) becomes another text of the
catalog's id; the others are named by SPDX id (lower case), else ScanCode key.
Texts of catalog and OSI-approved licenses, and short texts, keep every hash;
the rest keep the 1-in-8 sample that names them, and their marks: the few
shingles that the fewest other texts share, which tell a text from its close
relatives (MIT from MIT plus one sentence, one version from the next). With
--check it writes
nothing and exits 1 when the file is out of date.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from licensedb import ATTRIBUTION, SOURCE_URL, VERSION, DbLicense, ensure_database, read_database  # noqa: E402

from openness.licenses.fingerprint import (  # noqa: E402
    FINGERPRINTS_NAME,
    FORMAT,
    SAMPLE_EVERY,
    SHINGLE_SIZE,
    Postings,
    decode_fingerprint,
    encode_fingerprint,
    fingerprints_of,
    sample_of,
    shingle_text,
)
from openness.licenses.text import prepare_text  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "licenses"
CORPUS = FIXTURES / "corpus"
OUTPUT = ROOT / "src" / "openness" / "kb" / "data" / FINGERPRINTS_NAME


def source_texts() -> list[tuple[str, str, str]]:
    """Return (license id, source label, text) for every text listed, in id order."""
    table = yaml.safe_load((FIXTURES / "texts.yaml").read_text(encoding="utf-8"))
    found: list[tuple[str, str, str]] = []
    for folder, entries in ((CORPUS, table["corpus"]), (FIXTURES / "spdx", table["spdx"])):
        for name, spec in entries.items():
            data = (folder / name).read_bytes()
            label = f"{name} sha256:{hashlib.sha256(data).hexdigest()[:12]}"
            text = data.decode("utf-8")
            if isinstance(spec, str):
                found.append((spec, label, text))
                continue
            cut = text.index(spec["until"])
            found.append((spec["id"], label + " (first part)", text[:cut]))
            found.append((spec["rest"], label + " (second part)", text[cut:]))
    return sorted(found, key=lambda item: (item[0], item[1]))


MAX_SAMPLE = 64
"""A database text kept as a sample keeps about this many hashes at most (1 in 8, 16, ...)."""

MAX_MARKS = 16
"""A sampled text keeps this many marks: its hashes outside the sample that fewest texts have."""


@cache
def _text_hashes(text: str) -> frozenset[int]:
    return frozenset(shingle_text(prepare_text(text).clean).hashes)


def _variant(
    label: str, text: str, *, full: bool, frequency: Counter[int] | None = None
) -> dict[str, str | int] | None:
    """Return the stored fingerprint of *text*: its sample, and the other hashes if *full*.

    A sampled text also keeps its marks, chosen by *frequency* (in how many
    texts each hash occurs).
    """
    hashes = set(_text_hashes(text))
    if not hashes:
        return None
    sample = set(sample_of(hashes))
    variant: dict[str, str | int] = {"source": label}
    if full:
        variant["rest"] = encode_fingerprint(hashes - sample)
    else:
        every = SAMPLE_EVERY
        while len(sample) > MAX_SAMPLE:
            every *= 2
            sample = {h for h in sample if h % every == 0}
        variant["every"] = every
        counts = frequency or Counter()
        marks = sorted(hashes - sample, key=lambda h: (counts[h], h))[:MAX_MARKS]
        variant["marks"] = encode_fingerprint(set(marks))
    variant["sample"] = encode_fingerprint(sample)
    return variant


def _catalog_ids() -> dict[str, str]:
    """Map SPDX ids, ids and aliases of catalog licenses (lower case) to their ids."""
    from openness.kb.loader import load_catalog

    names: dict[str, str] = {}
    for record in load_catalog().licenses():
        for name in (record.spdx, record.id, *record.aliases):
            if name:
                names.setdefault(name.lower(), record.id)
    return names


def database_entries(
    database: list[DbLicense],
    licenses: dict[str, list[dict[str, str | int]]],
    frequency: Counter[int],
) -> dict[str, dict[str, object]]:
    """Add the database's texts of catalog licenses to *licenses*; return the others by id."""
    catalog = _catalog_ids()
    entries: dict[str, dict[str, object]] = {}
    for entry in sorted(database, key=lambda e: ("deprecated" in e.flags, e.key)):
        label = (
            f"licensedb:{entry.key} sha256:{hashlib.sha256(entry.text.encode()).hexdigest()[:12]}"
        )
        known = catalog.get((entry.spdx or "").lower()) or catalog.get(entry.key)
        full = known is not None or entry.osi
        variant = _variant(label, entry.text, full=full, frequency=frequency)
        if variant is None:
            continue
        if known is not None:
            if not _repeats(variant, licenses.get(known, [])):
                licenses.setdefault(known, []).append(variant)
            continue
        identifier = (entry.spdx or entry.key).lower()
        record = entries.setdefault(
            identifier,
            {
                "name": entry.name,
                "spdx": entry.spdx,
                "scancode": entry.key,
                "category": entry.category,
                "osi": entry.osi,
                "texts": [],
            },
        )
        texts = record["texts"]
        assert isinstance(texts, list)
        texts.append(variant)
    return entries


def _repeats(variant: dict[str, str | int], others: list[dict[str, str | int]]) -> bool:
    """Tell whether every hash of *variant* is in one of the texts already kept."""
    return any(_hashes(variant) <= _hashes(other) for other in others)


def _hashes(variant: dict[str, str | int]) -> set[int]:
    found = set(decode_fingerprint(str(variant["sample"])))
    return found | set(decode_fingerprint(str(variant.get("rest", ""))))


def render(database: list[DbLicense]) -> str:
    """Return fingerprints.json: every text listed becomes a variant of its license."""
    licenses: dict[str, list[dict[str, str | int]]] = {}
    sources = source_texts()
    frequency: Counter[int] = Counter()
    for text in {text for _, _, text in sources} | {entry.text for entry in database}:
        frequency.update(_text_hashes(text))
    for license_id, label, text in sources:
        variant = _variant(label, text, full=True)
        assert variant is not None, label
        licenses.setdefault(license_id, []).append(variant)
    entries = database_entries(database, licenses, frequency)
    for variants in licenses.values():
        variants.sort(key=lambda v: str(v["source"]))
    document = {
        "format": FORMAT,
        "shingle_size": SHINGLE_SIZE,
        "licenses": licenses,
        "database": {
            "attribution": ATTRIBUTION,
            "source": SOURCE_URL,
            "version": VERSION,
            "licenses": entries,
        },
    }
    document["postings"] = Postings.of(fingerprints_of(document)).encode()
    return json.dumps(document, indent=0, sort_keys=True, separators=(",", ":")) + "\n"


def main() -> None:
    if not CORPUS.is_dir():
        raise SystemExit(f"the license corpus is missing: expected {CORPUS}")
    text = render(read_database(ensure_database()))
    if "--check" in sys.argv[1:]:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            raise SystemExit("fingerprints.json is out of date: run scripts/build_fingerprints.py")
        print("fingerprints.json is up to date")
        return
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({len(text):,} bytes)")


if __name__ == "__main__":
    main()
