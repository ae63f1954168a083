"""What a team must do, and what stops it, to use a model in one way.

Owns the reading of a license's terms for a use: each term is a blocker (it
stops the use, or may: ``applies`` is true, or null when openness cannot tell
without a fact the caller did not give), a duty (something to do: pass on the
license, keep notices, show a credit line, name a derivative, bind users to
the same restrictions, follow the acceptable-use policy, accept terms on the
Hub), or nothing for that use. The rules are data: ``BLOCKING`` says which
term kinds stop which uses, ``DUTY_RULES`` which duties a term's clause holds
and which uses they bind. Entry points: ``obligations`` (with the catalog: the
terms a derivative inherits, the training data), ``obligations_for``, ``use_context``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from openness import patterns
from openness.assess.policy import covers_modality, region_places
from openness.assess.result import Assessment, Tier
from openness.errors import UseInputError
from openness.kb.catalog import Catalog
from openness.kb.schema import Component, LicenseKind, ModelRecord, TermKind
from openness.licenses.osd import OsdOutcome
from openness.licenses.places import PLACES
from openness.licenses.result import FoundTerm


class Use(StrEnum):
    """The ways a team can use a model."""

    INTERNAL = "internal"
    """Run it inside the organisation, for its own staff."""
    SAAS = "saas"
    """Serve it to users over a network: an app, an API, a chat service."""
    EMBED = "embed"
    """Ship it inside an app or a device that others install."""
    DISTRIBUTE = "distribute"
    """Publish the weights."""
    DERIVE = "derive"
    """Fine-tune, merge or distill it, and release the result."""
    OUTPUTS = "outputs"
    """Use what it generates, including to train other models."""


class Purpose(StrEnum):
    """Why the team uses the model."""

    COMMERCIAL = "commercial"
    NON_COMMERCIAL = "non_commercial"
    RESEARCH = "research"


USES = tuple(use.value for use in Use)
"""The names of the uses, as the CLI, a policy file and the web form take them."""
PURPOSES = tuple(purpose.value for purpose in Purpose)


class DutyKind(StrEnum):
    """What a license can oblige a user to do."""

    LICENSE_COPY = "license_copy"
    """Pass on the license text with every copy."""
    NOTICE = "notice"
    """Keep (or add) copyright and attribution notices."""
    ATTRIBUTION = "attribution"
    """Show a credit line, where the license says."""
    NAMING = "naming"
    """A derivative's name must start with (or avoid) a word."""
    PASS_THROUGH = "pass_through"
    """Bind your users or licensees to the same use restrictions."""
    SHARE_ALIKE = "share_alike"
    """Release derivatives under the same license."""
    AUP = "aup"
    """Comply with an acceptable-use policy or the listed forbidden uses."""
    GATE = "gate"
    """Accept the terms on the Hub before download."""
    REPORTING = "reporting"
    """Report use, or changes, to the licensor."""
    REVIEW_TERMS = "review_terms"
    """The licensor may change the terms: check them again before each release."""


ALL_USES = frozenset(Use)
COPIES = frozenset({Use.DISTRIBUTE, Use.EMBED, Use.DERIVE})
"""The uses that pass copies of the model on to others."""
SERVED = COPIES | {Use.SAAS}
"""The uses that put the model in front of other people."""


@dataclass(frozen=True)
class UseContext:
    """The use asked about, and what the caller knows of the organisation."""

    use: Use
    monthly_active_users: int | None = None
    """Users of the organisation's products in a month (``--mau``)."""
    revenue: int | None = None
    """Yearly revenue (``--revenue``)."""
    currency: str = "USD"
    """The revenue's currency."""
    region: str | None = None
    """Where the organisation is (a code such as ``EU``, ``DE``, ``US``, or a name)."""
    purpose: Purpose = Purpose.COMMERCIAL
    """Commercial by default: a product team shipping a model."""

    def to_dict(self) -> dict[str, Any]:
        """Return the context as the JSON ``context`` object."""
        return {
            "use": self.use.value,
            "purpose": self.purpose.value,
            "monthly_active_users": self.monthly_active_users,
            "revenue": self.revenue,
            "currency": self.currency if self.revenue is not None else None,
            "region": self.region,
        }


