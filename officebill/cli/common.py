"""What every officebill-cli command module shares: the argument parser, the office to open, JSON output.

Kept apart from `officebill/cli/__init__.py` so that the command modules import
this module and the package imports them, never the other way round.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..core.serialize import to_plain
from ..office import Office
from ..paths import default_office_path


class ArgumentParser(argparse.ArgumentParser):
    """argparse that reports a wrong command line like every other mistake: a message and status 1."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(1, f"error: {message}\n")


def print_json(data) -> None:
    json.dump(to_plain(data), sys.stdout, indent=2, default=str)
    sys.stdout.write("\n")


def office_path(args) -> Path:
    return args.db or default_office_path()


def open_office(args, create: bool = False) -> Office:
    """The office named by --db (or the default one); a missing file is an error unless `create`."""
    return Office.open(office_path(args), create=create)
