"""Turn evidence about a model outside the catalog into facts the assessment can judge.

Owns the rules for a model known only by what it shows (a Hub repository, a
local folder): which license its weights are under (the license text wins
over the card, and a text nobody knows becomes a license record of its own,
with the terms read from it), what it inherits from a catalog base model, and
what stays unknown. It reads nothing itself. Entry point: ``derive_model``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openness.kb.catalog import Catalog
from openness.kb.schema import (
    RELATIONS,
    Architecture,
    BaseModel,
    Component,
    ComponentRecord,
    DatasetRef,
    IntFact,
    LicenseKind,
    LicenseRecord,
    ModelRecord,
    PassageRecord,
    TermRecord,
    TextFact,
    TextReading,
)
from openness.licenses.identify import IDENTIFIED_THRESHOLD
from openness.licenses.osd import Passage
from openness.licenses.result import LicenseAnalysis
from openness.sources.modelcard import ModelCard

_INHERITED = (
    Component.MODEL_ARCHITECTURE,
    Component.INFERENCE_CODE,
    Component.SUPPORTING_LIBRARIES,
    Component.TECHNICAL_REPORT,
    Component.RESEARCH_PAPER,
)
"""What a derived model shares with its base; its data and training are its own."""


@dataclass(frozen=True)
class Evidence:
    """What a model repository or folder shows about itself."""

    name: str
    """Repo id or folder name."""
    source: str
    """Where it was read: a Hub URL or a local path."""
    card: ModelCard | None = None
    """The model card's metadata, if any."""
    license_texts: tuple[tuple[str, LicenseAnalysis], ...] = ()
    """(file name, analysis) of each license or policy file found."""
    weights_present: bool | None = None
    """Weight files are there (or listed): the parameters are available."""
    parameters_total: int | None = None
    """Counted from safetensors headers or reported by the Hub."""
    context_tokens: int | None = None
    """From config.json (max_position_embeddings)."""
    architecture: Architecture | None = None
    """From config.json."""
    names: tuple[str, ...] = ()
    """Names the files give the model (config _name_or_path, GGUF general.name, source repo)."""
    base_models: tuple[str, ...] = ()
    """Models it says it derives from (card base_model, GGUF general.base_model.*)."""
    gated: bool | str = False
    """Whether its Hub repository is gated: False, True, or the Hub's mode (``auto``)."""
    notes: tuple[str, ...] = ()
    """What a reader should know."""


@dataclass(frozen=True)
class Derived:
    """The facts derived from evidence."""

    model: ModelRecord
    """The model's facts, for the assessment."""
    licenses: tuple[LicenseRecord, ...] = ()
    """License records made from texts the catalog does not know."""
    catalog_id: str | None = None
    """The catalog model this is a copy of, when it is one."""
    base_id: str | None = None
    """The catalog model it derives from, when known."""
    notes: tuple[str, ...] = field(default_factory=tuple)
    """Findings for the reader: license conflicts, unknown license."""


def derive_model(evidence: Evidence, catalog: Catalog) -> Derived:
    """Derive the facts of the model *evidence* describes.

    A model that names a catalog model as itself (and no other base) is that
    catalog model. Otherwise its weights license comes from its license text
    when one is found (a known license, or a record made from the text), else
    from its card; components are inherited from a catalog base model where a
    fine-tune shares them, and unknown otherwise.
    """
    base_id = next((i for i in map(catalog.find_model_id, evidence.base_models) if i), None)
    same_id = next((i for i in map(catalog.find_model_id, evidence.names) if i), None)
    if same_id is not None and base_id in (None, same_id) and not evidence.base_models:
        return Derived(catalog.model(same_id), catalog_id=same_id, notes=evidence.notes)
    license_id, records, notes = _weights_license(evidence, catalog)
    base = catalog.model(base_id) if base_id else None
    components = _components(evidence, base, license_id)
    model = ModelRecord(
        id=_slug(evidence.name),
        name=evidence.name,
        developer=evidence.name.split("/")[0] if "/" in evidence.name else "unknown",
        family=base.family if base else evidence.name,
        parameters_total=_fact(evidence.parameters_total, evidence.source),
        context_tokens=_fact(evidence.context_tokens, evidence.source),
        components=components,
        architecture=evidence.architecture or (base.architecture if base else None),
        use_policies=tuple(_policies(evidence, catalog)),
        notes=(*evidence.notes, *notes, *_base_note(base)),
        base_models=_bases(evidence, catalog),
        datasets=tuple(
            DatasetRef(name, evidence.source)
            for name in (evidence.card.datasets if evidence.card else ())
        ),
        gated=TextFact("true" if evidence.gated is True else str(evidence.gated), evidence.source)
        if evidence.gated
        else None,
    )
    return Derived(model, tuple(records), base_id=base_id, notes=tuple(notes))


def _bases(evidence: Evidence, catalog: Catalog) -> tuple[BaseModel, ...]:
    """The bases the evidence names, as catalog ids where the catalog has them.

    The relation is the card's ``base_model_relation`` when it is one of ``RELATIONS``,
    else what the Hub infers: a fine-tune of one base, a merge of several.
    """
    declared = evidence.card.base_model_relation if evidence.card else None
    names = [name for name in evidence.base_models if name.strip()]
    relation = declared if declared in RELATIONS else ("merge" if len(names) > 1 else "finetune")
    bases = (catalog.find_model_id(name) or name for name in names)
    return tuple(BaseModel(base, relation, evidence.source) for base in dict.fromkeys(bases))


