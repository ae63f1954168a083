"""The exception tree of openness: every error a caller may want to handle.

Each class carries the facts of the failure as attributes (a path, a field, a
reference) so the CLI and the web app can render them; the message says what
failed and what to do next. The CLI maps these to one-line messages in
``openness.cli.errors``.
"""

from __future__ import annotations

from collections.abc import Sequence


class OpennessError(Exception):
    """Base class of every error raised by openness."""


class KnowledgeBaseError(OpennessError, ValueError):
    """A knowledge-base folder or file is missing, unreadable or invalid.

    Attributes:
        problems: every problem found, each already formatted as
            ``path: field: message``.
    """

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


class SourceError(OpennessError):
    """Facts about a model could not be obtained."""


class ModelNotFoundError(SourceError, LookupError):
    """A model reference matches no catalog id or alias.

    Attributes:
        ref: the reference as the user gave it.
        suggestions: close catalog names, best first.
    """

    def __init__(self, ref: str, suggestions: Sequence[str] = ()) -> None:
        self.ref = ref
        self.suggestions = tuple(suggestions)
        shown = ref if len(ref) <= 80 else ref[:77] + "..."
        message = f"Unknown model {shown!r}."
        if self.suggestions:
            message += f" Did you mean {', '.join(self.suggestions)}?"
        message += (
            " Run `openness models` to list the catalog, or add --online to ask the "
            "Hugging Face Hub about a repo id."
        )
        super().__init__(message)


class LicenseNotFoundError(SourceError, LookupError):
    """A license id matches no knowledge-base license record.

    Attributes:
        license_id: the id as given.
    """

    def __init__(self, license_id: str, suggestions: Sequence[str] = ()) -> None:
        self.license_id = license_id
        message = f"Unknown license {license_id!r}."
        if suggestions:
            message += f" Did you mean {', '.join(suggestions)}?"
        message += " Run `openness licenses` to list them."
        super().__init__(message)


class LicenseParseError(OpennessError, ValueError):
    """A license input cannot be read as text (empty, binary, a folder, unreadable).

    Attributes:
        origin: the file name, or ``-`` for standard input.
    """

    def __init__(self, message: str, origin: str = "input") -> None:
        super().__init__(message)
        self.origin = origin


class FormatError(SourceError, ValueError):
    """A model file (safetensors, GGUF, pickle, model card) is malformed or hostile.

    Attributes:
        path: the file, as given.
        reason: what is wrong, in a few words.
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class HubAccessError(SourceError):
    """The Hugging Face Hub could not answer (offline, network, rate limit, bad answer).

    Attributes:
        repo_id: the repository asked for.
    """

    def __init__(self, message: str, repo_id: str) -> None:
        super().__init__(message)
        self.repo_id = repo_id


class HubModelNotFoundError(HubAccessError, LookupError):
    """The Hub has no such model repository (404)."""


class HubGatedError(HubAccessError):
    """The repository is gated or private and the token does not grant access (401/403)."""


class HubRateLimitError(HubAccessError):
    """The Hub refused the request for too many requests (429)."""


class PolicyFileError(OpennessError, ValueError):
    """A policy file is missing, not YAML, or holds an unknown rule or a wrong value.

    Attributes:
        path: the policy file.
    """

    def __init__(self, message: str, path: str) -> None:
        super().__init__(message)
        self.path = path


class GpuNotFoundError(SourceError, LookupError):
    """A GPU id matches no knowledge-base GPU.

    Attributes:
        gpu_id: the id as given.
        valid: the known ids.
    """

    def __init__(self, gpu_id: str, valid: Sequence[str], variants: Sequence[str] = ()) -> None:
        self.gpu_id = gpu_id
        self.valid = tuple(valid)
        self.variants = tuple(variants)
        shown = gpu_id[:40]
        if self.variants:
            message = f"{shown!r} names several GPUs: {', '.join(self.variants)}; give one."
        else:
            message = f"Unknown GPU {shown!r}. Valid GPUs: {', '.join(self.valid)}."
        super().__init__(message)


class EstimateError(OpennessError, ValueError):
    """A cost estimate or an advice cannot be made from the inputs (says which and why)."""


class AsOfError(OpennessError, ValueError):
    """A model cannot be assessed on the day asked (``check --as-of``).

    The day is not a date, comes before the model's release, or before the
    first license its history records.
    """


class UseInputError(OpennessError, ValueError):
    """A use, a number of users, a revenue or a region given to ``obligations`` is malformed."""


class AuditInputError(OpennessError, ValueError):
    """A Hub dump cannot be read: a missing file, an unknown kind, a truncated Parquet file.

    Attributes:
        origin: the file.
    """

    def __init__(self, message: str, origin: str) -> None:
        super().__init__(message)
        self.origin = origin
