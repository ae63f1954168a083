"""The environment variables openness reads, named in one place."""

KB_ENV = "OPENNESS_KB"
"""Folders of extra knowledge-base records, separated by ``os.pathsep``."""
ONLINE_ENV = "OPENNESS_ONLINE"
"""``1`` lets commands and the web app ask the Hugging Face Hub."""
CACHE_ENV = "OPENNESS_CACHE"
"""The folder compiled patterns are kept in (``off`` keeps none); see ``openness.patterns``."""
LANDSCAPE_ENV = "OPENNESS_LANDSCAPE"
"""An ``openness hub audit --format json`` file the web app's /landscape page shows."""
TODAY_ENV = "OPENNESS_TODAY"
"""A ``YYYY-MM-DD`` date to judge lifecycles on instead of today (reproducible reports)."""


def today() -> str:
    """Return the date lifecycles are judged on: ``$OPENNESS_TODAY``, else the current date."""
    import os
    from datetime import date

    given = os.environ.get(TODAY_ENV, "").strip()
    if given:
        try:
            return date.fromisoformat(given).isoformat()
        except ValueError:
            pass  # a malformed date is ignored: the current one is used
    return date.today().isoformat()
