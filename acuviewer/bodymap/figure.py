"""The figure as data: where each landmark sits in each view, and how long a cun is in each body region.

All three views share one coordinate system: a 800 x 1600 box, the vertex at y=50 and the soles near y=1560,
the same heights in every view (one person, seen from three sides). The posterior and anterior views are
symmetric about x=400; in the posterior view the patient's left is on the viewer's left, in the anterior view on
the viewer's right. The lateral view shows the right side with the front of the body towards +x.
Proportions follow an adult of about 170 cm (1 unit is about 1.1 mm).
"""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH, HEIGHT, MID = 800.0, 1600.0, 400.0
Side = str  # "L", "R" or "M"


@dataclass(frozen=True)
class Arc:
    """The scalp seen from the front or back: cun along the sagittal arc from a hairline, foreshortened."""

    ref: str  # the hairline the arc starts from
    centre_y: float
    radius: float
    start_deg: float  # angle of the hairline from the vertex
    deg_per_cun: float


@dataclass(frozen=True)
class Zone:
    """A band of heights [top, bottom] with its cun length, used when no segment starts at the reference."""

    top: float
    bottom: float
    vertical: float  # drawing units per cun, up and down
    horizontal: float  # drawing units per cun, sideways (lateral/medial or anterior/posterior)


@dataclass(frozen=True)
class View:
    name: str
    landmarks: dict[tuple[str, Side], tuple[float, float]]
    zones: tuple[Zone, ...]
    arcs: tuple[Arc, ...] = field(default=())
    sides: tuple[Side, ...] = ("L", "R")

    def landmark(self, name: str, side: Side) -> tuple[float, float] | None:
        """The landmark on that side; a midline one serves both sides, and a one-sided view has one of each."""
        found = self.landmarks.get((name, side)) or self.landmarks.get((name, "M"))
        if found is None and len(self.sides) == 1:
            found = self.landmarks.get((name, self.sides[0]))
        return found


def _mirror(
    view: str, marks: dict[str, tuple[float, float]], mid: dict[str, float]
) -> dict[tuple[str, Side], tuple[float, float]]:
    """Paired landmarks are given as (distance from the midline, y); the side decides which way."""
    left_sign = -1.0 if view == "posterior" else 1.0  # patient's left: viewer's left from behind, right from in front
    placed: dict[tuple[str, Side], tuple[float, float]] = {(n, "M"): (MID, y) for n, y in mid.items()}
    for name, (dx, y) in marks.items():
        placed[(name, "L")] = (MID + left_sign * dx, y)
        placed[(name, "R")] = (MID - left_sign * dx, y)
    return placed


# Spinous processes, each marking the depression just below its tip: thoracic 19.5 units apart, lumbar 28.
_SPINE = {
    "C7": 275.0,
    **{f"T{i}": 275.0 + 19.5 * i for i in range(1, 13)},
    **{f"L{i}": 509.0 + 28.0 * i for i in range(1, 6)},
}
_SACRUM = {"sacral-foramen-1": 670.0, "sacral-foramen-2": 692.0, "sacral-foramen-3": 713.0, "sacral-foramen-4": 732.0}

POSTERIOR = View(
    "posterior",
    _mirror(
        "posterior",
        {
            "mastoid-process": (55, 195),
            "ear-apex": (74, 140),
            "acromion": (172, 300),
            "scapular-spine-medial-end": (62, _SPINE["T3"]),
            "scapula-inferior-angle": (75, _SPINE["T7"]),
            "axilla": (150, 372),
            "rib-11-free-end": (140, 548),
            "rib-12-free-end": (125, 560),
            "iliac-crest-top": (130, _SPINE["L4"]),
            "psis": (42, 680),
            # The sacrum narrows downward, so its foramina draw closer to the midline from S1 to S4.
            **{name: (24 - 3 * i, y) for i, (name, y) in enumerate(_SACRUM.items())},
            "greater-trochanter": (158, 770),
            "gluteal-fold": (88, 835),
            "popliteal-crease": (82, 1130),
            "biceps-femoris-tendon": (116, 1128),
            "fibular-head": (124, 1160),
            "lateral-malleolus": (103, 1480),
            "medial-malleolus": (56, 1470),
            "calcaneal-tendon": (80, 1480),
            "calcaneus": (101, 1516),
            "calcaneus-posterolateral": (92, 1520),
            "cuboid": (122, 1532),
            "fifth-metatarsal-tuberosity": (136, 1540),
            "fifth-mtp-joint": (170, 1550),
            "little-toe-nail-corner": (192, 1556),
            "fifth-mcp-joint": (222, 862),
        },
        {
            "vertex": 50,
            "external-occipital-protuberance": 160,
            "posterior-hairline": 205,
            "c2-spinous-upper-border": 222,
            **_SPINE,
            **{f"median-sacral-crest-{i}": y for i, y in enumerate(_SACRUM.values(), start=1)},
            "sacral-hiatus": 752,
            "coccyx-tip": 785,
        },
    ),
    zones=(
        Zone(0, 205, 155 / 7, 110 / 9),  # back of the head: hairline to vertex 7 cun; mastoids 9 cun apart
        Zone(205, 275, 70 / 3, 110 / 9),  # neck: posterior hairline to C7 = 3 cun
        Zone(275, 760, 62 / 3, 62 / 3),  # back: midline to the medial border of the scapula = 3 cun
        Zone(760, 1130, 295 / 14, 295 / 14),  # buttock and thigh: gluteal fold to popliteal crease = 14 cun
        Zone(1130, 1600, 350 / 16, 350 / 16),  # leg and foot: popliteal crease to lateral malleolus = 16 cun
    ),
    arcs=(Arc("posterior-hairline", 145, 95, 129, 129 / 7),),
)

