"""Validate knowledge-base records: field types per file, and invariants across files.

Owns the rules a record must follow beyond its Python types: normalized ids,
sourced facts, well-formed dates and URLs, term values that fit their kind,
unique ids and aliases, and references that resolve. It does not read files
(see ``openness.kb.loader``). Entry points: ``parse_model``, ``parse_license``
and ``find_problems``.

Pydantic is imported here, and only here, so that loading the prebuilt index
(the CLI's fast path) never pays for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from openness.errors import KnowledgeBaseError
from openness.kb.schema import (
    GATES,
    MODALITIES,
    RELATIONS,
    TERM_CONDITIONS,
    TERM_EFFECTS,
    Component,
    GpuRecord,
    LicenseRecord,
    ModelRecord,
    TermKind,
    TermRecord,
)

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._+-]*$")
DATE_PATTERN = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")

_Record = TypeVar("_Record", ModelRecord, LicenseRecord, GpuRecord)


_ADAPTERS: dict[type[Any], Any] = {}


def _adapter(record_type: type[Any]) -> Any:
    if record_type not in _ADAPTERS:
        from pydantic import TypeAdapter

        _ADAPTERS[record_type] = TypeAdapter(record_type)
    return _ADAPTERS[record_type]


def _parse(record_type: type[_Record], data: Any, origin: str) -> _Record:
    from pydantic import ValidationError

    if not isinstance(data, Mapping):
        kind = {ModelRecord: "model", LicenseRecord: "license"}.get(record_type, "GPU")
        raise KnowledgeBaseError(
            f"{origin}: expected a mapping of {kind} fields, got {type(data).__name__}",
            [f"{origin}: top level: not a mapping"],
        )
    try:
        return _adapter(record_type).validate_python(data)  # type: ignore[no-any-return]
    except ValidationError as err:
        problems = [f"{origin}: {_field_path(e['loc'])}: {e['msg']}" for e in err.errors()]
        raise KnowledgeBaseError(problems[0], problems) from err


def _field_path(loc: Iterable[Any]) -> str:
    # pydantic appends union member names ("int", "list[str]") to a location;
    # keep only the part a YAML author can find in the file.
    parts = [str(p) for p in loc if not _is_type_label(p)]
    return ".".join(parts) or "(top level)"


def _is_type_label(part: Any) -> bool:
    return isinstance(part, str) and (
        "[" in part or part in {"int", "str", "bool", "function-after", "tuple"}
    )


def parse_model(data: Any, origin: str) -> ModelRecord:
    """Validate *data* (parsed YAML) as a model record.

    Args:
        data: the parsed file.
        origin: file name for error messages.

    Returns:
        The typed record.

    Raises:
        KnowledgeBaseError: with one problem per invalid field, each naming
            *origin* and the field.
    """
    record = _parse(ModelRecord, data, origin)
    problems = list(_model_field_problems(record, origin))
    if problems:
        raise KnowledgeBaseError(problems[0], problems)
    return record


def parse_gpu(data: Any, origin: str) -> GpuRecord:
    """Validate *data* (parsed YAML) as a GPU record.

    Raises:
        KnowledgeBaseError: as ``parse_model``.
    """
    record = _parse(GpuRecord, data, origin)
    problems = []
    if not ID_PATTERN.match(record.id):
        problems.append(f"{origin}: id: {record.id!r} is not a lowercase slug")
    for name in (
        "memory_gb",
        "memory_bandwidth_gb_per_s",
        "bf16_tflops",
        "fp8_tflops",
        "interconnect_gb_per_s",
        "rental_usd_per_hour",
    ):
        fact = getattr(record, name)
        if fact is not None:
            if fact.value <= 0:
                problems.append(f"{origin}: {name}.value: must be positive, got {fact.value}")
            problems += list(_check_url(fact.source, origin, f"{name}.source"))
    price = record.rental_usd_per_hour
    if price is not None and not DATE_PATTERN.match(price.date):
        problems.append(f"{origin}: rental_usd_per_hour.date: {price.date!r} is not a date")
    if problems:
        raise KnowledgeBaseError(problems[0], problems)
    return record


def parse_license(data: Any, origin: str) -> LicenseRecord:
    """Validate *data* (parsed YAML) as a license or policy record.

    Raises:
        KnowledgeBaseError: as ``parse_model``.
    """
    record = _parse(LicenseRecord, data, origin)
    problems = list(_license_field_problems(record, origin))
    if problems:
        raise KnowledgeBaseError(problems[0], problems)
    return record


def _check_url(value: str | None, origin: str, field_name: str) -> Iterable[str]:
    if value is not None and not URL_PATTERN.match(value):
        yield f"{origin}: {field_name}: not an http(s) URL: {value!r}"


def _model_field_problems(model: ModelRecord, origin: str) -> Iterable[str]:
    if not ID_PATTERN.match(model.id):
        yield f"{origin}: id: {model.id!r} is not a lowercase slug (a-z, 0-9, '.', '-', '+', '_')"
    if model.release_date is not None:
        if not DATE_PATTERN.match(model.release_date.value):
            value = model.release_date.value
            yield f"{origin}: release_date.value: {value!r} is not YYYY[-MM[-DD]]"
        yield from _check_url(model.release_date.source, origin, "release_date.source")
    lifecycle = model.lifecycle
    if (
        lifecycle is not None
        and lifecycle.replacement
        and not (lifecycle.deprecated or lifecycle.retired)
    ):
        yield (
            f"{origin}: lifecycle.replacement needs a deprecated or retired date: the page "
            "that gives the date is the replacement's source"
        )
    for name in ("deprecated", "retired"):
        dated = getattr(lifecycle, name) if lifecycle is not None else None
        if dated is not None:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", dated.value):
                yield f"{origin}: lifecycle.{name}.value: {dated.value!r} is not YYYY-MM-DD"
            yield from _check_url(dated.source, origin, f"lifecycle.{name}.source")
    if model.modality not in MODALITIES:
        yield f"{origin}: modality: {model.modality!r} is not one of {', '.join(MODALITIES)}"
    history = model.license_history
    for index, change in enumerate(history):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", change.date):
            yield f"{origin}: license_history.{index}.date: {change.date!r} is not YYYY-MM-DD"
        yield from _check_url(change.source, origin, f"license_history.{index}.source")
    if [c.date for c in history] != sorted(c.date for c in history):
        yield f"{origin}: license_history: the changes must be in date order, oldest first"
    if history and history[-1].license != model.weights_license:
        yield (
            f"{origin}: license_history: the last change ({history[-1].license}) must be the "
            f"current weights license ({model.weights_license})"
        )
    for index, base in enumerate(model.base_models):
        if base.relation not in RELATIONS:
            yield (
                f"{origin}: base_models.{index}.relation: {base.relation!r} is not one of "
                f"{', '.join(RELATIONS)}"
            )
        if base.model == model.id:
            yield f"{origin}: base_models.{index}.model: a model is not its own base"
        yield from _check_url(base.source, origin, f"base_models.{index}.source")
    for index, dataset in enumerate(model.datasets):
        yield from _check_url(dataset.source, origin, f"datasets.{index}.source")
        if (dataset.license is None) != (dataset.license_source is None):
            yield f"{origin}: datasets.{index}: a license needs its license_source, and back"
        if dataset.license_source is not None:
            yield from _check_url(
                dataset.license_source, origin, f"datasets.{index}.license_source"
            )
    if model.gated is not None:
        if model.gated.value not in GATES:
            yield (
                f"{origin}: gated.value: must be one of {', '.join(GATES)}, "
                f"got {model.gated.value!r}"
            )
        yield from _check_url(model.gated.source, origin, "gated.source")
    thinking = model.reasoning
    if thinking is not None:
        if thinking.value not in ("always", "optional"):
            yield f"{origin}: reasoning.value: must be always or optional, got {thinking.value!r}"
        yield from _check_url(thinking.source, origin, "reasoning.source")
    seen: set[tuple[str, str | None]] = set()
    for index, score in enumerate(model.scores):
        where = f"scores.{index}"
        if not 0 <= score.value <= 100:
            yield f"{origin}: {where}.value: a score is a percent (0 to 100), got {score.value}"
        if not DATE_PATTERN.match(score.date):
            yield f"{origin}: {where}.date: {score.date!r} is not YYYY[-MM[-DD]]"
        if (score.benchmark.value, score.note) in seen:
            yield f"{origin}: {where}: {score.benchmark.value} is given twice in one setting"
        seen.add((score.benchmark.value, score.note))
        yield from _check_url(score.source, origin, f"{where}.source")
    for name in ("parameters_total", "parameters_active", "context_tokens"):
        fact = getattr(model, name)
        if fact is not None:
            if fact.value <= 0:
                yield f"{origin}: {name}.value: must be positive, got {fact.value}"
            yield from _check_url(fact.source, origin, f"{name}.source")
    for component, record in model.components.items():
        where = f"components.{component.value}"
        yield from _check_url(record.url, origin, f"{where}.url")
        if record.available is not None and record.url is None:
            yield f"{origin}: {where}.url: a known availability needs the URL that shows it"
    yield from _check_url(model.aliases.api_source, origin, "aliases.api_source")
    if model.aliases.api and model.aliases.api_source is None:
        yield f"{origin}: aliases.api_source: API names need the provider page that lists them"
    for alias in model.aliases.huggingface:
        if alias.count("/") != 1 or " " in alias:
            yield f"{origin}: aliases.huggingface: {alias!r} is not an org/name repo id"
    if model.architecture is not None:
        yield from _check_url(model.architecture.source, origin, "architecture.source")
        shape = model.architecture
        if shape.attention_layers is not None and not 0 < shape.attention_layers <= shape.layers:
            yield (
                f"{origin}: architecture.attention_layers: {shape.attention_layers} must be "
                f"between 1 and layers ({shape.layers})"
            )
    for index, assessment in enumerate(model.assessments):
        yield from _check_url(assessment.url, origin, f"assessments.{index}.url")


_INT_KINDS = {TermKind.USER_THRESHOLD, TermKind.REVENUE_THRESHOLD}


def _license_field_problems(record: LicenseRecord, origin: str) -> Iterable[str]:
    if not ID_PATTERN.match(record.id):
        yield f"{origin}: id: {record.id!r} is not a lowercase slug"
    yield from _check_url(record.url, origin, "url")
    yield from _check_url(record.status_source, origin, "status_source")
    if (record.osi_approved or record.open_data) and record.status_source is None:
        yield f"{origin}: status_source: osi_approved/open_data need the URL that confirms them"
    if record.version_date is not None and not DATE_PATTERN.match(record.version_date):
        yield f"{origin}: version_date: {record.version_date!r} is not YYYY[-MM[-DD]]"
    for index, term in enumerate(record.terms):
        yield from _term_problems(term.kind, term.value, term.currency, f"{origin}: terms.{index}")
        if not term.quote.strip():
            yield f"{origin}: terms.{index}.quote: empty; quote the clause the term comes from"
        yield from _term_shape_problems(term, f"{origin}: terms.{index}")
    has_trigger = any(term.effect == "duty" for term in record.terms)
    if any(term.condition for term in record.terms) and not has_trigger:
        yield f"{origin}: a term's condition above_threshold needs a threshold with effect duty"


_UNITS = ("monthly_active_users", "daily_active_users", "users", "devices", "monthly_visits")
_PERIODS = ("annual", "monthly")


def _term_shape_problems(term: TermRecord, where: str) -> Iterable[str]:
    if term.unit is not None and (
        term.kind is not TermKind.USER_THRESHOLD or term.unit not in _UNITS
    ):
        yield f"{where}.unit: only a user_threshold has one, one of {', '.join(_UNITS)}"
    if term.period is not None and (
        term.kind is not TermKind.REVENUE_THRESHOLD or term.period not in _PERIODS
    ):
        yield f"{where}.period: only a revenue_threshold has one, one of {', '.join(_PERIODS)}"
    if term.effect is not None and (term.kind not in _INT_KINDS or term.effect not in TERM_EFFECTS):
        yield f"{where}.effect: only a threshold has one, one of {', '.join(TERM_EFFECTS)}"
    if term.condition is not None and term.condition not in TERM_CONDITIONS:
        yield f"{where}.condition: must be one of {', '.join(TERM_CONDITIONS)}"


def _term_problems(kind: TermKind, value: Any, currency: str | None, where: str) -> Iterable[str]:
    if kind in _INT_KINDS:
        if not isinstance(value, int) or value <= 0:
            yield f"{where}.value: {kind.value} needs a positive integer, got {value!r}"
    elif kind is TermKind.GEOGRAPHIC_RESTRICTION:
        if not isinstance(value, tuple) or not value:
            yield f"{where}.value: geographic_restriction needs the list of places"
    elif value is not None:
        yield f"{where}.value: {kind.value} takes no value, got {value!r}"
    if kind is TermKind.REVENUE_THRESHOLD:
        if currency is None or not CURRENCY_PATTERN.match(currency):
            yield f"{where}.currency: revenue_threshold needs an ISO currency code such as USD"
    elif currency is not None:
        yield f"{where}.currency: only revenue_threshold takes a currency"


def find_problems(
    models: Mapping[str, tuple[ModelRecord, str]],
    licenses: Mapping[str, tuple[LicenseRecord, str]],
) -> list[str]:
    """Check the invariants that span records.

    Args:
        models: model id to (record, origin file).
        licenses: license id to (record, origin file).

    Returns:
        Every problem found (empty when the knowledge base is consistent):
        aliases shared by two models or two licenses, references to licenses
        that do not exist, policies referenced as licenses and vice versa.
    """
    problems: list[str] = []
    problems += _alias_clashes({k: (m.aliases.all(), o) for k, (m, o) in models.items()}, "model")
    problems += _alias_clashes({k: (r.aliases, o) for k, (r, o) in licenses.items()}, "license")
    license_ids = {key: record for key, (record, _) in licenses.items()}
    alias_ids = {a.lower(): record for record, _ in licenses.values() for a in record.aliases}
    known = {**alias_ids, **license_ids}
    for model, origin in models.values():
        for component, record in model.components.items():
            if record.license is not None and record.license not in known:
                problems.append(
                    f"{origin}: components.{component.value}.license: "
                    f"unknown license {record.license!r}"
                )
        for index, change in enumerate(model.license_history):
            if change.license not in known:
                problems.append(
                    f"{origin}: license_history.{index}.license: unknown license {change.license!r}"
                )
        for policy_id in model.use_policies:
            problems += _reference_problems(known, policy_id, True, f"{origin}: use_policies")
    for license_record, origin in licenses.values():
        for policy_id in license_record.incorporates:
            problems += _reference_problems(known, policy_id, True, f"{origin}: incorporates")
    return problems


def _reference_problems(
    known: Mapping[str, LicenseRecord], ref: str, want_policy: bool, where: str
) -> list[str]:
    target = known.get(ref)
    if target is None:
        return [f"{where}: unknown policy {ref!r}"]
    if target.is_policy != want_policy:
        return [f"{where}: {ref!r} is a license, not a policy"]
    return []


def _alias_clashes(names: Mapping[str, tuple[Iterable[str], str]], what: str) -> list[str]:
    owner: dict[str, str] = {key.lower(): key for key in names}
    problems = []
    for key, (aliases, origin) in names.items():
        for alias in aliases:
            folded = alias.lower()
            holder = owner.setdefault(folded, key)
            if holder != key:
                problems.append(f"{origin}: aliases: {alias!r} also names {what} {holder!r}")
    return problems


def components_of(model: ModelRecord) -> list[Component]:
    """Return the components a model record states, in MOF order."""
    return [c for c in Component if c in model.components]