@dataclass(frozen=True)
class Item:
    """One blocker or duty, with the clause behind it."""

    kind: str
    """A term kind (blockers) or a ``DutyKind`` (duties)."""
    what: str
    """One line in plain words."""
    quote: str | None
    """The clause, from the license text or policy."""
    span: tuple[int, int] | None
    """Where the quote is in the analysed text (None for a catalog record)."""
    source: str | None
    """URL (or file) of the document the quote comes from."""
    document: str | None = None
    """Id of that license or policy."""
    applies: bool | None = True
    """For a blocker: true when it stops this use, null when it may (the reason is in
    ``what``), false when it was checked and does not."""
    inherited_from: str | None = None
    """The base model whose terms carry this clause, for a derivative."""

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape of one blocker or duty."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "what": self.what,
            "quote": self.quote,
            "span": list(self.span) if self.span is not None else None,
            "source": self.source,
            "document": self.document,
        }
        if self.inherited_from is not None:
            out["inherited_from"] = self.inherited_from
        return out


@dataclass(frozen=True)
class Obligations:
    """What one use of one model requires, and whether it is allowed."""

    model: str
    context: UseContext
    allowed: bool | None
    """True: nothing stops the use. False: a blocker applies. Null: unknown (``reasons``)."""
    blockers: tuple[Item, ...]
    """What stops the use (``applies`` true) or may (null)."""
    duties: tuple[Item, ...]
    """What the team must do for the use."""
    cleared: tuple[Item, ...] = ()
    """Blockers of the license checked against the context and found not to apply."""
    reasons: tuple[str, ...] = ()
    """Why ``allowed`` is not known, one sentence each."""
    notes: tuple[str, ...] = ()
    """What else a reviewer should know (training data, lineage)."""
    license_url: str | None = None
    """Where the weights' license can be read."""

    @property
    def fully_known(self) -> bool:
        """True when the answer holds no null."""
        return self.allowed is not None

    def to_dict(self) -> dict[str, Any]:
        """Return the ``openness obligations`` JSON contract of docs/design.md."""
        return {
            "model": self.model,
            "use": self.context.use.value,
            "allowed": self.allowed,
            "blockers": [{**b.to_dict(), "applies": b.applies} for b in self.blockers],
            "duties": [d.to_dict() for d in self.duties],
            "cleared": [c.to_dict() for c in self.cleared],
            "reasons": list(self.reasons),
            "notes": list(self.notes),
            "context": self.context.to_dict(),
        }


@dataclass(frozen=True)
class DutyRule:
    """A duty a clause holds, found by its wording, and the uses it binds."""

    name: str
    kind: DutyKind
    term_kinds: frozenset[TermKind]
    """The term kinds whose clauses may hold it."""
    pattern: str
    """What the clause says (lower case); an empty pattern holds for every clause."""
    uses: frozenset[Use]
    """The uses it binds."""
    what: str
    """The duty in plain words; ``{credit}``, ``{where}`` and ``{name}`` are filled in."""
    also: tuple[tuple[str, frozenset[Use]], ...] = ()
    """More uses it binds when the clause also says something (pattern, uses)."""
    example: str = ""
    fallback: bool = False
    """Holds only when no other rule for the clause's term kind matched its wording: an
    attribution clause worded in no way foreseen still gives a duty, never none."""


