"""officebill-cli users: add, list, disable, enable, reset a user, give them another role, and change your own
password (passwd).

New passwords (add, reset, passwd) are typed twice without echo, or come from
OFFICEBILL_NEW_PASSWORD for scripts; the first user of an office without users
may take theirs from OFFICEBILL_PASSWORD, the variable they will sign in with.
No password is ever printed.
"""
from __future__ import annotations

import os

from ..core.permissions import Role
from ..core.problems import UserError
from .common import ask_password, open_office, print_json, user_name


def register(sub) -> None:
    cmd = sub.add_parser("users", help="the people who sign in: add, list, disable, enable, reset, role, passwd")
    actions = cmd.add_subparsers(dest="action", required=True, metavar="ACTION")

    add = actions.add_parser("add", help="add a user (the password is asked for, or read from "
                                         "$OFFICEBILL_NEW_PASSWORD)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=[role.value for role in Role])
    add.add_argument("--full-name", default="")
    add.set_defaults(handler=add_user)

    listing = actions.add_parser("list", help="show the users, their roles and whether they can sign in")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=list_users)

    for name, handler, text in (("disable", disable_user, "stop a user from signing in"),
                                ("enable", enable_user, "let a disabled user sign in again"),
                                ("reset", reset_user, "set a new password the user must change at the next "
                                                      "sign-in (also ends the wait after wrong passwords)")):
        action = actions.add_parser(name, help=text)
        action.add_argument("name")
        action.set_defaults(handler=handler)

    role = actions.add_parser("role", help="give a user another role")
    role.add_argument("name")
    role.add_argument("--role", required=True, choices=[role.value for role in Role])
    role.set_defaults(handler=set_role)

    passwd = actions.add_parser("passwd", help="change the password of the user signed in with --user")
    passwd.set_defaults(handler=change_own_password)


def new_password(for_whom: str, first_user: bool = False) -> str:
    """The new password from OFFICEBILL_NEW_PASSWORD (or OFFICEBILL_PASSWORD for the first user), else typed
    twice."""
    given = os.environ.get("OFFICEBILL_NEW_PASSWORD")
    if given is None and first_user:
        given = os.environ.get("OFFICEBILL_PASSWORD")
    if given is not None:
        return given
    password = ask_password(f"New password for {for_whom}: ")
    if ask_password("The same password again: ") != password:
        raise UserError("The two passwords differ; nothing was changed. Run the command again.")
    return password


def _plain(user) -> dict:
    return {"name": user.name, "full_name": user.full_name, "role": user.role.value,
            "can_sign_in": not user.disabled, "must_change_password": user.must_change_password,
            "failures_in_a_row": user.failures,
            "last_sign_in": user.last_sign_in.isoformat(timespec="minutes") if user.last_sign_in else None}


def _state(user) -> str:
    if user.disabled:
        return "disabled"
    notes = ["must change password"] if user.must_change_password else []
    if user.failures:
        notes.append(f"{user.failures} wrong password(s) in a row")
    return ", ".join(notes) or "ok"


def add_user(args) -> int:
    with open_office(args) as office:
        office.require("users.add")
        password = new_password(args.name, first_user=not office.has_users())
        user = office.users.add(args.name, args.full_name, args.role, password).value
    print(f"Added {user.name} ({user.role.value})"
          + ("; they choose their own password at the first sign-in." if user.must_change_password else "."))
    return 0


def list_users(args) -> int:
    with open_office(args) as office:
        users = office.users.list()
    if args.json:
        print_json([_plain(user) for user in users])
        return 0
    if not users:
        print("No users yet: anyone who opens this office can do everything. Add a manager first: "
              "officebill-cli users add NAME --role manager")
        return 0
    for user in users:
        seen = user.last_sign_in.isoformat(sep=" ", timespec="minutes") if user.last_sign_in else "never"
        print(f"{user.name:16} {user.role.value:11} {user.full_name[:28]:28} {_state(user):34} last sign-in {seen}")
    return 0


def disable_user(args) -> int:
    with open_office(args) as office:
        user = office.users.disable(args.name).value
    print(f"{user.name} is disabled and can no longer sign in.")
    return 0


def enable_user(args) -> int:
    with open_office(args) as office:
        user = office.users.enable(args.name).value
    print(f"{user.name} can sign in again.")
    return 0


def set_role(args) -> int:
    with open_office(args) as office:
        user = office.users.set_role(args.name, args.role).value
    print(f"{user.name} is now {user.role.value}.")
    return 0


def reset_user(args) -> int:
    with open_office(args) as office:
        office.require("users.reset")
        user = office.users.reset(args.name, new_password(args.name)).value
    print(f"{user.name} has a new password and must choose their own at the next sign-in.")
    return 0


def change_own_password(args) -> int:
    with open_office(args) as office:
        if office.session is None:
            raise UserError("Nobody is signed in: give --user NAME (this office "
                            + ("has users)." if office.has_users() else "has no users yet)."))
        name = office.session.user_name
        office.users.change_password(name, args.signed_in_password, new_password(name))
    print(f"The password of {user_name(args) or name} is changed.")
    return 0
