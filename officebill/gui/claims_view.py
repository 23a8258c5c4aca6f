"""The Claims screen: claims by status, the scrubber's findings and jumps to where they are fixed,
the claim's history and page preview, printing, void and correct.

Everything goes through the `Office` facade; checking and making claims run in a worker
with its own office connection (`background.run_in_background`), the lists reload from
the GUI's office when the result arrives.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QTabBar,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.problems import UserError
from .background import in_own_office, run_in_background
from .claim_preview import PagePreview
from .print_dialog import ModeChooser, PrintClaimsDialog
from .table_model import HeadedTableModel
from .theme import caution_color, error_color


@dataclass(frozen=True)
class ClaimGroup:
    title: str
    statuses: tuple[str, ...]


GROUPS = (
    ClaimGroup("Needs a&ttention", ("draft",)),
    ClaimGroup("R&eady", ("ready",)),
    ClaimGroup("Printe&d", ("printed",)),
    ClaimGroup("V&oid and replaced", ("void", "replaced")),
)
FREQUENCY_NAMES = {"1": "original", "7": "replacement (7)", "8": "void (8)"}

SETUP_HEADS = ("practice", "provider", "facility", "payer", "other_payer")
PATIENT_HEADS = ("patient", "policy", "insured", "other_policy")


def fix_target(field: str) -> str:
    """Where a finding's field is fixed: 'visit', 'setup' or 'patient'."""
    head = re.split(r"[.\[]", field or "", maxsplit=1)[0]
    if head in SETUP_HEADS:
        return "setup"
    if head in PATIENT_HEADS:
        return "patient"
    return "visit"  # visit.*, lines[*], claim.* (duplicates, totals), referring


def _date(value) -> str:
    return f"{value:%m/%d/%Y}" if value else ""


