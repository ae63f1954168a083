"""Turn what the Hugging Face Hub says about a repository into evidence to assess.

Owns the reading of a ``HubModel`` (card data, files, LICENSE text, config,
parameter count) as ``Evidence`` for ``openness.sources.derive``. It asks the
Hub nothing itself. Entry point: ``evidence_from_hub``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openness.sources.derive import Evidence
from openness.sources.modelcard import ModelCard

if TYPE_CHECKING:
    from openness.sources.hub import HubModel

_WEIGHTS = (".safetensors", ".gguf", ".bin", ".pt", ".pth", ".ckpt", ".h5", ".msgpack", ".onnx")


def evidence_from_hub(model: HubModel) -> Evidence:
    """Return the evidence a Hub repository gives about its model."""
    from openness.licenses.analyze import analyze_license
    from openness.sources.local import architecture_from_config

    url = f"https://huggingface.co/{model.repo_id}"
    card = ModelCard(
        license=model.license,
        license_name=model.license_name,
        license_link=model.license_link,
        base_models=model.base_models,
        base_model_relation=model.base_model_relation,
        datasets=model.datasets,
        pipeline_tag=model.pipeline_tag,
    )
    texts = []
    if model.license_text and model.license_text.strip():
        texts.append(("LICENSE", analyze_license(model.license_text, origin=f"{url}/LICENSE")))
    notes = []
    if model.gated:
        notes.append("gated on the Hub: the license must be accepted before download")
    config = dict(model.config)
    return Evidence(
        name=model.repo_id,
        source=url,
        card=card,
        license_texts=tuple(texts),
        weights_present=any(name.endswith(_WEIGHTS) for name in model.siblings) or None,
        parameters_total=model.parameters_total,
        context_tokens=config.get("max_position_embeddings")
        if isinstance(config.get("max_position_embeddings"), int)
        else None,
        architecture=architecture_from_config(config, f"{url}/blob/main/config.json"),
        names=(model.repo_id,),
        base_models=model.base_models,
        gated=model.gated if isinstance(model.gated, str) else bool(model.gated),
        notes=tuple(notes),
    )
