"""What every officebill-cli command module shares: the argument parser, the office to open (and signing in
to it), JSON output, dates given as arguments, and how a report is printed and saved (--json, --csv, --pdf).

An office file with users opens only for `--user NAME` (or OFFICEBILL_USER), whose password comes
from OFFICEBILL_PASSWORD (for scripts) or is asked for without echo.

Kept apart from `officebill/cli/__init__.py` so that the command modules import
this module and the package imports them, never the other way round.
"""
from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from datetime import date
from pathlib import Path

from ..billing import reports
from ..billing.reports import Report
from ..core.problems import UserError
from ..core.serialize import to_plain
from ..office import Office
from ..office.encryption import is_encrypted
from ..office.session import NotAllowed, SignInFailed, SignInRequired
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


def add_sign_in_option(parser) -> None:
    """The global --user option."""
    parser.add_argument("--user", help="sign in as this user (default: $OFFICEBILL_USER); the password is asked "
                                       "for, or read from $OFFICEBILL_PASSWORD")


def user_name(args) -> str | None:
    return getattr(args, "user", None) or os.environ.get("OFFICEBILL_USER") or None


def ask_password(prompt: str) -> str:
    """A password typed without echo; a UserError when there is no terminal to type it in."""
    try:
        return getpass.getpass(prompt)
    except (EOFError, OSError):
        raise UserError("No password was given: type it at the prompt in a terminal, or set "
                        "OFFICEBILL_PASSWORD for a script.") from None


def open_office(args, create: bool = False) -> Office:
    """The office named by --db (or the default one), signed in as --user when it has users; a missing file is an
    error unless `create`."""
    path = office_path(args)
    if is_encrypted(path):  # the password unwraps the file's key: signed in before it can be read at all
        name, password = credentials(args, path)
        office = Office.open(path, user=name, password=password)
        args.signed_in_password = password
        return office
    office = Office.open(path, create=create, sign_in_later=True)
    if not office.has_users():
        return office
    try:
        name, password = credentials(args, path)
        office.sign_in(name, password)
        args.signed_in_password = password  # `users passwd` proves the old password with it
    except BaseException:
        office.close()
        raise
    return office


def credentials(args, path: Path) -> tuple[str, str]:
    """--user (or OFFICEBILL_USER) and the password from OFFICEBILL_PASSWORD or the prompt."""
    name = user_name(args)
    if name is None:
        raise SignInRequired(f"{path} has users, so every command signs in: add --user NAME before the "
                             "command (the password is asked for, or read from OFFICEBILL_PASSWORD).")
    password = os.environ.get("OFFICEBILL_PASSWORD")
    if password is None:
        password = ask_password(f"Password for {name}: ")
    return name, password


def require(args, action: str) -> None:
    """Refuse a command that works on the office file without going through the facade (restore, optimize)
    unless the signed-in user may do `action`. A file that cannot be opened (damaged, missing) has nobody
    to ask, and is left to the command."""
    try:
        office = open_office(args)
    except (SignInRequired, SignInFailed, NotAllowed):
        raise
    except UserError:
        return
    with office:
        office.require(action)


def day(text: str | None) -> date | None:
    """A YYYY-MM-DD argument as a date (None stays None); anything else is a message saying how to write it."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"'{text}' is not a date; write it as YYYY-MM-DD (for example 2026-03-31).") from None


def add_report_options(cmd) -> None:
    """--json, --csv FILE and --pdf FILE for a command that prints a report."""
    cmd.add_argument("--json", action="store_true", help='print the report as JSON (money as "12.50")')
    cmd.add_argument("--csv", metavar="FILE", type=Path, help="also save the report as CSV")
    cmd.add_argument("--pdf", metavar="FILE", type=Path, help="also save the report as PDF")


def show_report(office: Office, report: Report, args, **more_json) -> int:
    """Save the report where --csv / --pdf say, then print it (JSON with --json, else a text table)."""
    if args.csv:
        office.reports.to_csv(report, args.csv)
    if args.pdf:
        office.reports.to_pdf(report, args.pdf)
    if args.json:
        print_json({**reports.plain(report), **more_json})
    else:
        print("\n".join(reports.text_lines(report)))
        for kind, path in (("CSV", args.csv), ("PDF", args.pdf)):
            if path:
                print(f"Saved the {kind} to {path}.")
    return 0


def patient_by_account(office, account: str):
    """The patient with this account number (any case, spaces around it ignored), or a UserError saying so."""
    patient = office.patients.by_account(account.strip().upper())
    if patient is None:
        raise UserError(f"There is no account {account}; check the account number (officebill-cli patients).")
    return patient
