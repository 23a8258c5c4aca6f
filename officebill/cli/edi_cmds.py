"""officebill-cli clearinghouses ...: the clearinghouse profiles 837P files are written for, and payer routes;
officebill-cli era import|work|resolve: 835 remittances posted and their work list; acks import: 999 and 277CA.
"""
from __future__ import annotations

from pathlib import Path

from ..core.edi import Clearinghouse
from ..core.problems import UserError
from .common import day, open_office, print_json


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
    _register_returns(sub)


def _register_returns(sub) -> None:
    era = sub.add_parser("era", help="835 remittances: import and post, the work list of what did not fit")
    actions = era.add_subparsers(dest="action", required=True, metavar="ACTION")
    cmd = actions.add_parser("import", help="post an 835 file (one transaction; a trace number posts once)")
    cmd.add_argument("file", type=Path)
    cmd.add_argument("--dry-run", action="store_true", help="show what would be posted; write nothing")
    cmd.add_argument("--today", help="the posting date (YYYY-MM-DD, default today)")
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=era_import)
    cmd = actions.add_parser("work", help="claim payments an import could not post, for a person to resolve")
    cmd.add_argument("--all", action="store_true", help="resolved ones too")
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=era_work)
    cmd = actions.add_parser("resolve", help="post a work item to a chosen claim, or mark it handled")
    cmd.add_argument("item", type=int, help="the work item's number (era work)")
    target = cmd.add_mutually_exclusive_group(required=True)
    target.add_argument("--claim", type=int, help="post it to this claim (the same rules as an import)")
    target.add_argument("--handled", metavar="NOTE", help="mark it handled, saying what was done")
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=era_resolve)

    acks = sub.add_parser("acks", help="999 and 277CA acknowledgments from the clearinghouse")
    actions = acks.add_subparsers(dest="action", required=True, metavar="ACTION")
    cmd = actions.add_parser("import", help="record a 999 or 277CA; rejected claims go back to needs attention")
    cmd.add_argument("file", type=Path)
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=acks_import)


def _result_row(result) -> dict:
    return {"control": result.control, "status": result.status, "outcome": result.outcome,
            "claim_id": result.claim_id, "paid": result.paid, "adjusted": result.adjusted,
            "patient": result.patient, "note": result.note}


def era_import(args) -> int:
    with open_office(args) as office:
        summary = office.remittances.import_835(args.file, dry_run=args.dry_run, today=day(args.today)).value
    if args.json:
        print_json({"dry_run": summary.dry_run, "remittance_id": summary.remittance_id,
                    "deposit_id": summary.deposit_id, "payer": summary.payer_name, "trace": summary.trace_number,
                    "amount": summary.amount, "paid": summary.count("paid"), "denied": summary.count("denied"),
                    "reversed": summary.count("reversed"), "unmatched": summary.count("unmatched"),
                    "money": {"paid": summary.total("paid"), "adjusted": summary.total("adjusted"),
                              "patient": summary.total("patient"),
                              "provider_adjustments": summary.provider_adjustments, "unapplied": summary.unapplied},
                    "work_items": list(summary.work_items), "claims": [_result_row(r) for r in summary.results]})
        return 0
    head = "Would post" if summary.dry_run else "Posted"
    print(f"{head} {summary.payer_name} payment {summary.trace_number}: {summary.amount}"
          + (f" (deposit {summary.deposit_id})" if summary.deposit_id else ""))
    print(f"  claims paid {summary.count('paid')}, denied {summary.count('denied')}, reversed "
          f"{summary.count('reversed')}, unmatched {summary.count('unmatched')}")
    print(f"  paid {summary.total('paid')}, written off {summary.total('adjusted')}, moved on (PR) "
          f"{summary.total('patient')}, provider adjustments {summary.provider_adjustments}, unapplied "
          f"{summary.unapplied}")
    for result in summary.results:
        if result.outcome == "unmatched":
            print(f"  to the work list: {result.control}: {result.note}")
    if summary.work_items:
        print("  resolve them with: officebill-cli era work")
    return 0


def era_work(args) -> int:
    with open_office(args) as office:
        items = office.remittances.work(open_only=not args.all)
    if args.json:
        print_json([{"id": i.id, "remittance_id": i.remittance_id, "control": i.control, "problem": i.problem,
                     "payer": i.payer_name, "trace": i.trace_number, "status": i.payment.status,
                     "charge": i.payment.charge, "paid": i.payment.paid, "patient": i.payment.patient_name,
                     "resolved": i.resolved, "resolution": i.resolution} for i in items])
        return 0
    if not items:
        print("Nothing on the work list.")
    for i in items:
        state = f"  [{i.resolution}]" if i.resolved else ""
        print(f"{i.id:>4} {i.control:<16} {i.payment.status_label:<24} paid {i.payment.paid!s:>10}  "
              f"{i.payer_name} {i.trace_number}: {i.problem}{state}")
    return 0


def era_resolve(args) -> int:
    with open_office(args) as office:
        item = office.remittances.resolve(args.item, claim_id=args.claim, note=args.handled or "").value
    if args.json:
        print_json({"id": item.id, "resolved": item.resolved, "resolution": item.resolution})
    else:
        print(f"Work item {item.id}: {item.resolution}.")
    return 0


def acks_import(args) -> int:
    with open_office(args) as office:
        summary = office.remittances.import_ack(args.file).value
    if args.json:
        print_json({"kind": summary.kind, "file": summary.file_name, "accepted": summary.accepted,
                    "rejected": summary.rejected,
                    "results": [{"control": r.control, "claim_id": r.claim_id, "accepted": r.accepted,
                                 "codes": r.codes, "words": r.words, "back_to_attention": r.back_to_attention}
                                for r in summary.results]})
        return 0
    print(f"{summary.kind} {summary.file_name}: {summary.accepted} accepted, {summary.rejected} rejected")
    for r in summary.results:
        if not r.accepted:
            claim = f"claim {r.claim_id}" if r.claim_id else r.control
            back = " (back to needs attention)" if r.back_to_attention else ""
            print(f"  {claim}: {r.codes} {r.words}{back}")
    return 0


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
