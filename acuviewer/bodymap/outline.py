"""The drawn figure: a smooth body silhouette and light surface-anatomy strokes for each view, as SVG path data.

Outlines are written as knots and smoothed with centripetal Catmull-Rom splines turned into cubic Béziers. The
posterior and anterior silhouettes are given as one half (distance from the midline, y) and mirrored about x=400;
surface features are placed from the landmarks of figure.py so that the drawing and the points agree.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from acuviewer.bodymap.figure import MID, View
from acuviewer.bodymap.smooth import Pt, smooth


@dataclass(frozen=True)
class Shape:
    """One path of the figure: "body" (filled silhouette), "feature" (light strokes) or "hair" (hairlines)."""

    css_class: str
    d: str  # SVG path data, absolute coordinates of the 800 x 1600 box, numbers rounded to 1 decimal


# --- Silhouettes -----------------------------------------------------------------------------------------------
# Knots "x,y"; a trailing "*" makes a corner (armpit, crotch, where the ear meets the head).
# Posterior/anterior: one half, x = distance from the midline, from the vertex down the outside of the arm, back up
# to the armpit, down the flank and the outside of the leg; then the view's foot; then up the inside of the leg.
_HALF_TOP = """
0,50 34,54 56,67 68,88 73,112 72,126* 78,128 82,140 81,158 77,176 71,188* 65,202 59,217 50,234*
49,246 54,261 70,274 102,284 140,290 166,294 190,306 206,326 213,355
213,400 210,455 209,510 212,560 219,620 224,680 228,760 229,805 236,835 240,865 238,900 232,940 224,974 215,988
207,984 202,962 199,935 197,912* 192,906 187,896 184,872 185,840 188,810 182,760 175,700 168,640 163,600
160,560 156,500 153,440 151,400 150,378*
147,400 144,450 143,500 145,548 144,585 147,615 154,655 161,700 166,745 168,778 166,820 160,880 152,950
142,1020 135,1075 131,1120 131,1165 135,1210 135,1255 128,1320 118,1390 110,1445 109,1466 112,1482
"""
_FOOT = {
    # From behind the feet are turned out: the heel, then the lateral border of the foot out to the little toe.
    "posterior": "111,1496 120,1508 148,1522 178,1534 200,1541 208,1549 204,1558 184,1561 140,1561 100,1561 "
    "70,1559 57,1549 52,1524 50,1498 49,1472",
    # From the front the dorsum is foreshortened and the toes, nearest the eye, come lowest.
    "anterior": "112,1496 121,1515 132,1532 139,1548 137,1558 130,1564 121,1565* 114,1570 107,1570* 100,1574 "
    "93,1573* 85,1577 77,1575* 64,1579 52,1575 46,1564 44,1542 44,1515 46,1492 49,1472",
}
_HALF_INSIDE = "47,1445 43,1380 38,1300 35,1240 37,1190 36,1140 35,1090 33,1025 27,950 19,880 10,835 0,812*"

# Lateral: the whole outline, clockwise from the vertex: face, front, sole, heel, back.
_LATERAL = """
392,50 432,55 460,68 479,88 488,110 492,127 491,140 486,151 494,168 506,186 506,195 498,201 493,203* 497,214
492,223* 496,230 489,240* 493,250 486,259 470,264 453,269* 449,285 454,302 466,318 482,350 492,385 494,415 488,445
481,472 480,500 485,540 489,590 487,640 479,690 470,722 467,750 471,790 471,840 466,920 458,1000 452,1060 456,1085
457,1108 451,1132 446,1152 447,1175 443,1230 436,1320 430,1410 432,1460 440,1488 468,1502 505,1516 540,1526
568,1531 584,1536 592,1546 587,1556 570,1560 500,1561 430,1561 385,1560 368,1552 362,1535 364,1512 368,1490
367,1440 358,1380 345,1310 340,1255 344,1215 356,1170 362,1130 359,1090 352,1040 342,970 334,900 330,862 318,840
306,805 303,765 312,720 326,680 336,640 340,600 336,550 326,490 317,430 318,380 326,335 338,300 343,276 338,250
332,225 328,205 318,185 311,160 309,135 316,105 333,77 358,58
"""
# The near arm hangs over the trunk: drawn as a light outline so the points of the flank stay readable.
_LATERAL_ARM = """
364,318 374,300 393,290 414,292 432,306 441,330 442,370 440,440 437,520 436,575 440,620 436,700 428,790 432,815
438,850 436,884 428,890* 424,920 417,958 409,985 401,994 392,986 380,952 371,905 368,855 374,810 378,760 378,680
374,620 368,588 365,540 362,460 360,390 360,340
"""


def _knots(spec: str) -> tuple[list[Pt], set[int]]:
    points: list[Pt] = []
    sharp: set[int] = set()
    for i, token in enumerate(spec.split()):
        if token.endswith("*"):
            sharp.add(i)
        x, y = token.rstrip("*").split(",")
        points.append((float(x), float(y)))
    return points, sharp


# --- Surface features ------------------------------------------------------------------------------------------
# A stroke is (mode, spec). In the spec a landmark name (or "@" for the origin) sets the anchor, and each "dx,dy"
# that follows is a knot at that offset from it ("*" marks a corner); "oval" draws a small ring of radii "rx,ry"
# round the anchor, and a final "z" closes the stroke. In the posterior and anterior views anchors and offsets are
# measured from the midline outwards; modes: "one" (a single stroke, for the midline), "pair" (both sides) and
# "across" (a symmetric curve whose half runs to the midline). The lateral view uses absolute coordinates and "one".
Stroke = tuple[str, str]

_HAND: list[Stroke] = [  # hanging beside the thigh, thumb towards it, fingers drawn from the little finger's knuckle
    ("pair", "fifth-mcp-joint -36,-42 -38,-10 -34,30 -26,42 -24,12"),
    ("pair", "fifth-mcp-joint -16,26 -15.4,76 -14.8,100"),
    ("pair", "fifth-mcp-joint -6,26 -6.4,82 -6.8,112"),
    ("pair", "fifth-mcp-joint 5,26 3.5,74 2,96"),
]
_FEATURES: dict[str, list[Stroke]] = {
    "posterior": [
        ("one", "C7 0,0 median-sacral-crest-1 0,-16"),  # the spine, C7 down to the sacrum
        ("pair", "scapular-spine-medial-end 6,-30 0,0 scapula-inferior-angle -10,-35 0,0* 28,-22 acromion -34,45"),
        ("pair", "scapular-spine-medial-end 0,0 acromion -63,21 -12,4 0,0"),
        ("pair", "scapular-spine-medial-end 6,-30 30,-32 52,-28"),
        ("pair", "psis 0,0 28,-38 iliac-crest-top -30,5 0,0 20,8"),
        (
            "across",
            "sacral-foramen-1 -22,-16 18,-20* 20,10 sacral-foramen-3 13,6 sacral-hiatus 20,4 coccyx-tip 8,-14 0,0* z",
        ),
        *[("pair", f"oval sacral-foramen-{i} 6,3.5") for i in range(1, 5)],
        ("one", "sacral-hiatus -6,9 -5,2 0,-1 5,2 6,9"),
        ("one", "coccyx-tip 0,0 0,24"),  # the natal cleft
        ("pair", "gluteal-fold -78,-20 -44,-4 0,2 36,-8 58,-26"),
        ("pair", "popliteal-crease -34,-3 0,1 biceps-femoris-tendon 0,0"),
        ("pair", "greater-trochanter -10,-22 0,-10 3,4 -2,20"),
        ("pair", "fibular-head -5,-12 2,-5 2,8"),
        ("pair", "lateral-malleolus -5,-13 2,-2 -2,12"),
        ("pair", "medial-malleolus 5,-13 -2,-2 2,12"),
        ("pair", "calcaneal-tendon -12,-95 -7,-20 -8,24"),
        ("pair", "calcaneal-tendon 12,-95 7,-20 8,24"),
        ("pair", "calcaneus 7,-20 6,6 -4,34 -16,42"),  # the heel, in front of which the turned-out foot shows
        ("pair", "little-toe-nail-corner -14,-14 -6,-6 -4,2"),
        ("pair", "ear-apex -2,-12 2,8 1,30 -4,46"),
        ("pair", "mastoid-process 10,-12 5,2 -4,12"),
        *_HAND,
    ],
    "anterior": [
        ("pair", "inner-canthus 0,0* 8,-6 pupil 0,-8 outer-canthus -7,-6 0,0* -8,5 pupil 0,6 inner-canthus 7,4 z"),
        ("pair", "pupil -6,-7.5 -7.5,0 -6,5.5"),  # the iris, its edges under the lids
        ("pair", "pupil 6,-7.5 7.5,0 6,5.5"),
        ("pair", "eyebrow-medial-end 0,0 eyebrow-midpoint 0,-1 15,0 25,5"),
        ("pair", "glabella 8,12 philtrum 10,-35 12,-23 18,-17 15,-10 6,-9"),  # side of the nose and the ala
        ("across", "philtrum 24,11 12,11 0,12"),  # mouth
        ("across", "philtrum 22,10 10,4 3,3 0,5"),
        ("across", "philtrum 18,15 10,19 0,20"),
        ("across", "philtrum 64,-15 58,7 38,32 16,43 0,45"),  # jaw and chin
        ("pair", "glabella 75,-6 79,10 76,34"),  # ears
        ("pair", "philtrum 60,-7 40,43 16,88"),  # sternocleidomastoid
        ("pair", "@ 12,306 45,310 95,304 140,300 166,306"),  # clavicle
        ("pair", "nipple -64,28 -20,38 28,28 52,-6"),
        ("pair", "oval nipple 4,4"),
        ("across", "xiphisternal-junction 128,92 90,64 40,28 0,4*"),  # costal arch
        ("one", "oval umbilicus 4,6"),
        ("pair", "asis 40,-55 20,-28 0,0 -40,32 pubic-symphysis 34,68"),  # iliac crest, ASIS, inguinal fold
        ("pair", "patella-base-medial 0,0 20,-5 39,2 40,22 patella-apex 12,-10 0,0 patella-base-medial 3,38 -2,18 z"),
        ("pair", "patella-apex -6,2 -4.8,38"),
        ("pair", "patella-apex 7,2 5.6,38"),
        ("pair", "lateral-malleolus -4,-13 3,-2 0,12"),
        ("pair", "medial-malleolus 4,-13 -3,-2 0,12"),
        ("pair", "fourth-fifth-toe-web 0,0 4,15"),  # clefts between the toes
        ("pair", "fourth-fifth-toe-web -13,3 -9,20"),
        ("pair", "fourth-fifth-toe-web -27,5 -23,23"),
        ("pair", "fourth-fifth-toe-web -44,3 -40,24"),
        ("pair", "@ 166,590 186,595 206,590"),  # elbow crease
        ("pair", "@ 190,808 208,811 226,807"),  # wrist crease
        *_HAND,
    ],
    "lateral": [
        ("one", f"@ {_LATERAL_ARM} z"),  # the near arm, only outlined so the points of the flank stay readable
        ("one", "ear-apex 12,18 6,2 -4,0 -18,12 -24,34 -22,58 -12,74 -1,78 intertragic-notch -3,6 0,0"),
        ("one", "ear-apex 2,12 -9,20 -12,40 -4,56 intertragic-notch -4,-4"),  # antihelix
        ("one", "tragus 1,-10 2,-2 intertragic-notch 1,-1"),
        ("one", "mastoid-process -8,-12 -4,2 6,10"),
        ("one", "pupil 4,-3 -5,-6 outer-canthus 0,0* pupil -5,5 3,3"),
        ("one", "pupil -1,-5.5 -2.5,0 -1,4.5"),
        ("one", "eyebrow-midpoint -16,1 -6,-2 4,-1 11,3"),
        ("one", "glabella 12,58 2,58 0,50 6,45"),  # nostril
        ("one", "glabella -6,85 4,85"),  # lips
        ("one", "mastoid-process 24,8 30,38* 62,56 96,62"),  # ramus and body of the mandible to the chin
        ("one", "mastoid-process 2,12 36,66 74,114"),  # sternocleidomastoid
        ("one", "seventh-intercostal-space 4,6 -10,32 rib-11-free-end 18,-8 0,0"),  # costal margin
        ("one", "rib-12-free-end 0,0 -22,-14 -44,-34"),
        ("one", "asis -116,-34 -88,-62 -50,-70 -22,-54 -6,-28 0,0"),  # iliac crest
        ("one", "greater-trochanter -10,-18 4,-20 14,-6 12,12 0,20"),
        ("one", "greater-trochanter -78,80 -62,82 -46,76"),  # gluteal fold
        ("one", "lateral-knee-eye 8,-66 16,-54 17,-32 12,-16* 5,-30 3,-54 z"),  # patella
        ("one", "lateral-knee-eye 12,-14 9,28"),  # patellar ligament
        ("one", "lateral-femoral-epicondyle -20,36 0,39 lateral-knee-eye -6,-1"),  # joint line
        ("one", "biceps-femoris-tendon -14,-80 -4,-30 0,0 10,24"),
        ("one", "fibular-head -8,-10 2,-8 8,2 2,12"),
        ("one", "lateral-malleolus -10,-12 4,-13 12,0 4,13 -10,12"),
        ("one", "calcaneal-tendon 8,-90 6,-30 10,28"),
        ("one", "fifth-metatarsal-tuberosity -48,12 0,0 fifth-mtp-joint -30,-2 0,0"),  # lateral border of the foot
        ("one", "fourth-fifth-toe-web 0,0 little-toe-nail-corner -6,-6 12,-1"),
        ("one", "little-toe-nail-corner -6,-4 0,0 8,1"),
        ("one", "fourth-toe-nail-corner -6,-2 0,0 9,2"),
    ],
}
_HAIR: dict[str, list[Stroke]] = {
    "posterior": [("across", "ear-apex -6,50 mastoid-process 1,7 posterior-hairline 30,0 0,0")],
    "anterior": [("across", "frontal-hairline-corner 9,28 4,12 0,0 anterior-hairline 38,3 0,0")],
    "lateral": [
        (
            "one",
            "anterior-hairline 0,0 frontal-hairline-corner 0,0 -10,16 tragus 20,-30 16,2* 9,-16 ear-apex 6,-4 -14,-6 "
            "-28,14 -30,50 mastoid-process -10,0 posterior-hairline 14,-2 0,0",
        )
    ],
}
_RING = [(1.0, 0.0), (0.7071, 0.7071), (0.0, 1.0), (-0.7071, 0.7071), (-1.0, 0.0), (-0.7071, -0.7071), (0.0, -1.0)]
_RING.append((0.7071, -0.7071))


def _mirror(half: Sequence[Pt], sharp: Collection[int], closed: bool) -> tuple[list[Pt], set[int]]:
    """Mirror a half curve (distance from the midline, y) whose last knot, and first if closed, is on the midline."""
    n = len(half)
    inner = half[1:-1] if closed else half[:-1]
    points = [(MID - dx, y) for dx, y in half] + [(MID + dx, y) for dx, y in reversed(inner)]
    twins = {2 * n - 2 - i for i in sharp if i < n - 1 and not (closed and i == 0)}
    return points, set(sharp) | twins


def _stroke(view: View, mode: str, spec: str) -> list[str]:
    """Path data for one stroke of a feature table, placed from the view's landmarks."""
    lateral = view.name == "lateral"
    tokens = spec.split()
    closed = tokens[-1] == "z" or tokens[0] == "oval"
    anchor, points, sharp = (0.0, 0.0), list[Pt](), set[int]()
    for token in tokens:
        if token in ("z", "oval"):
            continue
        if "," not in token:
            found = (0.0, 0.0) if token == "@" else view.landmark(token, view.sides[0])
            if found is None:
                raise KeyError(f"the {view.name} view has no landmark {token!r}")
            anchor = found if lateral or token == "@" else (abs(found[0] - MID), found[1])
            continue
        if token.endswith("*"):
            sharp.add(len(points))
        dx, dy = (float(v) for v in token.rstrip("*").split(","))
        ring = _RING if tokens[0] == "oval" else [(1.0, 1.0)]
        points.extend((anchor[0] + dx * a, anchor[1] + dy * b) for a, b in ring)
    if lateral:
        return [smooth(points, closed, sharp)]
    if mode == "across":
        mirrored, corners = _mirror(points, sharp, closed)
        return [smooth(mirrored, closed, corners)]
    sides = (-1, 1) if mode == "pair" else (-1,)
    return [smooth([(MID + s * dx, y) for dx, y in points], closed, sharp) for s in sides]


def _symmetric_body(view: str) -> str:
    top, top_sharp = _knots(_HALF_TOP)
    foot, _ = _knots(_FOOT[view])
    inside, inside_sharp = _knots(_HALF_INSIDE)
    sharp = top_sharp | {len(top) + len(foot) + i for i in inside_sharp}
    points, corners = _mirror(top + foot + inside, sharp, closed=True)  # the vertex and crotch are on the midline
    return smooth(points, closed=True, sharp=corners)


def figure_shapes(view: View) -> list[Shape]:
    """The figure drawn for `view`: the body silhouette first, then the surface features, then the hairline."""
    if view.name == "lateral":
        points, sharp = _knots(_LATERAL)
        body = smooth(points, closed=True, sharp=sharp)
    else:
        body = _symmetric_body(view.name)
    shapes = [Shape("body", body)]
    for css, table in (("feature", _FEATURES[view.name]), ("hair", _HAIR[view.name])):
        shapes.extend(Shape(css, d) for mode, spec in table for d in _stroke(view, mode, spec))
    return shapes
