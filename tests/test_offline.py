"""Offline by construction: a whole session (start, search, select, switch views, export, print to PDF) runs under
a Python audit hook on socket connections and DNS look-ups, and none is attempted."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

SESSION = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path

    NETWORK = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
               "socket.gethostbyaddr", "socket.getnameinfo", "socket.sendto", "socket.sendmsg",
               "http.client.connect", "urllib.Request", "ftplib.connect", "smtplib.connect"}
    seen = []
    sys.addaudithook(lambda event, args: seen.append(event) if event in NETWORK else None)

    from PySide6.QtCore import QSettings
    from PySide6.QtPrintSupport import QPrinter
    from acuviewer.catalogue.repository import Repository
    from acuviewer.ui import app, commands, help_dialogs
    from acuviewer.ui.pdf import pdf_printer

    catalogue, out = Path(sys.argv[1]), Path(sys.argv[2])
    qapp = app._application()
    repo = Repository.open(catalogue)
    window = app._window(qapp, repo, catalogue, QSettings(str(out / "s.ini"), QSettings.Format.IniFormat))
    window.show()
    qapp.processEvents()
    window.search_field.setText("wei zhong")
    window.choose_result()
    for view in ("lateral", "anterior", "posterior"):
        window.show_view(view)
        qapp.processEvents()
    window.map.zoom_in()
    window.step_along_channel(1)
    commands.export_view(window, out / "v.svg")
    commands.export_view(window, out / "v.png")
    commands.save_card_pdf(window, out / "card.pdf")
    document = commands.card(window)
    document.print_(pdf_printer(out / "printed.pdf"))  # the print path, to a PDF printer
    help_dialogs.show_help(window)
    help_dialogs.show_sources(window)
    qapp.processEvents()
    window.close()
    print(json.dumps({"attempts": seen, "qtnetwork": "PySide6.QtNetwork" in sys.modules,
                      "files": sorted(p.name for p in out.iterdir())}))
    """
)


def test_a_whole_session_makes_no_network_attempt(real_catalogue: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SESSION, str(real_catalogue), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        env={"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert {"v.svg", "v.png", "card.pdf", "printed.pdf"} <= set(report["files"])  # the session really ran
    assert report["attempts"] == []
    assert report["qtnetwork"] is False


def test_the_audit_hook_would_see_an_attempt(tmp_path: Path) -> None:
    """The same hook catches a look-up, so an empty list above means something."""
    probe = (
        "import sys, socket\n"
        "seen = []\n"
        "sys.addaudithook(lambda e, a: seen.append(e) if e.startswith('socket.') else None)\n"
        "try:\n    socket.getaddrinfo('example.invalid', 80)\nexcept OSError:\n    pass\n"
        "print(seen)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False)
    assert "socket.getaddrinfo" in result.stdout