_CREDIT_TERMS = frozenset({TermKind.ATTRIBUTION})
DUTY_RULES: tuple[DutyRule, ...] = (
    DutyRule(
        "license copy",
        DutyKind.LICENSE_COPY,
        _CREDIT_TERMS,
        r"\bcop(?:y|ies)\s+of\s+(?:this|the)\s+(?:agreement|licen[cs]e)|permission\s+notice"
        r"|\b(?:include|accompan\w*|provide)\b.{0,60}\b(?:this|the)\s+(?:agreement|licen[cs]e)\b",
        COPIES,
        "Pass on the license text with every copy you give others",
        example="You must give any other recipients of the Work a copy of this License",
    ),
    DutyRule(
        "notice",
        DutyKind.NOTICE,
        _CREDIT_TERMS,
        r"\bnotices?\b|\bcopyright\b",
        COPIES,
        "Keep the copyright and attribution notices (and any NOTICE file) in every copy",
        example="retain all copyright, patent, trademark, and attribution notices",
    ),
    DutyRule(
        "credit line",
        DutyKind.ATTRIBUTION,
        _CREDIT_TERMS,
        r"\bdisplay\w*|\bbuilt\s+with\b|\bpowered\s+by\b|\bcredit\b|\backnowledg\w*",
        COPIES,
        "Show {credit}{where}",
        also=(
            (
                r"\bwebsite|user\s+interface|\bservices?\b|make\s+available|made\s+available"
                r"|\bhost\w*|\bonline\b",
                frozenset({Use.SAAS}),
            ),
        ),
        example="prominently display “Built with Llama” on a related website",
    ),
    DutyRule(
        "citation",
        DutyKind.ATTRIBUTION,
        _CREDIT_TERMS,
        r"\bcit(?:e|ation)\b",
        COPIES | {Use.OUTPUTS},
        "Cite the model where the license asks (papers, publications)",
    ),
    DutyRule(
        "reporting",
        DutyKind.REPORTING,
        frozenset({TermKind.ATTRIBUTION, TermKind.USE_RESTRICTIONS, TermKind.UNILATERAL_CHANGES}),
        r"\breport(?:s|ing)?\b.{0,80}\b(?:to|with)\s+(?:us|the\s+licensor|[a-z]+\s+ai)\b"
        r"|\bnotify\b|\binform\s+(?:us|the\s+licensor)",
        ALL_USES,
        "Report to the licensor as the clause says",
    ),
    DutyRule(
        "attribution, other wording",
        DutyKind.ATTRIBUTION,
        _CREDIT_TERMS,
        r"",
        COPIES,
        "Give the attribution the clause asks for",
        also=((r"\bwebsite|user\s+interface|\bservices?\b|\bonline\b", frozenset({Use.SAAS})),),
        example="all materials must mention that they were made with the model",
        fallback=True,
    ),
    DutyRule(
        "naming",
        DutyKind.NAMING,
        frozenset({TermKind.NAMING}),
        r"",
        frozenset({Use.DERIVE}),
        "Name what you release as the clause says{name}",
        also=((r"\boutputs?\b", frozenset({Use.OUTPUTS})),),
        example="include “Llama” at the beginning of any such AI model name",
    ),
    DutyRule(
        "pass-through",
        DutyKind.PASS_THROUGH,
        frozenset({TermKind.RESTRICTIONS_PASS_THROUGH}),
        r"",
        SERVED,
        "Bind your users and licensees to the same use restrictions "
        "(in your terms of service or license)",
    ),
    DutyRule(
        "share-alike",
        DutyKind.SHARE_ALIKE,
        frozenset({TermKind.SHARE_ALIKE}),
        r"",
        COPIES,
        "Release what you derive and pass on under the same license, with its source",
        also=((r"\bnetwork\b|\bremote\w*|\binteract\w*", frozenset({Use.SAAS})),),
    ),
    DutyRule(
        "acceptable use",
        DutyKind.AUP,
        frozenset({TermKind.USE_RESTRICTIONS}),
        r"",
        ALL_USES,
        "Do not use it for what {document} forbids",
    ),
    DutyRule(
        "changing terms",
        DutyKind.REVIEW_TERMS,
        frozenset({TermKind.UNILATERAL_CHANGES}),
        r"",
        ALL_USES,
        "The licensor may change the terms or policy: check them again before each release",
    ),
)
"""Each duty a clause can hold, in the order they are listed."""


@dataclass(frozen=True)
class BlockRule:
    """A term kind that stops some uses."""

    kind: TermKind
    uses: frozenset[Use]
    """The uses it stops."""
    what: str
    """Why, in plain words."""


