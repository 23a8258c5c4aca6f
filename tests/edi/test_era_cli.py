"""officebill-cli era import / era work / era resolve / acks import: a round trip through the command line."""
from __future__ import annotations

import json

from officebill.cli import main

from ..billing.money_office import make_books
from .ack_files import ack_277ca
from .era_files import Clp, Svc, answer, era


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_era_and_acks_commands(tmp_path, capsys, codes_db):
    (tmp_path / "codes.db").symlink_to(codes_db)
    path = tmp_path / "office.db"
    books = make_books(path)
    claim = books.office.claims.get(books.claim_id)
    books.office.close()
    db = ("--db", str(path))
    stranger = Clp("Q9C999", 40, 40, lines=[Svc("99212", 40, 40)])
    era_file = tmp_path / "pay.835"
    era_file.write_text(era([answer(claim, [(64, [("CO", "45", 50), ("PR", "1", 36)]), (20, [])]), stranger]))

    code, out, _ = _run(capsys, *db, "era", "import", str(era_file), "--dry-run", "--json", "--today", "2026-04-15")
    dry = json.loads(out)
    assert code == 0 and dry["dry_run"] and dry["paid"] == 1 and dry["unmatched"] == 1
    assert dry["money"] == {"paid": "84.00", "adjusted": "50.00", "patient": "36.00", "provider_adjustments": "0.00",
                            "unapplied": "40.00"}

    code, out, _ = _run(capsys, *db, "era", "import", str(era_file), "--today", "2026-04-15")
    assert code == 0 and "claims paid 1, denied 0, reversed 0, unmatched 1" in out and "Q9C999" in out
    code, _, err = _run(capsys, *db, "era", "import", str(era_file))
    assert code == 1 and "imported before" in err and "pay.835" in err and "Traceback" not in err

    code, out, _ = _run(capsys, *db, "era", "work", "--json")
    (item,) = json.loads(out)
    assert code == 0 and item["control"] == "Q9C999" and item["paid"] == "40.00"
    code, out, _ = _run(capsys, *db, "era", "resolve", str(item["id"]), "--handled", "returned the check stub")
    assert code == 0 and "handled: returned the check stub" in out
    code, out, _ = _run(capsys, *db, "era", "work")
    assert code == 0 and "Nothing on the work list" in out

    ack = tmp_path / "a.277"
    ack.write_text(ack_277ca([("A1001C1", "A7:562:85")]))
    code, out, _ = _run(capsys, *db, "acks", "import", str(ack))
    assert code == 0 and "0 accepted, 1 rejected" in out and "NPI (billing provider)" in out

    code, _, err = _run(capsys, *db, "era", "import", str(tmp_path / "missing.835"))
    assert code == 1 and "missing.835" in err
