"""The version in a license id: "Apache-2.0" is 2.0, "gemma-tou-2024-04-01" is 2024-04-01.

Entry point: ``version_of``.
"""

from __future__ import annotations

from openness import patterns


def version_of(identifier: str) -> str | None:
    """Return the version in a license id: a dotted number or a date.

    >>> version_of("Apache-2.0"), version_of("gemma-tou-2024-04-01"), version_of("BSD-3-Clause")
    ('2.0', '2024-04-01', None)
    """
    match = _DATE.search(identifier) or _DOTTED.search(identifier)
    return match.group() if match else None


_DATE = patterns.compiled(r"\d{4}-\d{2}-\d{2}|\d{8}")
_DOTTED = patterns.compiled(r"\d+(?:\.\d+)+")
