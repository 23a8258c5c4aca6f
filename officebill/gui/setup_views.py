"""The Setup screen: practice, providers, facilities, payers and clearinghouses, each validated by the facade.

Every editor shows the facade's problems beside their fields and saves
nothing while any remain. The record forms are shared with the first-start
wizard (`welcome.py`).
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.edi import ISA_QUALIFIERS, Clearinghouse
from ..core.problems import Problem, UserError, ValidationFailed
from ..core.records import FILING_INDICATORS, Facility, Payer, PlanType, Practice, Provider, TaxIdType
from ..core.timely_filing import default_days
from ..office import Area, Changes
from .forms import Form, PhoneEdit, UpperEdit, ask_to_save, chain_tab_order, check_box, save_keys, scrolled

TAX_ID_LABELS = {TaxIdType.EIN: "EIN (employer ID)", TaxIdType.SSN: "SSN"}

PLAN_TYPES = {
    PlanType.MEDICARE: "Medicare", PlanType.MEDICAID: "Medicaid", PlanType.TRICARE: "TRICARE",
    PlanType.CHAMPVA: "CHAMPVA", PlanType.GROUP: "Group health plan", PlanType.FECA: "FECA / black lung",
    PlanType.OTHER: "Other",
}
TOTALS_RULES = (
    (True, "Totals on every page"),
    (False, "CONTINUED on each page, total on the last page"),
)


# ------------------------------------------------------------------ forms
class PracticeForm(Form):
    """The billing provider (box 33): name, address, phone, NPI, tax ID, taxonomy."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.add("name", "Practice na&me", QLineEdit())
        self.add_address(zip_label="ZIP+4")
        self.add("phone", "Ph&one", PhoneEdit())
        npi = self.add("npi", "Group NP&I", QLineEdit())
        npi.setMaxLength(10)
        npi.setMaximumWidth(130)
        kind = self.add("tax_id_type", "Tax ID &kind", QComboBox())
        for tax_id_type in TaxIdType:
            kind.addItem(TAX_ID_LABELS.get(tax_id_type, tax_id_type.value), tax_id_type.value)
        kind.setMaximumWidth(200)
        tax = self.add("tax_id", "&Tax ID", QLineEdit())
        tax.setPlaceholderText("12-3456789")
        tax.setMaximumWidth(130)
        taxonomy = self.add("taxonomy", "Ta&xonomy", UpperEdit(10))
        taxonomy.setPlaceholderText("207Q00000X")
        taxonomy.setMaximumWidth(130)
        self.add("accept_assignment", "Assignment", check_box("Accept &assignment (box 27)", True))
        self.finish()

    def load(self, p: Practice) -> None:
        self.set_text("name", p.name)
        self.set_address(p.address)
        self.set_text("phone", p.phone)
        self.set_text("npi", p.npi)
        self.set_data("tax_id_type", p.tax_id_type)
        self.set_text("tax_id", p.tax_id)
        self.set_text("taxonomy", p.taxonomy)
        self.fields["accept_assignment"].setChecked(p.accept_assignment)
        self.clear_problems()

    def record(self, problems: list[Problem]) -> Practice:
        return Practice(name=self.text("name"), address=self.address(), phone=self.text("phone"),
                        npi=self.text("npi"), tax_id_type=self.data("tax_id_type"), tax_id=self.text("tax_id"),
                        taxonomy=self.text("taxonomy"), accept_assignment=self.checked("accept_assignment"))


