"""Claims screen > Export 837P…: the dialog writes a file in the background and shows it; a refusal shows why."""
from dataclasses import replace

from PySide6.QtCore import Qt

from officebill.core.records import ClaimStatus
from officebill.demo import PAYERS, PRACTICE, PROVIDERS
from officebill.gui.export_dialog import ExportClaimsDialog
from officebill.office import Office
from tests.billing.money_office import TODAY, add_patient, add_visit
from tests.edi.edi_office import PROFILE


def _office_with_claims(tmp_path, codes_db):
    (tmp_path / "codes.db").symlink_to(codes_db)
    office = Office.create(tmp_path / "office.db")
    office.setup.save_practice(PRACTICE)
    provider = office.setup.save_provider(PROVIDERS[0]).value
    # The export checks claims on the real date, long after these visits: a payer whose filing limit has not passed.
    payer = office.setup.save_payer(replace(PAYERS[2], timely_filing_days=3650)).value
    patient, _policies = add_patient(office, payer.id, None)
    visits = [add_visit(office, patient.id, provider.id, day=TODAY.replace(day=d)) for d in (1, 2)]
    made = office.claims.make([v.id for v in visits], today=TODAY).value.made
    return office, payer, made


def test_export_dialog_writes_the_chosen_claims_and_shows_the_file(qtbot, tmp_path, codes_db):
    office, payer, made = _office_with_claims(tmp_path, codes_db)
    try:
        out = tmp_path / "out"
        out.mkdir()
        dialog = ExportClaimsDialog(office, [made[0].id])
        qtbot.addWidget(dialog)
        assert dialog.selected_radio.isChecked() and "(0)" in dialog.all_radio.text()  # no payer routed yet
        dialog.folder_edit.setText(str(out))
        with qtbot.waitSignal(dialog.failed, timeout=30_000):
            qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert "not sent through a clearinghouse" in dialog.result.toPlainText()
        assert office.claims.get(made[0].id).status is ClaimStatus.READY

        house = office.setup.save_clearinghouse(PROFILE).value
        office.setup.route_payer(payer.id, house.id)
        with qtbot.waitSignal(dialog.exported, timeout=30_000) as sent:
            qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        [batch] = sent.args[0]
        shown = dialog.result.toPlainText()
        assert batch.file_name in shown and f"claims: {made[0].id}" in shown and payer.name in shown
        assert office.claims.get(made[0].id).status is ClaimStatus.SENT
        assert office.claims.get(made[1].id).status is ClaimStatus.READY
        assert "(1)" in dialog.all_radio.text() and dialog.all_radio.isChecked()
        assert office.setup.setting("edi_export_folder") == str(out)
    finally:
        office.close()
