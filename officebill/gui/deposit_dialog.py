"""New deposit: a payer's check or EFT (payer, number, date received, amount) recorded before posting it.

`office.payments.new_deposit` checks it; its problems show beside the fields and nothing is saved.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout

from ..core.ledger import Deposit
from ..core.problems import Problem, UserError, ValidationFailed
from .forms import DateEdit, Form, MoneyEdit


class NewDepositDialog(QDialog):
    """Payer, check/EFT number, date received and amount; Enter saves."""

    saved = Signal(object)  # the Deposit

    def __init__(self, office, parent=None):
        super().__init__(parent)
        self.office = office
        self.setWindowTitle("New deposit")
        self.form = Form()
        payer = self.form.add("payer_id", "&Payer", QComboBox())
        for p in office.setup.payers(active_only=True):
            payer.addItem(p.name, p.id)
        self.form.add("number", "Check or &EFT number", QLineEdit()).setMaximumWidth(220)
        received = self.form.add("received", "&Received", DateEdit())
        received.set_date(date.today())
        self.form.add("amount", "&Amount", MoneyEdit())
        self.form.finish()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.resize(640, 260)

    def save(self) -> Deposit | None:
        problems: list[Problem] = []
        received = self.form.read_date("received", problems)
        amount = self.form.read_money("amount", problems)
        if problems:
            self.form.show_problems(problems)
            return None
        try:
            deposit = self.office.payments.new_deposit(self.form.data("payer_id") or 0, self.form.text("number"),
                                                       received, amount).value
        except ValidationFailed as exc:
            self.form.show_problems(list(exc.problems))
            return None
        except UserError as exc:
            self.form.general.set_message(str(exc))
            return None
        self.saved.emit(deposit)
        self.accept()
        return deposit
