"""`python -m officebill.gui.screenshots DIR [--size 1366x768]`: a PNG of each main screen and dialog, on the demo office.

Builds the demo office in a temporary OFFICEBILL_HOME, opens the main window
at the size given (default 1366x768, the smallest laptop screen the office is
likely to have; 1000x600 is the window's minimum) and saves what a person would
see, in the light palette and, for a few (the Visits screen with the code list
open among them), the dark one of View > Appearance.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path


def _settle(app, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


DEFAULT_SIZE = (1366, 768)


def take(out: Path, size: tuple[int, int] = DEFAULT_SIZE) -> list[Path]:
    home = Path(tempfile.mkdtemp(prefix="officebill-shots-"))
    os.environ["OFFICEBILL_HOME"] = str(home)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QStyleFactory

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "settings"))
    app = QApplication.instance() or QApplication(["officebill-screenshots"])
    app.setStyle(QStyleFactory.create("Fusion"))

    from ..demo import DEMO_USERS, build_demo
    from ..office import NewerFileError, Office
    from .alignment_dialog import AlignmentDialog
    from .first_start import open_problem_box
    from .main_window import SCREENS, MainWindow
    from .patient_editor import PatientDialog
    from .print_dialog import PrintClaimsDialog
    from .welcome import SetupWizard, WelcomeDialog

    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def shot(widget, name: str) -> None:
        _settle(app)
        path = out / f"{len(saved) + 1:02d}-{name}.png"
        widget.grab().save(str(path))
        saved.append(path)

    office = Office.create(home / "office.db")
    build_demo(office, users=True)
    manager, _full_name, _role, password = DEMO_USERS[0]
    office.sign_in(manager, password)  # as the window's workers (previews, exports) sign in as its person
    office.codes.ensure_built()
    visit = office.visits.for_patient(1)[0]
    office.visits.save(replace(visit, diagnoses=("E11",) + visit.diagnoses[1:]))  # a header: needs attention
    office.claims.make()
    window = MainWindow(office, backup_on_close=False)
    window.resize(*size)
    window.show()

    def claims_checked() -> None:
        task = window.claims.task
        while task is not None and not task.done:  # the check runs in the background
            _settle(app)
            time.sleep(0.05)
            task = window.claims.task
        _settle(app)

    for index, name in enumerate(SCREENS):
        window.show_screen(index)
        if name == "Claims":
            claims_checked()
        shot(window, name.lower())
    window.show_screen(SCREENS.index("Claims"))
    claims_checked()
    window.claims.tabs.setCurrentIndex(1)  # Ready: a claim to preview (Needs attention is empty in the demo)
    window.claims.claim_table.selectRow(0)
    window.claims.detail_tabs.setCurrentIndex(1)
    deadline = time.monotonic() + 60
    while window.claims.detail.preview.is_rendering() and time.monotonic() < deadline:
        _settle(app, 1)
        time.sleep(0.02)
    shot(window, "claims-preview")
    window.claims.detail_tabs.setCurrentIndex(0)
    window.claims.tabs.setCurrentIndex(1)
    dialog = PrintClaimsDialog(office, None, window)
    dialog.show()
    deadline = time.monotonic() + 60
    while dialog.preview.is_rendering() and time.monotonic() < deadline:  # the batch renders in the background
        _settle(app, 1)
        time.sleep(0.02)
    shot(dialog, "claims-print")
    dialog.done(0)
    dialog = AlignmentDialog(office, window)
    dialog.show()
    shot(dialog, "claims-alignment")
    dialog.done(0)
    edi_shots(app, office, window, shot, home)
    remittance_shots(app, office, window, shot, home)
    window.show_screen(1)
    busiest = max((v for p in office.patients.find(limit=20) for v in office.visits.for_patient(p.id)),
                  key=lambda v: (len(v.lines), v.id))
    window.visits.open_visit(busiest.id)
    window.visits.header.show_more()
    window.visits.recent.setFocus()
    shot(window, "visit-open")
    for index in range(1, 4):
        window.show_setup(index)
        shot(window, f"setup-{window.setup.tabs.tabText(index).lower()}")
    window.show_screen(0)
    window.patients.search.setText("ri")
    shot(window, "patients-search")
    window.patients.search.clear()

    two_policies = next(p for p in office.patients.find("", 100) if len(office.patients.policies(p.id)) == 2
                        and office.patients.policies(p.id)[1].insured is not None)
    dialog = PatientDialog(office, two_policies.id, window)
    dialog.show()
    for tab, name in ((0, "patient"), (1, "primary"), (2, "secondary")):
        dialog.tabs.setCurrentIndex(tab)
        shot(dialog, f"patient-editor-{name}")
    dialog.done(0)

    dialog = PatientDialog(office, None, window)
    dialog.show()
    dialog.patient_form.set_text("last_name", "Doe")
    dialog.patient_form.set_text("dob", "13/45/2001")
    dialog.patient_form.set_text("address.zip", "1234")
    dialog.save()
    shot(dialog, "patient-editor-errors")
    dialog._dirty = False
    dialog.done(0)

    window.show_setup(1)
    window.setup.providers.form.set_text("npi", "1234567890")
    window.setup.providers.save()
    shot(window, "setup-provider-error")
    window.setup.providers.refresh()

    window.show_screen(3)
    bad_csv = ("code,system,label,charge,units,favorite,active\n99213,CPT,Office visit,125.00,1,yes,yes\n"
               "9921,CPT,Too short,80,1,no,yes\nJ1885,HCPCS,Ketorolac,abc,1,no,maybe\n")
    preview = window.procedures.import_dialog(bad_csv, "fees.csv")
    preview.show()
    shot(preview, "procedure-import-errors")
    preview.done(0)

    box = open_problem_box(home / "newer.db", NewerFileError("newer.db was written by a newer OfficeBill"), window)
    box.show()
    shot(box, "open-newer-file")
    box.done(0)

    welcome = WelcomeDialog(home / "office.db", window)
    welcome.show()
    shot(welcome, "welcome")
    welcome.done(0)

    empty = Office.create(home / "empty.db")
    wizard = SetupWizard(empty, window)
    wizard.show()
    shot(wizard, "wizard-practice")
    wizard.practice_page.form.set_text("npi", "123")
    wizard.practice_page.validatePage()
    shot(wizard, "wizard-practice-errors")
    wizard.done(0)

    damaged = Office.open(office.backups.make(home / "damaged"), user=manager, password=password)  # a copy: the
    # banner as a damaged row shows it
    read_only = MainWindow(damaged, backup_on_close=False)
    read_only.resize(*size)
    read_only.show()
    read_only.open_read_only(["settings row 1: value does not hold readable data (JSON)"])  # as check_rows finds
    read_only.show_screen(1)
    shot(read_only, "read-only-banner")
    read_only.close()
    damaged.close()

    money_shots(app, office, window, shot)
    security_shots(office, window, shot, empty)

    from .theme import use_color_scheme

    picker_shots(window, shot, "light")
    drafts_shot(window, shot)
    use_color_scheme(True, app)  # View > Appearance > Dark, as a person switches it while the window is open
    picker_shots(window, shot, "dark")
    window.show_screen(0)
    shot(window, "dark-patients")
    window.show_setup(1)
    window.setup.providers.form.set_text("npi", "1234567890")
    window.setup.providers.save()
    shot(window, "dark-setup-provider-error")
    window.setup.providers.refresh()
    window.show_screen(SCREENS.index("Claims"))
    claims_checked()
    shot(window, "dark-claims")  # findings in red and amber
    window.lock()
    shot(window, "dark-lock-screen")
    window.lock_screen.form.password_field.setText(password)
    window.lock_screen.form.submit()
    use_color_scheme(None, app)

    window.close()
    office.close()
    empty.close()
    return saved


def picker_shots(window, shot, look: str) -> None:
    """The Visits screen, a new visit for a patient, the diagnosis list open on words typed, then the
    procedure list open on "office visit" (issue 15: both lists repaint with the appearance)."""
    visits = window.visits
    window.show_screen(1)
    patient = window.office.patients.find("rivera", 1)[0]
    visits.new_visit(patient.id)
    visits.diagnoses.field.setFocus()
    visits.diagnoses.field.setText("type 2 diab")
    visits.diagnoses.field.textEdited.emit("type 2 diab")
    shot(window, f"{look}-visit-diagnosis-list")
    visits.diagnoses.picker.close()
    visits.diagnoses.field.clear()  # nothing added: leaving the visit asks nothing
    line = visits.lines.rows[0]
    line.code.setFocus()
    line.code.setText("office visit")
    line.code.textEdited.emit("office visit")
    shot(window, f"{look}-visit-procedure-list")
    line.picker.close()  # offscreen, moving on does not take the focus from the field (which closes the list)
    line.code.clear()


def drafts_shot(window, shot) -> None:
    """A visit half typed (a diagnosis), then New visit: the question's default, Keep as draft, is taken and
    the draft waits under the recent visits (issue 15: typed work is never thrown away)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    visits = window.visits
    window.show_screen(1)
    visits.new_visit(window.office.patients.find("rivera", 1)[0].id)
    visits.diagnoses.field.setText("type 2 diab")
    visits.diagnoses.field.textEdited.emit("type 2 diab")
    visits.diagnoses.picker.choose_current()

    def keep_as_draft(tries: int = 50) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.defaultButton() is not None:
            box.defaultButton().click()
        elif tries:
            QTimer.singleShot(100, lambda: keep_as_draft(tries - 1))

    QTimer.singleShot(0, keep_as_draft)
    visits.new_visit(None)
    shot(window, "visit-drafts-waiting")


