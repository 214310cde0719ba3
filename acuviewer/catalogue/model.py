"""The catalogue's shared vocabulary as immutable dataclasses (no Qt, no SQL)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

# Condition packs (see condition.py). The words live here so that the command line parses its options without
# creating the condition classes.
COURSES = ("posterior", "lateral", "mixed")
ROLES = ("local", "adjacent", "distal", "pattern")
TECHNIQUES = ("", "moxa", "bleeding", "cupping")
EA_KINDS = ("root", "trunk")
RISK_KINDS = ("trigger", "risk-factor")
PATIENT_FLAGS = ("pregnant", "anticoagulants", "pacemaker", "needle-shy")
NOTE_TOPICS = (
    "retention",
    "frequency",
    "course",
    "electroacupuncture",
    "cupping",
    "heat-ice",
    "stretching",
    "posture",
    "after-session",
    "evidence",
)
HANDOUT_SECTIONS = ("session", "course", "sensations", "self-care", "see-a-doctor")

if TYPE_CHECKING:  # the condition classes stay off the window's start path
    from acuviewer.catalogue.condition import Condition

VIEWS = ("posterior", "lateral", "anterior")
CAUTION_KINDS = ("pregnancy", "pneumothorax", "vessel", "nerve", "eye", "no-moxa", "other")
CAUTION_STRENGTHS = ("contraindicated", "caution", "disputed")
SOURCE_KINDS = ("standard", "textbook", "article", "study", "brief")  # brief: a project summary, not a publication
OFFSET_KEYS = ("up", "down", "lateral", "medial", "anterior", "posterior")


@dataclass(frozen=True)
class Source:
    id: str
    kind: str
    citation: str
    note: str = ""


@dataclass(frozen=True)
class Needling:
    angle: str
    depth_min: float
    depth_max: float
    note: str
    source: str


@dataclass(frozen=True)
class CategoryLink:
    kind: str
    name: str
    note: str = ""


@dataclass(frozen=True)
class Indication:
    text: str
    sciatica: bool
    source: str


@dataclass(frozen=True)
class Caution:
    kind: str
    strength: str
    note: str
    source: str


@dataclass(frozen=True)
class MapLocation:
    """Where the body map draws a point in one view: a reference plus offsets in proportional cun."""

    view: str
    ref: str = ""
    between: tuple[str, str] | None = None
    fraction: float = 0.0
    offsets: tuple[tuple[str, float], ...] = ()
    midline: bool = False

    def offset(self, key: str) -> float:
        return dict(self.offsets).get(key, 0.0)


@dataclass(frozen=True)
class LocationVariant:
    text: str
    source: str


@dataclass(frozen=True)
class Point:
    code: str
    channel: str | None
    number: int | None
    pinyin: str
    pinyin_toned: str
    hanzi: str
    hanzi_traditional: str
    english: str
    aliases: tuple[str, ...]
    location: str
    location_source: str
    needling: Needling
    categories: tuple[CategoryLink, ...]
    categories_source: str
    actions: tuple[str, ...]
    actions_source: str
    indications: tuple[Indication, ...]
    cautions: tuple[Caution, ...]
    map: tuple[MapLocation, ...]
    location_variants: tuple[LocationVariant, ...] = ()
    region: str = ""

    @property
    def is_midline(self) -> bool:
        return any(m.midline for m in self.map)


@dataclass(frozen=True)
class PointSummary:
    """What a list needs to show a point: one row, read without the point's details."""

    code: str
    channel: str | None
    pinyin_toned: str
    hanzi: str
    english: str


@dataclass(frozen=True)
class Channel:
    code: str
    pinyin: str
    pinyin_toned: str
    hanzi: str
    hanzi_traditional: str
    english: str
    point_count: int
    flow: str
    flow_text: str
    source: str
    points: tuple[str, ...] = field(default=())  # codes held in the catalogue, in flow order


@dataclass(frozen=True)
class Concept:
    code: str
    pinyin: str
    pinyin_toned: str
    hanzi: str
    hanzi_traditional: str
    english: str
    description: str
    source: str


@dataclass(frozen=True)
class Landmark:
    name: str
    paired: bool
    description: str


@dataclass(frozen=True)
class Segment:
    name: str
    start: str
    end: str
    cun: float
    source: str
    note: str = ""


@dataclass(frozen=True)
class CategoryKind:
    kind: str
    name: str
    group: str


@dataclass(frozen=True)
class Catalogue:
    """Everything db/ holds, validated."""

    sources: tuple[Source, ...]
    channels: tuple[Channel, ...]
    categories: tuple[CategoryKind, ...]
    landmarks: tuple[Landmark, ...]
    segments: tuple[Segment, ...]
    points: tuple[Point, ...]
    concepts: tuple[Concept, ...]
    conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class SearchHit:
    code: str
    pinyin: str
    hanzi: str
    english: str
    matched: str