# ---------------------------------------------------------------------------------------- models
class ClaimTableModel(HeadedTableModel):
    """Claims (plain `Claim` records) as rows; `Qt.UserRole` gives sortable values."""

    HEADERS = ("Claim #", "Patient", "Account", "Date of service", "Payer", "Total", "Status", "Version")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._claims: list = []

    def set_claims(self, claims: list) -> None:
        self.beginResetModel()
        self._claims = list(claims)
        self.endResetModel()

    def claim_at(self, row: int):
        return self._claims[row] if 0 <= row < len(self._claims) else None

    def row_of(self, claim_id: int) -> int:
        return next((n for n, c in enumerate(self._claims) if c.id == claim_id), -1)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._claims)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        claim = self._claims[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(claim, column)
        if role == Qt.ItemDataRole.UserRole:
            return (claim.id, claim.patient.display_name.lower(), claim.patient.account,
                    (claim.service_date.isoformat() if claim.service_date else "", claim.id), claim.payer.name.lower(),
                    claim.total.cents, claim.status.value, claim.version)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _text(claim, column: int) -> str:
        if column == 0:
            return str(claim.id)
        if column == 1:
            return claim.patient.display_name
        if column == 2:
            return claim.patient.account
        if column == 3:
            return _date(claim.service_date)
        if column == 4:
            return claim.payer.name
        if column == 5:
            return str(claim.total)
        if column == 6:
            status = claim.status.value
            if claim.printed and status in ("printed", "replaced"):
                return f"{status} {_date(claim.printed)}"
            return "needs attention" if status == "draft" else status
        return f"v{claim.version} {FREQUENCY_NAMES.get(claim.frequency, claim.frequency)}"


class FindingTableModel(HeadedTableModel):
    """The scrubber's findings of one claim: severity (icon and colour), box, message."""

    HEADERS = ("Severity", "Box", "What to fix")

    def __init__(self, palette_source: QWidget, parent=None):
        super().__init__(parent)
        self._findings: list = []
        self._source = palette_source

    def set_findings(self, findings: list) -> None:
        self.beginResetModel()
        # errors first, then warnings, each in rule order
        self._findings = sorted(findings, key=lambda f: 0 if f.severity == "error" else 1)
        self.endResetModel()

    def finding_at(self, row: int):
        return self._findings[row] if 0 <= row < len(self._findings) else None

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._findings)

    def severity_color(self, severity: str) -> QColor:
        """Readable on the view's colours in light and dark palettes."""
        return error_color(self._source) if severity == "error" else caution_color()

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        finding = self._findings[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return ("Error" if finding.severity == "error" else "Warning", finding.box, finding.message)[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            icon = (QStyle.StandardPixmap.SP_MessageBoxCritical if finding.severity == "error"
                    else QStyle.StandardPixmap.SP_MessageBoxWarning)
            return self._source.style().standardIcon(icon)
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return self.severity_color(finding.severity)
        if role == Qt.ItemDataRole.ToolTipRole:
            where = {"visit": "the visit", "setup": "setup", "patient": "the patient"}[fix_target(finding.field)]
            return f"{finding.message}\n\nField: {finding.field} · rule {finding.rule}\nEnter or double-click opens {where}."
        if role == Qt.ItemDataRole.UserRole:
            return finding.field
        return None


class _SortProxy(QSortFilterProxyModel):
    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:
        return left.data(Qt.ItemDataRole.UserRole) < right.data(Qt.ItemDataRole.UserRole)


class _ActivatingTable(QTableView):
    """A table whose Enter/Return key activates the current row (like a double-click)."""

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


def _table(model) -> QTableView:
    view = _ActivatingTable()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    return view


# ---------------------------------------------------------------------------------------- view
class ClaimsView(QWidget):
    """Claims by status with the scrubber's findings, preview and printing."""

    status_message = Signal(str)
    open_visit_requested = Signal(int)  # visit id: diagnoses, lines, dates, POS, referring, box 19
    open_patient_requested = Signal(int)  # patient id: patient, policy, insured
    open_setup_requested = Signal(str)  # the finding's field path: 'practice.npi', 'payer.address', 'provider.npi'
    refreshed = Signal()  # the lists were reloaded after a check

    def __init__(self, office, parent=None):
        super().__init__(parent)
        self.office = office
        self.findings: dict[int, list] = {}
        self.task = None
        self._pending_refresh = False
        self._current = None

        # ---- actions
        self.make_button = QPushButton("&Make claims")
        self.make_button.setToolTip("Make claims for every visit that has none")
        self.check_button = QPushButton("Check &all")
        self.check_button.setToolTip("Check every claim not yet printed against the office's data (F5)")
        self.print_button = QPushButton("&Print…")
        self.print_button.setToolTip("Print or save the selected (or all ready) claims (Ctrl+P)")
        self.alignment_button = QPushButton("A&lignment…")
        self.alignment_button.setToolTip("Line up the printer with pre-printed red forms")
        actions = QHBoxLayout()
        for button in (self.make_button, self.check_button, self.print_button, self.alignment_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self.busy_label = QLabel()
        actions.addWidget(self.busy_label)

        # ---- claim lists
        self.tabs = QTabBar()
        for group in GROUPS:
            self.tabs.addTab(group.title)
        self.tabs.setAccessibleName("Claim status")
        self.claim_model = ClaimTableModel(self)
        self.claim_proxy = _SortProxy(self)
        self.claim_proxy.setSourceModel(self.claim_model)
        self.claim_table = _table(self.claim_proxy)
        self.claim_table.setAccessibleName("Claims")
        self.claim_table.setSortingEnabled(True)
        self.claim_table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        header = self.claim_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)  # the payer takes what is left
        header.setMinimumSectionSize(56)
        for column, width in enumerate((56, 140, 60, 112, 140, 76, 146, 124)):
            self.claim_table.setColumnWidth(column, width)
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty_label.setMargin(12)
        lists = QWidget()
        lists_layout = QVBoxLayout(lists)
        lists_layout.setContentsMargins(0, 0, 0, 0)
        lists_layout.addWidget(self.tabs)
        lists_layout.addWidget(self.claim_table, 1)
        lists_layout.addWidget(self.empty_label, 1)

        # ---- the selected claim
        self.title_label = QLabel("Select a claim to see what the check found.")
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)

        self.finding_model = FindingTableModel(self, self)
        self.finding_table = _table(self.finding_model)
        self.finding_table.setAccessibleName("Findings")
        self.finding_table.setWordWrap(True)
        fheader = self.finding_table.horizontalHeader()
        fheader.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        fheader.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        fheader.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.finding_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.finding_hint = QLabel("Enter or double-click a finding to open the place where it is fixed; "
                                   "come back here and the claim is checked again.")
        self.finding_hint.setWordWrap(True)
        self.history_tree = QTreeWidget()
        self.history_tree.setHeaderLabels(["When", "Status", "Note"])
        self.history_tree.setRootIsDecorated(False)
        self.history_tree.setAccessibleName("Status history")
        self.history_tree.setColumnWidth(0, 150)
        self.history_tree.setColumnWidth(1, 80)
        findings_page = QWidget()
        findings_layout = QVBoxLayout(findings_page)
        findings_layout.addWidget(self.finding_table, 3)
        findings_layout.addWidget(self.finding_hint)
        history_label = QLabel("Status histor&y")
        history_label.setBuddy(self.history_tree)
        findings_layout.addWidget(history_label)
        findings_layout.addWidget(self.history_tree, 1)

        self.preview_mode = ModeChooser(office.setting("print_mode", "red") or "red")
        self.preview = PagePreview()
        preview_page = QWidget()
        preview_layout = QVBoxLayout(preview_page)
        preview_layout.addWidget(self.preview_mode)
        preview_layout.addWidget(self.preview, 1)

        self.detail_tabs = QTabWidget()
        self.detail_tabs.addTab(findings_page, "Fi&ndings")
        self.detail_tabs.addTab(preview_page, "Previe&w")

        self.icn_edit = QLineEdit()
        self.icn_edit.setPlaceholderText("from the payer's remittance or denial")
        self.icn_edit.setMaxLength(30)
        icn_label = QLabel("Payer claim num&ber (ICN):")
        icn_label.setBuddy(self.icn_edit)
        icn_label.setToolTip("The payer's number for this claim; a correction or void prints it in box 22.")
        self.icn_button = QPushButton("Sa&ve number")
        self.void_button = QPushButton("Vo&id…")
        self.void_button.setToolTip("Cancel this claim; a printed one gets a void version (frequency 8) to send")
        self.correct_button = QPushButton("&Correct…")
        self.correct_button.setToolTip("Make a replacement (frequency 7) of a printed claim from the visit as it is now")
        claim_actions = QHBoxLayout()
        claim_actions.addWidget(icn_label)
        claim_actions.addWidget(self.icn_edit, 1)
        claim_actions.addWidget(self.icn_button)
        version_actions = QHBoxLayout()
        version_actions.addStretch(1)
        version_actions.addWidget(self.void_button)
        version_actions.addWidget(self.correct_button)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.title_label)
        detail_layout.addWidget(self.detail_tabs, 1)
        detail_layout.addLayout(claim_actions)
        detail_layout.addLayout(version_actions)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(lists)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([940, 460])

        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.splitter, 1)

        # ---- wiring
        self.make_button.clicked.connect(self.make_claims)
        self.check_button.clicked.connect(self.check_all)
        self.print_button.clicked.connect(self.open_print_dialog)
        self.alignment_button.clicked.connect(self.open_alignment)
        self.tabs.currentChanged.connect(lambda _i: self._load_list())
        self.claim_table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._show_current())
        self.claim_table.activated.connect(self._claim_activated)
        self.claim_table.doubleClicked.connect(self._claim_activated)
        self.finding_table.activated.connect(self._finding_activated)
        self.finding_table.doubleClicked.connect(self._finding_activated)
        self.detail_tabs.currentChanged.connect(lambda _i: self._update_preview())
        self.preview_mode.changed.connect(lambda _m: self._update_preview())
        self.icn_button.clicked.connect(self.save_payer_claim_number)
        self.icn_edit.returnPressed.connect(self.save_payer_claim_number)
        self.void_button.clicked.connect(self.void_claim)
        self.correct_button.clicked.connect(self.correct_claim)
        for keys, slot in ((QKeySequence.StandardKey.Print, self.open_print_dialog),
                           (QKeySequence(Qt.Key.Key_F5), self.check_all)):
            shortcut = QShortcut(keys, self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._load_list()
        self._show_current()

    # ------------------------------------------------------------------ loading
    def refresh(self, message: str | None = None) -> None:
        """Check the claims not yet printed against the office's data now (in the background), then reload."""
        if self.task is not None and not self.task.done:
            self._pending_refresh = True
            return
        self._start(lambda office, progress: office.check_claims(), "Checking claims…", self._checked, message)

    def check_all(self) -> None:
        self.refresh(message="checked")

    def _checked(self, results: dict, message: str | None) -> None:
        self.findings.update(results)
        self._load_all()
        if message == "checked":
            ready = sum(not any(f.severity == "error" for f in fs) for fs in results.values())
            self.status_message.emit(f"Checked {len(results)} claim(s): {ready} ready, "
                                     f"{len(results) - ready} need attention.")
        elif message:
            self.status_message.emit(message)
        else:
            drafts = sum(any(f.severity == "error" for f in fs) for fs in results.values())
            self.status_message.emit(f"Claims checked: {len(results) - drafts} ready to print, "
                                     f"{drafts} need attention." if results else "No claims waiting to print.")

    def make_claims(self) -> None:
        if self.task is not None and not self.task.done:
            return
        self._start(lambda office, progress: office.make_claims(), "Making claims…", self._made, None)

    def _made(self, result: dict, _message) -> None:
        made, skipped = result["made"], result["skipped"]
        ready = sum(c.status.value == "ready" for c in made)
        text = f"Made {len(made)} claim(s): {ready} ready, {len(made) - ready} need attention."
        if skipped:
            text += f" Skipped {len(skipped)} visit(s)."
        if not made and not skipped:
            text = "Every visit already has a claim."
        if skipped:
            reasons = "\n".join(f"• Visit {visit_id}: {reason}" for visit_id, reason in skipped[:12])
            more = f"\n… and {len(skipped) - 12} more." if len(skipped) > 12 else ""
            QMessageBox.information(self, "Make claims", f"{text}\n\n{reasons}{more}")
        if made:
            self.tabs.setCurrentIndex(0 if ready < len(made) else 1)
        self.refresh(message=text)

    def _start(self, action, label: str, on_result, message) -> None:
        self._set_busy(label)

        def done(result):
            self._set_busy(None)
            on_result(result, message)  # may start the next task (a check after making claims)
            if self._pending_refresh and self.task.done:
                self._pending_refresh = False
                self.refresh()
            elif self.task.done:
                self.refreshed.emit()

        def failed(exc):
            self._set_busy(None)
            self._load_all()
            self.status_message.emit(str(exc))
            if not isinstance(exc, UserError):
                QMessageBox.warning(self, "Claims", f"That did not work: {exc}")
            self.refreshed.emit()

        self.task = run_in_background(in_own_office(self.office.path, action), parent=self.window(), label=label,
                                      on_done=done, on_error=failed)

    def _set_busy(self, label: str | None) -> None:
        self.busy_label.setText(label or "")
        for button in (self.make_button, self.check_button):
            button.setEnabled(label is None)
        if label:
            self.setCursor(Qt.CursorShape.BusyCursor)
            self.status_message.emit(label)
        else:
            self.unsetCursor()

    def _load_all(self) -> None:
        for index, group in enumerate(GROUPS):
            count = len(self.office.claims(group.statuses))
            self.tabs.setTabText(index, f"{group.title} ({count})")
        self._load_list()

    def _load_list(self) -> None:
        keep = self._current.id if self._current is not None else None
        group = GROUPS[max(0, self.tabs.currentIndex())]
        claims = self.office.claims(group.statuses)
        self.claim_model.set_claims(claims)
        self.claim_table.setVisible(bool(claims))
        self.empty_label.setVisible(not claims)
        self.empty_label.setText({
            "draft": "No claim needs attention.",
            "ready": "No claims are ready. Use Make claims for visits without one.",
            "printed": "No printed claims yet.",
        }.get(group.statuses[0], "No void or replaced claims."))
        row = self.claim_model.row_of(keep) if keep is not None else -1
        if row < 0 and claims:
            proxy_index = self.claim_proxy.index(0, 0)
        else:
            proxy_index = self.claim_proxy.mapFromSource(self.claim_model.index(row, 0))
        if proxy_index.isValid():
            self.claim_table.setCurrentIndex(proxy_index)
        self._show_current()

    # ------------------------------------------------------------------ the selected claim
    def current_claim(self):
        index = self.claim_table.currentIndex()
        if not index.isValid():
            return None
        return self.claim_model.claim_at(self.claim_proxy.mapToSource(index).row())

    def selected_claim_ids(self) -> list[int]:
        rows = {self.claim_proxy.mapToSource(i).row() for i in self.claim_table.selectionModel().selectedRows()}
        return [self.claim_model.claim_at(r).id for r in sorted(rows) if self.claim_model.claim_at(r)]

    def _show_current(self) -> None:
        claim = self.current_claim() if self.claim_model.rowCount() else None
        self._current = claim
        printed = claim is not None and claim.status.value == "printed"
        self.void_button.setEnabled(claim is not None and claim.status.value in ("draft", "ready", "printed"))
        self.correct_button.setEnabled(printed)
        self.icn_edit.setEnabled(claim is not None and claim.status.value in ("printed", "replaced"))
        self.icn_button.setEnabled(self.icn_edit.isEnabled())
        self.icn_edit.setText(self.office.payer_claim_number(claim.id) if claim is not None else "")
        self.history_tree.clear()
        if claim is None:
            self.title_label.setText("Select a claim to see what the check found.")
            self.finding_model.set_findings([])
            self.preview.clear("Select a claim to preview its form.")
            return
        self.title_label.setText(f"Claim {claim.id} · {claim.patient.display_name} · {_date(claim.service_date)} · "
                                 f"{claim.payer.name} · {claim.total} · {ClaimTableModel._text(claim, 6)}")
        if claim.id not in self.findings:  # not checked yet in this session: scrub only, nothing is written
            self.findings[claim.id] = self.office.scrub_claim(claim)
        findings = self.findings.get(claim.id, [])
        self.finding_model.set_findings(findings)
        if not findings:
            self.finding_hint.setText("The check found nothing to fix on this claim.")
        else:
            self.finding_hint.setText("Enter or double-click a finding to open the place where it is fixed; "
                                      "come back here and the claim is checked again.")
        self._fill_history(claim.id)
        self._update_preview()

    def _fill_history(self, claim_id: int) -> None:
        previous, item = None, None
        repeats = 0
        for entry in self.office.claim_history(claim_id):
            key = (entry["status"], entry["note"])
            if key == previous and item is not None:  # repeated checks: one row with a count
                repeats += 1
                item.setText(2, f"{entry['note']} (×{repeats + 1}, last {entry['at'].replace('T', ' ')})")
                continue
            previous, repeats = key, 0
            item = QTreeWidgetItem([entry["at"].replace("T", " "), entry["status"], entry["note"]])
            self.history_tree.addTopLevelItem(item)

    def _update_preview(self) -> None:
        if self.detail_tabs.currentIndex() != 1:
            return  # rendered only when seen
        claim = self._current
        if claim is None:
            self.preview.clear("Select a claim to preview its form.")
            return
        dx, dy = self.office.printer_offsets()
        self.preview.set_pdf(self.office.preview_claims([claim], self.preview_mode.mode(), dx, dy))

    def _claim_activated(self, _index) -> None:
        if self.finding_model.rowCount():
            self.detail_tabs.setCurrentIndex(0)
            self.finding_table.setFocus()
            self.finding_table.setCurrentIndex(self.finding_model.index(0, 0))
        elif self._current is not None:
            self.open_visit_requested.emit(self._current.visit.id)

    def _finding_activated(self, index: QModelIndex) -> None:
        finding = self.finding_model.finding_at(index.row())
        claim = self._current
        if finding is None or claim is None:
            return
        target = fix_target(finding.field)
        if target == "setup":
            self.open_setup_requested.emit(finding.field)
        elif target == "patient":
            self.open_patient_requested.emit(claim.patient.id)
        else:
            self.open_visit_requested.emit(claim.visit.id)

    # ------------------------------------------------------------------ printing and versions
    def open_print_dialog(self) -> None:
        tab_statuses = GROUPS[self.tabs.currentIndex()].statuses
        selected = self.selected_claim_ids() if tab_statuses[0] in ("ready", "printed") else []
        dialog = PrintClaimsDialog(self.office, selected, self, mode=self.preview_mode.mode())
        dialog.printed.connect(lambda _claims: self._after_print(dialog.message))
        dialog.exec()

    def _after_print(self, message: str) -> None:
        self.findings.clear()
        self._load_all()
        self.status_message.emit(message)

    def open_alignment(self) -> None:
        from .alignment_dialog import AlignmentDialog

        AlignmentDialog(self.office, self).exec()
        self._update_preview()

    def save_payer_claim_number(self) -> None:
        claim = self._current
        if claim is None or not self.icn_edit.isEnabled():
            return
        number = self.icn_edit.text().strip()
        self.office.set_payer_claim_number(claim.id, number)
        self.status_message.emit(f"Recorded payer claim number {number or '(none)'} for claim {claim.id}; "
                                 "a correction or void prints it in box 22.")

    def void_claim(self) -> None:
        self._new_version("void")

    def correct_claim(self) -> None:
        self._new_version("correct")

    def _new_version(self, kind: str) -> None:
        claim = self._current
        if claim is None:
            return
        printed = claim.status.value == "printed"
        if kind == "void":
            question = (f"Void claim {claim.id} for {claim.patient.display_name}? "
                        + ("A void version (frequency 8) is made for you to print and send to the payer; "
                           "record the payer's claim number first so it goes in box 22."
                           if printed else "It was never printed, so it is simply cancelled."))
        else:
            question = (f"Make a corrected claim (frequency 7) replacing claim {claim.id} from the visit as it is "
                        "now? Record the payer's claim number first so it goes in box 22.")
        answer = QMessageBox.question(self, "Void claim" if kind == "void" else "Correct claim", question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        if self.icn_edit.isEnabled() and self.icn_edit.text().strip():
            self.office.set_payer_claim_number(claim.id, self.icn_edit.text())
        try:
            made = (self.office.void_claim if kind == "void" else self.office.correct_claim)(claim.id)
        except UserError as exc:
            QMessageBox.warning(self, "Claims", str(exc))
            return
        self.findings.pop(claim.id, None)
        self.icn_edit.clear()
        if made.id == claim.id:
            self.status_message.emit(f"Claim {claim.id} is void.")
            self._load_all()
            return
        what = "void version" if kind == "void" else "corrected claim"
        where = "ready to print" if made.status.value == "ready" else "needs attention"
        self.status_message.emit(f"Made claim {made.id}, the {what} of claim {claim.id}; it {where}.")
        self._current = made
        self.tabs.setCurrentIndex(1 if made.status.value == "ready" else 0)
        self._load_all()
