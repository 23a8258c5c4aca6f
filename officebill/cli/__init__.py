"""officebill-cli: the office facade from a terminal.

`officebill-cli [--db PATH] COMMAND ...`. Each command group lives in its own
module with a `register(subparsers)` function. User mistakes print a message
to stderr and exit non-zero, never a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..core.problems import UserError, ValidationFailed
from ..core.serialize import to_plain
from ..office import Office
from ..paths import default_office_path


class ArgumentParser(argparse.ArgumentParser):
    """argparse that reports a wrong command line like every other mistake: a message and status 1."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(1, f"error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    from . import claims_cmds, codes_cmds, office_cmds

    parser = ArgumentParser(prog="officebill-cli", description="OfficeBill from the command line.")
    parser.add_argument("--db", type=Path, help="office file to use (default: office.db in the data directory)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in (office_cmds, codes_cmds, claims_cmds):
        module.register(sub)
    return parser


def print_json(data) -> None:
    json.dump(to_plain(data), sys.stdout, indent=2, default=str)
    sys.stdout.write("\n")


def office_path(args) -> Path:
    return args.db or default_office_path()


def open_office(args, create: bool = False) -> Office:
    """The office named by --db (or the default one); a missing file is an error unless `create`."""
    return Office.open(office_path(args), create=create)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except ValidationFailed as exc:
        for problem in exc.problems:
            print(f"error: {problem.field}: {problem.message}", file=sys.stderr)
        return 1
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into head or a pager that closed early
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
