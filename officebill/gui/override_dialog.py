"""Override… on the Claims screen: asks for the written reason a finding does not apply.

Offered only for a finding whose rule the guidelines let a biller override (`Finding.overridable`);
OK stays off until the reason is long enough (`core.overrides.reason_problem`, the facade's own check).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

from ..core.overrides import REASON_MAX_CHARS, reason_problem


class OverrideDialog(QDialog):
    """The finding, and a box for why it does not apply to this claim."""

    def __init__(self, finding, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Override finding")
        what = QLabel(f"Box {finding.box} [{finding.rule}]\n{finding.message}")
        what.setWordWrap(True)
        what.setTextFormat(Qt.TextFormat.PlainText)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setAccessibleName("Reason")
        self.reason_edit.setPlaceholderText("Why this finding does not apply (kept with the claim and in the audit "
                                            "trail)")
        self.reason_edit.setTabChangesFocus(True)
        reason_label = QLabel("&Reason:")
        reason_label.setBuddy(self.reason_edit)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Override")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.reason_edit.textChanged.connect(self._check)
        self._check()
        self.resize(520, 300)

    def reason(self) -> str:
        return " ".join(self.reason_edit.toPlainText().split())[:REASON_MAX_CHARS]

    def _check(self) -> None:
        problem = reason_problem(self.reason_edit.toPlainText())
        self.problem_label.setText(problem or "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)
