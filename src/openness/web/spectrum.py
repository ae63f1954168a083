"""Place catalog models on the openness spectrum chart, drawn server-side as SVG.

Owns the chart's geometry: a band per tier (vertical) and component
completeness (horizontal). It judges nothing; tiers and component availability
come from ``openness.assess``. Entry point: ``spectrum_chart``.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from openness.assess.result import Assessment, Tier

WIDTH = 960
"""Chart width in SVG user units."""
BAND_HEIGHT = 110
"""Height of one tier band."""
LEFT = 150
"""Room for the tier labels."""
RIGHT = 20
TOP = 10
TIER_ORDER: tuple[Tier, ...] = (Tier.OPEN_SOURCE, Tier.OPEN_WEIGHTS, Tier.CLOSED_API)
"""Bands from top to bottom."""
TIER_LABELS = {
    Tier.OPEN_SOURCE: "Open source",
    Tier.OPEN_WEIGHTS: "Open weights",
    Tier.CLOSED_API: "Closed API",
}
"""Human names of the tiers."""


@dataclass(frozen=True)
class Point:
    """One model on the chart."""

    model_id: str
    """Catalog id, for the link."""
    label: str
    """Tooltip text."""
    tier: str
    """Tier value, used as a CSS class."""
    x: float
    """Horizontal position, SVG units."""
    y: float
    """Vertical position, SVG units."""


@dataclass(frozen=True)
class Band:
    """One tier's horizontal band."""

    tier: str
    """Tier value."""
    label: str
    """Human name."""
    y: float
    """Top of the band."""
    count: int
    """Models in the band."""


@dataclass(frozen=True)
class Chart:
    """Everything the template needs to draw the spectrum."""

    width: int
    """SVG width."""
    height: int
    """SVG height."""
    left: int
    """Left edge of the plot area."""
    right: int
    """Right edge of the plot area."""
    band_height: int
    """Height of a band."""
    bands: tuple[Band, ...]
    """Tier bands, top to bottom."""
    points: tuple[Point, ...]
    """Models."""
    ticks: tuple[tuple[float, str], ...]
    """Horizontal axis ticks: position and label."""


def completeness(assessment: Assessment) -> float:
    """Return the share of MOF components available (partial counts half), 0 to 1."""
    components = assessment.components
    if not components:
        return 0.0
    total = sum(
        1.0 if c.available is True else 0.5 if c.available == "partial" else 0.0 for c in components
    )
    return total / len(components)


def spectrum_chart(assessments: Iterable[Assessment]) -> Chart:
    """Lay out *assessments* on the spectrum.

    Args:
        assessments: the models to place.

    Returns:
        The chart geometry.
    """
    right = WIDTH - RIGHT
    points: list[Point] = []
    counts = dict.fromkeys(TIER_ORDER, 0)
    for assessment in assessments:
        band = TIER_ORDER.index(assessment.tier)
        counts[assessment.tier] += 1
        share = completeness(assessment)
        jitter = zlib.crc32(assessment.model.id.encode()) % 1000 / 1000
        x = LEFT + 10 + share * (right - LEFT - 20)
        y = TOP + band * BAND_HEIGHT + 18 + jitter * (BAND_HEIGHT - 36)
        label = f"{assessment.model.name} ({assessment.model.developer}): {share:.0%} of components"
        points.append(Point(assessment.model.id, label, assessment.tier.value, x, y))
    bands = tuple(
        Band(tier.value, TIER_LABELS[tier], TOP + i * BAND_HEIGHT, counts[tier])
        for i, tier in enumerate(TIER_ORDER)
    )
    ticks = tuple(
        (LEFT + 10 + share / 100 * (right - LEFT - 20), f"{share}%") for share in range(0, 101, 25)
    )
    height = TOP + len(TIER_ORDER) * BAND_HEIGHT + 40
    return Chart(WIDTH, height, LEFT, right, BAND_HEIGHT, bands, tuple(points), ticks)
