"""Lines per module and methods per class of genai_desktop, biggest first.

    python3 build/code_size.py [--limit-lines 500] [--limit-methods 35]

A module over about 500 lines or a class over about 35 methods has grown too big (issue 10).
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "genai_desktop"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit-lines", type=int, default=500)
    parser.add_argument("--limit-methods", type=int, default=35)
    args = parser.parse_args()
    modules, classes = [], []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(PACKAGE.parent).as_posix()
        modules.append((len(source.splitlines()), name))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef):
                methods = sum(isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) for item in node.body)
                classes.append((methods, f"{name}:{node.name}"))
    print(f"{'lines':>6}  module")
    for lines, name in sorted(modules, reverse=True):
        print(f"{lines:6d}  {name}{'  <- over ' + str(args.limit_lines) if lines > args.limit_lines else ''}")
    print(f"total {sum(lines for lines, _ in modules)} lines in {len(modules)} modules\n")
    print(f"{'methods':>7}  class")
    for methods, name in sorted(classes, reverse=True)[:25]:
        print(f"{methods:7d}  {name}{'  <- over ' + str(args.limit_methods) if methods > args.limit_methods else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
