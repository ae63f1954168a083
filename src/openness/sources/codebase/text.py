"""Find the models that configuration files name: YAML, JSON, TOML, .env, INI, shell.

Owns reading values under model-like keys (``model``, ``model_name``,
``base_model``, ``llm``, ``engine``, ``OPENAI_MODEL``, ``--model_name_or_path``...,
see ``codebase.names.is_model_key``), under ``name``/``id``/``path`` keys of a
model-like parent (``model: {name: ...}``), ``KEY=VALUE`` items naming a model
variable (docker-compose ``environment``), and Hugging Face model URLs in any
value. A value counts only if it reads as a Hub repo id or a known API model
name (``Context.KEY``). It does not read files (see ``codebase``). Entry
points: ``find_yaml_references()``, ``find_json_references()``,
``find_toml_references()``, ``find_env_references()``, ``find_ini_references()``,
``find_shell_references()``.

Lines: YAML lines come from the parser's node marks; JSON and TOML values are
found by a forward text search for the value as written, from the previous
hit on. A YAML file that does not parse (a Helm template) or that nests so
deep that the parser would slow down, and a TOML file that does not parse,
are read line by line as ``key: value`` / ``key = value`` instead.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
)

from openness.sources.codebase.names import (
    Context,
    RawReference,
    ReferenceKind,
    classify,
    hub_url_refs,
    is_model_key,
)

MAX_EVENTS = 2_000_000
"""YAML events (nodes) read per file at most."""
MAX_DEPTH = 1000
"""Deeper YAML, JSON or TOML nesting is not followed."""
MAX_FLOW_DEPTH = 200
"""YAML flow nesting (``[[[...``) deeper than this is read line by line: the parser is
quadratic in it."""
MAX_NODES = 1_000_000
"""JSON or TOML values visited per file at most."""
MAX_VALUE_CHARS = 300
"""Longer values are not model names and are not examined."""

_MAX_MISSES = 20
_KEY_WINDOW = 20_000  # a value is looked for next to its key this far ahead at most
_NAME_KEYS = frozenset({"name", "id", "path", "repo", "repo_id", "model"})
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DEEP_COMPACT = re.compile(r"(?:[-?][ \t]+){64}")
_BRACKET = re.compile(r"[\[\]{}]")
_ENV_ITEM = re.compile(r"([A-Za-z_][A-Za-z0-9_]{0,100})=(.*)")


def judge_value(
    key: str | None, parent: str | None, value: str, line: int, prefix: str
) -> list[RawReference]:
    """Return the references a config value makes, given the keys it sits under.

    Args:
        key: the key of the value (for a list item, the list's key).
        parent: the key of the mapping that holds *key*, if any.
        value: the value as a string.
        line: its 1-based line.
        prefix: the format, for ``via`` (``yaml``, ``json``, ``env``...).

    Returns:
        Zero or more references (a value with several Hub URLs makes several).

    >>> [r.ref for r in judge_value("model", None, "gpt-4o", 3, "yaml")]
    ['gpt-4o']
    >>> judge_value("homepage", None, "https://github.com/org/name", 3, "yaml")
    []
    """
    if len(value) > MAX_VALUE_CHARS:
        return []
    via = None
    if key is not None and is_model_key(key):
        via = f"{prefix}:{key}"
    elif key is not None and parent is not None and key.lower() in _NAME_KEYS:
        via = f"{prefix}:{parent}.{key}" if is_model_key(parent) else None
    if via is None:
        item = _ENV_ITEM.fullmatch(value)
        if item and is_model_key(item.group(1)):
            via, value = f"env:{item.group(1)}", item.group(2)
    if via is not None:
        found = classify(value, Context.KEY)
        return [RawReference(found[0], line, found[1], via)] if found else []
    if "huggingface.co/" not in value and "hf.co/" not in value:
        return []
    via = f"{prefix}:{key}" if key else prefix
    return [RawReference(ref, line, ReferenceKind.HUGGINGFACE, via) for ref in hub_url_refs(value)]


# -- YAML -------------------------------------------------------------------------


class _Frame:
    """An open YAML mapping or sequence while events stream by."""

    __slots__ = ("as_key", "context", "expect_key", "is_mapping", "key")

    def __init__(self, is_mapping: bool, context: str | None, as_key: bool) -> None:
        self.is_mapping = is_mapping
        self.context = context
        """The key this collection is the value of (a sequence passes it to its items)."""
        self.as_key = as_key
        self.key: str | None = None
        self.expect_key = True


def find_yaml_references(text: str) -> list[RawReference]:
    """Return the model references in a YAML file (all its documents).

    Args:
        text: the file's text.

    Returns:
        The references, with lines from the parser's marks.
    """
    if not _is_tame_yaml(text):
        return find_line_references(text, "yaml")
    found: list[RawReference] = []
    try:
        _read_yaml_events(text, found)
    except (yaml.YAMLError, RecursionError):
        found += find_line_references(text, "yaml")
    return found


def _read_yaml_events(text: str, found: list[RawReference]) -> None:
    """Stream the parser's events (aliases are never expanded) and judge each scalar."""
    stack: list[_Frame] = []
    for count, event in enumerate(yaml.parse(text, Loader=_YAML_LOADER)):
        if count > MAX_EVENTS or len(stack) > MAX_DEPTH:
            return
        top = stack[-1] if stack else None
        if isinstance(event, CollectionStartEvent):
            as_key = top is not None and top.is_mapping and top.expect_key
            context = (
                None if as_key or top is None else (top.key if top.is_mapping else top.context)
            )
            stack.append(_Frame(isinstance(event, MappingStartEvent), context, as_key))
        elif isinstance(event, MappingEndEvent | SequenceEndEvent):
            frame = stack.pop() if stack else None
            _node_done(stack, frame is not None and frame.as_key)
        elif isinstance(event, ScalarEvent | AliasEvent):
            if top is not None and top.is_mapping and top.expect_key:
                top.key = event.value if isinstance(event, ScalarEvent) else None
                top.expect_key = False
                continue
            if isinstance(event, ScalarEvent) and top is not None and event.value:
                key = top.key if top.is_mapping else top.context
                parent = top.context if top.is_mapping else None
                line = event.start_mark.line + 1 if event.start_mark else 1
                found += judge_value(key, parent, event.value, line, "yaml")
            _node_done(stack, False)


def _node_done(stack: list[_Frame], was_key: bool) -> None:
    if stack and stack[-1].is_mapping:
        top = stack[-1]
        if was_key:
            top.key, top.expect_key = None, False
        else:
            top.expect_key = True


def _is_tame_yaml(text: str) -> bool:
    """Tell whether the YAML parser will get through *text* quickly."""
    if _DEEP_COMPACT.search(text):
        return False
    brackets = text.count("[") + text.count("{")
    if brackets <= MAX_FLOW_DEPTH:
        return True
    if brackets > 200_000:
        return False
    depth = 0
    for match in _BRACKET.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_FLOW_DEPTH:
            return False
    return True


# -- JSON and TOML ----------------------------------------------------------------


def find_json_references(text: str) -> list[RawReference]:
    """Return the model references in a JSON file.

    Args:
        text: the file's text.

    Returns:
        The references; none when the text is not JSON.
    """
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return []
    return _find_in_data(data, text, "json")


def find_toml_references(text: str) -> list[RawReference]:
    """Return the model references in a TOML file (line by line when it does not parse).

    Args:
        text: the file's text.

    Returns:
        The references.
    """
    try:
        data = tomllib.loads(text)
    except (ValueError, RecursionError):
        return find_line_references(text, "toml")
    return _find_in_data(data, text, "toml")


def _find_in_data(data: object, text: str, prefix: str) -> list[RawReference]:
    found = []
    locator = _Locator(text, toml=prefix == "toml")
    for key, parent, value, listed in _strings_in_order(data):
        hits = judge_value(key, parent, value, 0, prefix)
        if hits:  # a list item is not written beside its key: find it by its value
            line = locator.line_of(value, None if listed else key)
            found += [RawReference(hit.ref, line, hit.kind, hit.via) for hit in hits]
    return found


def _strings_in_order(data: object) -> Iterator[tuple[str | None, str | None, str, bool]]:
    """Yield (key, parent key, string, is a list item) for every string in *data*, in order."""
    stack: list[tuple[str | None, str | None, object, int, bool]] = [(None, None, data, 0, False)]
    for _ in range(MAX_NODES):
        if not stack:
            return
        key, parent, value, depth, listed = stack.pop()
        if isinstance(value, str):
            yield key, parent, value, listed
        elif depth >= MAX_DEPTH:
            continue
        elif isinstance(value, dict):
            items = [(str(k), key, v, depth + 1, False) for k, v in value.items()]
            stack.extend(reversed(items))
        elif isinstance(value, list):
            stack.extend(reversed([(key, parent, v, depth + 1, True) for v in value]))


class _Locator:
    """Find the lines of values in a text, searching forward from the last one found."""

    def __init__(self, text: str, *, toml: bool) -> None:
        self.text = text
        self.toml = toml
        self.cursor = 0
        self.line = 1
        self.misses = 0
        self.key_patterns: dict[str, re.Pattern[str]] = {}
        self.absent: dict[str, int] = {}
        """key -> where the text may next hold it (list items stand far from their key)."""

    def line_of(self, value: str, key: str | None) -> int:
        """Return the line of *value* (under *key*, when written next to it), searching on."""
        if self.misses >= _MAX_MISSES:
            return self.line  # the text is not written as it parses: stop searching
        quoted = [json.dumps(value, ensure_ascii=False), json.dumps(value)]
        if self.toml:
            quoted.append(f"'{value}'")
        else:
            quoted.append(json.dumps(value).replace("/", "\\/"))
        if key is not None:  # first as "key": "value" (or key = "value"), then the value alone
            end = self._after_key(key, tuple(quoted))
            if end is not None:
                return self._advance(*end)
        for needle in [*quoted, value] if self.toml else quoted:
            position = self.text.find(needle, self.cursor)
            if position >= 0:
                return self._advance(position, position + len(needle))
        self.misses += 1
        return self.line

    def _after_key(self, key: str, quoted: tuple[str, ...]) -> tuple[int, int] | None:
        """Return the span of one of *quoted* written right after *key* and ":" or "="."""
        pattern = self.key_patterns.get(key)
        if pattern is None:
            keys = [re.escape(json.dumps(key))] + ([re.escape(key)] if self.toml else [])
            pattern = re.compile(rf"(?:{'|'.join(keys)})\s{{0,100}}[:=]\s{{0,100}}")
            if len(self.key_patterns) < 1000:
                self.key_patterns[key] = pattern
        if self.absent.get(key, -1) > self.cursor:
            return None  # searched already: the key is not written in this stretch
        # Only the key's next occurrence may hold the value: a later one is another
        # entry, and jumping to it would skip values in between (list items).
        match = pattern.search(self.text, self.cursor, self.cursor + _KEY_WINDOW)
        if match is None:
            self.absent[key] = self.cursor + _KEY_WINDOW
            return None
        for needle in quoted:
            if self.text.startswith(needle, match.end()):
                return match.start(), match.end() + len(needle)
        return None

    def _advance(self, start: int, end: int) -> int:
        self.line += self.text.count("\n", self.cursor, start)
        found_line = self.line
        self.line += self.text.count("\n", start, end)
        self.cursor = end
        return found_line


# -- line-oriented formats ----------------------------------------------------------

_KEY_VALUE_LINE = re.compile(
    r"^[ \t]*(?:-[ \t]+)?[\"']?([A-Za-z_][\w.-]{0,100})[\"']?[ \t]*[=:](.*)$", re.MULTILINE
)
_ENV_LINE = re.compile(
    r"^[ \t]*(?:export[ \t]+|ENV[ \t]+|ARG[ \t]+)?"  # shell, Dockerfile
    r"([A-Za-z_][A-Za-z0-9_]{0,100})(?:[ \t]*=|[ \t]+(?=\S))(.*)$",
    re.MULTILINE,
)
_FLAG = re.compile(r"--([A-Za-z][\w-]{0,100})(?:=|[ \t]+)([\"']?)([^\s\"'\\;|&]{1,300})\2")


def find_line_references(text: str, prefix: str) -> list[RawReference]:
    r"""Return the references in ``key: value`` / ``key = value`` lines (INI, cfg, fallbacks).

    Args:
        text: the file's text.
        prefix: the format, for ``via``.

    Returns:
        The references.

    >>> text = "[llm]\nmodel = gpt-4o-mini  # cheap"
    >>> [(r.ref, r.line, r.via) for r in find_line_references(text, "ini")]
    [('gpt-4o-mini', 2, 'ini:model')]
    """
    return _judge_lines(_KEY_VALUE_LINE.finditer(text), text, prefix)


def find_env_references(text: str) -> list[RawReference]:
    """Return the references in a ``.env`` file: ``KEY=VALUE`` lines naming a model variable.

    Args:
        text: the file's text.

    Returns:
        The references, ``via`` ``env:KEY``.
    """
    return _judge_lines(_ENV_LINE.finditer(text), text, "env")


def find_shell_references(text: str) -> list[RawReference]:
    """Return the references in a shell script or Dockerfile.

    Reads variable assignments (``export MODEL=...``, ``ENV MODEL_ID ...``) and
    command-line flags named like a model (``--model_name_or_path org/name``).

    Args:
        text: the file's text.

    Returns:
        The references.
    """
    found = _judge_lines(_ENV_LINE.finditer(text), text, "env")
    line, position = 1, 0
    for match in _FLAG.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        flag = match.group(1)
        if is_model_key(flag):
            resolved = classify(match.group(3), Context.KEY)
            if resolved is not None:
                found.append(RawReference(resolved[0], line, resolved[1], f"flag:--{flag}"))
    return found


def _judge_lines(matches: Iterator[re.Match[str]], text: str, prefix: str) -> list[RawReference]:
    found = []
    line, position = 1, 0
    for match in matches:
        line += text.count("\n", position, match.start())
        position = match.start()
        value = _clean_value(match.group(2))
        if value:
            found += judge_value(match.group(1), None, value, line, prefix)
    return found


def _clean_value(raw: str) -> str:
    """Strip spaces, a trailing comment or comma, and quotes from a line's value."""
    value = raw.strip()
    if len(value) > MAX_VALUE_CHARS:
        return ""
    if value[:1] in ("'", '"'):
        end = value.find(value[0], 1)
        return value[1:end] if end > 0 else value[1:]
    value = value.split(" #", 1)[0].split("\t#", 1)[0].strip()
    return value.rstrip(",;").strip()
