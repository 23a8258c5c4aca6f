#!/usr/bin/env bash
# What an office does with the Linux tarball, in a temporary HOME: unpack, ./install.sh, start the installed
# program (self-test offscreen, then the window on Xvfb with xcb), uninstall, and check that the program is
# gone and the office data stayed. Usage: installer/check_install.sh dist/OfficeBill-*-linux-x86_64.tar.zst
set -euo pipefail
archive="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p "$work/unpacked" "$work/home"
tar -C "$work/unpacked" --zstd -xf "$archive"
unpacked="$(echo "$work"/unpacked/OfficeBill-*)"
export HOME="$work/home"
unset XDG_DATA_HOME XDG_CONFIG_HOME OFFICEBILL_HOME PREFIX

"$unpacked/install.sh"
bin="$HOME/.local/bin"
[ -x "$HOME/.local/opt/OfficeBill/officebill" ] || fail "program not in ~/.local/opt/OfficeBill"
grep -qx "Exec=$HOME/.local/opt/OfficeBill/officebill" "$HOME/.local/share/applications/officebill.desktop" \
  || fail "desktop entry does not start the installed program"
[ -f "$HOME/.local/share/icons/hicolor/256x256/apps/officebill.png" ] || fail "icon not installed"
[ "$("$bin/officebill" --version)" = "$("$unpacked/OfficeBill/officebill" --version)" ] || fail "version differs"

QT_QPA_PLATFORM=offscreen "$bin/officebill-cli" --self-test --no-gui >"$work/selftest.txt" || { cat "$work/selftest.txt"; fail "self-test"; }
echo "ok  installed officebill-cli --self-test: $(tail -1 "$work/selftest.txt")"
"$here/x11_start.sh" "$HOME/.local/opt/OfficeBill/officebill"

# Office data in the user's data folder, as the window makes it; an upgrade (install again) and the
# uninstall must both leave it alone.
"$bin/officebill-cli" --db "$HOME/.local/share/OfficeBill/office.db" new >/dev/null
"$unpacked/install.sh" >/dev/null
[ -f "$HOME/.local/share/OfficeBill/office.db" ] || fail "reinstall touched the office data"
"$HOME/.local/opt/OfficeBill/uninstall.sh"
[ ! -e "$HOME/.local/opt/OfficeBill" ] || fail "program folder left behind"
[ ! -e "$bin/officebill" ] && [ ! -e "$bin/officebill-cli" ] || fail "commands left behind"
[ ! -e "$HOME/.local/share/applications/officebill.desktop" ] || fail "desktop entry left behind"
[ -f "$HOME/.local/share/OfficeBill/office.db" ] || fail "uninstall removed the office data"
echo "ok  install.sh, start, reinstall and uninstall.sh in a temporary HOME; the office data stayed"
