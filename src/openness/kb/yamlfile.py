"""Read one knowledge-base YAML file safely and strictly.

Owns the YAML dialect of the knowledge base: safe loading only, dates kept as
text (``2024-04-18`` stays a string, so a fact reads back exactly as written),
duplicate keys rejected, size bounded, binary files refused. It does not
validate the record's fields (see ``openness.kb.loader``). Entry point:
``read_yaml_file``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from openness.errors import KnowledgeBaseError
from openness.limits import RECORD_BYTES as MAX_FILE_BYTES
from openness.limits import TooLargeError, read_whole

"""A knowledge-base record is a few kilobytes; anything past this is a mistake."""


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that keeps timestamps as strings and refuses duplicate keys."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml_text(text: str, origin: str) -> Any:
    """Parse *text* as knowledge-base YAML.

    Args:
        text: the YAML document.
        origin: file name used in error messages.

    Returns:
        The parsed document (plain dicts, lists, strings, numbers).

    Raises:
        KnowledgeBaseError: the text is not valid YAML or repeats a key.

    >>> parse_yaml_text("released: 2024-04-18", "x.yaml")
    {'released': '2024-04-18'}
    """
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{origin}:{mark.line + 1}" if mark is not None else origin
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise KnowledgeBaseError(f"{where}: invalid YAML: {problem}") from err


def read_yaml_file(path: Path) -> Any:
    """Read and parse the knowledge-base file at *path*.

    Raises:
        KnowledgeBaseError: the file is unreadable, too large, binary, not
            UTF-8, or not valid YAML; the message names the file.
    """
    try:
        data = read_whole(path, MAX_FILE_BYTES)
    except TooLargeError as err:
        raise KnowledgeBaseError(
            f"{path}: a knowledge-base record must be under {MAX_FILE_BYTES:,} bytes; "
            "is this the right file?"
        ) from err
    except OSError as err:
        raise KnowledgeBaseError(f"{path}: cannot read: {err.strerror or err}") from err
    if b"\x00" in data:
        raise KnowledgeBaseError(f"{path}: binary file, expected YAML text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise KnowledgeBaseError(
            f"{path}: not UTF-8 (byte {err.start}); save the file as UTF-8"
        ) from err
    return parse_yaml_text(text, str(path))
