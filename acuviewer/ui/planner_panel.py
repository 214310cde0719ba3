"""The planning panel: from the patient in front of the practitioner to a saved, printable point prescription.

Choose the condition, the course of the pain (or mark the painful places on the map), the patterns and the
patient's flags; tick any red flag. The panel suggests points (planner.suggest), shows them on the map and lets the
practitioner edit the plan, set the session and write notes, then save it under a name. Qt-free rules live in
acuviewer.planner; this module only wires widgets to them.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from acuviewer.catalogue.condition import Condition
from acuviewer.catalogue.model import COURSES, PATIENT_FLAGS, Point
from acuviewer.catalogue.repository import Repository
from acuviewer.planner import regions
from acuviewer.planner.plans import Edits, added_concerns, edits_of, plan_points
from acuviewer.planner.suggest import Request, RequestError, Suggestion, suggest
from acuviewer.ui.map_marks import Place
from acuviewer.ui.map_view import MapView
from acuviewer.ui.plan_tree import PlanTree
from acuviewer.userdata.errors import UserDataError
from acuviewer.userdata.model import AshiPoint, Plan, PlanSummary, Session
from acuviewer.userdata.store import UserStore

COURSE_TITLES = {
    "posterior": "Back of the leg (Bladder type)",
    "lateral": "Side of the leg (Gallbladder type)",
    "mixed": "Both (mixed)",
}
FLAG_TITLES = {
    "pregnant": "Pregnant",
    "anticoagulants": "On anticoagulants",
    "pacemaker": "Pacemaker or implanted device",
    "needle-shy": "Needle-shy (fewest needles)",
}
NEW_PLAN = -1  # the plan list's entry for a plan not saved yet
REFERRAL_STYLE = "background:#b71c1c; color:white; padding:8px; font-weight:bold; border-radius:4px"
WARNING_STYLE = "background:#fff3c4; color:#3e2f00; padding:6px; border-radius:4px"
PLACING = {"": "", "ashi": "Click the map where the tender point is.", "pain": "Click the map where it hurts."}


class PlannerPanel(QWidget):
    """Edits one plan at a time; the store may arrive after the panel (it is opened once the window is up)."""

    point_chosen = Signal(str)
    message = Signal(str)

    def __init__(self, repo: Repository, map_view: MapView) -> None:
        super().__init__()
        self.repo = repo
        self.map = map_view
        self.store: UserStore | None = None
        self.condition: Condition | None = None
        self.suggestion: Suggestion | None = None
        self.edits = Edits()
        self.ashi: list[AshiPoint] = []
        self.pain: list[Place] = []
        self.plan_id: int | None = None
        self.created = ""
        self.dirty = False
        self.current_point: str | None = None
        self._points: dict[str, Point] | None = None
        self._placing = ""
        self._loading = False
        self._build()
        self.map.place_clicked.connect(self._placed)
        self._choose_condition()
        self.new_plan()
        self.set_store(None)

    # --- widgets -------------------------------------------------------------------------------------------
    def _build(self) -> None:
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(6, 6, 6, 6)

        self.plans = QComboBox()
        self.plans.setAccessibleName("Saved plans")
        self.name = QLineEdit(placeholderText="Plan name, e.g. the patient's initials and the date")
        self.name.setAccessibleName("Plan name")
        buttons = QGridLayout()
        self.save_button = QPushButton("&Save")
        self.new_button = QPushButton("New")
        self.duplicate_button = QPushButton("Duplicate")
        self.delete_button = QPushButton("Delete…")
        for index, button in enumerate((self.save_button, self.new_button, self.duplicate_button, self.delete_button)):
            buttons.addWidget(button, 0, index)
        plan_box = QGroupBox("Plan")
        plan_form = QFormLayout(plan_box)
        plan_form.addRow("Open:", self.plans)
        plan_form.addRow("Name:", self.name)
        plan_form.addRow(buttons)
        layout.addWidget(plan_box)

        self.referral = _notice(REFERRAL_STYLE, "Referral warning")
        layout.addWidget(self.referral)

        patient = QGroupBox("Patient")
        patient_layout = QVBoxLayout(patient)
        self.conditions = QComboBox()
        self.conditions.setAccessibleName("Condition")
        for condition_id, name in self.repo.conditions():
            self.conditions.addItem(name, condition_id)
        patient_layout.addWidget(self.conditions)
        patient_layout.addWidget(QLabel("Where the pain runs:"))
        self.course_group = QButtonGroup(self)
        self.course_buttons: dict[str, QRadioButton] = {}
        for course in COURSES:
            radio = QRadioButton(COURSE_TITLES[course])
            self.course_group.addButton(radio)
            self.course_buttons[course] = radio
            patient_layout.addWidget(radio)
        pain_row = QHBoxLayout()
        self.mark_pain = QPushButton("Mark pain on map")
        self.mark_pain.setCheckable(True)
        self.mark_pain.setToolTip("Click the places that hurt; the course follows from them")
        self.clear_pain = QPushButton("Clear")
        pain_row.addWidget(self.mark_pain)
        pain_row.addWidget(self.clear_pain)
        patient_layout.addLayout(pain_row)
        self.pain_summary = QLabel()
        self.pain_summary.setWordWrap(True)
        patient_layout.addWidget(self.pain_summary)
        self.pattern_label = QLabel("Patterns:")
        patient_layout.addWidget(self.pattern_label)
        self.patterns_box = QVBoxLayout()
        patient_layout.addLayout(self.patterns_box)
        self.pattern_checks: dict[str, QCheckBox] = {}
        patient_layout.addWidget(QLabel("Patient flags:"))
        self.flag_checks: dict[str, QCheckBox] = {}
        for flag in PATIENT_FLAGS:
            check = QCheckBox(FLAG_TITLES[flag])
            self.flag_checks[flag] = check
            patient_layout.addWidget(check)
        layout.addWidget(patient)

        self.red_box = QGroupBox("Red flags (refer first if any)")
        self.red_layout = QVBoxLayout(self.red_box)
        self.red_checks: dict[str, QCheckBox] = {}
        layout.addWidget(self.red_box)

        self.warnings = _notice(WARNING_STYLE, "Safety notes")
        layout.addWidget(self.warnings)

        self.tree = PlanTree()
        layout.addWidget(self.tree)
        edit_row = QHBoxLayout()
        self.add_button = QPushButton("Add point")
        self.add_button.setToolTip("Adds the point selected on the map or in the lists")
        self.add_button.setEnabled(False)
        self.ashi_button = QPushButton("Add Ashi")
        self.ashi_button.setToolTip("Then click the map where the tender point is")
        self.ashi_button.setCheckable(True)
        self.remove_button = QPushButton("Remove")
        for button in (self.add_button, self.ashi_button, self.remove_button):
            edit_row.addWidget(button)
        layout.addLayout(edit_row)

        session = QGroupBox("Session")
        form = QFormLayout(session)
        self.retention = QSpinBox(minimum=0, maximum=120, suffix=" min")
        self.retention.setSpecialValueText("not set")
        self.retention.setAccessibleName("Needle retention")
        self.retention_hint = QLabel()
        self.retention_hint.setWordWrap(True)
        form.addRow("Retention:", self.retention)
        form.addRow("", self.retention_hint)
        self.ea_list = QListWidget()
        self.ea_list.setAccessibleName("Electroacupuncture pairs")
        self.ea_list.setMaximumHeight(90)
        form.addRow("EA pairs:", self.ea_list)
        self.frequency = QDoubleSpinBox(minimum=0.0, maximum=200.0, decimals=1, suffix=" Hz")
        self.frequency.setSpecialValueText("not set")
        self.frequency.setToolTip("No source gives a frequency: set it by your own training")
        self.frequency.setAccessibleName("Electroacupuncture frequency")
        form.addRow("EA frequency:", self.frequency)
        self.cupping = QCheckBox("Cupping")
        self.moxa = QCheckBox("Moxa")
        extras = QHBoxLayout()
        extras.addWidget(self.cupping)
        extras.addWidget(self.moxa)
        form.addRow(extras)
        layout.addWidget(session)

        layout.addWidget(QLabel("Notes:"))
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Plan notes")
        self.notes.setPlaceholderText("Findings, response to treatment, what to try next time…")
        self.notes.setMaximumHeight(120)
        layout.addWidget(self.notes)

        print_row = QHBoxLayout()
        self.sheet_button = QPushButton("Treatment sheet…")
        self.handout_button = QPushButton("Patient handout…")
        print_row.addWidget(self.sheet_button)
        print_row.addWidget(self.handout_button)
        layout.addLayout(print_row)

        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        # Never sideways: the panel is narrow, so its texts wrap instead.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._connect()

    def _connect(self) -> None:
        self.conditions.currentIndexChanged.connect(self._choose_condition)
        self.course_group.buttonToggled.connect(self._course_toggled)
        for check in self.flag_checks.values():
            check.toggled.connect(self._request_changed)
        self.mark_pain.toggled.connect(lambda on: self._set_placing("pain" if on else ""))
        self.ashi_button.toggled.connect(lambda on: self._set_placing("ashi" if on else ""))
        self.clear_pain.clicked.connect(self.clear_pain_marks)
        self.add_button.clicked.connect(self._add_current)
        self.remove_button.clicked.connect(self.tree.remove_current)
        self.tree.remove_requested.connect(self.remove_point)
        self.tree.remove_ashi_requested.connect(self.remove_ashi)
        self.tree.ashi_note_edited.connect(self._ashi_note)
        self.tree.point_chosen.connect(self.point_chosen)
        for widget in (self.retention, self.frequency):
            widget.valueChanged.connect(self._touched)
        for box in (self.cupping, self.moxa):
            box.toggled.connect(self._touched)
        self.ea_list.itemChanged.connect(self._touched)
        self.notes.textChanged.connect(self._touched)
        self.name.textEdited.connect(self._touched)
        self.save_button.clicked.connect(self.save)
        self.new_button.clicked.connect(self.new_plan)
        self.duplicate_button.clicked.connect(self.duplicate)
        self.delete_button.clicked.connect(self.delete)
        self.plans.activated.connect(self._plan_chosen)

    # --- the request ---------------------------------------------------------------------------------------
    def _choose_condition(self) -> None:
        condition_id = self.conditions.currentData()
        self.condition = self.repo.condition(condition_id) if condition_id else None
        for container in (self.patterns_box, self.red_layout):
            while container.count():
                taken = container.takeAt(0)
                widget = taken.widget() if taken is not None else None
                if widget is not None:
                    widget.deleteLater()
        self.pattern_checks = {}
        self.red_checks = {}
        if self.condition is None:
            self._request_changed()
            return
        for pattern in self.condition.patterns:
            check = QCheckBox(pattern.name)
            check.setToolTip("Signs: " + "; ".join(pattern.signs))
            check.toggled.connect(self._request_changed)
            self.pattern_checks[pattern.id] = check
            self.patterns_box.addWidget(check)
        for red in self.condition.red_flags:
            check = QCheckBox(red.name or red.text)
            check.setToolTip(f"{red.text} [{red.source}]")
            check.toggled.connect(self._request_changed)
            self.red_checks[red.key] = check
            self.red_layout.addWidget(check)
        s = self.condition.session
        self.retention_hint.setText(
            f"Acute: {s.retention_acute.low:g}–{s.retention_acute.high:g} min; later: "
            f"{s.retention_later.low:g}–{s.retention_later.high:g} min [{s.source}]"
        )
        self._request_changed()

    def _course_toggled(self, _button: QAbstractButton, on: bool) -> None:
        if on:  # the button switched off fires too: suggest once, for the one switched on
            self._request_changed()

    def request(self) -> Request | None:
        course = next((c for c, b in self.course_buttons.items() if b.isChecked()), None)
        if course is None:
            return None
        return Request(
            course,
            tuple(p for p, check in self.pattern_checks.items() if check.isChecked()),
            frozenset(f for f, check in self.flag_checks.items() if check.isChecked()),
            tuple(r for r, check in self.red_checks.items() if check.isChecked()),
        )

    def points_by_code(self) -> dict[str, Point]:
        if self._points is None:
            self._points = {p.code: p for p in self.repo.points()}  # once, when the first suggestion is made
        return self._points

    def _request_changed(self) -> None:
        if self._loading:
            return
        previous = self.suggestion
        request = self.request()
        self.suggestion = None
        if request is not None and self.condition is not None:
            try:
                self.suggestion = suggest(self.condition, request, self.points_by_code())
            except RequestError as error:
                self.message.emit(str(error))
        if previous is None or self.suggestion is None or previous.ea_pairs != self.suggestion.ea_pairs:
            self._fill_ea_pairs(None)
        self._touched()
        self._show()

    def _fill_ea_pairs(self, chosen: tuple[tuple[str, str], ...] | None) -> None:
        """The suggested pairs as check boxes; `chosen` None means all suggested pairs are ticked (a new plan)."""
        self.ea_list.blockSignals(True)
        self.ea_list.clear()
        pairs = [p.points for p in self.suggestion.ea_pairs] if self.suggestion else []
        for extra in chosen or ():
            if extra not in pairs:
                pairs.append(extra)  # a saved pair the current suggestion no longer offers stays visible
        for first, second in pairs:
            item = QListWidgetItem(f"{first} + {second}")
            item.setData(Qt.ItemDataRole.UserRole, (first, second))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = chosen is None or (first, second) in chosen
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.ea_list.addItem(item)
        self.ea_list.blockSignals(False)

    # --- what is shown -------------------------------------------------------------------------------------
    def _show(self) -> None:
        request = self.request()
        suggestion = self.suggestion
        ticked = (
            [f for f in self.condition.red_flags if f.key in request.red_flags] if request and self.condition else []
        )
        if ticked:
            self.referral.setText(
                "REFER BEFORE TREATING. Red flag(s) present: "
                + "; ".join(f.name or f.text for f in ticked)
                + ". Arrange medical assessment first; the points below are for after clearance."
            )
        self.referral.setVisible(bool(ticked))
        notes = [w for w in suggestion.warnings if not w.startswith("REFER")] if suggestion else []
        if request is None:
            notes = ["Choose where the pain runs (or mark it on the map) to see suggested points."]
        self.warnings.setText("\n\n".join(f"⚠ {n}" for n in notes))
        self.warnings.setVisible(bool(notes))
        points = plan_points(suggestion, self.edits)
        concerns = {s.code: "; ".join(s.flagged) for s in suggestion.points if s.flagged} if suggestion else {}
        flags = request.flags if request else frozenset()
        concerns |= added_concerns([p.code for p in self.edits.added], flags, self.points_by_code())
        self.tree.show_plan(points, self.ashi, suggestion.excluded if suggestion else (), concerns)
        self._mark_map()

    def _mark_map(self) -> None:
        codes = frozenset(p.code for p in plan_points(self.suggestion, self.edits))
        places = tuple(Place("ashi", a.view, a.x, a.y, a.note) for a in self.ashi) + tuple(self.pain)
        self.map.set_plan_marks(codes, places)

    def set_current_point(self, code: str) -> None:
        """The point selected in the window: the one "Add selected point" adds."""
        self.current_point = code
        self.add_button.setText(f"Add {code}")
        self.add_button.setEnabled(True)

    # --- editing -------------------------------------------------------------------------------------------
    def _add_current(self) -> None:
        if self.current_point is not None:
            self.add_point(self.current_point)

    def add_point(self, code: str) -> None:
        if code in {p.code for p in plan_points(self.suggestion, self.edits)}:
            self.message.emit(f"{code} is already in the plan.")
            return
        self.edits = self.edits.add(code, "added by the practitioner")
        self._touched()
        self._show()

    def remove_point(self, code: str) -> None:
        self.edits = self.edits.remove(code)
        self._touched()
        self._show()

    def add_ashi(self, view: str, x: float, y: float, note: str = "") -> None:
        self.ashi.append(AshiPoint(view, x, y, regions.side_at(view, x), note))
        self._touched()
        self._show()
        items = self.tree.items("ashi")
        if items and not note and self.isVisible():
            self.tree.setCurrentItem(items[-1], 1)
            self.tree.editItem(items[-1], 1)  # type the note straight away

    def remove_ashi(self, index: int) -> None:
        if 0 <= index < len(self.ashi):
            del self.ashi[index]
            self._touched()
            self._show()

    def _ashi_note(self, index: int, note: str) -> None:
        if 0 <= index < len(self.ashi):
            self.ashi[index] = replace(self.ashi[index], note=note)
            self._touched()
            self._mark_map()  # the diamond's tooltip shows the note; the tree already has it

    def _set_placing(self, kind: str) -> None:
        self._placing = kind
        for button, own in ((self.mark_pain, "pain"), (self.ashi_button, "ashi")):
            button.blockSignals(True)
            button.setChecked(kind == own)
            button.blockSignals(False)
        if kind or self.map.placing_for(self):  # never end the quiz's placing, only our own
            self.map.set_placing(bool(kind), self)
        if kind:
            self.message.emit(PLACING[kind])

    def _placed(self, view: str, x: float, y: float) -> None:
        if not self.map.placing_for(self):
            self._set_placing("")  # the quiz took the map over: this click is its answer, not a mark of the plan
            return
        if self._placing == "ashi":
            self.add_ashi(view, x, y)
            self._set_placing("")  # one Ashi point per click on the button: a stray click adds nothing
        elif self._placing == "pain":
            self.mark_pain_at(view, x, y)

    def mark_pain_at(self, view: str, x: float, y: float) -> None:
        region = regions.region_at(view, x, y)
        if region is None:
            self.message.emit("That place is not on a region this planner knows (low back, buttock or leg).")
            return
        self.pain.append(Place("pain", view, x, y, f"{region.label} ({regions.side_at(view, x)})"))
        self._course_from_pain()

    def clear_pain_marks(self) -> None:
        self.pain = []
        self._set_placing("")
        self.pain_summary.setText("")
        self._show()

    def _course_from_pain(self) -> None:
        found = [regions.region_at(p.view, p.x, p.y) for p in self.pain]
        marked = [r for r in found if r is not None]
        course = regions.course_from_regions(marked)
        labels = ", ".join(dict.fromkeys(p.label for p in self.pain))
        if course is None:
            self.pain_summary.setText(f"Marked: {labels}. Mark the leg as well to tell the course.")
            self._show()
            return
        self.pain_summary.setText(f"Marked: {labels} → {COURSE_TITLES[course].lower()}.")
        if self.course_buttons[course].isChecked():
            self._show()
        else:
            self.course_buttons[course].setChecked(True)  # suggests again through the button group

    def _touched(self) -> None:
        if not self._loading:
            self.dirty = True

    # --- the plan as data ----------------------------------------------------------------------------------
    def plan(self) -> Plan:
        """The plan as the panel shows it now (unsaved edits included)."""
        request = self.request()
        pairs = []
        for row in range(self.ea_list.count()):
            item = self.ea_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                first, second = item.data(Qt.ItemDataRole.UserRole)
                pairs.append((str(first), str(second)))
        return Plan(
            id=self.plan_id,
            name=self.name.text().strip() or "Untitled plan",
            condition=self.condition.id if self.condition else "",
            course=request.course if request else "",
            patterns=request.patterns if request else (),
            flags=tuple(sorted(request.flags)) if request else (),
            red_flags=request.red_flags if request else (),
            points=plan_points(self.suggestion, self.edits),
            ashi=tuple(self.ashi),
            session=Session(
                retention_min=self.retention.value() or None,
                ea_pairs=tuple(pairs),
                ea_frequency_hz=self.frequency.value() or None,
                cupping=self.cupping.isChecked(),
                moxa=self.moxa.isChecked(),
            ),
            notes=self.notes.toPlainText(),
            created=self.created,
        )

    def load(self, plan: Plan) -> None:
        """Shows a saved (or duplicated) plan, ready to edit."""
        self._loading = True
        try:
            index = self.conditions.findData(plan.condition)
            if index >= 0 and index != self.conditions.currentIndex():
                self.conditions.setCurrentIndex(index)
            self.course_group.setExclusive(False)
            for course, button in self.course_buttons.items():
                button.setChecked(course == plan.course)
            self.course_group.setExclusive(True)
            for key, check in self.pattern_checks.items():
                check.setChecked(key in plan.patterns)
            for key, check in self.flag_checks.items():
                check.setChecked(key in plan.flags)
            for key, check in self.red_checks.items():
                check.setChecked(key in plan.red_flags)
            self.plan_id = plan.id
            self.created = plan.created
            self.name.setText(plan.name)
            self.ashi = list(plan.ashi)
            self.pain = []
            self.pain_summary.setText("")
            self.retention.setValue(plan.session.retention_min or 0)
            self.frequency.setValue(plan.session.ea_frequency_hz or 0.0)
            self.cupping.setChecked(plan.session.cupping)
            self.moxa.setChecked(plan.session.moxa)
            self.notes.setPlainText(plan.notes)
        finally:
            self._loading = False
        request = self.request()
        self.suggestion = None
        if request is not None and self.condition is not None:
            try:
                self.suggestion = suggest(self.condition, request, self.points_by_code())
            except RequestError as error:
                self.message.emit(f"This plan names something the catalogue no longer has: {error}")
        self.edits = edits_of(plan, self.suggestion)
        self._fill_ea_pairs(plan.session.ea_pairs)
        self.dirty = False
        self._show()

    def new_plan(self) -> None:
        blank = Plan(id=None, name="", condition=self.conditions.currentData() or "")
        self.load(blank)
        self.edits = Edits()
        if self.condition is not None:
            self.retention.setValue(round(self.condition.session.retention_later.low))  # as plans.default_session
        self.plans.setCurrentIndex(0)
        self.dirty = False

    # --- the store -----------------------------------------------------------------------------------------
    def set_store(self, store: UserStore | None) -> None:
        self.store = store
        for button in (self.save_button, self.duplicate_button, self.delete_button, self.plans):
            button.setEnabled(store is not None)
        self.refresh_plans()

    def refresh_plans(self) -> None:
        self.plans.blockSignals(True)
        self.plans.clear()
        self.plans.addItem("(new plan)", NEW_PLAN)
        summaries: list[PlanSummary] = []
        if self.store is not None:
            try:
                summaries = self.store.plans()
            except UserDataError as error:
                self.message.emit(str(error))
        for summary in summaries:
            when = summary.modified[:16].replace("T", " ")
            self.plans.addItem(f"{summary.name} — {summary.course or 'no course'}, {when} UTC", summary.id)
        index = self.plans.findData(self.plan_id if self.plan_id is not None else NEW_PLAN)
        self.plans.setCurrentIndex(max(index, 0))
        self.plans.blockSignals(False)

    def save(self) -> bool:
        if self.store is None:
            self.message.emit("Your data file is not open, so the plan cannot be saved.")
            return False
        if not self.name.text().strip():
            self.name.setFocus()
            self.message.emit("Give the plan a name first.")
            return False
        try:
            self.plan_id = self.store.save_plan(self.plan())
            saved = self.store.plan(self.plan_id)
        except UserDataError as error:
            self.message.emit(f"The plan was not saved: {error}")  # the edits stay on screen
            return False
        if saved is not None:
            self.created = saved.created
        self.dirty = False
        self.refresh_plans()
        self.message.emit(f"Saved plan “{self.name.text().strip()}”.")
        return True

    def open_plan(self, plan_id: int) -> bool:
        if self.store is None:
            return False
        try:
            plan = self.store.plan(plan_id)
        except UserDataError as error:
            self.message.emit(str(error))
            return False
        if plan is None:
            self.message.emit("That plan is no longer in your data.")
            self.refresh_plans()
            return False
        self.load(plan)
        self.refresh_plans()
        return True

    def _plan_chosen(self, index: int) -> None:
        plan_id = self.plans.itemData(index)
        if plan_id == self.plan_id or (plan_id == NEW_PLAN and self.plan_id is None):
            return
        if not self.confirm_discard():
            self.refresh_plans()  # back to the plan being edited
            return
        if plan_id == NEW_PLAN:
            self.new_plan()
        else:
            self.open_plan(int(plan_id))

    def confirm_discard(self) -> bool:
        """Asks before unsaved edits are replaced; the window overrides how (a dialog), tests answer directly."""
        return self.ask_discard() if self.dirty else True

    def ask_discard(self) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self,
            "Unsaved plan",
            "The plan has changes that are not saved. Save them first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def duplicate(self) -> None:
        if self.store is None or self.plan_id is None:
            self.message.emit("Save the plan before duplicating it.")
            return
        if self.dirty and not self.save():
            return
        try:
            copy = self.store.duplicate_plan(self.plan_id, f"{self.name.text().strip()} (copy)")
        except UserDataError as error:
            self.message.emit(str(error))
            return
        self.open_plan(copy)
        self.message.emit(f"Duplicated as “{self.name.text()}”.")

    def delete(self) -> None:
        if self.store is None or self.plan_id is None:
            return
        if not self.confirm_delete():
            return
        try:
            self.store.delete_plan(self.plan_id)
        except UserDataError as error:
            self.message.emit(str(error))
            return
        name = self.name.text()
        self.plan_id = None
        self.new_plan()
        self.refresh_plans()
        self.message.emit(f"Deleted plan “{name}”.")

    def confirm_delete(self) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self, "Delete plan", f"Delete the plan “{self.name.text()}”? This cannot be undone."
        )
        return answer == QMessageBox.StandardButton.Yes


def _notice(style: str, name: str) -> QLabel:
    """A coloured, wrapping notice, hidden until there is something to say."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(style)
    label.setAccessibleName(name)
    label.setVisible(False)
    return label
