"""Files the app is handed to open, from each place a system hands them over: the command line (a
double-click on Linux and Windows starts the app with the file: Exec=… %F), a second start's raise
request (qt.instance), and macOS's FileOpen event. Each goes to MainWindow.open_file, which routes it
by its type.

The command line is Qt's too (-platform offscreen), and a file name that is no text crashes PySide6's
QApplication, so what Qt is given and what is a file to open are worked out here.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QApplication

from .. import APP_NAME

log = logging.getLogger(__name__)


class Application(QApplication):
    """The app's QApplication: it also takes the files macOS hands over (a document double-clicked in the
    Finder reaches the app, starting or running, as a FileOpen event to the application, not as an argument)."""

    fileOpenRequested = Signal(str)

    def event(self, event) -> bool:  # the application's own events only (an event filter would see all)
        if event.type() == QEvent.FileOpen and event.file():
            self.fileOpenRequested.emit(event.file())
            return True
        return super().event(event)


def not_text(arguments: Sequence[str]) -> list[str]:
    """The arguments that are no text: a file name in another encoding than the system's, whose bytes Python
    keeps as lone surrogates."""
    return [argument for argument in arguments if any("\ud800" <= char <= "\udfff" for char in argument)]


def qt_arguments(arguments: Sequence[str]) -> list[str]:
    """What QApplication is given: PySide6 6.11 crashes (SIGSEGV) on an argument that is no text, and such a
    file name is no option of Qt's anyway."""
    odd = not_text([sys.argv[0], *arguments])
    program = sys.argv[0] if sys.argv[0] not in odd else APP_NAME
    return [program, *(argument for argument in arguments if argument not in odd)]


def files_to_open(named: Sequence[str], left_by_qt: Sequence[str]) -> list[Path]:
    """The files named on the command line, absolute (a second start hands them to a window with another
    working folder). A value of one of Qt's own options (-platform offscreen) is none: QApplication took it
    out of the arguments it left."""
    left = list(left_by_qt)
    files = []
    for name in named:
        if name in left:
            left.remove(name)
            files.append(Path(os.path.abspath(name)))
    return files


def open_files(window, files: Sequence[Path]) -> None:
    log.info("opening %d file(s) handed to the app", len(files))
    for path in files:
        window.open_file(path)
