#!/bin/sh
# Remove GenAI Desktop installed by install.sh. --purge also removes settings, data and logs.
# The API key stays in the system keyring until you remove it (Settings → Remove key).
set -eu
data="${XDG_DATA_HOME:-$HOME/.local/share}"
rm -f "$HOME/.local/bin/genai-desktop" "$data/applications/genai-desktop.desktop" \
      "$data/icons/hicolor/256x256/apps/genai-desktop.png" "$data/icons/hicolor/scalable/apps/genai-desktop.svg" \
      "$data/mime/packages/genai-desktop.xml"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
[ -d "$data/mime/packages" ] && command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$data/mime" || true
if [ "${1:-}" = "--purge" ]; then
    rm -rf "${XDG_CONFIG_HOME:-$HOME/.config}/GenAI Desktop" "$data/GenAI Desktop" \
           "${XDG_STATE_HOME:-$HOME/.local/state}/GenAI Desktop"
    echo "GenAI Desktop, its settings, data and logs are removed."
else
    echo "GenAI Desktop is removed. Your settings and data are kept (./uninstall.sh --purge removes them)."
fi
echo "If you saved an API key, remove it in your system's keyring (entry \"GenAI Desktop\")."
