#!/usr/bin/env bash
# Release: clean reproducible build of the one-file executable, its --self-test in a clean
# environment, the release archive with guides, licenses and installer, and SHA256SUMS.
#
#   bash build/release.sh              -> build/out/GenAI-Desktop-<version>-linux-x86_64.tar.gz (+ SHA256SUMS)
#   bash build/release.sh --wheelhouse -> also build/out/wheelhouse/ for an offline source install:
#        pip install --no-index --find-links build/out/wheelhouse -r requirements.txt
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bash build/setup.sh --dev >/dev/null

version=$(.venv/bin/python -c "import genai_desktop; print(genai_desktop.__version__)")
arch=$(uname -m)
name="GenAI-Desktop-$version-linux-$arch"
out="$root/build/out"
work="$root/build/work"

# Reproducibility: fixed hash seed and timestamps from the last commit.
export PYTHONHASHSEED=0
export SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || echo 1767225600)

rm -rf "$out" "$work"
mkdir -p "$out"
.venv/bin/python build/compile_translations.py
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath "$work/dist" --workpath "$work/pyinstaller" \
    pyinstaller.spec
exe="$work/dist/GenAI-Desktop"
[ -x "$exe" ]

echo "== frozen self-test in a clean environment (empty HOME, no PYTHONPATH, private keyring)"
clean_home=$(mktemp -d)
keyring_home=$(mktemp -d)
trap 'rm -rf "$clean_home" "$keyring_home"' EXIT
XDG_DATA_HOME="$keyring_home" dbus-run-session -- sh -c '
    eval "$(printf %s release | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
    exec env -i PATH=/usr/bin:/bin HOME="$1" DBUS_SESSION_BUS_ADDRESS="$DBUS_SESSION_BUS_ADDRESS" \
        QT_QPA_PLATFORM=offscreen "$0" --self-test' "$exe" "$clean_home" 2> >(grep -v "Failed to set fd limit" >&2)

echo "== release archive"
stage="$work/$name"
mkdir -p "$stage"
cp "$exe" "$stage/GenAI-Desktop"
cp build/release-files/ANLEITUNG.txt build/release-files/GUIDE.txt build/release-files/genai-desktop.desktop \
   build/release-files/genai-desktop-mime.xml \
   build/release-files/install.sh build/release-files/uninstall.sh LICENSE "$stage/"
cp build/assets/png/genai-desktop-256.png "$stage/genai-desktop.png"
cp build/assets/genai-desktop.svg "$stage/genai-desktop.svg"
.venv/bin/python build/collect_licenses.py "$stage/THIRD-PARTY-LICENSES" "$work/pyinstaller/pyinstaller/PKG-00.toc" >/dev/null
find "$stage" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" -C "$work" -cf - "$name" \
    | gzip -n -9 > "$out/$name.tar.gz"

if [ "${1:-}" = "--wheelhouse" ]; then
    echo "== wheelhouse for an offline source install"
    .venv/bin/python -m pip download -q --only-binary=:all: -d "$out/wheelhouse" -r requirements.txt
fi

(cd "$out" && sha256sum "$name.tar.gz" > SHA256SUMS)
echo "== done"
ls -l "$out"
cat "$out/SHA256SUMS"
