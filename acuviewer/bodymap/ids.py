"""The SVG id contract between the renderer, the viewer and the tests: one place for every id rule.

Every drawn point is `<circle id="pt-<CODE>-<SIDE>">`, every landmark `<circle id="lm-<name>[-<SIDE>]">`, every
channel path `<path id="ch-<CODE>-<SIDE>">`; SIDE is L, R or M (midline). Each layer is a group
`<g id="layer-<name>">`; the channel, caution, point and label layers hold one group per family
(`layer-points-BL`, `layer-labels-EX`, ...) so that a viewer can draw or hide each on its own. No element
carrying one of these ids, nor any ancestor, has a transform, so cx/cy are coordinates of the root viewBox.
"""

from __future__ import annotations

import re

SIDES = ("L", "R", "M")
_POINT = re.compile(r"^pt-(?P<code>.+)-(?P<side>[LRM])$")


def point_id(code: str, side: str) -> str:
    return f"pt-{code}-{side}"


def landmark_id(name: str, side: str) -> str:
    """Unpaired (midline) landmarks carry no side: lm-L2, lm-sacral-hiatus; paired ones do: lm-gluteal-fold-L."""
    return f"lm-{name}" if side == "M" else f"lm-{name}-{side}"


def channel_id(code: str, side: str) -> str:
    return f"ch-{code}-{side}"


def parse_point_id(element_id: str) -> tuple[str, str] | None:
    """(code, side) for a point id, None for anything else."""
    match = _POINT.match(element_id)
    return (match.group("code"), match.group("side")) if match else None


def layer_id(name: str, family: str | None = None) -> str:
    return f"layer-{name}" if family is None else f"layer-{name}-{family}"
