#!/usr/bin/env bash
# Remove OfficeBill installed by install.sh for the current user: the program folder, the two commands,
# the menu entry and the icons. The office data (office.db, codes.db, backups/ in ~/.local/share/OfficeBill,
# or the folder OFFICEBILL_HOME names) is never part of the program and stays.
set -euo pipefail
prefix="${PREFIX:-$HOME/.local}"
data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
dest="$prefix/opt/OfficeBill"

for exe in /proc/[0-9]*/exe; do
  case "$(readlink "$exe" 2>/dev/null)" in
    "$dest"/*) echo "OfficeBill is running (process ${exe//[^0-9]/}): close it first" >&2; exit 1 ;;
  esac
done

for link in "$prefix/bin/officebill" "$prefix/bin/officebill-cli"; do
  # Only the links install.sh made, never a command of the same name from elsewhere.
  if [ -L "$link" ] && [[ "$(readlink "$link")" == "$dest"/* ]]; then rm -f "$link"; fi
done
rm -f "$data_home/applications/officebill.desktop" \
  "$data_home/icons/hicolor/256x256/apps/officebill.png" "$data_home/icons/hicolor/scalable/apps/officebill.svg"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$data_home/applications" || true
rm -rf "$dest"

office="${OFFICEBILL_HOME:-$data_home/OfficeBill}"
echo "OfficeBill has been removed."
if [ -d "$office" ]; then
  echo "Your office data and backups were kept in: $office"
  echo "  Reinstalling opens them again. Delete that folder yourself only after copying what you must keep."
fi
