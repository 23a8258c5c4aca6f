"""officebill-cli clearinghouses add|list|route and claims export-837."""
import json
from pathlib import Path

from officebill.cli import main
from officebill.edi.validate import x12_errors


def test_clearinghouse_then_export_from_the_command_line(demo_office, tmp_path, capsys):
    db = ["--db", str(demo_office.path)]
    payers = [p.id for p in demo_office.setup.payers()]
    demo_office.close()
    assert main([*db, "clearinghouses", "add", "--name", "Prairie Clearing", "--submitter-name", "Maple Street",
                 "--submitter-id", "MSFM0142", "--receiver-name", "Prairie Clearing House", "--receiver-id",
                 "PCH01", "--payers", *map(str, payers[:-1]), "--json"]) == 0
    house = json.loads(capsys.readouterr().out)
    assert house["isa_sender"] == "ZZ:MSFM0142" and house["usage"] == "test"
    assert main([*db, "clearinghouses", "route", str(payers[-1]), "--clearinghouse", str(house["id"])]) == 0
    capsys.readouterr()
    assert main([*db, "clearinghouses", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert sorted(p["id"] for p in listed["clearinghouses"][0]["payers"]) == sorted(payers)
    assert listed["paper"] == []
    assert main([*db, "claims", "make"]) == 0
    capsys.readouterr()
    out = tmp_path / "out"
    out.mkdir()
    assert main([*db, "claims", "export-837", "--out", str(out), "--all-ready", "--json"]) == 0
    batches = json.loads(capsys.readouterr().out)
    assert len(batches) == 1 and batches[0]["clearinghouse"] == "Prairie Clearing"
    assert x12_errors(Path(batches[0]["file"]).read_text()) == []
    assert main([*db, "claims", "list", "--status", "sent", "--json"]) == 0
    sent = {c["id"] for c in json.loads(capsys.readouterr().out)}
    assert set(batches[0]["claim_ids"]) <= sent
    again = batches[0]["claim_ids"][0]
    assert main([*db, "claims", "export-837", "--out", str(out), "--ids", str(again)]) == 0  # sent again
    shown = capsys.readouterr().out
    assert shown.startswith(str(out)) and f"claims: {again}\n" in shown and "payers: " in shown
    assert main([*db, "claims", "export-837", "--out", str(out), "--all-ready"]) == 1
    assert "No ready claim goes" in capsys.readouterr().err
    assert main([*db, "clearinghouses", "add", "--name", "X", "--submitter-name", "Y", "--submitter-id", "!",
                 "--receiver-name", "Z", "--receiver-id", "R1"]) == 1
    assert "submitter_id" in capsys.readouterr().err
