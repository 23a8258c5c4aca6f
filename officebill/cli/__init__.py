"""officebill-cli: the office facade from a terminal.

`officebill-cli [--db PATH] COMMAND ...`. Each command group lives in its own
module with a `register(subparsers)` function; what they share (the parser,
opening the office, JSON output) is in `common.py`, so the command modules never
import this package back. User mistakes print a message to stderr and exit
non-zero, never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.problems import UserError, ValidationFailed
from . import (
    audit_cmds,
    cipher_cmds,
    claims_cmds,
    codes_cmds,
    draft_cmds,
    edi_cmds,
    money_cmds,
    office_cmds,
    report_cmds,
    statement_cmds,
    user_cmds,
)
from .common import ArgumentParser, add_sign_in_option


def build_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(prog="officebill-cli", description="OfficeBill from the command line.")
    parser.add_argument("--db", type=Path, help="office file to use (default: office.db in the data directory)")
    add_sign_in_option(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in (office_cmds, codes_cmds, claims_cmds, money_cmds, report_cmds, statement_cmds, edi_cmds, user_cmds,
                   audit_cmds, cipher_cmds, draft_cmds):
        module.register(sub)
    return parser


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
