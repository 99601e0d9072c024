"""Layering rules from DESIGN.md, checked by parsing imports; plus a signal stress test."""

from __future__ import annotations

import ast
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

PACKAGE = Path(__file__).resolve().parent.parent / "genai_desktop"
CORE_IO_MODULES = {"llm", "secrets", "config_file", "logsetup", "selftest", "paths", "history", "history_schema",
                   "history_rows", "history_search", "instance", "trust",
                   "transfer", "connection_check", "proxy_transport", "pac"}


def imported_modules(path: Path) -> set[str]:
    """Absolute names of every module a file imports, relative imports resolved."""
    package_parts = ["genai_desktop", *path.relative_to(PACKAGE).parent.parts]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[: len(package_parts) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__" and node.args:
            if isinstance(node.args[0], ast.Constant):
                names.add(str(node.args[0].value))
    return names


def files_of(layer: str) -> list[Path]:
    files = sorted((PACKAGE / layer).rglob("*.py"))
    assert files, layer
    return files


def test_core_never_imports_qt_or_ui():
    for path in files_of("core"):
        bad = {name for name in imported_modules(path)
               if name.startswith(("PySide6", "shiboken6", "genai_desktop.qt", "genai_desktop.ui"))}
        assert not bad, f"{path.name} imports {bad}"


def test_qt_layer_uses_only_qtcore():
    for path in files_of("qt"):
        bad = {name for name in imported_modules(path)
               if (name.startswith("PySide6") and not name.startswith("PySide6.QtCore"))
               or name.startswith("genai_desktop.ui")}
        assert not bad, f"{path.name} imports {bad}"


def test_ui_never_reaches_core_io_directly():
    for path in files_of("ui"):
        bad = {name for name in imported_modules(path)
               if name.split(".")[0] in ("openai", "keyring", "sqlite3", "httpx2")
               or (name.startswith("genai_desktop.core.") and name.split(".")[2] in CORE_IO_MODULES)}
        assert not bad, f"{path.name} imports {bad}"


def test_nothing_uses_a_web_engine():
    for path in PACKAGE.rglob("*.py"):
        assert not any("WebEngine" in name for name in imported_modules(path)), path


def test_checker_sees_violations(tmp_path):
    """The rule checks above would notice a forbidden import."""
    sample = PACKAGE / "ui" / "_layering_probe.py"
    sample.write_text("from ..core import llm\nimport keyring\n", encoding="utf-8")
    try:
        names = imported_modules(sample)
    finally:
        sample.unlink()
    assert "genai_desktop.core.llm" in names and "keyring" in names


class _Emitter(QObject):
    ping = Signal(int, str)

    @Slot()
    def run(self):
        for number in range(100_000):
            self.ping.emit(number, "x")


class _Receiver(QObject):
    def __init__(self):
        super().__init__()
        self.count = 0
        self.total = 0
        self.wrong_thread = 0

    @Slot(int, str)
    def on_ping(self, number, _text):
        self.count += 1
        self.total += number
        if threading.current_thread() is not threading.main_thread():
            self.wrong_thread += 1


def test_signal_stress_across_threads(qtbot):
    """PySide6 6.12.0 aborted after a few thousand cross-thread emits; the pinned version must not."""
    thread = QThread()
    emitter = _Emitter()
    emitter.moveToThread(thread)
    receiver = _Receiver()
    emitter.ping.connect(receiver.on_ping)
    thread.started.connect(emitter.run)
    thread.start()
    try:
        qtbot.waitUntil(lambda: receiver.count == 100_000, timeout=120_000)
    finally:
        thread.quit()
        thread.wait()
    assert receiver.total == sum(range(100_000))
    assert receiver.wrong_thread == 0


def test_garbage_with_qt_objects_is_collected_on_the_gui_thread(qtbot):
    """Automatic collection is off; the GUI thread collects cycles, also those holding Qt objects."""
    import gc
    import weakref

    from genai_desktop.qt.garbage import collect_garbage_on_gui_thread

    from PySide6.QtWidgets import QApplication

    collect_garbage_on_gui_thread(QApplication.instance())
    assert not gc.isenabled()

    class Cycle(QObject):
        pass

    destroyed_in = []
    cycle = Cycle()
    cycle.me = cycle  # a reference cycle: only the cyclic collector frees it
    cycle.destroyed.connect(lambda *_: destroyed_in.append(threading.current_thread().name))
    alive = weakref.ref(cycle)
    del cycle

    kept = []

    def allocate_in_worker():
        kept.append([[] for _ in range(50_000)])  # would trigger a collection here if it were automatic

    worker = threading.Thread(target=allocate_in_worker, name="allocating-worker")
    worker.start()
    worker.join()
    assert alive() is not None  # nothing was collected on the worker
    qtbot.waitUntil(lambda: alive() is None, timeout=5000)
    assert destroyed_in in ([], ["MainThread"])


def test_a_full_collection_waits_while_an_answer_streams_and_the_first_freezes_the_long_lived():
    """Walking every object takes 70-150 ms once the app's libraries are loaded: not in the middle of an
    answer; the first full collection freezes what survives it, so later ones walk only what came after."""
    import gc

    from genai_desktop.qt.garbage import GuiThreadGarbageCollector

    collector = GuiThreadGarbageCollector()
    seen, kept = [], []

    def watch(phase, info):
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(watch)
    thresholds = gc.get_threshold()
    try:
        gc.set_threshold(1, 1, 1)  # every check is due for a full collection
        collector._thresholds = gc.get_threshold()
        collector.set_busy(True)
        for _ in range(8):
            kept.append([[] for _ in range(10)])  # young objects: the counts go past the thresholds
            collector.check()
        assert seen and max(seen) == 1  # the young generations, not the full one
        collector.set_busy(False)
        for _ in range(8):
            kept.append([[] for _ in range(10)])
            collector.check()
        assert 2 in seen and gc.get_freeze_count() > 0
    finally:
        gc.callbacks.remove(watch)
        gc.set_threshold(*thresholds)
        gc.unfreeze()  # the tests after this one collect as before
        collector.deleteLater()
