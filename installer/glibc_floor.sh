#!/usr/bin/env bash
# Print the oldest glibc the bundle can run on: the newest GLIBC_x.y symbol version any of its ELF files
# asks for (objdump -T, from binutils). Usage: installer/glibc_floor.sh dist/OfficeBill
set -euo pipefail
bundle="${1:?usage: glibc_floor.sh BUNDLE_FOLDER}"
find "$bundle" -type f \( -name '*.so*' -o -perm -u+x \) -print0 \
  | xargs -0 -r objdump -T 2>/dev/null \
  | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -t. -k1,1n -k2,2n -k3,3n | tail -1
