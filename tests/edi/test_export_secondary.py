"""A secondary claim sent electronically: the primary's posted result in 2320/2330A/2330B (AMT*D, DTP*573,
REF*F8) and per line in 2430 (SVD, CAS, DTP*573), validated by pyx12; the lines balance against the primary."""
from datetime import datetime
from pathlib import Path

from officebill.core.records import ClaimStatus
from officebill.edi.validate import x12_errors

from ..billing.money_office import TODAY
from ..test_secondary_claims import _post, _primary_eob, _print, _setup, office  # noqa: F401  (office: fixture)
from .edi_office import route_all
from .test_x837p import find, segments


def test_a_secondary_claim_carries_the_primary_result(office, tmp_path):
    _, (primary, secondary), visit, claim = _setup(office)
    _print(office, claim.id)
    office.claims.set_payer_claim_number(claim.id, "BC-2026-77")
    _post(office, primary.payer_id, claim.id, _primary_eob(visit), "72.00")
    (made,) = office.claims.followers(claim.id)
    route_all(office)
    (batch,) = office.edi.export_837(tmp_path, [made.id], today=TODAY, now=datetime(2026, 4, 6, 8, 0)).value
    content = Path(batch.file_name).read_text()
    assert x12_errors(content) == []
    assert office.claims.get(made.id).status is ClaimStatus.SENT
    sbr = find(content, "SBR")
    assert [s[1] for s in sbr] == ["S", "P"]  # this payer is secondary; 2320 names the primary
    primary_payer = office.setup.payer(primary.payer_id)
    assert find(content, "AMT", "D") == [["AMT", "D", "72"]] and find(content, "AMT", "EAF") == [["AMT", "EAF", "43"]]
    assert find(content, "NM1", "PR")[1][3] == primary_payer.name.upper()
    assert ["REF", "F8", "BC202677"] in find(content, "REF", "F8")
    svd = find(content, "SVD")
    assert [s[2] for s in svd] == ["60", "12"] and {s[1] for s in svd} == {primary_payer.payer_id}
    cas = find(content, "CAS")
    assert ["CAS", "CO", "45", "50"] in cas and ["CAS", "PR", "1", "25", "", "2", "15"] in cas
    assert len(find(content, "DTP", "573")) == 2  # each line's (2430), so none in 2330B
    # Each line balances: SV102 - the CAS amounts = SVD02 (what the primary paid).
    rows = segments(content)
    for at, seg in enumerate(rows):
        if seg[0] == "SV1":
            charge = round(float(seg[2]) * 100)
            tail = rows[at + 1:]
            end = next((i for i, s in enumerate(tail) if s[0] in ("LX", "SE")), len(tail))
            paid = next(round(float(s[2]) * 100) for s in tail[:end] if s[0] == "SVD")
            adjusted = sum(round(float(v) * 100) for s in tail[:end] if s[0] == "CAS" for v in s[3::3] if v)
            assert charge - adjusted == paid