class ProviderForm(Form):
    """A rendering provider: name, credential, individual NPI, taxonomy."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.add("first_name", "Fi&rst name", QLineEdit())
        self.add("middle", "&Middle", QLineEdit()).setMaximumWidth(130)
        self.add("last_name", "&Last name", QLineEdit())
        self.add("credential", "&Credential", QLineEdit()).setPlaceholderText("MD, DO, NP, PA")
        npi = self.add("npi", "Individual NP&I", QLineEdit())
        npi.setMaxLength(10)
        npi.setMaximumWidth(130)
        taxonomy = self.add("taxonomy", "Ta&xonomy", UpperEdit(10))
        taxonomy.setPlaceholderText("207Q00000X")
        taxonomy.setMaximumWidth(130)
        self.add("active", "Status", check_box("Acti&ve (offered for new visits)", True))
        self.finish()

    def load(self, p: Provider) -> None:
        for name in ("first_name", "middle", "last_name", "credential", "npi", "taxonomy"):
            self.set_text(name, getattr(p, name))
        self.fields["active"].setChecked(p.active)
        self.clear_problems()

    def record(self, problems: list[Problem]) -> Provider:
        return Provider(first_name=self.text("first_name"), middle=self.text("middle"),
                        last_name=self.text("last_name"), credential=self.text("credential"),
                        npi=self.text("npi"), taxonomy=self.text("taxonomy"), active=self.checked("active"))


class FacilityForm(Form):
    """A service facility (box 32)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.add("name", "Facility na&me", QLineEdit())
        self.add_address()
        npi = self.add("npi", "NP&I (optional)", QLineEdit())
        npi.setMaxLength(10)
        npi.setMaximumWidth(130)
        pos = self.add("default_pos", "Default place of servi&ce", QLineEdit("11"))
        pos.setMaxLength(2)
        pos.setMaximumWidth(60)
        self.add("active", "Status", check_box("Acti&ve", True))
        self.finish()

    def load(self, f: Facility) -> None:
        self.set_text("name", f.name)
        self.set_address(f.address)
        self.set_text("npi", f.npi)
        self.set_text("default_pos", f.default_pos)
        self.fields["active"].setChecked(f.active)
        self.clear_problems()

    def record(self, problems: list[Problem]) -> Facility:
        return Facility(name=self.text("name"), address=self.address(), npi=self.text("npi"),
                        default_pos=self.text("default_pos"), active=self.checked("active"))


