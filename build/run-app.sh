#!/usr/bin/env bash
# Set up (first run only does real work) and start GenAI Desktop from source.
set -euo pipefail
cd "$(dirname "$0")/.."
bash build/setup.sh
exec .venv/bin/python -m genai_desktop "$@"