def _wait(app, task) -> None:
    while task is not None and not task.done:  # background work (a report, a statement run)
        _settle(app, 1)
        time.sleep(0.02)
    _settle(app)


def security_shots(office, window, shot, empty) -> None:
    """Signing in (the demo users listed; a wrong password), the first administrator of a file without
    users, the lock screen over the window, the Users screen and the audit trail (issue 12)."""
    from ..demo import DEMO_USERS
    from ..office import Office
    from .audit_view import AuditDialog
    from .first_start import FirstAdministratorDialog
    from .sign_in import SignInDialog, demo_users_of

    signed_out = Office.open(office.path, sign_in_later=True)
    dialog = SignInDialog(signed_out, demo_users=demo_users_of(signed_out))
    dialog.show()
    shot(dialog, "sign-in")
    dialog.form.user_field.setText(DEMO_USERS[0][0])
    dialog.form.password_field.setText("not the password")
    dialog.form.submit()
    shot(dialog, "sign-in-wrong-password")
    dialog.done(0)
    signed_out.close()

    first = FirstAdministratorDialog(empty, window)
    first.show()
    first.form.fields["name"].setText("pat")
    first.form.fields["full_name"].setText("Pat Owner")
    first.form.fields["password"].setText("short")
    first.form.fields["password_again"].setText("shorter")
    first.create()
    shot(first, "first-administrator")
    first.done(0)

    name, _full_name, _role, password = DEMO_USERS[0]
    office.sign_in(name, password)
    window.apply_permissions()
    window.show_screen(1)
    window.lock()
    shot(window, "lock-screen")
    window.lock_screen.form.password_field.setText(password)
    window.lock_screen.form.submit()
    users = window.show_users()
    users.view.table.selectRow(1)
    shot(users, "users")
    users.done(0)
    audit = AuditDialog(office, window)
    audit.show()
    shot(audit, "audit-trail")
    audit.done(0)


