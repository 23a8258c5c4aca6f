#!/usr/bin/env bash
# Pack the Linux bundle for an office: OUT/OfficeBill-VERSION-linux-x86_64.tar.zst holding one folder
# OfficeBill-VERSION/ with the bundle (OfficeBill/), the desktop entry, the icons, install.sh, uninstall.sh,
# LICENSE (the GPL) and GLIBC (the oldest glibc the bundle runs on, which install.sh checks).
# The version is the one the bundle itself answers (`officebill --version`), so the name cannot disagree.
# Usage: installer/make_tarball.sh dist/OfficeBill dist
set -euo pipefail
bundle="${1:?usage: make_tarball.sh BUNDLE_FOLDER OUT_FOLDER}"
out="${2:?usage: make_tarball.sh BUNDLE_FOLDER OUT_FOLDER}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"

version="$("$bundle/officebill" --version | awk '{print $2}')"
[ -n "$version" ] || { echo "the bundle did not answer --version" >&2; exit 1; }
name="OfficeBill-$version"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage/$name/icons"
cp -a "$bundle" "$stage/$name/OfficeBill"
install -m 755 "$here/install.sh" "$here/uninstall.sh" "$stage/$name/"
install -m 644 "$root/resources/officebill.desktop" "$stage/$name/officebill.desktop"
install -m 644 "$root/LICENSE" "$stage/$name/LICENSE"
install -m 644 "$root/officebill/resources/icons/officebill-256.png" "$stage/$name/icons/officebill-256.png"
install -m 644 "$root/resources/officebill.svg" "$stage/$name/icons/officebill.svg"
"$here/glibc_floor.sh" "$bundle" > "$stage/$name/GLIBC"

mkdir -p "$out"
archive="$(cd "$out" && pwd)/$name-linux-x86_64.tar.zst"
# Sorted names, fixed owner and times: the same bundle packs to the same archive. zstd -19: 44 MB for a
# 149 MB bundle in about 80 s of CPU (--long=27 saves 0.7 MB more for twice the time; xz -9 saves 4 MB
# for three times the time and a slower unpack).
tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime='@0' -cf - "$name" \
  | nice zstd -19 -T0 -q -f -o "$archive"
echo "$archive: $(du -b "$archive" | cut -f1) bytes ($(du -sh "$bundle" | cut -f1) unpacked, glibc $(cat "$stage/$name/GLIBC")+)"
