"""Entry script of the bundled executables: `officebill` (the window) and `officebill-cli` (the command line).

The program's name chooses, as pip's two script stubs do (officebill.launch): `officebill-cli`
(`officebill-cli.exe`) runs the command line, any other name the window. On Linux `officebill-cli` is
a symbolic link to `officebill`: each executable embeds the whole Python archive (6 MB), so one is
enough; Windows needs two, since only a console executable can print. Both answer `--self-test`
(before anything imports Qt) and `--version`, with the version the executables' resources carry.
"""
import sys
from pathlib import Path


def main() -> int:
    args = sys.argv[1:]
    if args[:1] == ["--version"]:
        from officebill import __version__

        print(f"OfficeBill {__version__}")
        return 0
    from officebill import launch

    if Path(sys.argv[0]).stem.lower() == "officebill-cli":
        return launch.cli(args)
    return launch.gui(sys.argv)


sys.exit(main())
