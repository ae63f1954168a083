"""Turn exceptions into one-line messages and exit codes: the one table.

Every error a user can cause maps to a message and ``ExitCode.USAGE``;
anything else is a bug, shown with a traceback under ``--debug``.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum

from openness.errors import KnowledgeBaseError, OpennessError


class ExitCode(IntEnum):
    """Exit statuses of every command."""

    OK = 0
    VIOLATIONS = 1
    USAGE = 2
    INTERNAL = 3


def _knowledge_base(error: OpennessError) -> str:
    assert isinstance(error, KnowledgeBaseError)
    text = str(error)
    if len(error.problems) > 1 and "--debug" not in text:
        text += " Run with --debug to list every problem."
    return text


# Subclasses first: the first matching row wins.
MESSAGES: tuple[tuple[type[OpennessError], Callable[[OpennessError], str]], ...] = (
    (KnowledgeBaseError, _knowledge_base),
    (OpennessError, str),
)


def describe(error: OpennessError) -> tuple[str, ExitCode]:
    """Return the one-line message and exit code for *error*."""
    for error_type, render in MESSAGES:
        if isinstance(error, error_type):
            return "error: " + " ".join(render(error).split()), ExitCode.USAGE
    raise AssertionError("unreachable: OpennessError is the last row")
