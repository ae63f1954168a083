"""A synthetic Hugging Face Hub listing, for the audit's tests and benchmarks.

Usage: python benchmarks/synthetic_hub.py OUT.jsonl [--models N] [--seed S] [--deep N]

Writes JSON lines of the shape ``GET /api/models?full=true&cardData=true``
returns (``id``, ``tags``, ``createdAt``, ``gated``, ``cardData`` with
``license``, ``license_name``, ``license_link``, ``base_model``,
``base_model_relation``, ``datasets``), with distributions drawn to look like
the Hub's: most repositories declare a permissive license or none, a tenth a
model-specific one, a few ``other``; about 40% name a base model, chosen with
a preference for a few popular roots (Llama, Gemma, Mistral, Qwen, FLUX), so
fan-out is heavy-tailed; some merges have two or three parents; a few bases
are missing from the listing (dangling), a few chains loop back; a small share
of lines are malformed or have fields of the wrong type. ``--deep N`` adds one
chain N models deep. Nothing here is an answer: the audit must find it.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from pathlib import Path

ROOTS = (
    ("meta-llama/Meta-Llama-3-8B", "llama3", True),
    ("meta-llama/Llama-3.1-8B", "llama3.1", True),
    ("meta-llama/Llama-3.2-3B", "llama3.2", True),
    ("google/gemma-2-9b", "gemma", True),
    ("google/gemma-3-12b-it", "gemma", True),
    ("mistralai/Mistral-7B-v0.1", "apache-2.0", False),
    ("Qwen/Qwen2.5-7B", "apache-2.0", False),
    ("Qwen/Qwen2.5-3B", "other", False),
    ("black-forest-labs/FLUX.1-dev", "other", True),
    ("stabilityai/stable-diffusion-xl-base-1.0", "openrail++", False),
    ("bigscience/bloom", "bigscience-bloom-rail-1.0", False),
    ("allenai/OLMo-2-1124-7B", "apache-2.0", False),
)
"""Popular bases: (repo id, declared license, gated)."""

LICENSES = (
    ("apache-2.0", 30),
    ("mit", 14),
    (None, 20),
    ("other", 7),
    ("llama3", 3),
    ("llama3.1", 4),
    ("gemma", 3),
    ("cc-by-nc-4.0", 4),
    ("cc-by-4.0", 2),
    ("openrail", 3),
    ("creativeml-openrail-m", 2),
    ("bsd-3-clause", 1),
    ("gpl-3.0", 1),
    ("cc-by-sa-4.0", 1),
    ("unknown", 1),
    ("afl-3.0", 1),
    ("wtfpl", 1),
)
"""Declared licenses and their weights (a rough Hub mix)."""

RELATIONS = (("finetune", 60), ("adapter", 20), ("quantized", 15), ("merge", 5))


def records(models: int, seed: int = 7, deep: int = 0) -> Iterator[str]:
    """Yield *models* JSON lines (and a chain *deep* models long), some of them broken."""
    rng = random.Random(seed)
    names = [name for name, _ in LICENSES]
    weights = [weight for _, weight in LICENSES]
    relations = [name for name, _ in RELATIONS]
    relation_weights = [weight for _, weight in RELATIONS]
    made: list[str] = []
    for repo, root_license, gated in ROOTS:
        made.append(repo)
        yield json.dumps(_record(repo, root_license, gated, 2023, (), None, rng))
    for number in range(models - len(ROOTS)):
        repo = f"user{rng.randrange(models // 3 + 1)}/model-{number}"
        license_id = rng.choices(names, weights)[0]
        year = rng.choices(range(2020, 2027), (1, 2, 4, 8, 14, 20, 12))[0]
        bases: tuple[str, ...] = ()
        relation = None
        if rng.random() < 0.4:
            relation = rng.choices(relations, relation_weights)[0]
            count = rng.choice((2, 3)) if relation == "merge" else 1
            bases = tuple(_base(made, rng) for _ in range(count))
            if rng.random() < 0.02:
                bases = (f"gone/deleted-{number}",)  # dangling: not in the listing
        if rng.random() < 0.0005 and made:
            bases = (f"user0/model-{number + 1}",)  # points forward: a loop when it points back
        line = json.dumps(
            _record(repo, license_id, rng.random() < 0.03, year, bases, relation, rng)
        )
        draw = rng.random()
        if draw < 0.0005:
            line = line[: len(line) // 2]  # truncated
        elif draw < 0.001:
            line = json.dumps({"id": 12345, "tags": "not-a-list", "cardData": []})
        yield line
        made.append(repo)
    parent = ROOTS[0][0]
    for depth in range(deep):
        repo = f"deep/chain-{depth}"
        yield json.dumps(_record(repo, "apache-2.0", False, 2025, (parent,), "finetune", rng))
        parent = repo


def _base(made: list[str], rng: random.Random) -> str:
    if rng.random() < 0.55:
        return rng.choice(ROOTS)[0]
    return made[int(len(made) * rng.random() ** 0.5)]


def _record(
    repo: str,
    license_id: str | None,
    gated: bool,
    year: int,
    bases: tuple[str, ...],
    relation: str | None,
    rng: random.Random,
) -> dict[str, object]:
    card: dict[str, object] = {}
    if license_id is not None:
        card["license"] = license_id
        if license_id == "other" and rng.random() < 0.5:
            card["license_name"] = rng.choice(
                ("qwen-research", "flux-1-dev-non-commercial-license", "my-license")
            )
            if rng.random() < 0.6:
                card["license_link"] = "LICENSE"
    if bases:
        card["base_model"] = list(bases) if len(bases) > 1 or rng.random() < 0.3 else bases[0]
        if relation is not None and rng.random() < 0.7:
            card["base_model_relation"] = relation
    if rng.random() < 0.2:
        card["datasets"] = ["HuggingFaceH4/ultrachat_200k"]
    tags = ["transformers", "safetensors"]
    tags += [f"license:{license_id}"] if license_id else []
    tags += [f"base_model:{base}" for base in bases]
    day = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}T10:00:00.000Z"
    return {
        "_id": f"{rng.getrandbits(96):024x}",
        "id": repo,
        "modelId": repo,
        "private": False,
        "gated": rng.choice(("auto", "manual")) if gated else False,
        "tags": tags,
        "createdAt": day,
        "cardData": card,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--models", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--deep", type=int, default=0)
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8") as out:
        for line in records(args.models, args.seed, args.deep):
            out.write(line + "\n")


if __name__ == "__main__":
    main()
