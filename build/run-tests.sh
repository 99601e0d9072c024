#!/usr/bin/env bash
# Set up everything on a fresh Debian machine and run every test:
# the pytest suite (offscreen Qt) inside a private D-Bus session with a real Secret Service
# (gnome-keyring), so the keyring tests use the same backend users have.
set -euo pipefail
cd "$(dirname "$0")/.."
bash build/setup.sh --dev
.venv/bin/python build/compile_translations.py

keyring_home=$(mktemp -d)  # the test keyring lives here, never in the user's own keyring
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home" GENAI_REQUIRE_SECRET_SERVICE=1
dbus-run-session -- bash -c '
    set -e
    eval "$(printf %s genai-test-password | gnome-keyring-daemon --unlock --components=secrets)"
    export GNOME_KEYRING_CONTROL
    .venv/bin/python -m pytest "$@"
' run-tests "$@" 2> >(grep -v "Failed to set fd limit" >&2)
