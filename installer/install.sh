#!/usr/bin/env bash
# Install OfficeBill for the current user, no root needed: run it from the unpacked tarball.
#
#   ./install.sh            installs (or upgrades) into ~/.local/opt/OfficeBill
#   ~/.local/opt/OfficeBill/uninstall.sh   removes the program again (the office data stays)
#
# Puts the program in ~/.local/opt/OfficeBill, the commands officebill and officebill-cli in ~/.local/bin,
# the menu entry in $XDG_DATA_HOME/applications and the icon in $XDG_DATA_HOME/icons/hicolor. The office
# data (~/.local/share/OfficeBill, or the folder OFFICEBILL_HOME names) is not part of the program and is
# never touched. PREFIX (default ~/.local) moves all of it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
prefix="${PREFIX:-$HOME/.local}"
data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
dest="$prefix/opt/OfficeBill"

say() { printf '%s\n' "$*"; }
fail() { printf 'OfficeBill install: %s\n' "$*" >&2; exit 1; }

[ -x "$here/OfficeBill/officebill" ] || fail "run install.sh from the unpacked OfficeBill folder (no OfficeBill/officebill beside it)"
[ "$(uname -m)" = x86_64 ] || fail "this build is for x86-64 Linux; this machine is $(uname -m)"

# glibc: the bundle's libraries were built against it and cannot run on an older one.
need="$(cat "$here/GLIBC" 2>/dev/null || echo 0)"
have="$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')"
if [ -n "$have" ] && [ "$(printf '%s\n%s\n' "$need" "$have" | sort -t. -k1,1n -k2,2n | head -1)" != "$need" ]; then
  fail "this build needs glibc $need or newer; this system has $have (see README: build on the oldest system you support)"
fi

# Libraries the bundle takes from the system (CUPS, D-Bus, fontconfig, X11/xcb, OpenGL): name the missing.
missing="$(find "$here/OfficeBill/_internal" -name '*.so*' -type f -path '*platforms*' -o -name 'libQt6*.so.6' -type f \
  | xargs -r env LD_LIBRARY_PATH="$here/OfficeBill/_internal" ldd 2>/dev/null | awk '/not found/ {print $1}' | sort -u | tr '\n' ' ')"
if [ -n "$missing" ]; then
  say "Warning: libraries OfficeBill needs are not installed: $missing"
  say "  Debian/Ubuntu: sudo apt install libcups2 libdbus-1-3 libfontconfig1 libegl1 libgl1 libxkbcommon-x11-0 \\"
  say "    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xinerama0 libxcb-shape0"
  say "  Fedora/RHEL:   sudo dnf install cups-libs dbus-libs fontconfig mesa-libEGL xcb-util-cursor xcb-util-wm xcb-util-keysyms"
fi

# Replacing the program under a running OfficeBill would pull its files away while it still loads them.
for exe in /proc/[0-9]*/exe; do
  case "$(readlink "$exe" 2>/dev/null)" in
    "$dest"/*) fail "OfficeBill is running (process ${exe//[^0-9]/}): close it (it saves and backs up on close), then install again" ;;
  esac
done

# The new program goes in beside the old one and replaces it in one rename, so a failed copy leaves the
# old installation working.
mkdir -p "$prefix/opt" "$prefix/bin"
rm -rf "$dest.new" "$dest.old"
cp -a "$here/OfficeBill" "$dest.new"
install -m 755 "$here/uninstall.sh" "$dest.new/uninstall.sh"
if [ -e "$dest" ]; then mv "$dest" "$dest.old"; fi
mv "$dest.new" "$dest"
rm -rf "$dest.old"

ln -sfn "$dest/officebill" "$prefix/bin/officebill"
ln -sfn "$dest/officebill-cli" "$prefix/bin/officebill-cli"

# The menu entry starts the program by its full path: ~/.local/bin is not on every desktop session's PATH.
mkdir -p "$data_home/applications" "$data_home/icons/hicolor/256x256/apps" "$data_home/icons/hicolor/scalable/apps"
sed -e "s|^Exec=.*|Exec=$dest/officebill|" -e "s|^TryExec=.*|TryExec=$dest/officebill|" \
  "$here/officebill.desktop" > "$data_home/applications/officebill.desktop"
chmod 644 "$data_home/applications/officebill.desktop"
install -m 644 "$here/icons/officebill-256.png" "$data_home/icons/hicolor/256x256/apps/officebill.png"
install -m 644 "$here/icons/officebill.svg" "$data_home/icons/hicolor/scalable/apps/officebill.svg"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$data_home/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$data_home/icons/hicolor" || true

say "Installed $("$dest/officebill" --version) in $dest"
say "  start it from the menu, or: $prefix/bin/officebill   (check it: officebill-cli --self-test)"
case ":$PATH:" in *":$prefix/bin:"*) ;; *) say "  ($prefix/bin is not on your PATH)";; esac
say "  remove it with: $dest/uninstall.sh   (your office data stays)"
