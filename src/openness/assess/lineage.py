"""A model's lineage, and the license terms a derivative cannot shed.

Owns the walk up a model's ``base_model`` chain (bounded in depth and size,
cycles and unknown parents reported, never followed twice) and the one rule
for a license conflict: a derivative whose declared license lacks a term of
its base's license that carries over to derivatives (use restrictions, user
caps, non-commercial and research-only terms, naming and pass-through duties,
copyleft). ``check``, ``obligations`` and the Hub audit all use this rule.
Entry points: ``lineage_of``, ``dropped_terms``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from openness.kb.schema import ModelRecord, TermKind
from openness.licenses.result import FoundTerm

MAX_DEPTH = 64
"""How far up a chain of bases is followed; a deeper chain is cut and reported."""
MAX_LINKS = 512
"""How many links one lineage may hold (merges of merges fan out)."""

CARRY_OVER = frozenset(
    {
        TermKind.NON_COMMERCIAL,
        TermKind.RESEARCH_ONLY,
        TermKind.USER_THRESHOLD,
        TermKind.REVENUE_THRESHOLD,
        TermKind.GEOGRAPHIC_RESTRICTION,
        TermKind.EXCLUDED_PARTIES,
        TermKind.USE_RESTRICTIONS,
        TermKind.MODEL_IMPROVEMENT_BAN,
        TermKind.RESTRICTIONS_PASS_THROUGH,
        TermKind.NO_DERIVATIVES,
        TermKind.NO_REDISTRIBUTION,
        TermKind.FEE_REQUIRED,
        TermKind.PRODUCT_RESTRICTION,
        TermKind.NAMING,
        TermKind.SHARE_ALIKE,
    }
)
"""Term kinds a derivative keeps whatever license it declares: the base's license
binds every derivative of it (its restrictions, its duties on derivatives, copyleft)."""


@dataclass(frozen=True)
class Link:
    """One base model in a lineage."""

    model: str
    """The base: a catalog id, else the id the card gives."""
    relation: str
    """``finetune``, ``adapter``, ``merge`` or ``quantized``: how the child was made."""
    child: str
    """The model made from it."""
    depth: int
    """1 for a direct base, 2 for its base, and so on."""
    license: str | None
    """The base's weights license id, when known."""
    source: str
    """The card that declares the link."""
    known: bool
    """True when the base was found (in the catalog, or on the Hub when online)."""
    carries_over: tuple[str, ...] = ()
    """The term kinds of the base's license that bind its derivatives (``CARRY_OVER``)."""

    def to_dict(self) -> dict[str, Any]:
        """Return one ``lineage[]`` entry of ``openness check`` JSON."""
        return {
            "model": self.model,
            "relation": self.relation,
            "child": self.child,
            "depth": self.depth,
            "license": self.license,
            "source": self.source,
            "known": self.known,
            "carries_over": list(self.carries_over),
        }


@dataclass(frozen=True)
class Lineage:
    """Every base a model was made from, nearest first, and what stopped the walk."""

    links: tuple[Link, ...]
    problems: tuple[str, ...] = ()
    """Cycles, a chain cut at ``MAX_DEPTH``, parents that could not be found."""

    @property
    def roots(self) -> tuple[Link, ...]:
        """The links that have no base of their own (or whose base is unknown)."""
        children = {link.child for link in self.links}
        return tuple(link for link in self.links if link.model not in children)

    @property
    def is_adapter(self) -> bool:
        """True when the model is an adapter: usable only on top of its base."""
        return any(link.depth == 1 and link.relation == "adapter" for link in self.links)


