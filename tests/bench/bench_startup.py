"""Benchmark: size, time-to-window and idle memory of the frozen app against a naive PySide6 hello-world.

    .venv/bin/python tests/bench/bench_startup.py [--exe PATH_TO_OUR_BUILD]

Builds (in the same run, with the same Python and PySide6) a QLabel hello-world with
`pyinstaller --onefile --windowed`, and our app from pyinstaller.spec unless --exe is given.
Each is started 5 times under Xvfb; time-to-window is measured until a window with the
expected title is mapped, and split at the moment the one-file bootloader has unpacked its files and
starts the app (its child process appears). Prints medians and ratios, and what the rendering libraries
(Pygments; ziamath, ziafont and latex2mathml) take in our file. Goals (issues 3 and 11): size ratio
<= 1.0, time ratio <= 1.0, idle RSS <= 100 MB.

Runs inside a private D-Bus session (dbus-run-session) when there is none: a desktop always has one,
and without it Qt's menu bar starts dbus-launch and the keyring finds no Secret Service.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PYINSTALLER = str(Path(sys.executable).with_name("pyinstaller"))
HELLO = """\
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv)
label = QLabel("Hello")
label.setWindowTitle("HelloBench")
label.show()
sys.exit(app.exec())
"""


def build_hello(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hello.py").write_text(HELLO)
    subprocess.run([PYINSTALLER, "--onefile", "--windowed", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(folder / "dist"), "--workpath", str(folder / "work"),
                    "--specpath", str(folder), str(folder / "hello.py")], check=True)
    return folder / "dist" / "hello"


def build_ours(folder: Path) -> Path:
    subprocess.run([sys.executable, str(ROOT / "build" / "compile_translations.py")], check=True)
    subprocess.run([PYINSTALLER, "--noconfirm", "--log-level", "WARN", "--distpath", str(folder / "dist"),
                    "--workpath", str(folder / "work"), str(ROOT / "pyinstaller.spec")], check=True, cwd=ROOT)
    return folder / "dist" / "GenAI-Desktop"


# What issue 11 added for rendering answers, by the top-level packages that make it up.
RENDERING_PACKAGES = {"code colours": ("pygments",), "formulas": ("ziamath", "ziafont", "latex2mathml")}


def packed_megabytes(exe: Path, packages: tuple[str, ...]) -> float:
    """Compressed megabytes the one-file archive holds for these packages: their data files and their modules."""
    from PyInstaller.archive.readers import PKG_ITEM_PYZ, CArchiveReader

    def belongs(name: str) -> bool:
        return any(name == package or name.startswith((f"{package}/", f"{package}.")) for package in packages)

    archive = CArchiveReader(str(exe))
    total = 0
    for name, (_offset, length, _unpacked, _compressed, typecode) in archive.toc.items():
        if typecode == PKG_ITEM_PYZ:
            modules = archive.open_embedded_archive(name).toc  # name -> (typecode, offset, length)
            total += sum(entry[2] for module, entry in modules.items() if belongs(module))
        elif belongs(name):
            total += length
    return total / 1e6


def start_screen() -> tuple[subprocess.Popen, str]:
    read, write = os.pipe()
    # -noreset: Xvfb resets when its last client leaves, and a start that connects meanwhile fails
    # ("could not connect to display"): between two starts that happened now and then.
    screen = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp",
                               "-noreset"], pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        display = f":{pipe.readline().strip()}"
    deadline = time.monotonic() + 10  # the number came; wait until the server takes connections too
    while subprocess.run(["xdotool", "getdisplaygeometry"], env=dict(os.environ, DISPLAY=display),
                         capture_output=True).returncode != 0:
        if time.monotonic() > deadline or screen.poll() is not None:
            raise RuntimeError(f"Xvfb on {display} does not answer")
        time.sleep(0.05)
    return screen, display


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (the one-file bootloader runs the app as a child)."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    for one in pids:
        for line in Path(f"/proc/{one}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def time_to_window(exe: Path, title: str, display: str, home: Path, measure_rss: bool) -> tuple[float, float, float]:
    """Seconds to the window, the RSS 3 s later (if asked), and seconds until the bootloader's child started."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "DISPLAY": display, "LANG": "C.UTF-8",
           "QT_QPA_PLATFORM": "xcb"}
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        env["DBUS_SESSION_BUS_ADDRESS"] = os.environ["DBUS_SESSION_BUS_ADDRESS"]
    started = time.perf_counter()
    errors = home / f"{exe.name}.stderr"
    with errors.open("wb") as sink:
        process = subprocess.Popen([str(exe)], env=env, stdout=subprocess.DEVNULL, stderr=sink)
    xdotool_env = dict(os.environ, DISPLAY=display)
    unpacked = 0.0
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    while True:
        if not unpacked and children.exists() and children.read_text().split():
            unpacked = time.perf_counter() - started
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", title], env=xdotool_env,
                               capture_output=True, text=True)
        if found.stdout.strip():
            break
        if time.perf_counter() - started > 60:
            process.kill()
            logs = "".join(path.read_text(errors="replace") for path in home.rglob("*.log"))
            raise RuntimeError(f"{exe} showed no window; its stderr:\n{errors.read_text(errors='replace')}\n"
                               f"its log:\n{logs}")
    elapsed = time.perf_counter() - started
    rss = 0.0
    if measure_rss:
        time.sleep(3)
        rss = rss_mb(process.pid)
    process.terminate()
    process.wait(timeout=15)
    return elapsed, rss, unpacked or elapsed


