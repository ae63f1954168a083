"""The prebuilt index: the bundled knowledge base as one JSON document.

Parsing and validating some hundred YAML files costs more than a command-line
start-up can afford, so ``scripts/build_index.py`` validates the YAML once and
writes ``kb/data/index.json``; the tests check that it matches the YAML. This
module converts records to that JSON and back, without pydantic. Entry points:
``records_to_index`` and ``record_from_json``.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from functools import cache
from typing import Any, TypeVar, get_args, get_origin

from openness.kb.schema import GpuRecord, LicenseRecord, ModelRecord

INDEX_FORMAT = 1
"""Bumped whenever the index layout changes; a mismatch means: rebuild."""

_T = TypeVar("_T")


def records_to_index(
    models: Iterable[ModelRecord],
    licenses: Iterable[LicenseRecord],
    gpus: Iterable[GpuRecord] = (),
) -> dict[str, Any]:
    """Return the index document for *models*, *licenses* and *gpus*, sorted by id.

    Optional fields that hold their default are left out to keep the file small.
    """
    return {
        "format": INDEX_FORMAT,
        "models": {m.id: _to_json(m) for m in sorted(models, key=lambda m: m.id)},
        "licenses": {r.id: _to_json(r) for r in sorted(licenses, key=lambda r: r.id)},
        "gpus": {g.id: _to_json(g) for g in sorted(gpus, key=lambda g: g.id)},
    }


def _to_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if _is_default(f, item):
                continue
            out[f.name] = _to_json(item)
        return out
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {_to_json(k): _to_json(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_to_json(v) for v in value]
    return value


def _is_default(f: dataclasses.Field[Any], value: Any) -> bool:
    if f.default is not dataclasses.MISSING:
        return bool(value == f.default)
    if f.default_factory is not dataclasses.MISSING:
        return bool(value == f.default_factory())
    return False


def record_from_json(record_type: type[_T], data: Any) -> _T:
    """Rebuild a record of *record_type* from its index JSON (trusted, prevalidated).

    >>> from openness.kb.schema import IntFact
    >>> record_from_json(IntFact, {"value": 8, "source": "https://example.org"})
    IntFact(value=8, source='https://example.org')
    """
    return _from_json(record_type, data)  # type: ignore[no-any-return]


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _from_json(annotation: Any, data: Any) -> Any:
    return _converter(annotation)(data)


@cache
def _converter(annotation: Any) -> Callable[[Any], Any]:
    """Return a function that rebuilds a value of *annotation* from JSON (built once per type).

    Loading every record walks some 20,000 values; resolving each one's type
    anew cost more than rebuilding it.
    """
    convert = _converter_of(annotation)
    return lambda data: None if data is None else convert(data)


def _converter_of(annotation: Any) -> Callable[[Any], Any]:
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        fields = {name: _converter(hint) for name, hint in _hints(annotation).items()}
        record_type: Any = annotation
        return lambda data: record_type(**{k: fields[k](v) for k, v in data.items()})
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation
    origin = get_origin(annotation)
    if origin is tuple:
        item = _converter(get_args(annotation)[0])
        return lambda data: tuple(item(v) for v in data)
    if origin is dict:
        key_type, value_type = get_args(annotation)
        key, value = _converter(key_type), _converter(value_type)
        return lambda data: {key(k): value(v) for k, v in data.items()}
    if origin in (typing.Union, types.UnionType):
        return _union_converter(get_args(annotation))
    return lambda data: data


def _union_converter(members: tuple[Any, ...]) -> Callable[[Any], Any]:
    # Unions in the schema are "X | None", "bool | 'partial' | None" and
    # "int | tuple[str, ...] | None": JSON lists go to the tuple member, the
    # rest stay as they are.
    tuples = [_converter(m) for m in members if get_origin(m) is tuple]
    structured = [
        _converter(m) for m in members if isinstance(m, type) and dataclasses.is_dataclass(m)
    ]

    def convert(data: Any) -> Any:
        if isinstance(data, list) and tuples:
            return tuples[0](data)
        if structured:
            return structured[0](data)
        return data

    return convert
