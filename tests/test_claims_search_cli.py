"""`officebill-cli claims list --search TEXT`: the Claims screen's search from a terminal."""
import json

from officebill.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_claims_list_search_finds_a_patients_claims_and_a_claim_number(demo_office_file, tmp_path, capsys, codes_db):
    import shutil

    (tmp_path / "codes.db").symlink_to(codes_db)
    db = tmp_path / "office.db"
    shutil.copyfile(demo_office_file, db)
    code, out, _ = run(capsys, "--db", str(db), "claims", "list", "--json")
    every = json.loads(out)
    claim = every[0]
    last = claim["patient"].split(",")[0]

    code, out, err = run(capsys, "--db", str(db), "claims", "list", "--search", last.lower(), "--json")
    found = json.loads(out)
    assert code == 0 and found and all(f["patient"].split(",")[0].startswith(last) for f in found)
    assert {f["id"] for f in found} == {c["id"] for c in every if c["patient"].split(",")[0].startswith(last)}

    code, out, err = run(capsys, "--db", str(db), "claims", "list", "--search", f"C{claim['id']}")
    assert code == 0 and out.split()[0] == str(claim["id"]) and len(out.splitlines()) == 1
    assert "1 claim(s) match" in err

    code, out, err = run(capsys, "--db", str(db), "claims", "list", "--search", last, "--limit", "1")
    assert len(out.splitlines()) == 1 and "--limit for more" in err

    code, out, err = run(capsys, "--db", str(db), "claims", "list", "--search", "zzqx")
    assert code == 0 and out == "" and "No claim matches" in err
