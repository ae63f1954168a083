"""What a model can do: its published scores, read as a quality level for a task.

A profile names a ``task`` and the ``quality`` it needs (``basic``, ``good``,
``strong``, ``frontier``). Each task has the benchmarks that speak to it, in
order of preference; a model's level for the task is read from the first of
them it has a sourced score on, against the thresholds below. A model with no
such score has an unknown level: it meets ``basic`` only, because a need for
more cannot be shown to be met. Entry points: ``TASKS``, ``LEVELS``,
``default_quality`` and ``fit``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openness.kb.schema import Benchmark, ModelRecord, Score

TASKS = (
    "classification",
    "extraction",
    "summarization",
    "chat",
    "rag",
    "coding",
    "reasoning",
    "agent",
    "vision",
)
"""The tasks a profile may name."""

LEVELS = ("basic", "good", "strong", "frontier")
"""Quality levels, lowest first."""

_GENERAL = (Benchmark.MMLU_PRO, Benchmark.MMLU, Benchmark.GPQA_DIAMOND)
TASK_BENCHMARKS: dict[str, tuple[Benchmark, ...]] = {
    "classification": _GENERAL,
    "extraction": _GENERAL,
    "summarization": _GENERAL,
    "chat": _GENERAL,
    "rag": _GENERAL,
    "coding": (Benchmark.SWE_BENCH_VERIFIED, Benchmark.HUMANEVAL),
    "reasoning": (Benchmark.GPQA_DIAMOND, Benchmark.MMLU_PRO),
    "agent": (Benchmark.SWE_BENCH_VERIFIED, Benchmark.GPQA_DIAMOND),
    "vision": (Benchmark.MMMU,),
}
"""The benchmarks read for each task, the most telling first."""

THRESHOLDS: dict[Benchmark, tuple[float, float, float]] = {
    Benchmark.MMLU: (60.0, 75.0, 88.0),
    Benchmark.MMLU_PRO: (40.0, 60.0, 78.0),
    Benchmark.GPQA_DIAMOND: (30.0, 45.0, 70.0),
    Benchmark.HUMANEVAL: (60.0, 80.0, 92.0),
    Benchmark.SWE_BENCH_VERIFIED: (20.0, 40.0, 65.0),
    Benchmark.MMMU: (40.0, 55.0, 70.0),
}
"""The score (percent) from which a model is ``good``, ``strong`` and ``frontier``.

Our own calibration, stated as an assumption in every answer: ``frontier`` is
where the best models of late 2025 stand, ``strong`` where the large open
models of 2024 stood, ``good`` where a capable 7-8B model stands."""

TASK_QUALITY = {
    "classification": "good",
    "extraction": "good",
    "summarization": "good",
    "chat": "good",
    "rag": "good",
    "coding": "strong",
    "reasoning": "strong",
    "agent": "strong",
    "vision": "good",
}
"""The quality a task needs when the profile does not say."""

IMAGE_MODALITIES = ("vision-language", "multimodal")
CODE_TASKS = ("coding", "agent")
"""The tasks a code model (catalog modality ``code``) is offered for."""
"""The catalog modalities of models that take images."""


def default_quality(task: str | None, needs_frontier_reasoning: bool) -> str:
    """Return the quality a profile needs when it does not name one.

    >>> default_quality("coding", False), default_quality(None, True), default_quality(None, False)
    ('strong', 'frontier', 'basic')
    """
    if needs_frontier_reasoning:
        return "frontier"
    return TASK_QUALITY[task] if task is not None else "basic"


@dataclass(frozen=True)
class QualityFit:
    """How a model's published scores meet the quality a task needs."""

    needed: str
    """The level needed."""
    level: str | None
    """The model's level for the task, None when no score speaks to it."""
    score: Score | None
    """The score the level was read from."""
    meets: bool
    """The level is at least the one needed (``basic`` is met by any model)."""
    why: str
    """One line with the score, its source's date, and the threshold."""
    requirement: str = "quality"
    """What an unmet fit breaks: ``quality``, or ``task`` (a vision task, a text-only model)."""

    def to_dict(self) -> dict[str, Any]:
        """Return the ``quality`` entry of a shortlist option."""
        score = self.score
        return {
            "needed": self.needed,
            "level": self.level,
            "benchmark": score.benchmark.value if score else None,
            "score": score.value if score else None,
            "source": score.source if score else None,
            "date": score.date if score else None,
        }


def fit(model: ModelRecord, task: str | None, needed: str) -> QualityFit:
    """Read *model*'s level for *task* (``chat`` when None) and compare it with *needed*."""
    task = task or "chat"
    if task == "vision" and model.modality not in IMAGE_MODALITIES:
        why = f"the task is vision and it takes no images (a {model.modality} model)"
        return QualityFit(needed, None, None, False, why, "task")
    if model.modality == "code" and task not in CODE_TASKS:
        why = f"a code model: its developer built it for code, and the task is {task}"
        return QualityFit(needed, None, None, False, why, "task")
    benchmarks = TASK_BENCHMARKS[task]
    score = _first_score(model, benchmarks)
    if score is None:
        names = " or ".join(b.value for b in benchmarks)
        known = needed == "basic"
        why = f"no published {names} score in the knowledge base" + (
            "" if known else f": cannot show it is {needed}"
        )
        return QualityFit(needed, None, None, known, why)
    level = level_of(score)
    meets = LEVELS.index(level) >= LEVELS.index(needed)
    threshold = _threshold(score.benchmark, needed)
    said = f"{score.benchmark.value} {score.value:g} ({score.date}, {score.source})"
    if meets:
        why = f"{level} for {task}: {said}"
    else:
        why = f"{level} for {task}: {said}, below the {threshold:g} that {needed} needs"
    return QualityFit(needed, level, score, meets, why)


def level_of(score: Score) -> str:
    """Return the level a score reaches.

    >>> level_of(Score(Benchmark.MMLU_PRO, 61.0, "https://x", "2025"))
    'strong'
    """
    good, strong, frontier = THRESHOLDS[score.benchmark]
    if score.value >= frontier:
        return "frontier"
    if score.value >= strong:
        return "strong"
    return "good" if score.value >= good else "basic"


def _threshold(benchmark: Benchmark, needed: str) -> float:
    if needed == "basic":
        return 0.0
    return THRESHOLDS[benchmark][LEVELS.index(needed) - 1]


def _first_score(model: ModelRecord, benchmarks: tuple[Benchmark, ...]) -> Score | None:
    """Return the best score on the first of *benchmarks* the model has one on."""
    for benchmark in benchmarks:
        found = [s for s in model.scores if s.benchmark is benchmark]
        if found:
            return max(found, key=lambda s: s.value)
    return None


def thresholds_line(task: str | None, needed: str) -> str:
    """Say what *needed* means for *task*, benchmark by benchmark (an assumption of the answer).

    >>> thresholds_line("vision", "strong")
    'strong for vision: mmmu >= 55'
    """
    task = task or "chat"
    if needed == "basic":
        return f"basic for {task}: any model"
    parts = [f"{b.value} >= {_threshold(b, needed):g}" for b in TASK_BENCHMARKS[task]]
    return f"{needed} for {task}: " + ", else ".join(parts)
