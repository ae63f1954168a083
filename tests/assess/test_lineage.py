"""Lineage: the walk up base models is bounded, cycles are reported, the conflict rule holds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from openness.assess.lineage import MAX_DEPTH, dropped_terms, lineage_of
from openness.kb.schema import BaseModel, ModelRecord, TermKind
from openness.licenses.result import FoundTerm


def _model(name: str, *bases: str, relation: str = "finetune") -> ModelRecord:
    return ModelRecord(
        name,
        name,
        "someone",
        "family",
        base_models=tuple(BaseModel(b, relation, f"https://huggingface.co/{name}") for b in bases),
    )


def _chain(depth: int) -> dict[str, ModelRecord]:
    models = {f"m{i}": _model(f"m{i}", f"m{i + 1}") for i in range(depth)}
    models[f"m{depth}"] = _model(f"m{depth}")
    return models


def test_a_50_deep_chain_is_followed_to_its_root() -> None:
    models = _chain(50)
    lineage = lineage_of(models["m0"], models.get)
    assert [link.depth for link in lineage.links] == list(range(1, 51))
    assert [link.model for link in lineage.roots] == ["m50"]
    assert lineage.problems == ()


def test_a_chain_deeper_than_the_bound_is_cut_and_said() -> None:
    models = _chain(10_000)
    lineage = lineage_of(models["m0"], models.get)
    assert len(lineage.links) == MAX_DEPTH
    assert any(f"deeper than {MAX_DEPTH}" in p for p in lineage.problems)


def test_a_cycle_is_reported_once_and_never_followed_twice() -> None:
    models = {"a": _model("a", "b"), "b": _model("b", "c"), "c": _model("c", "a")}
    lineage = lineage_of(models["a"], models.get)
    assert [link.model for link in lineage.links] == ["b", "c"]
    assert lineage.problems == ("a cycle of base models: a -> b -> c -> a",)


def test_a_self_base_is_a_cycle() -> None:
    models = {"a": _model("a", "a")}
    assert lineage_of(models["a"], models.get).problems == ("a cycle of base models: a -> a",)


def test_two_parents_sharing_a_base_are_not_a_cycle() -> None:
    models = {
        "merge": _model("merge", "p1", "p2", relation="merge"),
        "p1": _model("p1", "root"),
        "p2": _model("p2", "root"),
        "root": _model("root"),
    }
    lineage = lineage_of(models["merge"], models.get)
    assert sorted(link.model for link in lineage.links) == ["p1", "p2", "root"]
    assert lineage.problems == ()


def test_an_unknown_parent_is_listed_and_reported() -> None:
    models = {"child": _model("child", "ghost/model")}
    lineage = lineage_of(models["child"], models.get)
    assert [(link.model, link.known) for link in lineage.links] == [("ghost/model", False)]
    assert lineage.problems == ("ghost/model, a base of child, is not known",)


@given(st.dictionaries(st.integers(0, 30), st.lists(st.integers(0, 30), max_size=4), max_size=30))
def test_any_graph_of_bases_ends_and_lists_each_base_once(graph: dict[int, list[int]]) -> None:
    models = {f"m{k}": _model(f"m{k}", *(f"m{b}" for b in bases)) for k, bases in graph.items()}
    start = models.get("m0", _model("m0"))
    lineage = lineage_of(start, models.get)
    names = [link.model for link in lineage.links]
    assert len(names) == len(set(names)) and "m0" not in names


_TERMS = st.lists(st.sampled_from(list(TermKind)), max_size=8).map(
    lambda kinds: [FoundTerm(kind, f"clause {kind.value}") for kind in kinds]
)


@given(_TERMS, _TERMS)
def test_a_declared_license_never_drops_a_term_it_has(
    declared: list[FoundTerm], base: list[FoundTerm]
) -> None:
    dropped = dropped_terms(declared, "child-license", base, "base-license")
    have = {t.kind for t in declared}
    for term in dropped:
        assert term.kind not in have or term.kind is TermKind.SHARE_ALIKE
    assert not dropped_terms(declared, "same", base, "same")
    carried = {TermKind.NON_COMMERCIAL, TermKind.USE_RESTRICTIONS} & {t.kind for t in base}
    assert carried - have <= {t.kind for t in dropped}


def test_a_merge_of_two_copyleft_parents_is_a_conflict_whatever_it_declares() -> None:
    from openness.assess.lineage import conflicts_of

    models = {
        "merge": _model("merge", "p1", "p2", relation="merge"),
        "p1": _model("p1"),
        "p2": _model("p2"),
    }
    licenses = {"p1": "gpl-3.0", "p2": "cc-by-sa-4.0"}
    lineage = lineage_of(models["merge"], models.get)
    lineage = type(lineage)(
        tuple(
            type(link)(**{**link.__dict__, "license": licenses[link.model]})
            for link in lineage.links
        )
    )
    share = {
        lid: ([FoundTerm(TermKind.SHARE_ALIKE, f"{lid} copyleft")], None)
        for lid in licenses.values()
    }
    conflicts = conflicts_of(
        "merge", "gpl-3.0", [FoundTerm(TermKind.SHARE_ALIKE, "x")], lineage, share.get
    )
    assert any(c.base_license == "gpl-3.0 + cc-by-sa-4.0" for c in conflicts)
    assert any(c.base_license == "cc-by-sa-4.0" for c in conflicts)
