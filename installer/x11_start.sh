#!/usr/bin/env bash
# Start the OfficeBill window on a real X server (Xvfb) with Qt's xcb platform, as on an office's desktop,
# and pass when its main window is shown: what the offscreen self-test cannot see (xcb's libraries, the
# platform plugin, fonts through the system's fontconfig). Needs Xvfb and xdotool (Debian: xvfb xdotool).
#
#   installer/x11_start.sh dist/OfficeBill/officebill [SCREENSHOT.xwd]
#
# The window opens a new office in a temporary OFFICEBILL_HOME (and HOME, for its settings); nothing of the
# user's is read or written. Exits 0 when a window titled "... OfficeBill" appears within 90 s.
set -euo pipefail
exe="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
shot="${2:-}"
work="$(mktemp -d)"
xvfb_pid=""
app_pid=""
finish() {
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; wait "$xvfb_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap finish EXIT

# Xvfb picks a free display number itself and writes it to the pipe (-displayfd): no guessing, no clash.
exec 3<> <(:)
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
display=""
for _ in $(seq 1 100); do
  read -r -t 0.2 display <&3 || true
  [ -n "$display" ] && break
  kill -0 "$xvfb_pid" 2>/dev/null || { cat "$work/xvfb.log" >&2; echo "Xvfb did not start" >&2; exit 1; }
done
exec 3<&-
[ -n "$display" ] || { echo "Xvfb gave no display number" >&2; exit 1; }
export DISPLAY=":$display"

mkdir -p "$work/home" "$work/office"
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
export OFFICEBILL_HOME="$work/office" QT_QPA_PLATFORM=xcb
# An office file that exists already, so the window opens on it rather than on the first-start choice.
"$(dirname "$exe")/officebill-cli" --db "$OFFICEBILL_HOME/office.db" new >/dev/null

"$exe" >"$work/app.log" 2>&1 &
app_pid=$!
title=""
for _ in $(seq 1 180); do
  if ! kill -0 "$app_pid" 2>/dev/null; then
    cat "$work/app.log" >&2
    echo "FAIL: the window process ended before showing a window (xcb platform)" >&2
    exit 1
  fi
  for window in $(xdotool search --onlyvisible --pid "$app_pid" 2>/dev/null || true); do
    name="$(xdotool getwindowname "$window" 2>/dev/null || true)"
    case "$name" in *OfficeBill*) title="$name";; esac
  done
  [ -n "$title" ] && break
  sleep 0.5
done
if [ -z "$title" ]; then
  cat "$work/app.log" >&2
  echo "FAIL: no OfficeBill window on $DISPLAY within 90 s (xcb platform)" >&2
  exit 1
fi
if grep -q "Could not load the Qt platform plugin\|cannot open shared object" "$work/app.log"; then
  cat "$work/app.log" >&2
  echo "FAIL: Qt reported a missing library" >&2
  exit 1
fi
if [ -n "$shot" ] && command -v xwd >/dev/null; then xwd -root -silent -out "$shot"; fi
echo "ok  window shown on Xvfb with QT_QPA_PLATFORM=xcb: \"$title\""