LATERAL = View(
    "lateral",
    {
        (name, "R"): xy
        for name, xy in {
            "vertex": (392, 50),
            "sacral-hiatus": (338, 752),
            "anterior-hairline": (478, 88),
            "frontal-hairline-corner": (456, 98),
            "glabella": (488, 138),
            "eyebrow-midpoint": (478, 134),
            "pupil": (480, 150),
            "outer-canthus": (466, 150),
            "zygomatic-arch": (440, 160),
            "tragus": (414, 166),
            "intertragic-notch": (410, 172),
            "ear-apex": (400, 118),
            "mastoid-process": (386, 196),
            "external-occipital-protuberance": (316, 165),
            "posterior-hairline": (330, 205),
            "C7": (346, 275),
            "acromion": (398, 300),
            "axilla": (404, 372),
            "nipple": (486, 420),
            "seventh-intercostal-space": (478, 478),
            "rib-11-free-end": (424, 548),
            "rib-12-free-end": (396, 560),
            "rib-11-umbilicus-level": (430, 600),
            "asis": (458, 690),
            "greater-trochanter": (400, 770),
            "middle-fingertip-thigh": (402, 992),
            "lateral-femoral-epicondyle": (404, 1100),
            "popliteal-crease": (392, 1130),
            "biceps-femoris-tendon": (378, 1128),
            "fibular-head": (392, 1158),
            "lateral-knee-eye": (434, 1148),
            "lateral-malleolus": (402, 1480),
            "calcaneal-tendon": (372, 1478),
            "calcaneus": (398, 1522),
            "calcaneus-posterolateral": (382, 1524),
            "cuboid": (432, 1530),
            "fifth-metatarsal-tuberosity": (452, 1540),
            "fourth-fifth-metatarsal-junction": (470, 1522),
            "fifth-mtp-joint": (526, 1547),
            "little-toe-nail-corner": (568, 1550),
            "fourth-mtp-joint": (530, 1531),
            "fourth-fifth-toe-web": (546, 1540),
            "fourth-toe-nail-corner": (574, 1538),
        }.items()
    },
    zones=(
        Zone(0, 275, 22, 22),  # side of the head: the 12-cun hairline arc is about 265 units long
        Zone(275, 372, 24, 24),
        Zone(372, 548, 176 / 12, 176 / 12),  # axilla to the free end of the 11th rib = 12 cun
        Zone(548, 770, 222 / 9, 222 / 9),  # 11th rib to the greater trochanter = 9 cun
        Zone(770, 1130, 360 / 19, 360 / 19),  # greater trochanter to popliteal crease = 19 cun
        Zone(1130, 1600, 350 / 16, 350 / 16),  # popliteal crease to lateral malleolus = 16 cun
    ),
    sides=("R",),
)

ANTERIOR = View(
    "anterior",
    _mirror(
        "anterior",
        {
            "inner-canthus": (14, 150),
            "outer-canthus": (48, 150),
            "pupil": (30, 150),
            "eyebrow-medial-end": (15, 137),
            "eyebrow-midpoint": (31, 133),
            "seventh-intercostal-space": (85, 478),
            "frontal-hairline-corner": (62, 100),
            "nipple": (85, 420),
            "asis": (110, 690),
            "greater-trochanter": (158, 770),
            "patella-base-medial": (66, 1080),
            "patella-apex": (82, 1130),
            "lateral-knee-eye": (97, 1140),
            "tibia-medial-condyle": (62, 1172),
            "fibular-head": (124, 1160),
            "medial-malleolus": (58, 1470),
            "lateral-malleolus": (100, 1480),
            "first-second-metatarsal-junction": (72, 1512),
            "fourth-fifth-metatarsal-junction": (108, 1518),
            "fourth-mtp-joint": (112, 1540),
            "fourth-fifth-toe-web": (117, 1550),
            "fourth-toe-nail-corner": (119, 1562),
            "second-metacarpal-midpoint": (206, 842),
            "fifth-mcp-joint": (222, 862),
        },
        {
            "vertex": 50,
            "anterior-hairline": 88,
            "glabella": 140,
            "philtrum": 212,
            "xiphisternal-junction": 470,
            "umbilicus": 600,
            "pubic-symphysis": 700,
        },
    ),
    zones=(
        Zone(0, 140, 52 / 3, 124 / 9),  # forehead: glabella to hairline 3 cun; frontal corners 9 cun apart
        Zone(140, 470, 170 / 8, 170 / 8),  # face, neck and chest: nipples 8 cun apart
        Zone(470, 600, 130 / 8, 170 / 8),  # xiphisternal junction to umbilicus = 8 cun
        Zone(600, 700, 100 / 5, 170 / 8),  # umbilicus to pubic symphysis = 5 cun
        Zone(700, 1080, 380 / 18, 380 / 18),  # pubic symphysis to the patella base = 18 cun
        Zone(1080, 1600, 340 / 16, 340 / 16),  # knee to ankle = 16 cun
    ),
    arcs=(Arc("anterior-hairline", 145, 95, 53, 53 / 5),),
)

VIEWS = {v.name: v for v in (POSTERIOR, LATERAL, ANTERIOR)}
