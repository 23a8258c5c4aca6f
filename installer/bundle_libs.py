"""Shared-library bookkeeping for the Linux bundle, used by officebill.spec (PyInstaller's TOC entries in, out).

PyInstaller collects every library that any collected binary links to, taking it from the build
machine. Two things it does not do, done here:

- `prune`: after the spec drops plugins and modules, the system libraries only they linked to are
  still collected (the GTK stack of the GTK3 theme plugin, OpenSSL of `_ssl`). Keep only the
  libraries something kept still needs, following DT_NEEDED from every binary that is not such a
  library; and leave out the ones the target machine must provide itself (`FROM_TARGET`).
- `unresolved`: PyInstaller only warns when a library a plugin links to is missing on the build
  machine, and the bundle then fails on the first desktop without it (the xcb platform without
  libxcb-icccm4). List what `ldd` cannot resolve so the spec can stop the build.
"""
from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable

# Libraries the bundle takes from the machine it runs on rather than from the build machine. Each belongs
# to a service of the desktop it must agree with, is on every desktop Linux, and is kept current
# (security fixes) by the distribution, which a frozen copy is not:
# - libcups: printing talks to the local CUPS server, whose protocol follows the system's libcups; the
#   bundled one also dragged in the build machine's GnuTLS, Kerberos, Avahi and p11-kit (about 10 MB,
#   a frozen TLS stack).
# - libdbus-1: the session bus (desktop portals, input methods) belongs to the system.
# - libfontconfig and libfreetype (fontconfig's own FreeType): an older bundled fontconfig reading a
#   newer system's /etc/fonts config warns or misses fonts; the pair must come from one place.
FROM_TARGET = ("libcups.so.2", "libdbus-1.so.3", "libfontconfig.so.1", "libfreetype.so.6")

_NEEDED = re.compile(r"^\s*NEEDED\s+(\S+)", re.MULTILINE)
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def is_elf(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(4) == b"\x7fELF"
    except OSError:
        return False


def needed(path: str) -> list[str]:
    """The sonames a binary links to (its DT_NEEDED entries), read with objdump (binutils)."""
    output = subprocess.run(["objdump", "-p", path], capture_output=True, text=True, check=True).stdout
    return _NEEDED.findall(output)


def _is_system_library(dest: str) -> bool:
    """A library PyInstaller took from the build machine: it sits at the top of _internal/.

    Python's own libpython is loaded by the bootloader (dlopen, so no DT_NEEDED names it) and always stays.
    """
    return "/" not in dest.replace("\\", "/") and ".so" in dest and not dest.startswith("libpython")


def prune(binaries: Iterable[tuple]) -> tuple[list[tuple], list[str]]:
    """(kept entries, names dropped): system libraries nothing kept links to, and the FROM_TARGET ones."""
    entries = list(binaries)
    by_name = {os.path.basename(entry[0]): entry for entry in entries if _is_system_library(entry[0])}
    roots = [entry for entry in entries if not _is_system_library(entry[0])]
    reached: set[str] = set()
    pending = [entry[1] for entry in roots if is_elf(entry[1])]
    while pending:
        for soname in needed(pending.pop()):
            if soname in by_name and soname not in reached and soname not in FROM_TARGET:
                reached.add(soname)
                pending.append(by_name[soname][1])
    kept = [entry for entry in entries
            if not _is_system_library(entry[0]) or os.path.basename(entry[0]) in reached]
    dropped = sorted(set(by_name) - reached)
    return kept, dropped


def unresolved(paths: Iterable[str], library_path: Iterable[str] = ()) -> dict[str, list[str]]:
    """{binary: [sonames ldd cannot find]} for each ELF binary in `paths`, searching `library_path` first."""
    env = dict(os.environ)
    extra = os.pathsep.join(library_path)
    if extra:
        env["LD_LIBRARY_PATH"] = extra + (os.pathsep + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
    missing: dict[str, list[str]] = {}
    for path in paths:
        if not is_elf(path):
            continue
        result = subprocess.run(["ldd", path], capture_output=True, text=True, env=env)
        found = sorted(set(_NOT_FOUND.findall(result.stdout)))
        if found:
            missing[path] = found
    return missing
