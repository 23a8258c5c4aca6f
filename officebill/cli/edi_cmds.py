"""officebill-cli clearinghouses ...: the clearinghouse profiles 837P files are written for, and payer routes.

(The 835 and acknowledgment imports join this module: `era import`, `acks import`.)
"""
from __future__ import annotations

from ..core.edi import Clearinghouse
from ..core.problems import UserError
from .common import open_office, print_json


def register(sub) -> None:
    houses = sub.add_parser("clearinghouses", help="clearinghouse profiles for 837P files, and payer routes")
    actions = houses.add_subparsers(dest="action", required=True, metavar="ACTION")

    cmd = actions.add_parser("list", help="list the profiles and the payers sent through each")
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=listing)

    cmd = actions.add_parser("add", help="add a clearinghouse profile (values from its companion guide)")
    cmd.add_argument("--name", required=True, help="what the office calls it")
    cmd.add_argument("--submitter-name", required=True, help="the office's name as the clearinghouse has it")
    cmd.add_argument("--submitter-id", required=True, help="the submitter ID the clearinghouse gave the office")
    cmd.add_argument("--contact-name", default="")
    cmd.add_argument("--contact-phone", default="")
    cmd.add_argument("--receiver-name", required=True)
    cmd.add_argument("--receiver-id", required=True, help="1000B receiver ID")
    cmd.add_argument("--sender-qualifier", default="ZZ", help="ISA05 (default ZZ)")
    cmd.add_argument("--sender-id", help="ISA06/GS02 (default: the submitter ID)")
    cmd.add_argument("--receiver-qualifier", default="ZZ", help="ISA07 (default ZZ)")
    cmd.add_argument("--receiver-isa-id", help="ISA08/GS03 (default: the receiver ID)")
    cmd.add_argument("--production", action="store_true", help="production files (ISA15 P); default: test (T)")
    cmd.add_argument("--payers", type=int, nargs="+", default=[], metavar="PAYER_ID",
                     help="send these payers' claims through it (payer numbers, as in `clearinghouses list`)")
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=add)

    cmd = actions.add_parser("route", help="send a payer's claims through a clearinghouse (or back to paper)")
    cmd.add_argument("payer", type=int, help="the payer's number")
    target = cmd.add_mutually_exclusive_group(required=True)
    target.add_argument("--clearinghouse", type=int, help="the clearinghouse's number")
    target.add_argument("--paper", action="store_true", help="print this payer's claims instead")
    cmd.add_argument("--payer-id", help="the payer's electronic payer ID (from the clearinghouse's payer list)")
    cmd.set_defaults(handler=route)


def _plain(profile: Clearinghouse, payers: list) -> dict:
    return {"id": profile.id, "name": profile.name, "submitter_name": profile.submitter_name,
            "submitter_id": profile.submitter_id, "receiver_name": profile.receiver_name,
            "receiver_id": profile.receiver_id, "isa_sender": f"{profile.sender_qualifier}:{profile.sender_id}",
            "isa_receiver": f"{profile.receiver_qualifier}:{profile.receiver_isa_id}",
            "usage": "production" if profile.production else "test", "active": profile.active,
            "payers": [{"id": p.id, "name": p.name, "payer_id": p.payer_id} for p in payers]}


def listing(args) -> int:
    with open_office(args) as office:
        routes = office.setup.payer_clearinghouses()
        payers = office.setup.payers()
        houses = [_plain(c, [p for p in payers if routes.get(p.id) == c.id]) for c in office.setup.clearinghouses()]
        paper = [p for p in payers if routes.get(p.id) is None]
    if args.json:
        print_json({"clearinghouses": houses, "paper": [{"id": p.id, "name": p.name} for p in paper]})
        return 0
    for house in houses:
        print(f"{house['id']:>3} {house['name']} ({house['usage']}) ISA {house['isa_sender']} -> "
              f"{house['isa_receiver']}")
        for payer in house["payers"]:
            print(f"      payer {payer['id']:>3} {payer['name']} (payer ID {payer['payer_id'] or '-'})")
    if paper:
        print("on paper: " + ", ".join(f"{p.id} {p.name}" for p in paper))
    return 0


def add(args) -> int:
    profile = Clearinghouse(
        name=args.name, submitter_name=args.submitter_name, submitter_id=args.submitter_id,
        contact_name=args.contact_name, contact_phone=args.contact_phone, receiver_name=args.receiver_name,
        receiver_id=args.receiver_id, sender_qualifier=args.sender_qualifier,
        sender_id=args.sender_id or args.submitter_id, receiver_qualifier=args.receiver_qualifier,
        receiver_isa_id=args.receiver_isa_id or args.receiver_id, production=args.production)
    with open_office(args) as office:
        with office.transaction():  # the profile and its payers together, or nothing
            saved = office.setup.save_clearinghouse(profile).value
            for payer_id in args.payers:
                office.setup.route_payer(payer_id, saved.id)
        payers = [office.setup.payer(i) for i in args.payers]
    if args.json:
        print_json(_plain(saved, payers))
    else:
        print(f"Clearinghouse {saved.id} ({saved.name}) added" +
              (f"; {len(payers)} payer(s) go through it." if payers else "; route payers with: "
               "officebill-cli clearinghouses route PAYER --clearinghouse " + str(saved.id)))
    return 0


def route(args) -> int:
    with open_office(args) as office:
        if args.clearinghouse is not None and office.setup.clearinghouse(args.clearinghouse) is None:
            raise UserError(f"No clearinghouse has the number {args.clearinghouse}; see: officebill-cli "
                            "clearinghouses list")
        payer = office.setup.route_payer(args.payer, None if args.paper else args.clearinghouse, args.payer_id).value
    where = "on paper" if args.paper else f"through clearinghouse {args.clearinghouse}"
    print(f"{payer.name}'s claims go {where} (payer ID {payer.payer_id or '-'}).")
    return 0
