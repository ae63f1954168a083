"""Compare each catalog record with what the Hugging Face Hub says now, as a review list.

Usage: python scripts/review_catalog.py --online [--format json] [MODEL_ID ...]

For every Hub repository a record lists (or only those of the MODEL_IDs
given), asks the Hub through openness's own client (huggingface_hub, the
on-disk cache, $HF_ENDPOINT and $HF_TOKEN as usual) for the card's license,
whether the repository is gated, and its base_model, and prints where they
differ from the record. It never edits a record: a difference is something
for a person to check against the sources, and either side may be wrong (a
card relabelled after release, a record gone stale). Exits 0 with the list,
2 on a usage error; a repository the Hub cannot answer for is listed too.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from openness.errors import HubAccessError  # noqa: E402
from openness.kb.catalog import Catalog  # noqa: E402
from openness.kb.schema import Component, ModelRecord  # noqa: E402
from openness.sources.hub import HubClient, HubModel  # noqa: E402


@dataclass(frozen=True)
class Difference:
    """One place where a record and the Hub disagree."""

    model: str
    """Catalog id."""
    repo: str
    """The Hub repository asked."""
    field: str
    """``license``, ``gated``, ``base_model`` or ``hub`` (the Hub could not answer)."""
    catalog: str
    """What the record says."""
    hub: str
    """What the Hub says."""


def review(
    catalog: Catalog, hub: HubClient, model_ids: list[str] | None = None
) -> list[Difference]:
    """Return every difference between the records (all, or *model_ids*) and the Hub."""
    models = [catalog.model(m) for m in model_ids] if model_ids else list(catalog.models())
    found: list[Difference] = []
    for model in models:
        for repo in model.aliases.huggingface:
            try:
                answer = hub.model(repo)
            except HubAccessError as err:
                found.append(Difference(model.id, repo, "hub", "listed as an alias", str(err)))
                continue
            found += compare(model, answer, catalog)
    return found


def compare(model: ModelRecord, answer: HubModel, catalog: Catalog) -> list[Difference]:
    """Return where one Hub answer differs from the record *model*."""
    found = []
    ours = model.weights_license or "unknown"
    theirs = _hub_license(answer, catalog)
    if theirs != ours:
        found.append(Difference(model.id, answer.repo_id, "license", ours, theirs))
    says_gated = _mentions_gated(model)
    if bool(answer.gated) != says_gated:
        found.append(
            Difference(
                model.id,
                answer.repo_id,
                "gated",
                "says gated" if says_gated else "does not say gated",
                str(answer.gated) if answer.gated else "not gated",
            )
        )
    known = {alias.lower() for alias in model.aliases.huggingface}
    outside = [base for base in answer.base_models if base.lower() not in known]
    if outside:
        found.append(
            Difference(model.id, answer.repo_id, "base_model", "not recorded", ", ".join(outside))
        )
    return found


def _mentions_gated(model: ModelRecord) -> bool:
    """Tell whether the record says its weights are gated (the schema has no field for it)."""
    weights = model.component(Component.MODEL_PARAMETERS)
    return "gated" in " ".join([weights.note or "", *model.notes]).lower()


def _hub_license(answer: HubModel, catalog: Catalog) -> str:
    """Return the Hub's license as a catalog license id where one matches, else as given."""
    name = answer.license or "none"
    if name == "other" and answer.license_name:
        name = answer.license_name
    return catalog.license(name).id if catalog.has_license(name) else name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", metavar="MODEL_ID")
    parser.add_argument("--online", action="store_true", help="ask the Hub (required)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    if not args.online:
        print("review_catalog: asks the Hugging Face Hub; run it with --online", file=sys.stderr)
        return 2
    from openness.kb.loader import load_catalog

    catalog = load_catalog()
    unknown = [m for m in args.models if catalog.find_model_id(m) is None]
    if unknown:
        print(f"review_catalog: no catalog model {unknown[0]!r}", file=sys.stderr)
        return 2
    ids = [catalog.find_model_id(m) or m for m in args.models]
    found = review(catalog, HubClient(), ids or None)
    if args.format == "json":
        print(json.dumps([asdict(d) for d in found], indent=1))
    else:
        for d in found:
            print(f"{d.model}: {d.repo}: {d.field}: catalog {d.catalog}; Hub {d.hub}")
        print(f"{len(found)} difference(s) to review", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