BLOCKING: tuple[BlockRule, ...] = (
    BlockRule(TermKind.NON_COMMERCIAL, ALL_USES, "commercial use is not allowed"),
    BlockRule(TermKind.RESEARCH_ONLY, ALL_USES, "only research or evaluation use is allowed"),
    BlockRule(
        TermKind.NO_DERIVATIVES,
        frozenset({Use.DERIVE}),
        "modified versions may not be made or released",
    ),  # fmt: skip
    BlockRule(TermKind.NO_REDISTRIBUTION, COPIES, "copies may not be passed on"),
    BlockRule(
        TermKind.MODEL_IMPROVEMENT_BAN,
        frozenset({Use.OUTPUTS, Use.DERIVE}),
        "the model and its outputs may not be used to improve other models",
    ),
    BlockRule(TermKind.USER_THRESHOLD, ALL_USES, "rights lapse above a number of users"),
    BlockRule(TermKind.REVENUE_THRESHOLD, ALL_USES, "free use only below a revenue level"),
    BlockRule(TermKind.GEOGRAPHIC_RESTRICTION, ALL_USES, "rights are withheld in some places"),
    BlockRule(TermKind.EXCLUDED_PARTIES, ALL_USES, "rights are withheld from some parties"),
    BlockRule(TermKind.FEE_REQUIRED, ALL_USES, "some use needs payment or a bought license"),
    BlockRule(
        TermKind.PRODUCT_RESTRICTION, ALL_USES, "rights hold only with a named product or service"
    ),
)
"""Which term kinds stop which uses."""

_BLOCKING = {rule.kind: rule for rule in BLOCKING}


