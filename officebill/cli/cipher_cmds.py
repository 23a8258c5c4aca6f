"""officebill-cli encrypt, decrypt and recover: the office file encrypted at rest, and its recovery key.

`encrypt` and `decrypt` convert the office file in place (a manager signs in with --user; every other
window and command must have it closed): a new file is written, verified and swapped in. `encrypt`
prints the recovery key once. `recover` opens an encrypted office with its recovery key (typed, or from
OFFICEBILL_RECOVERY_KEY) and gives a manager a new password (typed twice, or OFFICEBILL_NEW_PASSWORD).
"""
from __future__ import annotations

import os

from ..core.problems import UserError
from ..office import Office
from ..office.encryption import LOST_FOR_GOOD, decrypt_file, encrypt_file, is_encrypted, plain_backups
from .common import ask_password, office_path, open_office, user_name
from .user_cmds import new_password


def register(sub) -> None:
    cmd = sub.add_parser("encrypt", help="encrypt the office file in place (manager; prints the recovery key once)")
    cmd.set_defaults(handler=encrypt)
    cmd = sub.add_parser("decrypt", help="turn an encrypted office file back into a plain one (manager)")
    cmd.set_defaults(handler=decrypt)
    cmd = sub.add_parser("recover", help="open an encrypted office with its recovery key and set a new password "
                                         "for the manager given with --user")
    cmd.set_defaults(handler=recover)


def _signed_in_manager(args) -> tuple[str, str, list[str]]:
    """Sign in (a manager), then close the office: (name, password, the other users' names)."""
    with open_office(args) as office:
        if not office.has_users():
            raise UserError("An encrypted office opens only for its users: add a manager first "
                            "(officebill-cli users add NAME --role manager), then encrypt.")
        office.require("users.manage")
        name = office.session.user_name
        others = [u.name for u in office.users.list() if u.name.lower() != name.lower() and not u.disabled]
    return name, args.signed_in_password, others


def encrypt(args) -> int:
    path = office_path(args)
    if is_encrypted(path):
        raise UserError(f"{path} is encrypted already. Nothing was changed.")
    name, password, others = _signed_in_manager(args)
    recovery = encrypt_file(path, {name: password})
    print(f"{path} is now encrypted. Its recovery key (shown this once; print it or write it down and keep it "
          f"in a safe place, away from the computer):\n\n    {recovery}\n\n{LOST_FOR_GOOD}")
    if others:
        print(f"\nOnly {name}'s password opens it now. Give each other user a new password (they choose their own "
              f"at the next sign-in): officebill-cli --user {name} users reset NAME, for " + ", ".join(others) + ".")
    plain = plain_backups(path)
    if plain:
        print(f"\n{len(plain)} older backups in {plain[0].parent} are not encrypted and hold the office's data "
              "readable by anyone who copies them: delete them once you have made a new (encrypted) backup "
              "(officebill-cli backup).")
    return 0


def decrypt(args) -> int:
    path = office_path(args)
    if not is_encrypted(path):
        raise UserError(f"{path} is not encrypted. Nothing was changed.")
    _signed_in_manager(args)
    decrypt_file(path)
    print(f"{path} is no longer encrypted: any program can read it. Its backups made while it was encrypted stay "
          "encrypted (with their .keys files).")
    return 0


def recover(args) -> int:
    path = office_path(args)
    name = user_name(args)
    if name is None:
        raise UserError("Give the manager whose password the recovery key sets: --user NAME before the command.")
    typed = os.environ.get("OFFICEBILL_RECOVERY_KEY")
    if typed is None:
        typed = ask_password("Recovery key (nine groups of four, for example ABCD-EFGH-…): ")
    password = new_password(name)
    Office.recover(path, typed, name, password).close()
    print(f"{name} has a new password for {path}; sign in with it (--user {name}).")
    return 0