def edi_shots(app, office, window, shot, home: Path) -> None:
    """Setup > Clearinghouses with the demo payers routed, and the 837P export dialog after writing a file."""
    from ..core.edi import Clearinghouse
    from .export_dialog import ExportClaimsDialog

    house = office.setup.save_clearinghouse(Clearinghouse(
        name="Prairie Clearing", submitter_name="Maple Street Family Medicine", submitter_id="MSFM0142",
        contact_name="Jo Biller", contact_phone="2175550142", receiver_name="Prairie Clearing House",
        receiver_id="PCH01", sender_id="MSFM0142", receiver_isa_id="PCH01")).value
    for payer in office.setup.payers():
        if payer.payer_id:
            office.setup.route_payer(payer.id, house.id)
    window.show_setup(window.setup.tabs.indexOf(window.setup.clearinghouses))
    shot(window, "setup-clearinghouses")
    folder = home / "claim-files"
    folder.mkdir(exist_ok=True)
    dialog = ExportClaimsDialog(office, None, window)
    dialog.folder_edit.setText(str(folder))
    dialog.show()
    dialog.export()
    _wait(app, dialog.task)
    shot(dialog, "claims-export-837")
    dialog.done(0)


def remittance_shots(app, office, window, shot, home: Path) -> None:
    """Import remittance: the preview and the summary of an 835 paying claims just sent (one claim the office
    never sent goes to the work list), then the work list."""
    from PySide6.QtWidgets import QTableView

    from ..core.money import Money
    from ..edi.x835_sample import Clp, Svc, answer, era
    from .remittance_dialog import ImportRemittanceDialog
    from .remittance_work import show_work_list

    batch = office.edi.batches(limit=1)
    sent = [office.claims.get(i) for i in (batch[0].claim_ids if batch else ())]
    if not sent:
        return
    payer = sent[0].payer
    paid = []
    for claim in [c for c in sent if c.payer.id == payer.id][:6]:
        results = [(Money(line.charge.cents * 6 // 10), [("CO", "45", Money(line.charge.cents * 3 // 10)),
                                                         ("PR", "2", Money(line.charge.cents - line.charge.cents * 6
                                                                           // 10 - line.charge.cents * 3 // 10))])
                   for line in claim.lines]
        paid.append(answer(claim, results, payer_claim=f"26{claim.id:09d}"))
    stranger = Clp("B2207C99999", 95, 57, lines=[Svc("99213", 95, 57, cas=[("CO", "45", 38)])], name=("DOE", "JO"))
    practice = office.setup.practice()
    path = home / "remittance.835"
    path.write_text(era([*paid, stranger], payer_name=payer.name.upper(), payer_id=payer.payer_id or "00000",
                        npi=practice.npi, tin=practice.tax_id, trace="EFT7730415"))
    dialog = ImportRemittanceDialog(office, path, window)
    dialog.show()
    dialog.preview()
    _wait(app, dialog.task)
    shot(dialog, "remittance-preview")
    dialog.post()
    _wait(app, dialog.task)
    shot(dialog, "remittance-summary")
    dialog.done(0)
    work = show_work_list(window, office)
    work.findChild(QTableView).selectRow(0)
    shot(work, "remittance-work-list")
    work.done(0)


def money_shots(app, office, window, shot) -> None:
    """The Payments screen posting an EOB (and refusing one), the ledger, the statements, each report."""
    from datetime import date, timedelta

    from ..core.money import Money
    from .ledger_view import LedgerDialog
    from .main_window import SCREENS
    from .reports_view import CHOICES
    from .statements_dialog import StatementsDialog

    today = date.today()
    window.statusBar().clearMessage()
    window.show_screen(SCREENS.index("Payments"))
    payments = window.payments
    owing = next(((payer, row, owed) for payer in office.setup.payers()
                  for row, owed in office.payments.claims_to_post(payer.id)
                  if owed and row.total == owed and len(office.claims.get(row.id).lines) > 1), None)
    if owing is not None:
        payer, row, owed = owing
        deposit = office.payments.new_deposit(payer.id, "EFT 88213", today, owed + Money(4250)).value
        payments.refresh()
        payments.select_deposit(deposit.id)
        payments.search.setText(row.account)
        payments.choose_claim(0)
        first = payments.grid.rows[0]
        allowed = Money(first.owed.cents * 62 // 100)
        first.allowed.setText(allowed.plain())
        first.allowed.editingFinished.emit()
        first.paid.setText(Money(allowed.cents * 80 // 100).plain())
        first.paid.editingFinished.emit()
        first.adjustments[1].reason.setText("2")
        first.adjustments[1].reason.textEdited.emit("2")
        shot(window, "payments-posting")
        first.adjustments[1].reason.setText("999")
        payments.post()
        shot(window, "payments-refused")
        payments.discard_typed()  # else closing the window would ask about the unposted lines
    window.statusBar().clearMessage()

    patients = office.patients.find("", 60)
    busiest = max(patients, key=lambda p: (len(office.money.ledger(p.id)), -p.id))
    ledger = LedgerDialog(office, busiest.id, parent=window)
    ledger.show()
    shot(ledger, "ledger")
    ledger.done(0)

    statements = StatementsDialog(office, window)
    statements.show()
    shot(statements, "statements")
    statements.done(0)

    window.show_screen(SCREENS.index("Reports"))
    reports = window.reports
    for choice in CHOICES:
        reports.choose(choice.name)
        reports.start.set_date((today - timedelta(days=330)).replace(day=1))
        reports.show_report()
        _wait(app, reports.task)
        shot(window, "report-" + choice.name.lower().replace("/", "").replace(" ", "-").replace("--", "-"))


def window_size(text: str) -> tuple[int, int]:
    """'1366x768' -> (1366, 768)."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size: write it as WIDTHxHEIGHT, e.g. 1366x768") \
            from None
    return width, height


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m officebill.gui.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="screenshots", type=Path, help="folder for the PNG files")
    parser.add_argument("--size", type=window_size, default=DEFAULT_SIZE,
                        help="the main window's size, WIDTHxHEIGHT (default 1366x768)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    for path in take(args.out, args.size):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
