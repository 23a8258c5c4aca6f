"""The patient editor: demographics and up to three insurance policies in order, saved in one go.

`office.patients.save(patient, policies).value` validates everything;
its problems (`dob`, `address.zip`, `policies[1].insured.dob`) are shown beside
the fields, on the tab that holds them, and nothing is saved until none remain.

No stray key changes a record: an existing patient opens on the last name; the account number of a
patient with visits, claims or statements is read-only and changed only with "Change account
number…" (asked, then confirmed); Enter never saves a change to an identifier (account, name, date of
birth, member ID) without showing what changed and asking; an Alt+letter that is no shortcut types
nothing (`stray_keys.py`).
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.problems import Problem, UserError, ValidationFailed
from ..core.records import Address, Patient, Person, Policy, Relationship, Sex
from .forms import (
    DateEdit,
    Form,
    MoneyEdit,
    PhoneEdit,
    UpperEdit,
    chain_tab_order,
    check_box,
    format_date,
    save_keys,
    scrolled,
    sex_combo,
)
from .keys_help import install_f1
from .stray_keys import ignore_stray_alt_letters

PRIORITY_NAMES = ("Primary", "Secondary", "Tertiary")
# The patient's identifiers: a change to one is shown and confirmed before Enter saves it.
IDENTIFIERS = (("account", "Account"), ("last_name", "Last name"), ("first_name", "First name"),
               ("dob", "Date of birth"))
SHORTCUT_HELP: tuple[tuple[str, str], ...] = (
    ("Ctrl+S / Alt+S", "Save the patient"),
    ("Ctrl+Enter / Alt+V", "Save the patient and start a new visit for them"),
    ("Enter", "Save (a changed account, name, birth date or member ID is shown and asked about first)"),
    ("Alt+1 … Alt+4", "The patient tab, then the primary, secondary and tertiary policy"),
    ("Ctrl+Page Down / Ctrl+Page Up", "Next or previous tab"),
    ("Ctrl+Shift+Up", "Make the policy shown the one above it (secondary becomes primary)"),
    ("Alt+N", "Change the account number (a patient with visits or claims)"),
    ("Alt+letter", "Go to the field whose label has that letter underlined"),
    ("Esc", "Close (asks before throwing away changes)"),
)
RELATIONSHIPS = ((Relationship.SELF, "Self (the patient is the insured)"), (Relationship.SPOUSE, "Spouse"),
                 (Relationship.CHILD, "Child"), (Relationship.OTHER, "Other"))


class PatientForm(Form):
    """Demographics: name, birth date, sex, address, contact, signature on file."""

    def __init__(self, parent=None):
        super().__init__(parent)
        account = self.add("account", "Acco&unt", QLineEdit())
        account.setPlaceholderText("assigned on save")
        account.setMaximumWidth(130)
        self.change_account_button = QPushButton("Change account &number…")
        self.change_account_button.setAutoDefault(False)  # Enter keeps meaning Save
        self.change_account_button.hide()
        self.grid.addWidget(self.change_account_button, self._row, 1, Qt.AlignmentFlag.AlignLeft)
        self._row += 1
        self.add("last_name", "&Last name", QLineEdit())
        self.add("first_name", "&First name", QLineEdit())
        self.add("middle", "&Middle", QLineEdit()).setMaximumWidth(160)
        self.add("suffix", "Suffi&x", QLineEdit()).setMaximumWidth(60)
        self.add("dob", "&Date of birth", DateEdit())
        self.add("sex", "S&ex", sex_combo()).setMaximumWidth(160)
        self.add_address()
        self.add("phone", "P&hone", PhoneEdit())
        self.add("email", "E-m&ail", QLineEdit())
        self.add("signature_on_file", "", check_box("Signature on file (boxes 12 and 13)", True))
        notes = self.add("notes", "N&otes", QPlainTextEdit())
        notes.setTabChangesFocus(True)
        notes.setMaximumHeight(70)
        self.finish()

    def load(self, p: Patient) -> None:
        for name in ("account", "last_name", "first_name", "middle", "suffix", "phone", "email", "notes"):
            self.set_text(name, getattr(p, name))
        self.fields["dob"].set_date(p.dob)
        self.set_data("sex", p.sex)
        self.set_address(p.address)
        self.fields["signature_on_file"].setChecked(p.signature_on_file)

    def record(self, patient_id: int | None, problems: list[Problem]) -> Patient:
        return Patient(id=patient_id, account=self.text("account"), last_name=self.text("last_name"),
                       first_name=self.text("first_name"), middle=self.text("middle"), suffix=self.text("suffix"),
                       dob=self.read_date("dob", problems), sex=Sex(self.data("sex")), address=self.address(),
                       phone=self.text("phone"), email=self.text("email"), notes=self.text("notes"),
                       signature_on_file=self.checked("signature_on_file"))


class PolicyPanel(QWidget):
    """One policy: payer, card details, relationship and (when not Self) the insured person."""

    changed = Signal()
    move_up_requested = Signal()

    def __init__(self, payers, priority: int, parent=None):
        super().__init__(parent)
        self.priority = priority
        self.policy_id: int | None = None
        self.form = Form()
        payer = self.form.add("payer_id", "Pa&yer", QComboBox())
        payer.addItem("(no policy)", None)
        for p in payers:
            payer.addItem(p.name if p.active else f"{p.name} (inactive)", p.id)
        self.form.add("member_id", "Mem&ber ID", UpperEdit(30)).setMaximumWidth(240)
        self.form.add("group_number", "&Group number", UpperEdit(30)).setMaximumWidth(240)
        self.form.add("plan_name", "Plan &name", QLineEdit())
        self.form.add("copay", "&Copay", MoneyEdit())
        self.form.add("effective", "&Effective date", DateEdit())
        self.form.add("end", "En&d date", DateEdit())
        relationship = self.form.add("relationship", "&Relationship to insured", QComboBox())
        for value, text in RELATIONSHIPS:
            relationship.addItem(text, value)
        self.form.finish()

        self.insured = Form()
        self.insured.add("insured.last_name", "Insured's las&t name", QLineEdit())
        self.insured.add("insured.first_name", "Insured's f&irst name", QLineEdit())
        self.insured.add("insured.middle", "Insured's middle", QLineEdit()).setMaximumWidth(160)
        self.insured.add("insured.dob", "Insured's date of birt&h", DateEdit())
        self.insured.add("insured.sex", "Insured's se&x", sex_combo()).setMaximumWidth(160)
        self.insured.add("insured.phone", "Insured's phone", PhoneEdit())
        self.same_address = self.insured.add_widget(check_box("Insured lives at the patient's &address", True))
        self.insured.finish()
        self.address = Form()
        self.address.add_address("insured.address.", heading="Insured's address")
        self.address.finish()
        self.insured_box = QGroupBox("Insured person (subscriber)")
        box_layout = QVBoxLayout(self.insured_box)
        box_layout.addWidget(self.insured)
        box_layout.addWidget(self.address)
        self.forms = (self.form, self.insured, self.address)

        layout = QVBoxLayout(self)
        if priority > 1:
            above = PRIORITY_NAMES[priority - 2].lower()
            self.move_up_button = QPushButton(f"Make this the {above} policy (swap with the {above})")
            self.move_up_button.setToolTip("Ctrl+Shift+Up. The policies change order when you save.")
            self.move_up_button.setAutoDefault(False)  # Enter keeps meaning Save
            self.move_up_button.clicked.connect(self.move_up_requested)
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(self.move_up_button)
            layout.addLayout(row)
        layout.addWidget(self.form)
        layout.addWidget(self.insured_box)
        layout.addStretch(1)
        relationship.currentIndexChanged.connect(self._relationship_changed)
        self.same_address.toggled.connect(self._relationship_changed)
        for form in self.forms:
            form.changed.connect(self.changed)
        self._relationship_changed()

    def _relationship_changed(self, *_args) -> None:
        is_self = self.form.data("relationship") in (None, Relationship.SELF)
        self.insured_box.setVisible(not is_self)
        self.insured_box.setEnabled(not is_self)
        self.address.setVisible(not is_self and not self.same_address.isChecked())

    def contents(self) -> tuple:
        """Everything typed in this panel, to move it to another priority."""
        return self.policy_id, tuple(form.values() for form in self.forms)

    def set_contents(self, contents: tuple) -> None:
        self.policy_id, values = contents
        for form, form_values in zip(self.forms, values):
            form.set_values(form_values)
        self._relationship_changed()

    def payer_name(self) -> str:
        combo = self.form.fields["payer_id"]
        return combo.currentText() if combo.currentIndex() > 0 else ""

    def is_blank(self) -> bool:
        f = self.form
        return (f.data("payer_id") is None and not any(f.text(n) for n in ("member_id", "group_number", "plan_name"))
                and self.policy_id is None)

    def load(self, policy: Policy | None, patient_address: Address) -> None:
        self.policy_id = policy.id if policy else None
        policy = policy or Policy()
        f = self.form
        f.set_data("payer_id", policy.payer_id)
        for name in ("member_id", "group_number", "plan_name"):
            f.set_text(name, getattr(policy, name))
        f.fields["copay"].set_money(policy.copay)
        f.fields["effective"].set_date(policy.effective)
        f.fields["end"].set_date(policy.end)
        f.set_data("relationship", policy.relationship)
        person = policy.insured or Person()
        for name in ("last_name", "first_name", "middle", "phone"):
            self.insured.set_text(f"insured.{name}", getattr(person, name))
        self.insured.fields["insured.dob"].set_date(person.dob)
        self.insured.set_data("insured.sex", person.sex)
        same = person.address.is_blank() or person.address == patient_address
        self.same_address.setChecked(same)
        self.address.set_address(person.address, "insured.address.")
        self._relationship_changed()

    def record(self, patient_address: Address, problems: list[Problem]) -> Policy:
        f = self.form
        relationship = Relationship(f.data("relationship"))  # combo data comes back as plain str
        insured = None
        if relationship is not Relationship.SELF:
            i = self.insured
            address = patient_address if self.same_address.isChecked() else self.address.address("insured.address.")
            insured = Person(last_name=i.text("insured.last_name"), first_name=i.text("insured.first_name"),
                             middle=i.text("insured.middle"), dob=i.read_date("insured.dob", problems),
                             sex=Sex(i.data("insured.sex")), address=address, phone=i.text("insured.phone"))
        return Policy(id=self.policy_id, payer_id=f.data("payer_id"), priority=self.priority,
                      member_id=f.text("member_id"), group_number=f.text("group_number"),
                      plan_name=f.text("plan_name"), relationship=relationship, insured=insured,
                      effective=f.read_date("effective", problems), end=f.read_date("end", problems),
                      copay=f.read_money("copay", problems))

    def show_problems(self, problems) -> list[Problem]:
        """Each problem beside its field in this panel; returns those with no field here."""
        per_form: dict[int, list[Problem]] = {0: [], 1: [], 2: []}
        unplaced = []
        for problem in problems:
            if problem.field.startswith("insured.address.") and self.same_address.isChecked():
                self.same_address.setChecked(False)  # show the address so its error can sit beside it
            for number, form in enumerate(self.forms):
                if form.widget_for(problem.field) is not None and (
                        number > 0 or not problem.field.startswith("insured")):
                    per_form[number].append(problem)
                    break
            else:
                unplaced.append(problem)
        for number, form in enumerate(self.forms):
            form.show_problems(per_form[number], focus=False)
        for form in self.forms:
            for path, error in form.errors.items():
                if error.text():
                    form.fields[path].setFocus()
                    return unplaced
        return unplaced

    def clear_problems(self) -> None:
        for form in self.forms:
            form.clear_problems()

    def first_field(self) -> QWidget:
        return self.form.fields["payer_id"]


class PatientDialog(QDialog):
    """Edit one patient (or register a new one) with their policies in order."""

    saved = Signal(object)
    new_visit_requested = Signal(int)

    def __init__(self, office, patient_id: int | None = None, parent=None):
        super().__init__(parent)
        self.office = office
        self.patient_id = patient_id
        self.saved_patient: Patient | None = None
        self._dirty = False
        self._saving_by_enter = False
        patient = office.patients.get(patient_id) if patient_id is not None else Patient()
        policies = office.patients.policies(patient_id) if patient_id is not None else []
        self.loaded_patient, self.loaded_policies = patient, policies
        if patient_id is not None:
            office.audit.record_view("patient", patient_id)  # the audit trail records every opening
        self.account_changed_on_purpose: str | None = None  # the number "Change account number…" set
        self.setWindowTitle(f"Patient {patient.display_name} ({patient.account})" if patient_id else "New patient")

        self.patient_form = PatientForm()
        self.patient_form.load(patient)
        payers = [p for p in office.setup.payers() if p.active or any(pol.payer_id == p.id for pol in policies)]
        self.policy_panels = [PolicyPanel(payers, priority) for priority in (1, 2, 3)]
        by_priority = {p.priority: p for p in policies}
        for panel in self.policy_panels:
            panel.load(by_priority.get(panel.priority), patient.address)
        self.tabs = QTabWidget()
        self.tabs.addTab(scrolled(self.patient_form), "&1 Patient")
        for number, panel in enumerate(self.policy_panels, start=2):
            self.tabs.addTab(scrolled(panel), f"&{number} {PRIORITY_NAMES[panel.priority - 1]}")
            panel.form.fields["payer_id"].currentIndexChanged.connect(self._retitle)
            panel.changed.connect(self._mark_dirty)
            panel.move_up_requested.connect(lambda panel=panel: self.move_policy_up(panel))
        QShortcut(QKeySequence("Ctrl+Shift+Up"), self, self._move_shown_policy_up)
        self.patient_form.changed.connect(self._mark_dirty)
        self.tabs.currentChanged.connect(self._tab_shown)
        self._retitle()
        # Ctrl+PageDown/PageUp move between tabs even from inside a scrolled form (which eats PageDown).
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            QShortcut(QKeySequence(keys), self, lambda step=step: self.tabs.setCurrentIndex(
                (self.tabs.currentIndex() + step) % self.tabs.count()))

        self.general = QLabel()
        self.general.setWordWrap(True)
        self.general.hide()
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("&Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.visit_button = self.buttons.addButton("Save and new &visit", QDialogButtonBox.ButtonRole.ActionRole)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("Cancel")
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Save the patient (Ctrl+S or Enter)")
        self.visit_button.setToolTip("Save the patient, then start a visit for them (Ctrl+Enter)")
        self.save_button.clicked.connect(self.save)
        self.visit_button.clicked.connect(self.save_and_visit)
        cancel.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.resize(900, 680)
        self.patient_form.change_account_button.clicked.connect(self.change_account)
        self._lock_account(patient_id is not None and office.patients.has_history(patient_id))
        self.patient_form.fields["last_name"].setFocus()  # never the account, whole number selected
        save_keys(self, self.save, self.save_and_visit)
        install_f1(self, lambda: [("In the patient editor", list(SHORTCUT_HELP))])
        fields = list(self.patient_form.fields.values())  # the account's button sits under the account
        policies = [part for panel in self.policy_panels  # (the tabs not shown are skipped)
                    for part in ([panel.move_up_button] if panel.priority > 1 else []) + list(panel.forms)]
        chain_tab_order(self.tabs.tabBar(), fields[0], self.patient_form.change_account_button, *fields[1:],
                        *policies, self.save_button, self.visit_button, cancel)
        ignore_stray_alt_letters(self)
        self._dirty = False

    def showEvent(self, event) -> None:
        """The last name has the cursor at its end, nothing selected: a stray key cannot replace it."""
        super().showEvent(event)
        if self.patient_id is not None:
            QTimer.singleShot(0, lambda: self.patient_form.fields["last_name"].end(False))

    # ------------------------------------------------------------ identifiers
    def _lock_account(self, locked: bool) -> None:
        """A patient with visits, claims or statements keeps the account number printed on them,
        unless it is changed on purpose (`change_account`)."""
        account = self.patient_form.fields["account"]
        account.setReadOnly(locked)
        account.setStyleSheet("QLineEdit:read-only { background: palette(window); }")  # looks fixed
        account.setFocusPolicy(Qt.FocusPolicy.ClickFocus if locked else Qt.FocusPolicy.StrongFocus)
        account.setToolTip("This patient has visits, claims or statements that show this account number, so it "
                           "cannot be typed over. Use \"Change account number…\" to change it on purpose."
                           if locked else "")
        self.patient_form.change_account_button.setVisible(locked)

    def change_account(self) -> bool:
        """Ask for the new account number, then confirm the change (saved with the patient)."""
        form = self.patient_form
        old = form.text("account")
        new, ok = QInputDialog.getText(self, "Change account number",
                                       f"New account number for {self.loaded_patient.display_name} (now {old}):",
                                       QLineEdit.EchoMode.Normal, old)
        new = (new or "").strip()
        if not ok or not new or new == old:
            return False
        other = self.office.patients.by_account(new)
        if other is not None and other.id != self.patient_id:
            QMessageBox.warning(self, "Change account number",
                                f"Account {new} belongs to {other.display_name}; choose another number.")
            return False
        answer = QMessageBox.question(
            self, "Change account number",
            f"Change account {old} to {new}?\n\nClaims and statements already sent show {old}; payments "
            f"quoting {old} will have to be found by name and date of birth.\n\nThe new number is saved "
            "when you save the patient.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        form.set_text("account", new)
        self.account_changed_on_purpose = new
        self._mark_dirty()
        return True

    def identifier_changes(self, patient: Patient, policies: list[Policy]) -> list[str]:
        """Lines "Account: A1001 → 5" for each identifier that differs from the patient as opened
        (an account number changed with "Change account number…" was confirmed already)."""
        if self.patient_id is None:
            return []
        changes = []
        for name, label in IDENTIFIERS:
            before, after = getattr(self.loaded_patient, name), getattr(patient, name)
            if name == "account" and after == self.account_changed_on_purpose:
                continue
            if before != after:
                changes.append(f"{label}: {_shown(before)} → {_shown(after)}")
        old_policies = {p.id: p for p in self.loaded_policies}
        for policy in policies:
            was = old_policies.get(policy.id)
            if was is not None and was.member_id != policy.member_id:
                changes.append(f"{PRIORITY_NAMES[policy.priority - 1]} policy member ID: "
                               f"{_shown(was.member_id)} → {_shown(policy.member_id)}")
        return changes

    def _identifiers_confirmed(self, patient: Patient, policies: list[Policy]) -> bool:
        changes = self.identifier_changes(patient, policies)
        if not changes:
            return True
        answer = QMessageBox.question(
            self, "Save changed identifiers?",
            "Enter would change what identifies this patient:\n\n" + "\n".join(changes)
            + "\n\nSave these changes?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Save:
            return True
        self.general.setText("Not saved: " + "; ".join(changes) + ". Correct the field, or use Save (Alt+S).")
        self.general.show()
        return False

    def keyPressEvent(self, event) -> None:
        """Enter presses the default button (Save); a save made that way asks about identifiers."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self._saving_by_enter = True
            self.save_button.setDefault(True)  # a focused combo box on a policy tab had taken the default away
            try:
                super().keyPressEvent(event)
            finally:
                self._saving_by_enter = False
            return
        super().keyPressEvent(event)

    def _mark_dirty(self) -> None:
        self._dirty = True

    def move_policy_up(self, panel: PolicyPanel) -> None:
        """Swap a policy with the one above it (secondary becomes primary); saved with the patient."""
        index = self.policy_panels.index(panel)
        if index == 0:
            return
        above = self.policy_panels[index - 1]
        mine, theirs = panel.contents(), above.contents()
        above.set_contents(mine)
        panel.set_contents(theirs)
        self._retitle()
        self._mark_dirty()
        self.tabs.setCurrentIndex(index)  # the tab of the policy's new place (tab 0 is the patient)

    def _move_shown_policy_up(self) -> None:
        if self.tabs.currentIndex() >= 2:
            self.move_policy_up(self.policy_panels[self.tabs.currentIndex() - 1])

    def _retitle(self, *_args) -> None:
        for number, panel in enumerate(self.policy_panels, start=1):
            name = panel.payer_name()
            title = f"&{number + 1} {PRIORITY_NAMES[panel.priority - 1]}" + (f": {name}" if name else "")
            self.tabs.setTabText(number, title)

    def _tab_shown(self, index: int) -> None:
        if index == 0:
            self.patient_form.fields["last_name"].setFocus()
        else:
            self.policy_panels[index - 1].first_field().setFocus()

    # ---------------------------------------------------------------- save
    def collect(self) -> tuple[Patient, list[Policy], list[int], list[Problem]]:
        """The patient and policies as typed, which tab each policy came from, and problems found while reading."""
        problems: list[Problem] = []
        patient = self.patient_form.record(self.patient_id, problems)
        policies, tabs = [], []
        seen_blank = None
        for panel in self.policy_panels:
            if panel.is_blank():
                seen_blank = seen_blank or panel.priority
                continue
            local: list[Problem] = []
            policy = panel.record(patient.address, local)
            index = len(policies)
            problems += [Problem(f"policies[{index}].{p.field}", p.message) for p in local]
            if seen_blank:
                problems.append(Problem(f"policies[{index}].payer_id",
                                        f"Fill in the {PRIORITY_NAMES[seen_blank - 1].lower()} policy first; "
                                        "policies go in order."))
            policies.append(policy)
            tabs.append(panel.priority)
        return patient, policies, tabs, problems

    def save(self) -> bool:
        patient, policies, tabs, problems = self.collect()
        if problems:
            problems = self._with_other_problems(patient, policies, problems)
        elif self._saving_by_enter and not self._identifiers_confirmed(patient, policies):
            return False
        else:
            try:
                saved, _stored = self.office.patients.save(
                    patient, policies, account_change=self.account_changed_on_purpose is not None).value
            except ValidationFailed as failed:
                problems = list(failed.problems)
            except UserError as refused:  # the office is open read-only, or busy: nothing typed is lost
                QMessageBox.warning(self, "Save patient", f"The patient was not saved.\n\n{refused}")
                return False
            else:
                self.saved_patient = saved
                self.patient_id = saved.id
                self._dirty = False
                self.saved.emit(saved)
                self.accept()
                return True
        self.show_problems(problems, tabs)
        return False

    def _with_other_problems(self, patient, policies, problems) -> list[Problem]:
        """Typing problems (a date that is not a date) plus everything else the save would say,
        so every field in trouble is marked at once; nothing is saved."""
        typed = {p.field for p in problems}
        on_purpose = self.account_changed_on_purpose is not None
        return problems + [p for p in self.office.patients.problems(patient, policies, account_change=on_purpose)
                           if p.field not in typed]

    def save_and_visit(self) -> None:
        if self.save():
            self.new_visit_requested.emit(self.saved_patient.id)

    def show_problems(self, problems, tabs: list[int]) -> None:
        patient_problems, per_tab = [], {1: [], 2: [], 3: []}
        for problem in problems:
            head, dot, rest = problem.field.partition(".")
            if head.startswith("policies[") and dot:
                index = int(head[len("policies["):-1])
                per_tab[tabs[index] if index < len(tabs) else 1].append(Problem(rest, problem.message))
            else:
                patient_problems.append(problem)
        unplaced = self.patient_form.show_problems(patient_problems, focus=False, general_unplaced=False)
        first_tab = 0 if patient_problems and len(unplaced) < len(patient_problems) else None
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        from PySide6.QtGui import QIcon

        self.tabs.setTabIcon(0, warning if patient_problems else QIcon())
        for number, panel in enumerate(self.policy_panels, start=1):
            panel.clear_problems()
            found = per_tab[panel.priority]
            self.tabs.setTabIcon(number, warning if found else QIcon())
            if found:
                unplaced += panel.show_problems(found)
                if first_tab is None:
                    first_tab = number
        if first_tab is None and unplaced:
            first_tab = 0
        self.general.setText("\n".join(p.message for p in unplaced))
        self.general.setVisible(bool(unplaced))
        if first_tab is not None:
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(first_tab)
            self.tabs.blockSignals(False)
            if first_tab == 0:
                form = self.patient_form
                for path, error in form.errors.items():
                    if error.text():
                        form.fields[path].setFocus()
                        break
            else:
                self.policy_panels[first_tab - 1].show_problems(per_tab[self.policy_panels[first_tab - 1].priority])

    def error_text(self, path: str, tab: int = 0) -> str:
        """The message shown beside `path` on the patient tab (0) or a policy tab (1..3); for tests."""
        if tab == 0:
            return self.patient_form.error_text(path)
        panel = self.policy_panels[tab - 1]
        for form in panel.forms:
            if path in form.errors:
                return form.errors[path].text()
        return ""

    def reject(self) -> None:
        if self._dirty:
            answer = QMessageBox.question(
                self, "Discard changes?", "This patient has changes that are not saved. Discard them?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()


def _shown(value) -> str:
    """An identifier as the person reads it in a question: dates MM/DD/YYYY, blanks named."""
    if value is None or value == "":
        return "(blank)"
    return format_date(value) if hasattr(value, "isoformat") else str(value)
