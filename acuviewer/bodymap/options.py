"""What to draw on a body map view: the options shared by the renderer, the command line and the viewer."""

from __future__ import annotations

from dataclasses import dataclass

from acuviewer.catalogue.model import VIEWS

LABEL_STYLES = ("code", "pinyin", "hanzi", "none")
EXTRA = "EX"  # the channel filter's name for extra points, which belong to no channel
# The groups a viewer shows or hides as one layer: the two sciatica channels, the other channels' points,
# and the extra (non-channel) points.
FAMILIES = ("BL", "GB", "other", EXTRA)


def family(channel: str | None) -> str:
    """The layer family of a point on `channel` (None for an extra point)."""
    if channel is None:
        return EXTRA
    return channel if channel in ("BL", "GB") else "other"


@dataclass(frozen=True)
class MapOptions:
    view: str = "posterior"
    labels: str = "code"
    highlight: frozenset[str] = frozenset()
    channels: frozenset[str] | None = None  # None: every channel and the extra points
    cautions: bool = False
    landmarks: bool = True

    def __post_init__(self) -> None:
        if self.view not in VIEWS:
            raise ValueError(f"unknown view '{self.view}' (choose {', '.join(VIEWS)})")
        if self.labels not in LABEL_STYLES:
            raise ValueError(f"unknown label style '{self.labels}' (choose {', '.join(LABEL_STYLES)})")
