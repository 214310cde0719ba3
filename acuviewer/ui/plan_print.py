"""A plan's treatment sheet (with the body map, its points ringed and labelled) and its patient handout, as
documents to print or save as PDF (save_pdf)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QPointF, QRectF, Qt, QUrl
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTextDocument,
)
from PySide6.QtSvg import QSvgRenderer

from acuviewer.bodymap.labels import Anchor, Box, place_labels
from acuviewer.catalogue.condition import Condition
from acuviewer.catalogue.model import Point
from acuviewer.catalogue.repository import Repository
from acuviewer.planner.handout import handout_html
from acuviewer.planner.sheet import Figure, map_views, needed_codes, sheet_html
from acuviewer.ui.pdf import save_pdf
from acuviewer.userdata.model import MAP_HEIGHT, MAP_WIDTH, Plan

__all__ = ["handout_document", "print_font", "save_pdf", "sheet_document"]

# Sizes on paper in document pixels (1/96 inch when printed). An A4 page inside the 2 cm print margins is about
# 640 wide: the maps take well under half a page's height, so they usually fit below the red-flag check.
FIGURE_HEIGHT = 360.0
FIGURE_WIDTH = 600.0
RESOLUTION = 3  # image pixels per document pixel: about 290 dpi on paper
PAD = 60.0  # map units around the outermost marked point: room for its label and the body around it
MIN_SIZE = (300.0, 360.0)  # map units: a crop this small still shows enough of the figure to find one's way
RING = 4.2  # document pixels: radius of the ring around a plan point
LABEL = 8.5  # document pixels: label text height (about 6.5 pt)
RING_COLOUR = QColor("#e65100")
ASHI_COLOUR = QColor("#c2185b")
CAPTIONS = {"posterior": "posterior view", "lateral": "lateral view (right side)", "anterior": "anterior view"}


@dataclass(frozen=True)
class _Crop:
    view: str
    svg: str
    box: QRectF
    spots: tuple[tuple[str, float, float], ...]  # code, x, y of every drawn side of the plan's points
    ashi: tuple[tuple[str, float, float], ...]  # A1, x, y


def print_font(point_size: int) -> QFont:
    """The application's font (its Latin family first, then the hanzi one: see fonts.py) at `point_size`."""
    font = QFont(QGuiApplication.font())
    font.setPointSize(point_size)
    return font


def sheet_document(repo: Repository, plan: Plan, font: QFont) -> QTextDocument:
    """The treatment sheet of `plan`, with a picture of the body map for each view its points are drawn in."""
    condition = _condition(repo, plan)
    points = {code: p for code in needed_codes(plan, condition) if (p := repo.point(code)) is not None}
    document = _document(f"{plan.name} — treatment sheet", font)
    figures = []
    for crop, figure in _figures(repo, plan, points):
        image = _draw(crop, figure.width * RESOLUTION, figure.height * RESOLUTION)
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(figure.src), image)
        figures.append(figure)
    sources = {s.id: s for s in repo.sources()}
    document.setHtml(sheet_html(plan, condition, points, sources, figures=figures))
    return document


def handout_document(repo: Repository, plan: Plan, font: QFont) -> QTextDocument:
    """The patient handout for the plan's condition; raises ValueError when the catalogue has no such condition."""
    condition = _condition(repo, plan)
    if condition is None:
        known = ", ".join(name for _, name in repo.conditions()) or "none"
        raise ValueError(f"There is no patient handout for the condition '{plan.condition}' (known: {known}).")
    document = _document(f"{condition.name} — patient handout", font)
    document.setHtml(handout_html(condition, plan, {s.id: s for s in repo.sources()}))
    return document


def _condition(repo: Repository, plan: Plan) -> Condition | None:
    return repo.condition(plan.condition) if plan.condition else None


def _document(title: str, font: QFont) -> QTextDocument:
    document = QTextDocument()
    font = QFont(font)
    # No ligatures: the PDF's text layer would hold "ﬂ" for "fl", and a search for "red flag" would miss it.
    font.setFeature(QFont.Tag("liga"), 0)
    document.setDefaultFont(font)
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    return document