def _weights_license(
    evidence: Evidence, catalog: Catalog
) -> tuple[str | None, list[LicenseRecord], list[str]]:
    card_id = _card_license(evidence.card, catalog)
    texts = [(name, a) for name, a in evidence.license_texts if _is_license_text(a)]
    if not texts:
        if card_id is None and evidence.card is not None and evidence.card.license:
            return (
                None,
                [],
                [
                    f"the card names license {evidence.card.license!r}, which is "
                    "not known; no license text was found"
                ],
            )
        return card_id, [], [] if card_id else ["no license is stated for the weights"]
    name, analysis = texts[0]
    if _is_exactly_known(analysis, catalog):
        assert analysis.license is not None
        text_id = analysis.license.id
        notes = []
        if card_id and catalog.license(card_id).id != text_id:
            notes.append(f"the card says {card_id}, but {name} is {text_id}; {name} is used")
        return text_id, [], notes
    record = _record_from_text(evidence, name, analysis)
    identity = analysis.license
    if identity is not None and identity.match == "variant":
        note = (
            f"{name} is a variant of {identity.id} with passages it lacks "
            f"({len(identity.additions)}); its terms were read from it"
        )
    else:
        note = f"{name} is not a known license; its terms were read from it"
    return record.id, [record], [note]


def _is_exactly_known(analysis: LicenseAnalysis, catalog: Catalog) -> bool:
    """Tell whether a text is a catalog license word for word, with nothing left over.

    A variant (a known license with added passages), a text with unread sentences
    or a license outside the catalog is read as its own record instead: taking the
    known license's reviewed terms would drop what the text adds. Unread sentences
    count even in a copy matched as exact: an added sentence can hide in one (3 of
    21,620 generated restrictive insertions did), and the shipped data cannot tell
    the known text's own unread sentences from added ones.
    """
    identity = analysis.license
    return (
        identity is not None
        and identity.confidence >= IDENTIFIED_THRESHOLD
        and identity.match == "exact"
        and not identity.additions
        and not analysis.osd.unread_count
        and catalog.has_license(identity.id)
    )


def _card_license(card: ModelCard | None, catalog: Catalog) -> str | None:
    if card is None or card.license is None:
        return None
    for candidate in (card.license, card.license_name):
        if (
            candidate
            and candidate.lower() not in ("other", "unknown")
            and catalog.has_license(candidate)
        ):
            return catalog.license(candidate).id
    return None


def _is_license_text(analysis: LicenseAnalysis) -> bool:
    return analysis.license is None or analysis.license.kind == "license"


def _policies(evidence: Evidence, catalog: Catalog) -> list[str]:
    return [
        a.license.id
        for _, a in evidence.license_texts
        if a.license is not None
        and a.license.kind == "policy"
        and a.license.confidence >= IDENTIFIED_THRESHOLD
        and catalog.has_license(a.license.id)
    ]


def _record_from_text(evidence: Evidence, name: str, analysis: LicenseAnalysis) -> LicenseRecord:
    card = evidence.card
    title = (
        card.license_name if card and card.license_name else None
    ) or f"{name} of {evidence.name}"
    return LicenseRecord(
        id=_slug(f"{evidence.name}-{name}"),
        name=title,
        url=f"{evidence.source.rstrip('/')}/{name}",
        kind=LicenseKind.LICENSE,
        terms=tuple(
            TermRecord(
                t.kind,
                t.quote,
                t.value,
                t.currency,
                note=t.note,
                unit=t.unit,
                period=t.period,
                span=t.span,
            )
            for t in analysis.terms
        ),
        notes=("made from the license text found with the model; terms read by openness",),
        reading=_reading_of(analysis),
    )


def _reading_of(analysis: LicenseAnalysis) -> TextReading:
    identity = analysis.license
    variant = identity is not None and identity.match == "variant"
    return TextReading(
        variant_of=identity.id if variant and identity else None,
        confidence=identity.confidence if variant and identity else 0.0,
        additions=tuple(_passage_record(p) for p in identity.additions) if identity else (),
        unread=tuple(_passage_record(p) for p in analysis.osd.unread),
        unread_count=analysis.osd.unread_count,
    )


def _passage_record(passage: Passage) -> PassageRecord:
    return PassageRecord(passage.quote, passage.span, passage.kinds)


def _components(
    evidence: Evidence, base: ModelRecord | None, license_id: str | None
) -> dict[Component, ComponentRecord]:
    components: dict[Component, ComponentRecord] = {}
    if base is not None:
        for name in _INHERITED:
            if name in base.components:
                components[name] = base.components[name]
    if evidence.weights_present is not None:
        components[Component.MODEL_PARAMETERS] = ComponentRecord(
            evidence.weights_present,
            license_id,
            evidence.source,
            note=None if evidence.weights_present else "no weight files found",
        )
    if evidence.card is not None:
        components[Component.MODEL_CARD] = ComponentRecord(True, license_id, evidence.source)
    if evidence.architecture is not None and Component.MODEL_ARCHITECTURE not in components:
        components[Component.MODEL_METADATA] = ComponentRecord(True, license_id, evidence.source)
    return components


def _base_note(base: ModelRecord | None) -> list[str]:
    if base is None:
        return []
    return [
        f"derived from {base.id}: architecture and documentation as for it; the training "
        "data and code of this model are not known"
    ]


def _fact(value: int | None, source: str) -> IntFact | None:
    return IntFact(value, source) if value else None


def _slug(name: str) -> str:
    """Return a lowercase id for *name*.

    >>> _slug("Some-Org/My Model_v2")
    'some-org/my-model_v2'
    """
    return re.sub(r"[^a-z0-9._/+-]+", "-", name.strip().lower()).strip("-") or "model"
