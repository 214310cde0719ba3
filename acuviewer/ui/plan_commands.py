"""Plan menu commands: plans, the treatment sheet and handout, and the practitioner's data file (backup, restore,
export, import). Each failure becomes a message, never a traceback; a refused restore or import changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from acuviewer.ui.commands import save_with_dialog
from acuviewer.userdata import paths
from acuviewer.userdata.backup import backup_to, list_backups, restore
from acuviewer.userdata.errors import UserDataError
from acuviewer.userdata.exchange import export_plans, import_plans, read_plans_file, write_plans_file
from acuviewer.userdata.store import UserStore

if TYPE_CHECKING:
    from PySide6.QtGui import QTextDocument

    from acuviewer.ui.main_window import MainWindow


# --- plans -------------------------------------------------------------------------------------------------
def new_plan(window: MainWindow) -> None:
    window.show_planner(True)
    panel = window.planner()
    if panel.confirm_discard():
        panel.new_plan()


def save_plan(window: MainWindow) -> None:
    window.show_planner(True)
    window.planner().save()


def duplicate_plan(window: MainWindow) -> None:
    window.show_planner(True)
    window.planner().duplicate()


def delete_plan(window: MainWindow) -> None:
    window.show_planner(True)
    window.planner().delete()


# --- printing ----------------------------------------------------------------------------------------------
def _font() -> QFont:
    font = QFont(QGuiApplication.font())
    font.setPointSize(10)
    return font


def sheet(window: MainWindow) -> QTextDocument:
    from acuviewer.ui.plan_print import sheet_document

    document: QTextDocument = sheet_document(window.repo, window.planner().plan(), _font())
    return document


def handout(window: MainWindow) -> QTextDocument:
    from acuviewer.ui.plan_print import handout_document

    document: QTextDocument = handout_document(window.repo, window.planner().plan(), _font())
    return document


def save_sheet_pdf(window: MainWindow, path: Path) -> None:
    from acuviewer.ui.plan_print import save_pdf

    save_pdf(sheet(window), path)


def save_handout_pdf(window: MainWindow, path: Path) -> None:
    from acuviewer.ui.plan_print import save_pdf

    save_pdf(handout(window), path)


def _ready(window: MainWindow) -> bool:
    window.show_planner(True)
    if window.planner().request() is None:
        window.show_message("Choose where the pain runs first: the sheet is the plan's.")
        return False
    return True


def _hint(window: MainWindow, what: str) -> Path:
    name = "".join(c if c.isalnum() or c in "-_" else "-" for c in window.planner().name.text().strip()) or "plan"
    return Path.home() / f"acuviewer-{what}-{name}.pdf"


def _save_pdf_dialog(window: MainWindow, title: str, what: str, write: Callable[[MainWindow, Path], None]) -> None:
    if _ready(window):
        save_with_dialog(window, title, _hint(window, what), "PDF (*.pdf)", lambda p: write(window, p), "Saving failed")


def save_sheet_dialog(window: MainWindow) -> None:
    _save_pdf_dialog(window, "Save treatment sheet as PDF", "sheet", save_sheet_pdf)


def save_handout_dialog(window: MainWindow) -> None:
    _save_pdf_dialog(window, "Save patient handout as PDF", "handout", save_handout_pdf)


def _print(window: MainWindow, document: QTextDocument) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if QPrintDialog(printer, window).exec() == QDialog.DialogCode.Accepted:
        document.print_(printer)


def print_sheet(window: MainWindow) -> None:
    if _ready(window):
        _print(window, sheet(window))


def print_handout(window: MainWindow) -> None:
    if _ready(window):
        _print(window, handout(window))


# --- the data file -----------------------------------------------------------------------------------------
def backup_now(window: MainWindow, destination: Path) -> None:
    backup_to(paths.store_path(window.data_dir), destination)


def restore_from(window: MainWindow, source: Path) -> Path | None:
    """Replaces the data with a backup: the store is closed for the swap and opened again whatever happens."""
    data_dir = window.data_dir
    if window.user_store is not None:
        if window.planner_dock is not None and not window.planner().confirm_discard():
            raise UserDataError("Restore cancelled: the plan being edited was not saved.")
        window.notes.save()
        window.user_store.close()
        window.attach_user_data(None, None)
    try:
        return restore(source, paths.store_path(data_dir), paths.backup_dir(data_dir))
    finally:
        window.attach_user_data(UserStore.open(paths.store_path(data_dir)), None)
        if window.planner_dock is not None:
            window.planner().new_plan()
            window.planner().refresh_plans()


def export_to(window: MainWindow, path: Path) -> int:
    store = _store(window)
    data = export_plans(store)
    write_plans_file(path, data)
    plans = data.get("plans")
    return len(plans) if isinstance(plans, list) else 0


def import_from(window: MainWindow, path: Path) -> int:
    ids = import_plans(_store(window), read_plans_file(path))
    if window.planner_dock is not None:
        window.planner().refresh_plans()
    return len(ids)


def _store(window: MainWindow) -> UserStore:
    if window.user_store is None:
        raise UserDataError("Your data file is not open.")
    return window.user_store


def backup_dialog(window: MainWindow) -> None:
    hint = Path.home() / "acuviewer-backup.sqlite"
    name, _filter = QFileDialog.getSaveFileName(window, "Back up my data", str(hint), "AcuViewer data (*.sqlite)")
    if name:
        _report(window, "Backup", lambda: backup_now(window, Path(name)), f"Your data was backed up to {name}.")


def restore_dialog(window: MainWindow) -> None:
    start = str(paths.backup_dir(window.data_dir))
    name, _filter = QFileDialog.getOpenFileName(window, "Restore my data", start, "AcuViewer data (*.sqlite);;All (*)")
    if not name:
        return
    sure = QMessageBox.question(
        window,
        "Restore my data",
        f"Replace your plans, notes and favourites with those in {name}?\n\n"
        "Your current data is kept as a safety copy in the backups folder first.",
    )
    if sure != QMessageBox.StandardButton.Yes:
        return

    def run() -> str:
        safety = restore_from(window, Path(name))
        kept = f" Your previous data was kept as {safety}." if safety else ""
        return f"Your data was restored from {name}.{kept}"

    _report(window, "Restore", run)


def export_plans_dialog(window: MainWindow) -> None:
    hint = Path.home() / "acuviewer-plans.json"
    name, _filter = QFileDialog.getSaveFileName(window, "Export plans", str(hint), "JSON (*.json)")
    if name:
        _report(window, "Export", lambda: f"Exported {export_to(window, Path(name))} plan(s) to {name}.")


def import_plans_dialog(window: MainWindow) -> None:
    name, _filter = QFileDialog.getOpenFileName(window, "Import plans", str(Path.home()), "JSON (*.json);;All (*)")
    if name:
        _report(window, "Import", lambda: f"Imported {import_from(window, Path(name))} plan(s) from {name}.")


def about_data(window: MainWindow) -> None:
    QMessageBox.information(window, "About my data", data_summary(window))


def data_summary(window: MainWindow) -> str:
    backups = list_backups(paths.backup_dir(window.data_dir))
    lines = [
        f"Your plans, notes and favourites are kept in {paths.store_path(window.data_dir)}.",
        f"Automatic backups ({len(backups)}) are in {paths.backup_dir(window.data_dir)}: the newest ten, and one a "
        "day for thirty days.",
    ]
    if window.user_data_message:
        lines.append(f"At start: {window.user_data_message}")
    return "\n\n".join(lines)


def _report(window: MainWindow, title: str, action: Callable[[], object], done: str = "") -> None:
    """Runs `action`; its message (or `done`) goes to the status bar, a failure to a message box."""
    try:
        result = action()
    except (UserDataError, OSError) as error:
        QMessageBox.warning(window, f"{title} failed", str(error))
        return
    window.show_message(result if isinstance(result, str) else done)