@dataclass(frozen=True)
class Documents:
    """Where a license's documents can be read: id -> (name, URL)."""

    names: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    fallback: str | None = None
    """The source of a term whose document is not known (the analysed file)."""
    policies: frozenset[str] = frozenset()
    """The ids that are policies (an acceptable-use policy), not licenses."""
    incorporates: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The policies each license incorporates by reference."""
    hosting: dict[str, str] = field(default_factory=dict)
    """The licenses under which serving the model counts as distributing it, with the
    clause that says so."""

    def name(self, document: str | None) -> str:
        """Return the name of *document* (its id when unknown)."""
        if document is None:
            return "the license"
        return self.names.get(document, (document, None))[0]

    def source(self, document: str | None) -> str | None:
        """Return where *document* can be read."""
        if document is None:
            return self.fallback
        return self.names.get(document, (document, self.fallback))[1] or self.fallback


def obligations_for(
    assessment: Assessment,
    context: UseContext,
    documents: Documents,
    inherited: Sequence[tuple[str, Sequence[FoundTerm]]] = (),
    notes: Sequence[str] = (),
) -> Obligations:
    """Return what *context*'s use of the assessed model requires, and whether it may.

    Args:
        assessment: the model, with its license analysis.
        context: the use and what is known of the organisation.
        documents: the name and URL of each license or policy a term cites.
        inherited: for a derivative, each base model's id with its license's terms
            (a fine-tune keeps its base's terms whatever it declares).
        notes: remarks to pass on (lineage, training data).
    """
    model = assessment.model
    reasons: list[str] = []
    blockers: list[Item] = []
    cleared: list[Item] = []
    duties: list[Item] = []
    analysis = assessment.license
    if assessment.tier is Tier.CLOSED_API and analysis is None:
        return _closed(assessment, context, notes)
    sets: list[tuple[str | None, Sequence[FoundTerm]]] = []
    if analysis is None:
        reasons.append(f"no license is known for {model.id}'s weights")
    else:
        sets.append((None, analysis.terms))
        if analysis.osd.unread_count:
            reasons.append(
                f"{analysis.osd.unread_count} operative sentence(s) of the license were not "
                "read as any term: what they require is unknown"
            )
        if analysis.license is None and not analysis.terms:
            reasons.append("the license text matches no known license and no term was read")
        if analysis.osd.verdict is OsdOutcome.UNKNOWN and not analysis.osd.unread_count:
            # No grant was read that covers the use, or the record's terms are not all
            # known: what the use needs is not shown to be granted.
            reasons.append(f"the license is not shown to grant this use: {analysis.osd.reason}")
    sets += [(base, terms) for base, terms in inherited]
    for base, terms in sets:
        crossed = _thresholds_crossed(terms, context)
        for term in terms:
            if term.effect == "duty":
                continue  # a threshold that brings a duty: its duty says when it binds
            for item in _blockers(term, context, model.modality, documents, base):
                (cleared if item.applies is False else blockers).append(item)
            found = list(_duties(term, context.use, documents, base))
            if term.condition == "above_threshold":
                found, below = _conditional(found, crossed.get(term.document))
                cleared += below
            duties += found
    if model.gated is not None:
        duties.append(
            Item(
                DutyKind.GATE.value,
                "Accept the license on the model's Hub page before downloading the weights",
                None,
                None,
                model.gated.source,
            )
        )
    duties = _without_incorporating(duties, documents)
    reasons += [blocker.what for blocker in blockers if blocker.applies is None]
    allowed: bool | None
    if any(b.applies for b in blockers):
        allowed = False
    elif reasons:
        allowed = None
    else:
        allowed = True
    return Obligations(
        model.id,
        context,
        allowed,
        tuple(_unique(blockers)),
        tuple(_unique(duties)),
        tuple(_unique(cleared)),
        tuple(dict.fromkeys(reasons)),
        tuple(notes),
    )


def _thresholds_crossed(
    terms: Sequence[FoundTerm], context: UseContext
) -> dict[str | None, tuple[bool | None, str]]:
    """For each document, whether the organisation is above a threshold that brings a duty.

    Returns, per document id: true when above any, false when below all, null when
    a fact is missing; with the facts compared.
    """
    found: dict[str | None, list[tuple[bool | None, str]]] = {}
    for term in terms:
        if term.effect != "duty":
            continue
        if term.kind is TermKind.USER_THRESHOLD:
            outcome = _user_threshold(term, context.monthly_active_users)
        else:
            outcome = _revenue_threshold(term, context)
        found.setdefault(term.document, []).append((outcome[0], outcome[1] or ""))
    crossed: dict[str | None, tuple[bool | None, str]] = {}
    for document, outcomes in found.items():
        why = "; ".join(why for _, why in outcomes)
        if any(above for above, _ in outcomes):
            crossed[document] = (True, why)
        elif all(above is False for above, _ in outcomes):
            crossed[document] = (False, why)
        else:
            crossed[document] = (None, why)
    return crossed


def _conditional(
    duties: list[Item], crossed: tuple[bool | None, str] | None
) -> tuple[list[Item], list[Item]]:
    """Keep duties that bind only above a threshold when it is crossed, or may be.

    Returns the duties that bind (with the condition said when it is unknown) and
    those found not to (for ``cleared``).
    """
    above, why = crossed if crossed is not None else (None, "the threshold is not known")
    if above is True:
        return [replace(d, what=f"{d.what} (required: {why})") for d in duties], []
    if above is False:
        return [], [
            replace(d, what=f"{d.what}: not required ({why})", applies=False) for d in duties
        ]
    return [replace(d, what=f"{d.what} (only above a threshold: {why})") for d in duties], []


def _closed(assessment: Assessment, context: UseContext, notes: Sequence[str]) -> Obligations:
    """A model without released weights or a license for them."""
    model = assessment.model
    if not model.aliases.api:
        reason = (
            f"no license is known for {model.id}'s weights, and they are not known to be "
            "downloadable"
        )
        return Obligations(model.id, context, None, (), (), reasons=(reason,), notes=tuple(notes))
    if context.use in COPIES:
        blocker = Item(
            "no_weights",
            f"{model.id} is served only through its provider's API: there are no weights to "
            f"{'publish' if context.use is Use.DISTRIBUTE else 'ship or modify'}",
            None,
            None,
            _first_url(assessment),
        )
        return Obligations(model.id, context, False, (blocker,), (), notes=tuple(notes))
    reason = (
        f"{model.id} is a closed API: its use is governed by the provider's terms of service, "
        "which openness does not read"
    )
    return Obligations(model.id, context, None, (), (), reasons=(reason,), notes=tuple(notes))


def _first_url(assessment: Assessment) -> str | None:
    return next((c.url for c in assessment.components if c.url), None)


def _blockers(
    term: FoundTerm,
    context: UseContext,
    modality: str,
    documents: Documents,
    base: str | None,
) -> Iterable[Item]:
    rule = _BLOCKING.get(term.kind)
    if rule is None or context.use not in rule.uses:
        return
    applies, why = _applies(term, context, modality)
    if applies is False and why is None:
        return  # the term has nothing to do with this use or purpose
    yield Item(
        term.kind.value,
        f"{rule.what}: {why}" if why else rule.what,
        term.quote,
        term.span,
        documents.source(term.document),
        term.document,
        applies,
        base,
    )


def _applies(term: FoundTerm, context: UseContext, modality: str) -> tuple[bool | None, str | None]:
    """Tell whether *term* stops the use, and why: (applies, the facts compared)."""
    kind = term.kind
    purpose = context.purpose
    if kind is TermKind.NON_COMMERCIAL:
        return purpose is Purpose.COMMERCIAL, None
    if kind is TermKind.RESEARCH_ONLY:
        return purpose is not Purpose.RESEARCH, None
    if kind is TermKind.MODEL_IMPROVEMENT_BAN and context.use is Use.DERIVE:
        return None, (
            "it stops distilling into, or merging with, another model; a fine-tune of this "
            "model itself may be allowed: read the clause"
        )
    if kind is TermKind.USER_THRESHOLD:
        return _user_threshold(term, context.monthly_active_users)
    if kind is TermKind.REVENUE_THRESHOLD:
        return _revenue_threshold(term, context)
    if kind is TermKind.GEOGRAPHIC_RESTRICTION:
        return _territory(term, context.region, modality)
    if kind is TermKind.EXCLUDED_PARTIES:
        if isinstance(term.value, tuple) and term.value:
            return None, f"from {', '.join(term.value)}: openness cannot tell whether you are one"
        return None, "the clause says from whom: openness cannot tell whether you are one"
    if kind is TermKind.FEE_REQUIRED:
        return None, "read the clause for which use or user must pay"
    if kind is TermKind.PRODUCT_RESTRICTION:
        return None, "openness cannot tell whether your use is with the product the clause names"
    return True, None


def _user_threshold(term: FoundTerm, users: int | None) -> tuple[bool | None, str | None]:
    if not isinstance(term.value, int):
        return None, "the threshold's number was not read"
    unit = (term.unit or "monthly_active_users").replace("_", " ")
    limit = f"{term.value:,} {unit}"
    if users is None:
        return None, f"above {limit}; give --mau to decide"
    if users <= term.value:
        # Monthly users bound every smaller count (daily users, visits are not).
        if term.unit in (None, "monthly_active_users", "daily_active_users", "users"):
            return False, f"you have {users:,} monthly active users, within {limit}"
        return None, f"above {limit}; openness cannot compare that with monthly active users"
    if term.unit in (None, "monthly_active_users", "users"):
        return True, f"you have {users:,} monthly active users, above {limit}"
    return None, f"above {limit}; you have {users:,} monthly active users, which may be more"


def _revenue_threshold(term: FoundTerm, context: UseContext) -> tuple[bool | None, str | None]:
    if not isinstance(term.value, int):
        return None, "the revenue level was not read"
    currency = term.currency or "USD"
    limit = f"{currency} {term.value:,}" + (f" ({term.period})" if term.period else "")
    if context.revenue is None:
        return None, f"above {limit}; give --revenue to decide"
    if context.currency.upper() != currency.upper():
        return None, f"above {limit}; your revenue is in {context.currency}"
    yours = f"your yearly revenue {context.currency} {context.revenue:,}"
    if term.period == "monthly":  # --revenue is yearly: no month can hold more than the year
        if context.revenue <= term.value:
            return False, f"{yours} is within {limit}"
        if context.revenue > 12 * term.value:
            return True, f"{yours} is above twelve times {limit}"
        return None, f"{yours} may be above {limit} in some month"
    if context.revenue > term.value:
        return True, f"{yours} is above {limit}"
    return False, f"{yours} is within {limit}"


def _territory(
    term: FoundTerm, region: str | None, modality: str
) -> tuple[bool | None, str | None]:
    places = term.value if isinstance(term.value, tuple) else ()
    named = ", ".join(places) or "places the clause names"
    if not covers_modality(term, modality):
        return False, f"the clause covers multimodal models only ({named})"
    if region is None:
        return None, f"{named}; give --region to decide"
    hit = region_places(region) & set(places)
    if hit:
        return True, f"{', '.join(sorted(hit))}, where you are"
    if places and all(place in PLACES for place in places):
        return False, f"{named}; not where you are ({region})"
    return None, f"{named}: openness cannot tell whether that covers {region}"


_QUOTED = patterns.compiled(r"[“\"]([^”\"]{2,80})[”\"]")
_WHERE = patterns.compiled(
    r"[”\"]\s*(?:\w+\s+){0,2}?((?:on|in)\s+(?:an?\s+|the\s+|your\s+)?[^.;:]{3,160})"
)


def _duties(term: FoundTerm, use: Use, documents: Documents, base: str | None) -> Iterable[Item]:
    # A catalog quote may stop at a line's end; its note says how the clause goes on.
    lowered = " ".join(f"{term.quote} {term.note or ''}".lower().split())
    matching = [
        rule
        for rule in DUTY_RULES
        if term.kind in rule.term_kinds
        and (not rule.pattern or patterns.compiled(rule.pattern).search(lowered))
    ]
    if any(not rule.fallback for rule in matching):
        matching = [rule for rule in matching if not rule.fallback]
    for rule in matching:
        uses = set(rule.uses)
        for pattern, more in rule.also:
            if patterns.compiled(pattern).search(lowered):
                uses |= more
        hosted = use is Use.SAAS and Use.DISTRIBUTE in uses and term.document in documents.hosting
        if use not in uses and not hosted:
            continue
        what = _what(rule, term, documents)
        if hosted and use not in uses:
            clause = documents.hosting[str(term.document)]
            what += f" (a hosted service counts as distribution: “{clause}”)"
        yield Item(
            rule.kind.value,
            what,
            term.quote,
            term.span,
            documents.source(term.document),
            term.document,
            inherited_from=base,
        )


def _what(rule: DutyRule, term: FoundTerm, documents: Documents) -> str:
    quoted = _QUOTED.findall(term.quote)
    credit = f"“{quoted[0]}”" if quoted else "the credit line the clause gives"
    where = _WHERE.search(term.quote)
    text = rule.what.format(
        credit=credit,
        where=f" {' '.join(where.group(1).split())}" if where and quoted else "",
        name=f": {credit}" if quoted else "",
        document=documents.name(term.document),
    )
    if rule.kind is DutyKind.AUP:
        if term.document in documents.policies:
            text = f"Comply with {documents.name(term.document)}"
        if url := documents.source(term.document):
            text += f" ({url})"
    return text


def _without_incorporating(duties: list[Item], documents: Documents) -> list[Item]:
    """Drop a license's duty to follow a policy when the policy's own duty is listed."""
    listed = {
        d.document for d in duties if d.kind == DutyKind.AUP and d.document in documents.policies
    }
    return [
        d
        for d in duties
        if not (
            d.kind == DutyKind.AUP
            and d.document is not None
            and listed & set(documents.incorporates.get(d.document, ()))
        )
    ]


def _unique(items: Iterable[Item]) -> list[Item]:
    """Drop repeats: the same duty from the same document, said by several clauses."""
    seen: set[tuple[str, str, str | None]] = set()
    kept = []
    for item in items:
        key = (item.kind, item.what, item.inherited_from)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def obligations(assessment: Assessment, catalog: Catalog, context: UseContext) -> Obligations:
    """Return what *context*'s use of the assessed model requires, with inherited terms.

    The terms a derivative's bases carry over to it count as its own, and its
    training data's terms are noted.

    The source of each clause is the catalog's URL for its license or policy, else
    where the model's weights were found (a local folder's LICENSE file).
    """
    from openness.licenses.known import analyze_known_license

    model = assessment.model
    if assessment.licenses:
        catalog = catalog.with_records(licenses=assessment.licenses)
    records = list(catalog.licenses())
    documents = Documents(
        {record.id: (record.name, record.url) for record in records},
        model.component(Component.MODEL_PARAMETERS).url,
        frozenset(r.id for r in records if r.kind is LicenseKind.POLICY),
        {record.id: record.incorporates for record in records if record.incorporates},
        {r.id: r.hosting_is_distribution for r in records if r.hosting_is_distribution},
    )
    inherited: list[tuple[str, Sequence[FoundTerm]]] = []
    notes: list[str] = []
    lineage = assessment.lineage
    if lineage is not None:
        told = {model.weights_license}
        for link in lineage.links:
            if link.license is None:
                notes.append(
                    f"its base {link.model} has no known license: what it carries over is unknown"
                )
                continue
            if link.license in told or not catalog.has_license(link.license):
                continue
            told.add(link.license)
            inherited.append((link.model, analyze_known_license(catalog, link.license).terms))
        if lineage.is_adapter:
            base = next(link.model for link in lineage.links if link.depth == 1)
            notes.append(
                f"an adapter: it runs only on top of {base}, whose license binds every use of it"
            )
        notes += lineage.problems
    notes += [c.detail for c in assessment.conflicts]
    notes += _dataset_notes(model, catalog, context)
    result = obligations_for(assessment, context, documents, inherited, notes)
    if model.weights_license is not None:
        result = replace(result, license_url=documents.source(model.weights_license))
    unknown_base = lineage is not None and any(link.license is None for link in lineage.links)
    if unknown_base and result.allowed is True:
        reason = "a base model's license is unknown, so what it carries over is unknown"
        return replace(result, allowed=None, reasons=(*result.reasons, reason))
    return result


def _dataset_notes(model: ModelRecord, catalog: Catalog, context: UseContext) -> list[str]:
    """Say which of the model's training datasets are under non-commercial or research terms."""
    from openness.licenses.known import analyze_known_license

    notes = []
    limited = {TermKind.NON_COMMERCIAL, TermKind.RESEARCH_ONLY}
    for dataset in model.datasets:
        if dataset.license is None or not catalog.has_license(dataset.license):
            continue
        kinds = analyze_known_license(catalog, dataset.license).term_kinds() & limited
        if kinds and context.purpose is Purpose.COMMERCIAL:
            notes.append(
                f"trained on {dataset.id} ({dataset.license}: "
                f"{', '.join(sorted(k.value for k in kinds))}; {dataset.license_source}): whether "
                "its terms bind the model or its outputs is not settled; review before "
                "commercial use"
            )
    return notes


