"""officebill-cli drafts: the visits typed in the window but not saved (kept as drafts), listed and discarded.

`drafts list` shows the signed-in user's drafts; a manager may add `--user NAME` for someone else's, or
`--all` for everyone's (drafts left behind by someone who has gone). `drafts discard ID` throws one away
(one's own; a manager, anyone's). Opening a draft is done in the window (Visits screen, Drafts waiting),
where what was typed goes back into the form.
"""
from __future__ import annotations

import sys

from .common import open_office, print_json


def register(sub) -> None:
    cmd = sub.add_parser("drafts", help="visits typed but not saved: list them, discard one")
    actions = cmd.add_subparsers(dest="action", required=True, metavar="ACTION")

    listing = actions.add_parser("list", help="your drafts, last kept first (a manager: --user NAME or --all)")
    whose = listing.add_mutually_exclusive_group()
    whose.add_argument("--user", dest="owner", metavar="NAME", help="this user's drafts (a manager's view)")
    whose.add_argument("--all", action="store_true", help="every user's drafts (a manager's view)")
    listing.add_argument("--json", action="store_true", help="as JSON, with the typed form")
    listing.set_defaults(handler=list_drafts)

    discard = actions.add_parser("discard", help="throw a draft away (what was typed in it is lost)")
    discard.add_argument("id", type=int, help="the draft's number, as `drafts list` shows it")
    discard.set_defaults(handler=discard_draft)


def list_drafts(args) -> int:
    with open_office(args) as office:
        drafts = office.drafts.list_for(None) if args.all else (
            office.drafts.list_for(args.owner) if args.owner else office.drafts.drafts())
    if args.json:
        print_json(drafts)
        return 0
    for draft in drafts:
        patient = draft.patient_name or draft.form.get("patient_text") or "(no patient chosen)"
        about = f"changes to visit #{draft.visit_id}" if draft.visit_id else "new visit"
        day = draft.service_date.isoformat() if draft.service_date else "no date"
        how = "kept" if draft.kept else "autosaved"
        print(f"#{draft.id:<5} {draft.user_name:12} {patient:28} {day:10}  {about:24} {how} "
              f"{draft.saved_at:%Y-%m-%d %H:%M}")
    print(f"{len(drafts)} draft(s)", file=sys.stderr)
    return 0


def discard_draft(args) -> int:
    with open_office(args) as office:
        gone = office.drafts.discard(args.id).value
    if gone is None:
        print(f"error: there is no draft #{args.id}; `officebill-cli drafts list` shows the drafts kept.",
              file=sys.stderr)
        return 1
    print(f"Discarded draft #{gone.id} of {gone.user_name}.")
    return 0
