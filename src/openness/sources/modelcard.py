"""Read a model card: the YAML front matter of a Hub README.md.

Owns the fields openness uses (``license``, ``license_name``, ``license_link``,
``base_model``, ``base_model_relation``, ``datasets``, ``pipeline_tag``,
``model_name``), read safely and bounded; a card whose YAML is broken raises
``FormatError`` so the caller can report it as a finding. Entry point: ``read_model_card``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from openness.errors import FormatError
from openness.limits import CARD_BYTES as MAX_CARD_BYTES
from openness.limits import read_bounded

_FRONT_MATTER_LINES = 2000


@dataclass(frozen=True)
class ModelCard:
    """What a model card's metadata says."""

    license: str | None = None
    """Hub license id (``apache-2.0``, ``llama3``, ``other``)."""
    license_name: str | None = None
    """The license's name when ``license`` is ``other``."""
    license_link: str | None = None
    """Where the license text is (a file in the repo, or a URL)."""
    base_models: tuple[str, ...] = ()
    """The models this one is derived from."""
    base_model_relation: str | None = None
    """How: ``finetune``, ``adapter``, ``merge`` or ``quantized`` (``base_model_relation``)."""
    datasets: tuple[str, ...] = ()
    """Datasets named by the card."""
    pipeline_tag: str | None = None
    """The task (``text-generation``)."""
    model_name: str | None = None
    """A name the card gives the model."""


def parse_model_card(text: str, origin: str = "README.md") -> ModelCard:
    r"""Parse the front matter of a model card text (no front matter: an empty card).

    Raises:
        FormatError: the front matter is not valid YAML or not a mapping.

    >>> card = parse_model_card("---\nlicense: apache-2.0\nbase_model: org/base\n---\n# Hi")
    >>> card.license, card.base_models
    ('apache-2.0', ('org/base',))
    """
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        return ModelCard()
    try:
        end = next(
            i for i, line in enumerate(lines[1:_FRONT_MATTER_LINES], 1) if line.strip() == "---"
        )
    except StopIteration:
        raise FormatError(origin, "the YAML front matter has no closing ---") from None
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f" (line {mark.line + 2})" if mark is not None else ""
        raise FormatError(origin, f"broken YAML front matter{line}") from err
    if data is None:
        return ModelCard()
    if not isinstance(data, dict):
        raise FormatError(origin, "the YAML front matter is not a mapping of fields")
    return ModelCard(
        license=_text(data.get("license")),
        license_name=_text(data.get("license_name")),
        license_link=_text(data.get("license_link")),
        base_models=_texts(data.get("base_model")),
        base_model_relation=_text(data.get("base_model_relation")),
        datasets=_texts(data.get("datasets")),
        pipeline_tag=_text(data.get("pipeline_tag")),
        model_name=_text(data.get("model_name")),
    )


def read_model_card(path: Path) -> ModelCard:
    """Read the model card at *path* (bounded), see ``parse_model_card``.

    Raises:
        FormatError: unreadable, binary, or broken front matter.
    """
    try:
        data = read_bounded(path, MAX_CARD_BYTES).data
    except OSError as err:
        raise FormatError(str(path), f"cannot read ({err.strerror or err})") from err
    if b"\x00" in data[:8192]:
        raise FormatError(str(path), "binary file where a model card was expected")
    return parse_model_card(data.decode("utf-8", errors="replace"), str(path))


def _text(value: Any) -> str | None:
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value).strip() or None
    return None


def _texts(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    return tuple(
        str(item).strip() for item in items[:100] if isinstance(item, str) and item.strip()
    )