def lineage_of(
    model: ModelRecord, find: Callable[[str], ModelRecord | None], max_depth: int = MAX_DEPTH
) -> Lineage:
    """Walk *model*'s bases, breadth first, with *find* giving each base's record.

    Args:
        model: the model whose lineage is asked.
        find: the record of a base by the id its child's card gives, or None when
            it cannot be found (it is still listed, as unknown).
        max_depth: how many generations to follow.
    """
    links: list[Link] = []
    problems: list[str] = []
    edges: dict[str, list[str]] = {}
    seen = {model.id}
    level: list[ModelRecord] = [model]
    depth = 0
    while level:
        depth += 1
        following: list[ModelRecord] = []
        for child in level:
            for base in child.base_models:
                if depth > max_depth:
                    problems.append(
                        f"the chain of base models is deeper than {max_depth}: cut at {child.id}"
                    )
                    return Lineage(tuple(links), tuple(dict.fromkeys(problems)))
                if len(links) >= MAX_LINKS:
                    problems.append(f"more than {MAX_LINKS} base models: the rest are not listed")
                    return Lineage(tuple(links), tuple(dict.fromkeys(problems)))
                record = find(base.model)
                name = record.id if record is not None else base.model
                edges.setdefault(child.id, []).append(name)
                if name in seen:
                    continue
                seen.add(name)
                links.append(
                    Link(
                        name,
                        base.relation,
                        child.id,
                        depth,
                        record.weights_license if record is not None else None,
                        base.source,
                        record is not None,
                    )
                )
                if record is None:
                    problems.append(f"{base.model}, a base of {child.id}, is not known")
                else:
                    following.append(record)
        level = following
    cycle = _cycle(model.id, edges)
    if cycle:
        problems.insert(0, "a cycle of base models: " + " -> ".join(cycle))
    return Lineage(tuple(links), tuple(dict.fromkeys(problems)))


def _cycle(start: str, edges: dict[str, list[str]]) -> list[str]:
    """Return one cycle of *edges* reachable from *start* (its nodes, first repeated), or [].

    Two parents that share a base (a diamond) are not a cycle.

    >>> _cycle("a", {"a": ["b", "c"], "b": ["d"], "c": ["d"]})
    []
    >>> _cycle("a", {"a": ["b"], "b": ["c"], "c": ["b"]})
    ['b', 'c', 'b']
    """
    done: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()
    stack: list[tuple[str, int]] = [(start, 0)]
    while stack:
        node, index = stack.pop()
        if index == 0:
            path.append(node)
            on_path.add(node)
        bases = edges.get(node, [])
        if index < len(bases):
            stack.append((node, index + 1))
            base = bases[index]
            if base in on_path:
                return [*path[path.index(base) :], base]
            if base not in done:
                stack.append((base, 0))
            continue
        done.add(node)
        on_path.discard(node)
        path.pop()
    return []


def dropped_terms(
    declared: Sequence[FoundTerm],
    declared_id: str | None,
    base: Sequence[FoundTerm],
    base_id: str,
) -> list[FoundTerm]:
    """Return the terms of the base's license that the declared license drops.

    A term carries over when its kind is in ``CARRY_OVER``; it is dropped when
    the declared license has no term of that kind, and copyleft is dropped by
    any other license than the base's own.
    """
    if declared_id is not None and declared_id == base_id:
        return []
    kinds = {term.kind for term in declared}
    dropped: list[FoundTerm] = []
    for term in base:
        if term.kind not in CARRY_OVER:
            continue
        lacking = term.kind is TermKind.SHARE_ALIKE or term.kind not in kinds
        if lacking and all(d.kind is not term.kind or d.quote != term.quote for d in dropped):
            dropped.append(term)
    return dropped


