"""The claims list marks a secondary/tertiary claim beside its payer, and says to attach the earlier EOB."""
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt

from officebill.core.claim import ClaimListRow
from officebill.core.money import Money
from officebill.core.records import ClaimFrequency, ClaimStatus
from officebill.gui.claim_models import ClaimTableModel


def _row(primary_claim_id=None):
    return ClaimListRow(id=9, visit_id=3, patient_id=2, patient_name="Rivera, Sofia", account="A1", service_date=
                        date(2026, 3, 2), payer_name="Prairie Health Plan", total=Money(17000),
                        status=ClaimStatus.READY, printed=None, version=1, frequency=ClaimFrequency.ORIGINAL,
                        primary_claim_id=primary_claim_id)


def test_a_secondary_claim_is_marked_beside_its_payer(qtbot):
    model = ClaimTableModel()
    rows = [_row(), _row(primary_claim_id=4)]
    model.set_source(lambda offset, limit, order, descending: rows[offset:offset + limit], len(rows))
    plain, secondary = (model.index(n, 4) for n in range(2))
    assert model.data(plain) == "Prairie Health Plan" and model.data(plain, Qt.ItemDataRole.ToolTipRole) == "Prairie Health Plan"
    assert model.data(secondary) == "↳#4 Prairie Health Plan"
    assert "attach that payer's EOB" in model.data(secondary, Qt.ItemDataRole.ToolTipRole)


def test_the_claim_title_says_to_attach_the_eob(qtbot, tmp_path):
    """The claim's own title (the detail pane) names the claim it follows and asks for the EOB."""
    from officebill.core.claim import Claim
    from officebill.core.records import Payer
    from officebill.gui.claim_models import eob_note

    claim = Claim(id=9, primary_claim_id=4, payer=Payer(name="Lakeside Mutual"))
    assert eob_note(claim.as_list_row()) == ("Lakeside Mutual, billed after the posted result of claim 4: attach "
                                             "that payer's EOB to the paper claim.")


def test_a_sent_secondary_is_marked_but_asks_for_no_eob(qtbot):
    model = ClaimTableModel()
    rows = [replace(_row(primary_claim_id=4), status=ClaimStatus.SENT)]
    model.set_source(lambda offset, limit, order, descending: rows[offset:offset + limit], len(rows))
    assert model.data(model.index(0, 4)) == "↳#4 Prairie Health Plan"
    assert "no EOB to attach" in model.data(model.index(0, 4), Qt.ItemDataRole.ToolTipRole)
    assert not rows[0].needs_primary_eob
