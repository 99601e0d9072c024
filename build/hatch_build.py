"""Hatchling hooks for `pip install .` and `pip wheel .`: the wheel carries the compiled
translations (the .qm files are build products, never committed, so a German user of an
installed package would otherwise get English); its version and dependencies come from where
they are kept (genai_desktop/__init__.py, the exact pins of requirements.txt), not a copy."""

from __future__ import annotations

import importlib.util
import re
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface
from hatchling.metadata.plugin.interface import MetadataHookInterface

HERE = Path(__file__).resolve().parent


def _compile_translations_module():
    spec = importlib.util.spec_from_file_location("compile_translations", HERE / "compile_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pinned_requirements(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("-")]


def package_version(root: Path) -> str:
    """From __version_info__, as pyinstaller.spec reads it."""
    text = (root / "genai_desktop" / "__init__.py").read_text(encoding="utf-8")
    return ".".join(re.search(r"__version_info__ = \((\d+), (\d+), (\d+)\)", text).groups())


class CustomMetadataHook(MetadataHookInterface):
    def update(self, metadata: dict) -> None:
        metadata["version"] = package_version(Path(self.root))
        metadata["dependencies"] = pinned_requirements(Path(self.root) / "requirements.txt")


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel":
            return
        compile_translations = _compile_translations_module()
        self._compiled = tempfile.TemporaryDirectory(prefix="genai-desktop-qm-")
        for source in sorted(compile_translations.FOLDER.glob("*.ts")):
            target = Path(self._compiled.name) / source.with_suffix(".qm").name
            compile_translations.compile_catalogue(source, target)
            build_data["force_include"][str(target)] = f"genai_desktop/resources/translations/{target.name}"

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        if hasattr(self, "_compiled"):
            self._compiled.cleanup()