def _figures(repo: Repository, plan: Plan, points: Mapping[str, Point]) -> list[tuple[_Crop, Figure]]:
    """Each view's crop, all at one scale so that the figures match, fitted into FIGURE_WIDTH x FIGURE_HEIGHT."""
    views = map_views(plan, points)
    if not views:
        return []
    from acuviewer.bodymap.options import MapOptions  # svgwrite is loaded only when a sheet is made
    from acuviewer.bodymap.render import render_with_placements

    codes = frozenset(points[p.code].code for p in plan.points if p.code in points)  # as the map spells them
    every, segments = repo.points(), repo.segments()
    crops = []
    for view in views:
        options = MapOptions(view=view, labels="none", highlight=codes, landmarks=False)
        svg, placed = render_with_placements(every, segments, options)
        spots = tuple((p.code, p.x, p.y) for p, _ in placed if p.code in codes)
        ashi = tuple((f"A{n}", a.x, a.y) for n, a in enumerate(plan.ashi, start=1) if a.view == view)
        if spots or ashi:
            crops.append(_Crop(view, svg, _box([(x, y) for _, x, y in spots + ashi]), spots, ashi))
    if not crops:
        return []
    gaps = 12.0 * (len(crops) - 1)
    scale = min(
        FIGURE_HEIGHT / max(c.box.height() for c in crops),
        (FIGURE_WIDTH - gaps) / sum(c.box.width() for c in crops),
    )
    return [
        (
            crop,
            Figure(
                f"acuviewer:plan-map-{crop.view}.png",
                round(crop.box.width() * scale),
                round(crop.box.height() * scale),
                CAPTIONS.get(crop.view, crop.view),
            ),
        )
        for crop in crops
    ]


def _box(spots: list[tuple[float, float]]) -> QRectF:
    """The part of the map around `spots`, padded, at least MIN_SIZE, and inside the map."""
    x0, x1 = min(x for x, _ in spots) - PAD, max(x for x, _ in spots) + PAD
    y0, y1 = min(y for _, y in spots) - PAD, max(y for _, y in spots) + PAD
    width, height = max(x1 - x0, MIN_SIZE[0]), max(y1 - y0, MIN_SIZE[1])
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    x = min(max(cx - width / 2, 0.0), MAP_WIDTH - width)
    y = min(max(cy - height / 2, 0.0), MAP_HEIGHT - height)
    return QRectF(max(x, 0.0), max(y, 0.0), min(width, MAP_WIDTH), min(height, MAP_HEIGHT))


def _one_side(spots: tuple[tuple[str, float, float], ...]) -> list[tuple[str, float, float]]:
    """One spot to label per code: a point ringed on both legs is labelled on the left one only, which halves the
    labels in the crowded low back; the ring on the other side shows its twin."""
    chosen: dict[str, tuple[str, float, float]] = {}
    for spot in spots:
        if spot[0] not in chosen or spot[1] < chosen[spot[0]][1]:
            chosen[spot[0]] = spot
    return list(chosen.values())


def _draw(crop: _Crop, width: int, height: int) -> QImage:
    """The crop of the map with a ring and a code label at each plan point and a diamond at each Ashi point."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    renderer = QSvgRenderer(QByteArray(crop.svg.encode("utf-8")))
    renderer.setViewBox(crop.box)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    renderer.render(painter, QRectF(0, 0, width, height))
    per_unit = width / crop.box.width()  # image pixels per map unit
    dot = RESOLUTION  # image pixels per document pixel

    def at(x: float, y: float) -> QPointF:
        return QPointF((x - crop.box.x()) * per_unit, (y - crop.box.y()) * per_unit)

    ring = RING * dot / per_unit  # in map units, for the label placement
    painter.setPen(QPen(RING_COLOUR, 1.6 * dot))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for _, x, y in crop.spots:
        painter.drawEllipse(at(x, y), RING * dot, RING * dot)
    painter.setPen(QPen(QColor("white"), 0.8 * dot))
    painter.setBrush(QBrush(ASHI_COLOUR))
    size = RING * 1.3 * dot
    for _, x, y in crop.ashi:
        c = at(x, y)
        diamond = [QPointF(c.x(), c.y() - size), QPointF(c.x() + size, c.y()), QPointF(c.x(), c.y() + size)]
        painter.drawPolygon(QPolygonF([*diamond, QPointF(c.x() - size, c.y())]))
    font_units = LABEL * dot / per_unit
    anchors = [Anchor(f"point-{i}", x, y, code) for i, (code, x, y) in enumerate(_one_side(crop.spots))]
    anchors += [Anchor(f"ashi-{i}", x, y, mark) for i, (mark, x, y) in enumerate(crop.ashi)]
    bounds = Box(crop.box.x(), crop.box.y(), crop.box.width(), crop.box.height())
    font = QFont("DejaVu Sans")  # the family the label placement measures; Qt falls back to a similar one
    font.setPixelSize(max(1, round(LABEL * dot)))
    font.setBold(True)
    for label in place_labels(anchors, font_units, bounds, ring):
        if label.leader:
            x0, y0, x1, y1 = label.leader
            painter.setPen(QPen(QColor("#555555"), 0.6 * dot))
            painter.drawLine(at(x0, y0), at(x1, y1))
        path = QPainterPath()
        path.addText(at(label.text_x, label.text_y), font, label.text)
        painter.strokePath(path, QPen(QColor("white"), 2.2 * dot))  # a halo keeps the label clear of the lines
        colour = ASHI_COLOUR if label.key.startswith("ashi-") else QColor("#222222")
        painter.fillPath(path, QBrush(colour))
    painter.end()
    return image
