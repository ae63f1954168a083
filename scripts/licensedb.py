"""ScanCode's license database (LicenseDB), fetched for development and benchmarks.

The database ships inside the ``scancode-toolkit`` wheel as one ``KEY.LICENSE``
file per license: YAML front matter (key, category, SPDX id, OSI id, ...)
between ``---`` lines, then the license text. It is CC-BY-4.0 data by nexB
Inc. and others (https://scancode-licensedb.aboutcode.org/); the package
stores fingerprints built from it, never its texts. ``ensure_database``
downloads the wheel once into ``benchmarks/.cache/`` and unpacks only the
license files; ``read_database`` parses them. Neither runs in the test suite.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
VERSION = "32.5.0"
"""The scancode-toolkit release whose license data is used."""
SOURCE_URL = "https://scancode-licensedb.aboutcode.org/"
ATTRIBUTION = (
    "License fingerprints derived from the ScanCode LicenseDB (scancode-toolkit "
    f"{VERSION}), copyright nexB Inc. and others, CC-BY-4.0, {SOURCE_URL}"
)
_INSIDE_WHEEL = "licensedcode/data/licenses/"
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n?(.*)\Z", re.DOTALL)

RESTRICTED_CATEGORIES = frozenset(
    {"Commercial", "Proprietary Free", "Source-available", "Free Restricted"}
)
"""Categories whose licenses withhold some freedom the OSD requires."""


@dataclass(frozen=True)
class DbLicense:
    """One license of the database."""

    key: str
    """ScanCode key (lower case, unique)."""
    name: str
    """Full name."""
    category: str
    """ScanCode category: Permissive, Copyleft, Proprietary Free, ..."""
    spdx: str | None
    """SPDX id, or None for ScanCode's own ``LicenseRef-scancode-…`` ids."""
    osi: bool
    """OSI-approved (the database records an OSI id, or a page on an OSI site)."""
    flags: frozenset[str]
    """``exception``, ``deprecated``, ``generic``, ``unknown``, ``text`` when set."""
    text: str
    """The license text (may be empty for a few entries)."""

    @property
    def identifier(self) -> str:
        """The id openness reports: the SPDX id, else the ScanCode key."""
        return self.spdx or self.key

    @property
    def full_text(self) -> bool:
        """A real, complete license text: not a notice, exception, stub or generic name."""
        return (
            len(self.text) >= 200
            and not self.flags & {"exception", "deprecated", "generic", "unknown"}
            and "notice" not in self.key
        )


def ensure_database(cache: Path = CACHE) -> Path:
    """Return the folder of ``*.LICENSE`` files, downloading scancode-toolkit if needed."""
    target = cache / f"scancode-licensedb-{VERSION}"
    if (target / "mit.LICENSE").exists():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    wheels = sorted(cache.glob(f"scancode_toolkit-{VERSION}-*.whl"))
    if not wheels:
        print(f"downloading scancode-toolkit {VERSION} (license data only is kept) ...")
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--dest",
             str(cache), f"scancode-toolkit=={VERSION}"],
            check=True,
        )  # fmt: skip
        wheels = sorted(cache.glob(f"scancode_toolkit-{VERSION}-*.whl"))
    partial = target.with_suffix(".partial")
    partial.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheels[0]) as wheel:
        for name in wheel.namelist():
            if name.startswith(_INSIDE_WHEEL) and name.endswith(".LICENSE"):
                (partial / Path(name).name).write_bytes(wheel.read(name))
    partial.rename(target)
    return target


def read_database(folder: Path) -> list[DbLicense]:
    """Parse every ``*.LICENSE`` file of *folder*, in key order."""
    found = []
    for path in sorted(folder.glob("*.LICENSE")):
        match = _FRONT_MATTER.match(path.read_text(encoding="utf-8", errors="replace"))
        if match is None:
            continue
        meta = yaml.safe_load(match.group(1)) or {}
        spdx = meta.get("spdx_license_key")
        if not isinstance(spdx, str) or spdx.startswith("LicenseRef-"):
            spdx = None
        flags = frozenset(
            name
            for name in ("exception", "deprecated", "generic", "unknown")
            if meta.get(f"is_{name}")
        )
        found.append(
            DbLicense(
                key=str(meta.get("key", path.stem)),
                name=str(meta.get("name") or meta.get("short_name") or path.stem),
                category=str(meta.get("category", "")),
                spdx=spdx,
                osi=bool(meta.get("osi_license_key"))
                or "opensource" in str(meta.get("osi_url", "")),
                flags=flags,
                text=match.group(2).strip(),
            )
        )
    return found