class PayerForm(Form):
    """An insurance company: claim address, payer ID, box 1 coverage type, filing indicator, totals rule."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.add("name", "Payer na&me", QLineEdit())
        self.add_address(heading="Claims address")
        payer_id = self.add("payer_id", "Payer &ID", UpperEdit(10))
        payer_id.setMaximumWidth(130)
        plan = self.add("plan_type", "&Coverage type (box 1)", QComboBox())
        for value, text in PLAN_TYPES.items():
            plan.addItem(text, value)
        filing = self.add("filing_indicator", "Fi&ling indicator", QComboBox())
        for code, text in FILING_INDICATORS.items():
            filing.addItem(f"{code}  {text}", code)
        totals = self.add("totals_on_every_page", "Multi-page &totals", QComboBox())
        for value, text in TOTALS_RULES:
            totals.addItem(text, value)
        days = self.add("timely_filing_days", "Timely filing limit (&days)", QLineEdit())
        days.setMaximumWidth(130)
        days.setToolTip("How many days after the date of service the payer takes a claim (the contract or provider "
                        "manual says); blank: the default for its coverage type. Claims warn 30 days before it.")
        plan.currentIndexChanged.connect(lambda _i: self._show_default_limit())
        self.add("active", "Status", check_box("Acti&ve", True))
        self.finish()
        self.set_data("filing_indicator", "CI")
        self.set_data("plan_type", PlanType.GROUP)
        self._show_default_limit()

    def _show_default_limit(self) -> None:
        plan = self.data("plan_type")
        self.fields["timely_filing_days"].setPlaceholderText(
            f"default {default_days(plan)}" if plan is not None else "")

    def _timely_filing_days(self, problems: list[Problem]) -> int | None:
        text = self.text("timely_filing_days")
        if not text:
            return None
        if not text.isdigit():
            problems.append(Problem("timely_filing_days", "Enter the limit as a number of days (for example 90), or "
                                                          "leave it blank for the default."))
            return None
        return int(text)

    def clear(self) -> None:
        super().clear()
        self.set_data("filing_indicator", "CI")
        self.set_data("plan_type", PlanType.GROUP)
        self.fields["active"].setChecked(True)

    def load(self, p: Payer) -> None:
        self.set_text("name", p.name)
        self.set_address(p.address)
        self.set_text("payer_id", p.payer_id)
        self.set_data("plan_type", PlanType(p.plan_type))
        self.set_data("filing_indicator", p.filing_indicator)
        self.set_data("totals_on_every_page", p.totals_on_every_page)
        self.set_text("timely_filing_days", str(p.timely_filing_days) if p.timely_filing_days else "")
        self.fields["active"].setChecked(p.active)
        self.clear_problems()

    def record(self, problems: list[Problem]) -> Payer:
        return Payer(name=self.text("name"), address=self.address(), payer_id=self.text("payer_id"),
                     plan_type=PlanType(self.data("plan_type")), filing_indicator=self.data("filing_indicator"),
                     totals_on_every_page=bool(self.data("totals_on_every_page")), active=self.checked("active"),
                     timely_filing_days=self._timely_filing_days(problems))


class ClearinghouseForm(Form):
    """A clearinghouse profile (values from its companion guide) and the payers whose claims go through it."""

    def __init__(self, routes, parent=None):
        """`routes(clearinghouse_id)`: [(payer, sent through it)] for every payer, from the facade."""
        super().__init__(parent)
        self._routes = routes
        self.add("name", "&Name", QLineEdit()).setPlaceholderText("what the office calls it")
        self.add_heading("Submitter (the office) and receiver (1000A, 1000B)")
        self.add("submitter_name", "Su&bmitter name", QLineEdit())
        self.add("submitter_id", "Submitter &ID", QLineEdit()).setMaximumWidth(200)
        self.add("contact_name", "&Contact", QLineEdit())
        self.add("contact_phone", "Contact ph&one", PhoneEdit())
        self.add("receiver_name", "&Receiver name", QLineEdit())
        self.add("receiver_id", "Recei&ver ID", QLineEdit()).setMaximumWidth(200)
        self.add_heading("Envelope (ISA/GS)")
        for field, label in (("sender_qualifier", "Sender &qualifier"), ("receiver_qualifier", "Receiver q&ualifier")):
            combo = self.add(field, label, QComboBox())
            for code, text in ISA_QUALIFIERS.items():
                combo.addItem(f"{code}  {text}", code)
        self.add("sender_id", "Sender I&D (ISA06)", QLineEdit()).setMaximumWidth(200)
        self.add("receiver_isa_id", "Receiver ID (IS&A08)", QLineEdit()).setMaximumWidth(200)
        self.add("production", "Usage", check_box("Production fi&les (leave off while the clearinghouse tests)"))
        self.add("active", "Status", check_box("Ac&tive", True))
        self.add_heading("Payers whose claims go through it (each needs its payer ID, on the Payers tab)")
        self.payers = self.add("payers", "Pa&yers", QListWidget())
        self.payers.setMinimumHeight(120)
        self.payers.itemChanged.connect(lambda _item: self.changed.emit())
        self.finish()
        self.clear()

    def clear(self) -> None:
        super().clear()
        self.set_data("sender_qualifier", "ZZ")
        self.set_data("receiver_qualifier", "ZZ")
        self.fields["production"].setChecked(False)
        self.fields["active"].setChecked(True)
        self._fill_payers(None)

    def _fill_payers(self, clearinghouse_id: int | None) -> None:
        self.payers.blockSignals(True)
        self.payers.clear()
        for payer, routed in self._routes(clearinghouse_id):
            item = QListWidgetItem(f"{payer.name}  (payer ID {payer.payer_id or 'missing'})")
            item.setData(Qt.ItemDataRole.UserRole, payer.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if routed else Qt.CheckState.Unchecked)
            self.payers.addItem(item)
        self.payers.blockSignals(False)

    def load(self, c: Clearinghouse) -> None:
        for name in ("name", "submitter_name", "submitter_id", "contact_name", "contact_phone", "receiver_name",
                     "receiver_id", "sender_id", "receiver_isa_id"):
            self.set_text(name, getattr(c, name))
        self.set_data("sender_qualifier", c.sender_qualifier)
        self.set_data("receiver_qualifier", c.receiver_qualifier)
        self.fields["production"].setChecked(c.production)
        self.fields["active"].setChecked(c.active)
        self._fill_payers(c.id)
        self.clear_problems()

    def record(self, problems: list[Problem]) -> Clearinghouse:
        return Clearinghouse(
            name=self.text("name"), submitter_name=self.text("submitter_name"),
            submitter_id=self.text("submitter_id"), contact_name=self.text("contact_name"),
            contact_phone=self.text("contact_phone"), receiver_name=self.text("receiver_name"),
            receiver_id=self.text("receiver_id"), sender_qualifier=self.data("sender_qualifier"),
            sender_id=self.text("sender_id") or self.text("submitter_id"),
            receiver_qualifier=self.data("receiver_qualifier"),
            receiver_isa_id=self.text("receiver_isa_id") or self.text("receiver_id"),
            production=self.checked("production"), active=self.checked("active"))

    def payer_choices(self) -> dict[int, bool]:
        """Payer id -> whether its claims are to go through this clearinghouse."""
        return {self.payers.item(row).data(Qt.ItemDataRole.UserRole):
                self.payers.item(row).checkState() == Qt.CheckState.Checked for row in range(self.payers.count())}

    def values(self) -> tuple:
        return (*super().values(), tuple(sorted(self.payer_choices().items())))


def save_with(form: Form, record_fn, save_fn):
    """Read the form, save through the facade, and show problems beside fields. Returns the saved record or None."""
    problems: list[Problem] = []
    record = record_fn(problems)
    if problems:
        form.show_problems(problems)
        return None
    try:
        saved = save_fn(record)
    except ValidationFailed as failed:
        form.show_problems(failed.problems)
        return None
    except UserError as refused:  # the office is open read-only, or busy: what is typed stays
        QMessageBox.warning(form.window(), "Save", f"Nothing was saved.\n\n{refused}")
        return None
    form.clear_problems()
    return saved


# ---------------------------------------------------------------- editors
class PracticeEditor(QWidget):
    """Edits the one practice record."""

    status_message = Signal(str)
    saved = Signal(object)

    def __init__(self, office, parent=None):
        super().__init__(parent)
        self.office = office
        self.form = PracticeForm()
        self.save_button = QPushButton("&Save practice")
        self.save_button.setToolTip("Save the practice (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolled(self.form), 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.form.load(self.office.setup.practice())
        self.form.mark_clean()

    def office_changed(self, changes: Changes) -> None:
        """Reload the practice on SETUP, unless it is being edited here (what is typed stays)."""
        if changes.touches(Area.SETUP) and not self.form.is_dirty():
            self.refresh()

    def has_unsaved_changes(self) -> bool:
        return self.form.is_dirty()

    def save(self) -> bool:
        saved = save_with(self.form, self.form.record, lambda record: self.office.setup.save_practice(record).value)
        if saved is None:
            self.status_message.emit("Not saved: correct the fields marked in red.")
            return False
        self.form.mark_clean()
        self.status_message.emit(f"Saved the practice {saved.name}.")
        self.saved.emit(saved)
        return True

    def save_and_new(self) -> bool:
        return self.save()


class RecordListEditor(QWidget):
    """A list of records on the left and the form for the chosen one on the right."""

    status_message = Signal(str)
    saved = Signal(object)
    noun = "record"

    def __init__(self, office, form: Form, parent=None):
        super().__init__(parent)
        self.office = office
        self.form = form
        self.current_id: int | None = None
        self._refreshing = False
        self.list = QListWidget()
        self.list.setMinimumWidth(240)
        self.list.setMaximumWidth(340)
        self.list.currentItemChanged.connect(self._chosen)
        self.list.setAccessibleName(f"{self.noun.capitalize()} list")
        self.new_button = QPushButton(f"Ne&w {self.noun}")
        self.new_button.clicked.connect(self.new)
        self.save_button = QPushButton("&Save")
        self.save_button.clicked.connect(self.save)
        self.heading = QLabel()
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(self.new_button)
        right = QVBoxLayout()
        right.addWidget(self.heading)
        right.addWidget(scrolled(self.form), 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addLayout(right, 1)
        self.save_button.setToolTip(f"Save the {self.noun} (Ctrl+S); Ctrl+Enter saves and starts a new one")
        chain_tab_order(self.list, self.new_button, self.form, self.save_button)
        self.refresh()

    # subclasses: records(), display(record), save_record(record)
    def records(self) -> list:
        raise NotImplementedError

    def display(self, record) -> str:
        raise NotImplementedError

    def save_record(self, record):
        raise NotImplementedError

    def refresh(self, select_id: int | None = None) -> None:
        """Reload the list from the office and show `select_id` (default: the record shown)."""
        self._refreshing = True
        try:
            self._reload(select_id if select_id is not None else self.current_id)
        finally:
            self._refreshing = False

    def office_changed(self, changes: Changes) -> None:
        """Reload the list on SETUP; a record being edited (or a new one being typed) stays as typed."""
        if not changes.touches(Area.SETUP):
            return
        if not self.form.is_dirty():
            self.refresh()
            return
        self.list.blockSignals(True)
        try:
            chosen = self._fill_list(self.current_id)
            if chosen is not None:
                self.list.setCurrentItem(chosen)
        finally:
            self.list.blockSignals(False)

    def _fill_list(self, select_id: int | None):
        """The list rebuilt from the office (signals blocked by the caller); the item of `select_id` or None."""
        self.list.clear()
        self._records = {r.id: r for r in self.records()}
        chosen = None
        for record in self._records.values():
            item = QListWidgetItem(self.display(record) + ("" if record.active else "  (inactive)"))
            item.setData(Qt.ItemDataRole.UserRole, record.id)
            self.list.addItem(item)
            if record.id == select_id:
                chosen = item
        return chosen

    def _reload(self, select_id: int | None) -> None:
        self.list.blockSignals(True)
        try:
            chosen = self._fill_list(select_id)
        finally:
            self.list.blockSignals(False)
        if chosen is not None:
            self.list.setCurrentItem(chosen)
        elif self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.new()

    def has_unsaved_changes(self) -> bool:
        return self.form.is_dirty()

    def _may_leave(self) -> bool:
        """True when the record shown may be left: unchanged, saved, or its changes discarded."""
        if not self.form.is_dirty():
            return True
        answer = ask_to_save(self, f"this {self.noun}")
        return answer == "discard" or (answer == "save" and self.save())

    def _chosen(self, item, previous=None) -> None:
        if item is None:
            return
        wanted = item.data(Qt.ItemDataRole.UserRole)
        if not self._refreshing:
            if not self._may_leave():
                self.list.blockSignals(True)
                self.list.setCurrentItem(previous)
                self.list.blockSignals(False)
                return
            if self.list.currentItem() is not item:  # saving rebuilt the list: choose the wanted record again
                self.refresh(wanted)
                return
        record = self._records.get(wanted)
        if record is not None:
            self.current_id = record.id
            self.form.load(record)
            self.form.mark_clean()
            self.heading.setText(f"<b>{self.display(record)}</b>")

    def new(self) -> None:
        if not self._refreshing and not self._may_leave():
            return
        self.current_id = None
        self.list.blockSignals(True)
        self.list.clearSelection()
        self.list.setCurrentItem(None)
        self.list.blockSignals(False)
        self.form.clear()
        self.form.mark_clean()
        self.heading.setText(f"<b>New {self.noun}</b>")
        first = next(iter(self.form.fields.values()))
        first.setFocus()

    def save(self) -> bool:
        saved = save_with(self.form, lambda problems: replace(self.form.record(problems), id=self.current_id),
                          self.save_record)
        if saved is None:
            self.status_message.emit(f"The {self.noun} was not saved: correct the fields marked in red.")
            return False
        self.current_id = saved.id
        self.refresh(saved.id)
        self.status_message.emit(f"Saved {self.display(saved)}.")
        self.saved.emit(saved)
        return True

    def save_and_new(self) -> bool:
        if self.save():
            self.new()
            return True
        return False


class ProvidersEditor(RecordListEditor):
    noun = "provider"

    def __init__(self, office, parent=None):
        super().__init__(office, ProviderForm(), parent)

    def records(self):
        return self.office.setup.providers()

    def display(self, record):
        return record.display_name

    def save_record(self, record):
        return self.office.setup.save_provider(record).value


class FacilitiesEditor(RecordListEditor):
    noun = "facility"

    def __init__(self, office, parent=None):
        super().__init__(office, FacilityForm(), parent)

    def records(self):
        return self.office.setup.facilities()

    def display(self, record):
        return record.name

    def save_record(self, record):
        return self.office.setup.save_facility(record).value


class PayersEditor(RecordListEditor):
    noun = "payer"

    def __init__(self, office, parent=None):
        super().__init__(office, PayerForm(), parent)

    def records(self):
        return self.office.setup.payers()

    def display(self, record):
        return record.name

    def save_record(self, record):
        return self.office.setup.save_payer(record).value


class ClearinghousesEditor(RecordListEditor):
    """Clearinghouse profiles for 837P files, and the payers sent through each."""

    noun = "clearinghouse"

    def __init__(self, office, parent=None):
        self.office = office
        super().__init__(office, ClearinghouseForm(self._routes), parent)

    def _routes(self, clearinghouse_id: int | None) -> list:
        routes = self.office.setup.payer_clearinghouses()
        return [(payer, clearinghouse_id is not None and routes.get(payer.id) == clearinghouse_id)
                for payer in self.office.setup.payers()]

    def records(self):
        return self.office.setup.clearinghouses()

    def display(self, record):
        return f"{record.name} ({'production' if record.production else 'test'})"

    def save_record(self, record):
        """The profile and its payers' routes in one transaction: all saved, or nothing."""
        setup = self.office.setup
        with self.office.transaction():
            saved = setup.save_clearinghouse(record).value
            routes = setup.payer_clearinghouses()
            for payer_id, wanted in self.form.payer_choices().items():
                if wanted and routes.get(payer_id) != saved.id:
                    setup.route_payer(payer_id, saved.id)
                elif not wanted and routes.get(payer_id) == saved.id:
                    setup.route_payer(payer_id, None)
        return saved