_SCALE = {"": 1, "k": 10**3, "m": 10**6, "b": 10**9, "bn": 10**9}


def parse_count(text: str, what: str = "--mau") -> int:
    """Read a count or amount such as ``1500000``, ``1.5M``, ``700m``, ``2B``, ``10k``.

    Raises:
        UseInputError: it is not a number.

    >>> parse_count("1.5M"), parse_count("700_000_000"), parse_count("10k")
    (1500000, 700000000, 10000)
    """
    match = re.fullmatch(r"\s*([0-9][0-9_,]*(?:\.[0-9]+)?)\s*(k|m|b|bn)?\s*", text.lower())
    if match is None:
        raise UseInputError(f"{what}: {text!r} is not a number (e.g. 250000, 1.5M, 2B)")
    number = float(match.group(1).replace("_", "").replace(",", ""))
    return int(round(number * _SCALE[match.group(2) or ""]))


def parse_revenue(text: str) -> tuple[int, str]:
    """Read ``AMOUNT[:CUR]``: ``10M``, ``10M:EUR``, ``2500000:usd``.

    Raises:
        UseInputError: the amount is not a number or the currency not a code.

    >>> parse_revenue("10M:eur")
    (10000000, 'EUR')
    """
    amount, _, currency = text.partition(":")
    currency = (currency or "USD").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise UseInputError(f"--revenue: {currency!r} is not a currency code (USD, EUR, ...)")
    return parse_count(amount, "--revenue"), currency


def use_context(
    use: str,
    mau: str | None = None,
    revenue: str | None = None,
    region: str | None = None,
    purpose: str = "commercial",
) -> UseContext:
    """Build the context of a use from text as people type it (flags, a web form).

    Raises:
        UseInputError: a value is malformed, named in the message.
    """
    try:
        chosen, why = Use(use), Purpose(purpose)
    except ValueError as err:
        raise UseInputError(
            f"use must be one of {', '.join(u.value for u in Use)} and purpose one of "
            f"{', '.join(p.value for p in Purpose)}: {err}"
        ) from err
    if region is not None and not region.strip():
        raise UseInputError("--region is empty (give a code such as EU, DE, US)")
    users = parse_count(mau) if mau else None
    amount, currency = parse_revenue(revenue) if revenue else (None, "USD")
    return UseContext(chosen, users, amount, currency, region.strip() if region else None, why)
