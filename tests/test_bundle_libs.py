"""installer/bundle_libs.py: which of the build machine's libraries the Linux bundle keeps."""
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "installer"))
import bundle_libs  # noqa: E402

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("objdump"),
                                reason="ELF libraries and objdump (binutils): Linux only")


def _qt_lib(name: str) -> str:
    import PySide6

    return str(Path(PySide6.__file__).parent / "Qt" / "lib" / name)


def test_prune_keeps_what_kept_binaries_link_and_leaves_the_rest_and_the_target_libraries_out():
    qt_dbus = _qt_lib("libQt6DBus.so.6")
    assert {"libQt6Core.so.6", "libdbus-1.so.3"} <= set(bundle_libs.needed(qt_dbus))
    binaries = [
        ("PySide6/Qt/lib/libQt6DBus.so.6", qt_dbus, "BINARY"),        # kept: not a system library
        ("libQt6Core.so.6", _qt_lib("libQt6Core.so.6"), "BINARY"),    # kept: QtDBus links it
        ("libdbus-1.so.3", _qt_lib("libQt6Core.so.6"), "BINARY"),     # linked, but the target provides it
        ("libgtk-3.so.0", _qt_lib("libQt6Core.so.6"), "BINARY"),      # nothing kept links it
        ("libpython3.12.so.1.0", _qt_lib("libQt6Core.so.6"), "BINARY"),  # the bootloader loads it
    ]

    kept, dropped = bundle_libs.prune(binaries)

    assert [dest for dest, _, _ in kept] == ["PySide6/Qt/lib/libQt6DBus.so.6", "libQt6Core.so.6",
                                             "libpython3.12.so.1.0"]
    assert dropped == ["libdbus-1.so.3", "libgtk-3.so.0"]


def test_unresolved_names_a_library_the_machine_lacks(tmp_path):
    qt_core = _qt_lib("libQt6Core.so.6")
    assert bundle_libs.unresolved([qt_core, str(tmp_path)]) == {}  # a folder is no ELF file: skipped
    # The same library renamed out of reach: QtDBus links libQt6Core.so.6 by its rpath ($ORIGIN), which
    # a copy elsewhere does not have beside it.
    lonely = tmp_path / "libQt6DBus.so.6"
    shutil.copy(_qt_lib("libQt6DBus.so.6"), lonely)
    assert "libQt6Core.so.6" in bundle_libs.unresolved([str(lonely)]).get(str(lonely), [])
    assert bundle_libs.unresolved([str(lonely)], [str(Path(qt_core).parent)]) == {}
