"""The ledger's actions as small forms: take a patient payment, write off, refund a credit, reverse an entry.

Each `MoneyActionDialog` is a `forms.Form` and one facade call; the facade's problems show beside
the fields they name and nothing is written until none remain. A card keeps its last four digits
only (the facade refuses more); a copay is a payment on one chosen visit.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout

from ..core.ledger import WRITE_OFF_REASONS, LedgerEntry, PaymentMethod
from ..core.money import Money
from ..core.problems import Problem, UserError, ValidationFailed
from .forms import Form, MoneyEdit, format_date

METHODS = ((PaymentMethod.CASH, "Cash"), (PaymentMethod.CHECK, "Check (type its number)"),
           (PaymentMethod.CARD, "Card (type the last four digits only)"))


class MoneyActionDialog(QDialog):
    """A form and the facade call that saves it (`action(form) -> Outcome`); Enter saves."""

    done_with = Signal(object)  # the Outcome's value

    def __init__(self, title: str, button: str, action: Callable[[Form], object], parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.action = action
        self.form = Form()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton(button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.resize(680, 280)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        for button in self.buttons.buttons():
            button.setAutoDefault(False)
        self.ok_button.setDefault(True)  # Enter saves (the box would make Cancel the default)
        first = next((w for w in self.form.fields.values() if isinstance(w, (QLineEdit, QComboBox))), None)
        if first is not None:
            first.setFocus()
            if isinstance(first, QLineEdit):
                first.selectAll()

    def save(self):
        problems: list[Problem] = []
        try:
            value = self.action(self.form, problems)
        except ValidationFailed as exc:
            self.form.show_problems(list(exc.problems))
            return None
        except UserError as exc:
            self.form.general.set_message(str(exc))
            return None
        if problems:
            self.form.show_problems(problems)
            return None
        self.done_with.emit(value)
        self.accept()
        return value


def _method_fields(form: Form) -> None:
    method = form.add("method", "&Method", QComboBox())
    for value, text in METHODS:
        method.addItem(text, value)
    number = form.add("number", "Check no. / card's last &four", QLineEdit())
    number.setMaximumWidth(160)
    number.setMaxLength(20)


def _visit_choice(form: Form, office, patient_id: int, visit_id: int | None, first: str) -> None:
    visit = form.add("visit_id", "Apply &to", QComboBox())
    visit.addItem(first, None)
    for v in office.visits.for_patient(patient_id, limit=50):
        owes = office.money.visit_balances(v.id).patient
        visit.addItem(f"Visit of {format_date(v.service_date)}" + (f" (patient owes {owes})" if owes else ""), v.id)
    form.set_data("visit_id", visit_id)


def payment_dialog(office, patient_id: int, visit_id: int | None = None, parent=None) -> MoneyActionDialog:
    """A patient payment: oldest balances first, or one visit (a copay at check-in)."""

    def take(form: Form, problems: list[Problem]):
        amount = form.read_money("amount", problems)
        if problems:
            return None
        return office.payments.patient_payment(patient_id, amount, form.data("method"), form.text("number"),
                                               visit_id=form.data("visit_id")).value

    dialog = MoneyActionDialog("Take a payment", "Take &payment", take, parent)
    dialog.form.add("amount", "&Amount", MoneyEdit())
    _method_fields(dialog.form)
    _visit_choice(dialog.form, office, patient_id, visit_id, "Oldest balances first")
    dialog.form.finish()
    return dialog


def write_off_dialog(office, patient_id: int, owed: Money, visit_id: int | None = None,
                     parent=None) -> MoneyActionDialog:
    def write_off(form: Form, problems: list[Problem]):
        amount = form.read_money("amount", problems)
        if problems:
            return None
        return office.money.write_off(patient_id, amount, form.data("reason"), form.text("note"),
                                      visit_id=form.data("visit_id")).value

    dialog = MoneyActionDialog("Write off", "&Write off", write_off, parent)
    dialog.form.add("amount", "&Amount", MoneyEdit()).set_money(owed)
    reason = dialog.form.add("reason", "&Reason", QComboBox())
    for key, text in WRITE_OFF_REASONS.items():
        reason.addItem(text, key)
    dialog.form.add("note", "&Note", QLineEdit())
    _visit_choice(dialog.form, office, patient_id, visit_id, "Oldest balances first")
    dialog.form.finish()
    return dialog


def refund_dialog(office, patient_id: int, credit: Money, parent=None) -> MoneyActionDialog:
    def refund(form: Form, problems: list[Problem]):
        amount = form.read_money("amount", problems)
        if problems:
            return None
        return office.money.refund(patient_id, amount, form.data("method"), form.text("number"),
                                   form.text("note")).value

    dialog = MoneyActionDialog("Refund the credit", "&Refund", refund, parent)
    dialog.form.add("amount", "&Amount", MoneyEdit()).set_money(credit)
    _method_fields(dialog.form)
    dialog.form.set_data("method", PaymentMethod.CHECK)
    dialog.form.add("note", "&Note", QLineEdit())
    dialog.form.finish()
    return dialog


def reverse_dialog(office, entry: LedgerEntry, parent=None) -> MoneyActionDialog:
    """Reverse the action `entry` belongs to (a payment, an EOB line's result), with a note saying why."""

    def reverse(form: Form, _problems: list[Problem]):
        return office.money.reverse(entry.id, form.text("note")).value

    dialog = MoneyActionDialog("Reverse an entry", "Re&verse", reverse, parent)
    dialog.form.add_heading(f"Entry {entry.id}: {entry.kind.value.replace('_', ' ')} of {entry.amount}, posted "
                            f"{format_date(entry.posted)}. The entries posted with it are reversed too.")
    dialog.form.add("note", "&Why", QLineEdit()).setPlaceholderText("posted to the wrong patient")
    dialog.form.finish()
    return dialog