def main() -> int:
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS") and shutil.which("dbus-run-session"):
        os.execvp("dbus-run-session", ["dbus-run-session", "--", sys.executable, *sys.argv])
    parser = argparse.ArgumentParser()
    parser.add_argument("--exe", type=Path, help="an existing build of our app")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        temp = Path(temp)
        hello = build_hello(temp / "hello")
        ours = args.exe or build_ours(temp / "ours")
        screen, display = start_screen()
        try:
            hello_times, our_times, rss, hello_unpack, our_unpack = [], [], [], [], []
            for run in range(args.runs):  # interleaved, so both see the same machine state
                home = temp / f"home{run}"
                home.mkdir()
                seconds, _memory, unpacked = time_to_window(hello, "HelloBench", display, home, False)
                hello_times.append(seconds)
                hello_unpack.append(unpacked)
                seconds, memory, unpacked = time_to_window(ours, "GenAI Desktop", display, home, True)
                our_times.append(seconds)
                our_unpack.append(unpacked)
                rss.append(memory)
        finally:
            screen.terminate()
            screen.wait(timeout=15)  # gone before a next run's Xvfb picks a display number
        hello_size, our_size = hello.stat().st_size / 1e6, ours.stat().st_size / 1e6
        hello_time, our_time = statistics.median(hello_times), statistics.median(our_times)
        print(f"hello-world file:        {hello_size:.1f} MB, time to window {hello_time:.3f} s (median of {args.runs})")
        print(f"GenAI Desktop file:      {our_size:.1f} MB, time to window {our_time:.3f} s (median of {args.runs})")
        print(f"of which unpacking:      hello-world {statistics.median(hello_unpack):.3f} s, GenAI Desktop "
              f"{statistics.median(our_unpack):.3f} s (the rest is Python, Qt and the window)")
        print("of which rendering:      " + ", ".join(
            f"{what} ({', '.join(packages)}) {packed_megabytes(ours, packages):.2f} MB"
            for what, packages in RENDERING_PACKAGES.items()))
        print(f"size ratio:              {our_size / hello_size:.3f}   (goal <= 1.0)")
        print(f"time-to-window ratio:    {our_time / hello_time:.3f}   (goal <= 1.0)")
        print(f"idle RSS 3 s after show: {statistics.median(rss):.1f} MB   (goal <= 100)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
