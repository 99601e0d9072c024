#!/bin/sh
# Install GenAI Desktop for the current user (no root): ~/.local/bin, the applications menu, the icon,
# and the course package file type (*.genai-course opens in GenAI Desktop on a double-click).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin="$HOME/.local/bin"
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor"
mime="${XDG_DATA_HOME:-$HOME/.local/share}/mime"
mkdir -p "$bin" "$apps" "$icons/256x256/apps" "$icons/scalable/apps" "$mime/packages"
install -m 0755 "$here/GenAI-Desktop" "$bin/genai-desktop"
install -m 0644 "$here/genai-desktop.png" "$icons/256x256/apps/genai-desktop.png"
install -m 0644 "$here/genai-desktop.svg" "$icons/scalable/apps/genai-desktop.svg"
install -m 0644 "$here/genai-desktop-mime.xml" "$mime/packages/genai-desktop.xml"
# %F: the files double-clicked (course packages) are handed to the app.
sed "s|^Exec=.*|Exec=\"$bin/genai-desktop\" %F|" "$here/genai-desktop.desktop" > "$apps/genai-desktop.desktop"
chmod 0644 "$apps/genai-desktop.desktop"
command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$mime" || true
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$icons" || true
echo "GenAI Desktop is installed: $bin/genai-desktop (and in your applications menu)."
