"""The installed commands' entry points: `officebill` (the window) and `officebill-cli`.

Both answer `--self-test` here, before anything imports Qt or opens an office,
so a broken window start cannot hide the self-test's report. The self-test in
turn imports the window modules to check them; answering it here, above both,
is what keeps `gui` from importing `selftest` (no cycle between the two).
The PyInstaller bundle's scripts in installer/ do the same.
"""
from __future__ import annotations

import sys

from . import __version__


def _version(args: list[str]) -> bool:
    """Answer `--version` (as the bundle's launcher does): True when it was asked and printed."""
    if args[:1] == ["--version"]:
        print(f"OfficeBill {__version__}")
        return True
    return False


def gui(argv: list[str] | None = None) -> int:
    """`officebill [--db PATH] [--self-test]`: `argv` as sys.argv (program name first)."""
    argv = list(sys.argv if argv is None else argv)
    if _version(argv[1:]):
        return 0
    if "--self-test" in argv[1:]:  # checks the installation without touching the user's data
        from .selftest import main as self_test

        return self_test(argv[1:])
    from .gui.app import main

    return main(argv)


def cli(argv: list[str] | None = None) -> int:
    """`officebill-cli [--db PATH] COMMAND ...` or `officebill-cli --self-test`: `argv` without the program name."""
    args = sys.argv[1:] if argv is None else list(argv)
    if _version(args):
        return 0
    if "--self-test" in args:  # with a console attached: the way to read the report on Windows
        from .selftest import main as self_test

        return self_test(args)
    from .cli import main

    return main(args)
