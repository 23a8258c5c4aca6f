"""The Claims screen's right-hand pane for the selected claim: its title, the scrubber's findings,
the status history, the page preview, the payer's claim number (ICN) and the void/correct buttons.

The pane only shows a claim (`show_claim`); the screen (`claims_view.ClaimsView`) decides which
claim, checks it, and acts on the pane's buttons and finding activations.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.records import ClaimFrequency, ClaimStatus
from .access import may
from .activating_table import activating_table
from .claim_models import ClaimTableModel, FindingTableModel, eob_note
from .claim_preview import PagePreview
from .forms import format_date
from .print_dialog import ModeChooser

NO_CLAIM_TITLE = "Select a claim to see what the check found."
NO_CLAIM_PREVIEW = "Select a claim to preview its form."
FINDING_HINT = ("Enter or double-click a finding to open the place where it is fixed; "
                "come back here and the claim is checked again.")
OVERRIDE_TIP = ("The guidelines allow an exception to this finding: override it with the written reason "
                "(kept with the claim and in the audit trail)")
NOTHING_FOUND_HINT = "The check found nothing to fix on this claim."
PREVIEW_TAB = 1


class ClaimDetail(QWidget):
    """The selected claim: findings and history on one tab, its printed form on the other."""

    def __init__(self, office, parent=None):
        super().__init__(parent)
        self.office = office
        self.claim = None  # the claim shown, or None

        self.title_label = QLabel(NO_CLAIM_TITLE)
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)

        self.detail_tabs = QTabWidget()
        self.detail_tabs.addTab(self._findings_page(), "Fi&ndings")
        self.detail_tabs.addTab(self._preview_page(), "Previe&w")
        self.detail_tabs.setTabVisible(PREVIEW_TAB, may(office, "printing.preview"))  # a printing role's

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(self.detail_tabs, 1)
        layout.addLayout(self._claim_number_row())
        layout.addLayout(self._version_row())

        self.detail_tabs.currentChanged.connect(lambda _i: self.update_preview())
        self.preview_mode.changed.connect(lambda _m: self.update_preview())

    # ------------------------------------------------------------------ building
    def _findings_page(self) -> QWidget:
        self.finding_model = FindingTableModel(self, self)
        self.finding_table = activating_table(self.finding_model)
        self.finding_table.setAccessibleName("Findings")
        self.finding_table.setWordWrap(True)
        header = self.finding_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.finding_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.finding_hint = QLabel(FINDING_HINT)
        self.finding_hint.setWordWrap(True)
        self.override_button = QPushButton("Ove&rride…")
        self.override_button.setToolTip(OVERRIDE_TIP)
        self.withdraw_button = QPushButton("&Undo override")
        self.withdraw_button.setToolTip("The finding blocks printing again until it is fixed or overridden again")
        override_row = QHBoxLayout()
        override_row.addWidget(self.finding_hint, 1)
        override_row.addWidget(self.override_button)
        override_row.addWidget(self.withdraw_button)
        self.finding_table.selectionModel().currentRowChanged.connect(lambda _c, _p: self.update_override_buttons())
        self.history_tree = QTreeWidget()
        self.history_tree.setHeaderLabels(["When", "Status", "Note"])
        self.history_tree.setRootIsDecorated(False)
        self.history_tree.setAccessibleName("Status history")
        self.history_tree.setColumnWidth(0, 150)
        self.history_tree.setColumnWidth(1, 80)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.finding_table, 3)
        layout.addLayout(override_row)
        history_label = QLabel("Status histor&y")
        history_label.setBuddy(self.history_tree)
        layout.addWidget(history_label)
        layout.addWidget(self.history_tree, 1)
        return page

    def _preview_page(self) -> QWidget:
        self.preview_mode = ModeChooser(self.office.setup.setting("print_mode", "red") or "red", compact=True)
        self.preview = PagePreview()
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.preview_mode)
        layout.addWidget(self.preview, 1)
        return page

    def _claim_number_row(self) -> QHBoxLayout:
        self.icn_edit = QLineEdit()
        self.icn_edit.setPlaceholderText("from the payer's remittance or denial")
        self.icn_edit.setMaxLength(30)
        icn_label = QLabel("Payer claim num&ber (ICN):")
        icn_label.setBuddy(self.icn_edit)
        icn_label.setToolTip("The payer's number for this claim; a correction or void prints it in box 22.")
        self.icn_button = QPushButton("Sa&ve number")
        row = QHBoxLayout()
        row.addWidget(icn_label)
        row.addWidget(self.icn_edit, 1)
        row.addWidget(self.icn_button)
        return row

    def _version_row(self) -> QHBoxLayout:
        self.void_button = QPushButton("Vo&id…")
        self.void_button.setToolTip("Cancel this claim; a printed one gets a void version (frequency 8) to send")
        self.correct_button = QPushButton("&Correct…")
        self.correct_button.setToolTip("Make a replacement (frequency 7) of a printed claim from the visit as it is now")
        self.bill_again_button = QPushButton("Ma&ke new claim")
        self.bill_again_button.setToolTip("Make a new claim for the visit of this voided claim, from the visit as it is "
                                          "now")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.bill_again_button)
        row.addWidget(self.void_button)
        row.addWidget(self.correct_button)
        return row

    # ------------------------------------------------------------------ showing a claim
    def show_claim(self, claim, findings: list) -> None:
        """Show `claim` (None: nothing selected) with the scrubber's `findings` for it."""
        self.claim = claim
        self.void_button.setEnabled(claim is not None and claim.status.can_void)
        self.correct_button.setEnabled(claim is not None and claim.status.can_correct)
        self.bill_again_button.setEnabled(claim is not None and (claim.status is ClaimStatus.VOID
                                                                 or claim.frequency is ClaimFrequency.VOID))
        self.icn_edit.setEnabled(claim is not None and claim.status.was_sent)
        self.icn_button.setEnabled(self.icn_edit.isEnabled())
        self.icn_edit.setText(self.office.claims.payer_claim_number(claim.id) if claim is not None else "")
        self.history_tree.clear()
        if claim is None:
            self.title_label.setText(NO_CLAIM_TITLE)
            self.finding_model.set_findings([])
            self.update_override_buttons()
            self.preview.clear(NO_CLAIM_PREVIEW)
            return
        self.title_label.setText(f"Claim {claim.id} · {claim.patient.display_name} · "
                                 f"{format_date(claim.service_date)} · {claim.payer.name} · {claim.total} · "
                                 f"{ClaimTableModel.cell_text(claim.as_list_row(), 6)}"
                                 + (f"\n{eob_note(claim.as_list_row())}" if claim.is_secondary else ""))
        self.finding_model.set_findings(findings)
        self.finding_hint.setText(FINDING_HINT if findings else NOTHING_FOUND_HINT)
        self.update_override_buttons()
        self._fill_history(claim.id)
        self.update_preview()

    def current_finding(self):
        """The finding of the current row of the findings table, or None."""
        return self.finding_model.finding_at(self.finding_table.currentIndex().row())

    def update_override_buttons(self) -> None:
        """Override… for the current finding when its rule allows it and it blocks an unprinted claim; Withdraw
        for an overridden one."""
        finding, claim = self.current_finding(), self.claim
        unprinted = claim is not None and claim.status.is_unprinted
        self.override_button.setEnabled(unprinted and finding is not None and finding.overridable
                                        and finding.is_error)
        self.withdraw_button.setEnabled(claim is not None and finding is not None and finding.overridden)

    def _fill_history(self, claim_id: int) -> None:
        previous, item = None, None
        repeats = 0
        for entry in self.office.claims.history(claim_id):
            key = (entry.status, entry.note)
            when = f"{entry.at:%Y-%m-%d %H:%M:%S}"
            if key == previous and item is not None:  # repeated checks: one row with a count
                repeats += 1
                item.setText(2, f"{entry.note} (×{repeats + 1}, last {when})")
                continue
            previous, repeats = key, 0
            item = QTreeWidgetItem([when, entry.status.value, entry.note])
            self.history_tree.addTopLevelItem(item)

    def update_preview(self) -> None:
        """Render the shown claim's form with the printer offsets, only while the preview tab is showing."""
        if self.detail_tabs.currentIndex() != PREVIEW_TAB or not self.detail_tabs.isTabVisible(PREVIEW_TAB):
            return  # rendered only when seen
        if self.claim is None:
            self.preview.clear(NO_CLAIM_PREVIEW)
            return
        dx, dy = self.office.printing.offsets()
        self.preview.set_pdf(self.office.printing.preview([self.claim], self.preview_mode.mode(), dx, dy))

    def focus_first_finding(self) -> bool:
        """Bring the findings tab forward with its first finding current; False when there are none."""
        if not self.finding_model.rowCount():
            return False
        self.detail_tabs.setCurrentIndex(0)
        self.finding_table.setFocus()
        self.finding_table.setCurrentIndex(self.finding_model.index(0, 0))
        return True
