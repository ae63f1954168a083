"""GPU names as people type them: vendor words, spacing, glued names, default form factors."""

from __future__ import annotations

import pytest

from openness.errors import GpuNotFoundError
from openness.kb.loader import load_catalog

CATALOG = load_catalog()


@pytest.mark.parametrize(
    ("typed", "gpu_id"),
    [
        ("H100", "h100"),
        ("nvidia h100", "h100"),
        ("NVIDIA H100 SXM5", "h100"),
        ("h100_sxm", "h100"),
        ("rtx4090", "rtx-4090"),
        ("GeForce RTX 4090", "rtx-4090"),
        ("l40s-pcie", "l40s"),
        ("A100-80GB", "a100-80gb"),
        ("MI300X", "mi300x"),
    ],
)
def test_a_typed_name_finds_its_gpu(typed: str, gpu_id: str) -> None:
    assert CATALOG.gpu(typed).id == gpu_id


def test_every_gpu_id_is_found_in_any_case_and_spacing() -> None:
    for gpu in CATALOG.gpus():
        assert CATALOG.gpu(gpu.id.upper().replace("-", " ")).id == gpu.id


def test_a_form_factor_never_stands_for_another() -> None:
    assert "sxm" in CATALOG.gpu("h100").name.lower()
    assert "pcie" in CATALOG.gpu("h100-pcie").name.lower()
    assert CATALOG.gpu("NVIDIA H100 PCIe").id == "h100-pcie"
    # without a PCIe record, a PCIe name is refused, never read as the SXM card
    without = CATALOG.with_records()
    without._gpus.pop("h100-pcie")  # noqa: SLF001 - the test removes one record
    with pytest.raises(GpuNotFoundError):
        without.gpu("h100-pcie")


def test_an_ambiguous_name_lists_its_variants() -> None:
    variants = sorted(g.id for g in CATALOG.gpus() if g.id.startswith("a100-"))
    with pytest.raises(GpuNotFoundError) as raised:
        CATALOG.gpu("a100")
    assert raised.value.variants == tuple(variants)
    assert all(v in str(raised.value) for v in variants)


def test_an_unknown_gpu_lists_the_valid_ones() -> None:
    with pytest.raises(GpuNotFoundError, match="Valid GPUs: .*h100"):
        CATALOG.gpu("abacus-9000")
