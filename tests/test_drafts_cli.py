"""officebill-cli drafts list [--user NAME | --all] and drafts discard ID: one's own drafts; a manager's view of
everyone's; refusals as messages."""
import json

from officebill.cli import main
from tests.security.users_office import PASSWORDS, office_with_users, open_as


def _as(monkeypatch, name):
    monkeypatch.setenv("OFFICEBILL_USER", name)
    monkeypatch.setenv("OFFICEBILL_PASSWORD", PASSWORDS[name])


def _run(capsys, path, *argv):
    code = main(["--db", str(path), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_drafts_list_and_discard(tmp_path, capsys, monkeypatch):
    path = office_with_users(tmp_path / "office.db")
    with open_as(path, "desk") as desk:
        mine = desk.drafts.save({"patient_text": "Rivera, A"}, kept=True).value
    with open_as(path, "bill") as biller:
        biller.drafts.save({"patient_text": "Chen, B"})

    _as(monkeypatch, "desk")
    code, out, err = _run(capsys, path, "drafts", "list")
    assert code == 0 and f"#{mine.id}" in out and "Rivera, A" in out and "kept" in out and "Chen" not in out
    code, _out, err = _run(capsys, path, "drafts", "list", "--user", "bill")
    assert code == 1 and "Only a manager can see and discard other users' visit drafts" in err
    code, _out, err = _run(capsys, path, "drafts", "discard", str(mine.id + 1))
    assert code == 1 and "Only a manager" in err

    _as(monkeypatch, "boss")
    code, out, _err = _run(capsys, path, "drafts", "list", "--all", "--json")
    assert code == 0 and sorted(d["user_name"] for d in json.loads(out)) == ["bill", "desk"]
    code, out, _err = _run(capsys, path, "drafts", "discard", str(mine.id))
    assert code == 0 and f"Discarded draft #{mine.id} of desk" in out
    code, _out, err = _run(capsys, path, "drafts", "discard", str(mine.id))
    assert code == 1 and "no draft" in err
    code, out, _err = _run(capsys, path, "drafts", "list", "--user", "desk")
    assert code == 0 and out == ""
