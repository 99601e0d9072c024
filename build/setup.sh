#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine for GenAI Desktop: system libraries Qt needs,
# then a virtual environment in .venv with the pinned Python packages.
#   bash build/setup.sh          # to run the app
#   bash build/setup.sh --dev    # also what the tests and the build need
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

# Libraries the Qt xcb platform plugin loads, a font, and D-Bus for the system keyring.
packages=(python3-venv libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4
          libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0
          libxcb-xkb1 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-dejavu-core)
# Tests: a virtual screen, screenshots, a private D-Bus session with a real Secret Service.
[ $dev = 1 ] && packages+=(xvfb xauth x11-utils xdotool imagemagick dbus dbus-x11 gnome-keyring binutils debootstrap)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null; then
        sudo=""
        [ "$(id -u)" = 0 ] || sudo="sudo"
        echo "Installing system packages: ${missing[*]}"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "Please install these packages with your system's package manager: ${missing[*]}" >&2
    fi
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
if [ $dev = 1 ]; then
    .venv/bin/python -m pip install -q --disable-pip-version-check -r tests/requirements.txt -r build/requirements-build.txt
fi
