"""Build the license fingerprints from the corpus and the extra SPDX texts.

Usage: python scripts/build_fingerprints.py [--check]

Reads tests/fixtures/licenses/texts.yaml (which text is which license), the
shared corpus (../shared/corpus/licenses/) and tests/fixtures/licenses/spdx/,
and writes src/openness/kb/data/fingerprints.json: per license id, the hashed
word shingles of each of its texts (no words are stored). With --check it writes
nothing and exits 1 when the file is out of date.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from openness.licenses.fingerprint import (  # noqa: E402
    FINGERPRINTS_NAME,
    FORMAT,
    SHINGLE_SIZE,
    encode_fingerprint,
    sample_of,
    shingle_text,
)
from openness.licenses.text import prepare_text  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "licenses"
CORPUS = ROOT.parent / "shared" / "corpus" / "licenses"
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


def render() -> str:
    """Return fingerprints.json: every text listed becomes a variant of its license."""
    licenses: dict[str, list[dict[str, str]]] = {}
    for license_id, label, text in source_texts():
        hashes = set(shingle_text(prepare_text(text).clean).hashes)
        variant = {
            "source": label,
            "shingles": encode_fingerprint(hashes),
            "sample": encode_fingerprint(set(sample_of(hashes))),
        }
        licenses.setdefault(license_id, []).append(variant)
    document = {"format": FORMAT, "shingle_size": SHINGLE_SIZE, "licenses": licenses}
    return json.dumps(document, indent=1, sort_keys=True) + "\n"


def main() -> None:
    if not CORPUS.is_dir():
        raise SystemExit(f"the license corpus is missing: expected {CORPUS}")
    text = render()
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