SHORTCUT_HELP: tuple[tuple[str, str], ...] = (
    ("Ctrl+Tab / Ctrl+Page Down", "Next tab: practice, providers, facilities, payers, clearinghouses"),
    ("Ctrl+S", "Save the tab shown (and any other tab with changes)"),
    ("Ctrl+Enter / Ctrl+Shift+S", "Save the provider, facility, payer or clearinghouse and start a new one"),
    ("Alt+W", "New provider, facility, payer or clearinghouse"),
    ("Up / Down (in the list)", "Show another record in the form"),
    ("Alt+letter", "Go to the field whose label has that letter underlined"),
)


class SetupView(QWidget):
    """Practice, providers, facilities, payers and clearinghouses as tabs; Save routes to the tab shown."""

    status_message = Signal(str)
    practice_changed = Signal()

    def __init__(self, office, parent=None):
        super().__init__(parent)
        self.office = office
        self.practice = PracticeEditor(office)
        self.providers = ProvidersEditor(office)
        self.facilities = FacilitiesEditor(office)
        self.payers = PayersEditor(office)
        self.clearinghouses = ClearinghousesEditor(office)
        self.tabs = QTabWidget()
        for editor, title in ((self.practice, "Practice"), (self.providers, "Providers"),
                              (self.facilities, "Facilities"), (self.payers, "Payers"),
                              (self.clearinghouses, "Clearinghouses")):
            self.tabs.addTab(editor, title)
            editor.status_message.connect(self.status_message)
        self.practice.saved.connect(lambda _p: self.practice_changed.emit())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        save_keys(self, None, self.save_and_new)  # Ctrl+S is the window's (File > Save)

    def shortcut_help(self) -> list[tuple[str, str]]:
        """This screen's keys, for the window's F1 list."""
        return list(SHORTCUT_HELP)

    def current(self):
        return self.tabs.currentWidget()

    def refresh(self) -> None:
        for index in range(self.tabs.count()):
            self.tabs.widget(index).refresh()

    def office_changed(self, changes: Changes) -> None:
        """The window's change signal: each tab reloads on SETUP, keeping what is being typed."""
        for editor in self.editors():
            editor.office_changed(changes)

    def editors(self) -> list:
        return [self.tabs.widget(index) for index in range(self.tabs.count())]

    def has_unsaved_changes(self) -> bool:
        return any(editor.has_unsaved_changes() for editor in self.editors())

    def save(self) -> bool:
        """Save the tab shown, and every other tab holding unsaved changes."""
        dirty = [e for e in self.editors() if e.has_unsaved_changes() and e is not self.current()]
        return all(editor.save() for editor in [self.current(), *dirty])

    def save_and_new(self) -> bool:
        return self.current().save_and_new()