@dataclass(frozen=True)
class Conflict:
    """A derivative whose declared license drops terms its base's license carries over."""

    model: str
    declared: str | None
    """The derivative's declared license (None: it declares none)."""
    base: str
    """The base model whose terms carry over (direct or further up)."""
    base_license: str
    relation: str
    """How the derivative was made from its nearest base on the way."""
    terms: tuple[FoundTerm, ...]
    """The base license's terms the declared license lacks, with their clauses."""
    source: str | None = None
    """Where the base license can be read."""

    @property
    def detail(self) -> str:
        """One line for a person."""
        kinds = ", ".join(dict.fromkeys(term.kind.value for term in self.terms))
        declared = self.declared or "no license"
        return (
            f"{self.model} declares {declared}, but it derives ({self.relation}) from "
            f"{self.base}, whose {self.base_license} carries over to derivatives: {kinds}"
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the ``license_conflict`` finding's JSON shape."""
        first = self.terms[0]
        return {
            "kind": "license_conflict",
            "model": self.model,
            "declared": self.declared,
            "base": self.base,
            "base_license": self.base_license,
            "relation": self.relation,
            "terms": list(dict.fromkeys(term.kind.value for term in self.terms)),
            "clauses": [
                {"kind": t.kind.value, "quote": t.quote, "document": t.document} for t in self.terms
            ],
            "quote": first.quote,
            "span": list(first.span) if first.span else None,
            "document": first.document,
            "source": self.source,
            "detail": self.detail,
        }


def with_carried_terms(
    lineage: Lineage, terms_of: Callable[[str], tuple[Sequence[FoundTerm], str | None] | None]
) -> Lineage:
    """Return *lineage* with each base's carried-over term kinds filled in."""
    links = []
    for link in lineage.links:
        known = terms_of(link.license) if link.license is not None else None
        if known is not None:
            kinds = (t.kind.value for t in known[0] if t.kind in CARRY_OVER)
            link = replace(link, carries_over=tuple(dict.fromkeys(kinds)))
        links.append(link)
    return Lineage(tuple(links), lineage.problems)


def conflicts_of(
    model_id: str,
    declared: str | None,
    declared_terms: Sequence[FoundTerm],
    lineage: Lineage,
    terms_of: Callable[[str], tuple[Sequence[FoundTerm], str | None] | None],
) -> tuple[Conflict, ...]:
    """Return each base (at any depth) whose license's carried-over terms *declared* drops.

    Args:
        model_id: the derivative.
        declared: its declared license id.
        declared_terms: that license's terms (empty when none is declared or known).
        lineage: its bases.
        terms_of: a license id's terms and the URL to read it, or None when unknown.
    """
    conflicts: list[Conflict] = []
    nearest = {link.model: link for link in lineage.links}
    for link in lineage.links:
        if link.license is None or any(c.base_license == link.license for c in conflicts):
            continue  # unknown, or told already through a nearer base under the same license
        known = terms_of(link.license)
        if known is None:
            continue
        base_terms, source = known
        dropped = dropped_terms(declared_terms, declared, base_terms, link.license)
        if not dropped:
            continue
        direct = _direct_relation(link, nearest)
        conflicts.append(
            Conflict(model_id, declared, link.model, link.license, direct, tuple(dropped), source)
        )
    return (*conflicts, *_parents_in_conflict(model_id, declared, lineage, terms_of))


def _parents_in_conflict(
    model_id: str,
    declared: str | None,
    lineage: Lineage,
    terms_of: Callable[[str], tuple[Sequence[FoundTerm], str | None] | None],
) -> list[Conflict]:
    """A merge of parents under two different copyleft licenses: no license keeps both."""
    copyleft: dict[str, tuple[Link, FoundTerm, str | None]] = {}
    for link in lineage.links:
        if link.depth != 1 or link.license is None or link.license in copyleft:
            continue
        known = terms_of(link.license)
        term = (
            next((t for t in known[0] if t.kind is TermKind.SHARE_ALIKE), None) if known else None
        )
        if known is not None and term is not None:
            copyleft[link.license] = (link, term, known[1])
    if len(copyleft) < 2:
        return []
    (first, term_a, source), (second, term_b, _) = list(copyleft.values())[:2]
    return [
        Conflict(
            model_id,
            declared,
            f"{first.model} + {second.model}",
            f"{first.license} + {second.license}",
            "merge",
            (term_a, term_b),
            source,
        )
    ]


def _direct_relation(link: Link, nearest: dict[str, Link]) -> str:
    """The relation of the derivative to the first base on the way to *link*."""
    current = link
    while current.depth > 1 and current.child in nearest:
        current = nearest[current.child]
    return current.relation
