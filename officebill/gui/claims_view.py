"""The Claims screen: claims by status, the scrubber's findings and jumps to where they are fixed,
the claim's history and page preview, printing, 837P export, void and correct.

This module is the screen itself: the action buttons, the claim list by status, loading and
checking in the background, and printing, alignment, the payer claim number, void and correct.
The list's models and status groups are in `claim_models`; the selected claim's pane (findings,
history, preview, ICN and version buttons) is `claim_detail.ClaimDetail`.

Everything goes through the `Office` facade; checking and making claims run in a worker
with its own office connection (`background.run_in_background`), the lists reload from
the GUI's office when the result arrives.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from ..core.problems import UserError
from ..core.records import ClaimStatus
from ..office import Area
from ..office.claim_search_service import COUNT_CAP
from .access import may
from .activating_table import activating_table
from .background import in_own_office, run_in_background
from .claim_detail import ClaimDetail
from .claim_models import GROUPS, OPENING_TABS, READY_TAB, ClaimSortProxy, ClaimTableModel, fix_target
from .fitting_columns import FittingColumns
from .forms import SearchEdit
from .override_dialog import OverrideDialog
from .print_dialog import PrintClaimsDialog

__all__ = ["ClaimsView", "GROUPS", "fix_target"]  # the screen, and what its callers import with it

SEARCH_TIP = ("Find claims by patient name or account, claim number (123 or as printed in box 26), payer, or date "
              "of service (MM/DD/YYYY, or a month: MM/YYYY); every word must match. Ctrl+F or / comes here, "
              "Enter or Down goes to the list, Esc clears.")
NARROW_LIST = 640  # a claim list narrower than this drops its Account and Version columns
NARROW_HIDDEN = (2, 7)  # Account and Version: the claim pane's title shows both
NARROW_TABS = 560  # a tab bar narrower than this shows the short titles
# keys that leave several selected claims (the ones just made) for just the current one, even where they
# cannot move (Home or PageUp on the newest, first, claim)
ONE_CLAIM_KEYS = (Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Up,
                  Qt.Key.Key_Down)
DETAIL_DELAY_MS = 150  # the claim pane (its check and history) after a pause in typing a search
SHORTCUT_HELP = (
    ("Ctrl+F or /", "Find claims (the search box): patient, account, claim number, payer or date of service"),
    ("Enter or Down", "From the search box into the list of claims"),
    ("Esc", "Clear the search (in the search box)"),
    ("Alt+S", "The search box"),
    ("Alt+T, Alt+E, Alt+D, Alt+O", "Needs attention, Ready, Sent or printed, Void and replaced"),
    ("Up / Down, Shift+Up / Shift+Down", "Choose a claim; several, to print or export them together"),
    ("Enter", "On a claim: its first finding, or its visit; on a finding: where it is fixed"),
    ("Alt+M", "Make claims for every visit that has none"),
    ("F5 or Alt+A", "Check every claim not yet printed"),
    ("Ctrl+P", "Print or save the selected claims (with none selected: asks whether to print every ready one)"),
    ("Alt+L", "Printer alignment"),
    ("Alt+7", "Export 837P files for the clearinghouse"),
    ("Alt+N / Alt+W", "The claim's findings / its form preview"),
    ("Ctrl++ (or Ctrl+=) / Ctrl+- / Ctrl+0", "Preview: zoom in, zoom out, fit the page's width to the pane"),
    ("F11", "Preview: the page in a large window"),
    ("Alt+Z", "Preview: the zoom list"),
    ("Alt+R / Alt+U (Preview tab)", "Preview the red pre-printed form / the full form on plain paper"),
    ("Page Up / Page Down", "Preview: previous / next page (with the focus in the preview)"),
    ("Alt+R / Alt+U", "Override the chosen finding (with a reason) / undo the override"),
    ("Alt+Y", "The claim's status history"),
    ("Alt+B, Alt+V", "Payer claim number (ICN), and save it"),
    ("Alt+I / Alt+C / Alt+K", "Void / correct the claim / make a new claim for a voided one's visit"),
)


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
        self._checked_stamp = None  # the office file's data stamp when the claims were last checked
        self._current = None
        self._select_ids: list[int] | None = None  # claims to select at the next load (the ones just made)
        self._loaded_tab = -1  # the tab whose rows the list holds (a reload of it keeps the place)
        self._counts: list[int] | None = None  # claims of each tab (matching the search), read after every change
        self._search_text = ""  # the search the list shows
        self._opened = False  # shown once (the first show chooses the tab)

        # ---- actions
        self.make_button = QPushButton("&Make claims")
        self.make_button.setToolTip("Make claims for every visit that has none")
        self.check_button = QPushButton("Check &all")
        self.check_button.setToolTip("Check every claim not yet printed against the office's data (F5)")
        self.print_button = QPushButton("Print…")  # Ctrl+P (Alt+P is the Payments menu)
        self.print_button.setToolTip("Print or save the selected (or all ready) claims (Ctrl+P)")
        self.alignment_button = QPushButton("A&lignment…")
        self.alignment_button.setToolTip("Line up the printer with pre-printed red forms")
        self.export_button = QPushButton("Export 83&7P…")
        self.export_button.setToolTip("Write the selected (or all ready) claims into 837P files for the clearinghouse")
        actions = QHBoxLayout()
        for button in (self.make_button, self.check_button, self.print_button, self.alignment_button,
                       self.export_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self.busy_label = QLabel()
        actions.addWidget(self.busy_label)

        # ---- the search box and the claim lists
        self.search_edit = SearchEdit()
        self.search_edit.setPlaceholderText("Patient, account, claim number, payer or date of service")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Find claims")
        self.search_edit.setToolTip(SEARCH_TIP)
        search_label = QLabel("&Search:")
        search_label.setBuddy(self.search_edit)
        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search_edit, 1)
        self._search_timer = QTimer(self)  # keys typed faster than the list repaints make one search
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(0)
        self._typing = False  # a search is being loaded: the claim pane follows after DETAIL_DELAY_MS
        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.setInterval(DETAIL_DELAY_MS)
        self._detail_timer.timeout.connect(self._show_current)
        self.tabs = QTabBar()
        for group in GROUPS:
            self.tabs.addTab(group.title)
        self.tabs.setAccessibleName("Claim status")
        self.claim_model = ClaimTableModel(self)
        self.claim_proxy = ClaimSortProxy(self)
        self.claim_proxy.setSourceModel(self.claim_model)
        self.claim_table = activating_table(self.claim_proxy)
        self.claim_table.setAccessibleName("Claims")
        self.claim_table.setSortingEnabled(True)
        self.claim_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first
        header = self.claim_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(40)
        for column, width in enumerate((48, 140, 60, 80, 140, 64, 104, 88)):
            self.claim_table.setColumnWidth(column, width)
        for column in (1, 4):  # the patient and the payer share what is left (cut in the middle, tooltip: all)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        # a small window (1000x600): fewer columns (NARROW_HIDDEN; the status too on a tab of one status)
        self._fitting_columns = FittingColumns(self.claim_table, optional=NARROW_HIDDEN, narrow_below=NARROW_LIST)
        self.claim_table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a cut payer keeps its end; tooltip: all
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty_label.setMargin(12)
        lists = QWidget()
        lists_layout = QVBoxLayout(lists)
        lists_layout.setContentsMargins(0, 0, 0, 0)
        lists_layout.addLayout(search_row)
        lists_layout.addWidget(self.tabs)
        lists_layout.addWidget(self.claim_table, 1)
        lists_layout.addWidget(self.empty_label, 1)

        # ---- the selected claim
        self.detail = ClaimDetail(office)
        # the pane's widgets, under the names callers and tests use
        self.title_label = self.detail.title_label
        self.detail_tabs = self.detail.detail_tabs
        self.finding_model = self.detail.finding_model
        self.finding_table = self.detail.finding_table
        self.preview_mode = self.detail.preview_mode
        self.preview = self.detail.preview
        self.preview.install_keys(self)  # zoom and the large view from anywhere on the screen
        self.icn_edit = self.detail.icn_edit
        self.icn_button = self.detail.icn_button
        self.void_button = self.detail.void_button
        self.correct_button = self.detail.correct_button
        self.override_button = self.detail.override_button
        self.withdraw_button = self.detail.withdraw_button
        self.bill_again_button = self.detail.bill_again_button
        for button, action in ((self.make_button, "claims.make"), (self.print_button, "printing.print_claims"),
                               (self.alignment_button, "printing.alignment_page"), (self.export_button, "edi.export_837"),
                               (self.void_button, "claims.void"), (self.correct_button, "claims.correct"),
                               (self.override_button, "claims.override"), (self.withdraw_button, "claims.withdraw_override"),
                               (self.bill_again_button, "claims.bill_again"),
                               (self.icn_button, "claims.set_payer_claim_number")):
            button.setVisible(may(office, action))  # offered only to a role that may (the facade checks anyway)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(lists)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 2)  # a smaller window takes its width more from the claim's pane
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([940, 460])

        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.splitter, 1)

        # ---- wiring
        self.make_button.clicked.connect(self.make_claims)
        self.check_button.clicked.connect(self.check_all)
        self.print_button.clicked.connect(self.open_print_dialog)
        self.alignment_button.clicked.connect(self.open_alignment)
        self.export_button.clicked.connect(self.open_export_dialog)
        self.tabs.currentChanged.connect(lambda _i: self._load_list())
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self._search_timer.timeout.connect(self._search_changed)
        self.search_edit.returnPressed.connect(self.focus_list)
        self.search_edit.move_down.connect(self.focus_list)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search_edit, self.search_edit.clear,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.claim_table.installEventFilter(self)
        self.tabs.installEventFilter(self)
        self.claim_table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._show_current())
        self.claim_table.activated.connect(self._claim_activated)
        self.claim_table.doubleClicked.connect(self._claim_activated)
        self.finding_table.activated.connect(self._finding_activated)
        self.finding_table.doubleClicked.connect(self._finding_activated)
        self.icn_button.clicked.connect(self.save_payer_claim_number)
        self.icn_edit.returnPressed.connect(self.save_payer_claim_number)
        self.void_button.clicked.connect(self.void_claim)
        self.correct_button.clicked.connect(self.correct_claim)
        self.override_button.clicked.connect(self.override_finding)
        self.withdraw_button.clicked.connect(self.withdraw_override)
        self.bill_again_button.clicked.connect(self.bill_again)
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
        self._start(lambda office, progress: office.claims.check().value, "Checking claims…", self._checked, message)

    def office_changed(self, changes) -> None:
        """The window's change signal: claims follow visits, patients, setup and claims. Checked again while
        shown (once the current work has reported); when hidden, on the next show."""
        if changes.touches(Area.CLAIMS, Area.VISITS, Area.PATIENTS, Area.SETUP) and self.isVisible():
            QTimer.singleShot(0, self.refresh_if_changed)

    def refresh_if_changed(self) -> None:
        """Check the claims again only when the office file changed since the last check (here or elsewhere)."""
        if self.office.data_stamp() != self._checked_stamp:
            self.refresh()

    def check_all(self) -> None:
        self.refresh(message="checked")

    def _checked(self, results: dict, message: str | None) -> None:
        self._checked_stamp = self.office.data_stamp()
        self.findings.update(results)
        self._load_all()
        if message == "checked":
            ready = sum(not any(f.is_error for f in fs) for fs in results.values())
            self.status_message.emit(f"Checked {len(results)} claim(s): {ready} ready, "
                                     f"{len(results) - ready} need attention.")
        elif message:
            self.status_message.emit(message)
        else:
            drafts = sum(any(f.is_error for f in fs) for fs in results.values())
            self.status_message.emit(f"Claims checked: {len(results) - drafts} ready to print, "
                                     f"{drafts} need attention." if results else "No claims waiting to print.")

    def make_claims(self) -> None:
        if self.task is not None and not self.task.done:
            return
        self._start(lambda office, progress: office.claims.make().value, "Making claims…", self._made, None)

    def _made(self, result, _message) -> None:  # result: MadeClaims
        made, skipped = result.made, result.skipped
        ready = sum(c.status is ClaimStatus.READY for c in made)
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
            self._drop_search()  # the new claims are shown whatever was searched for
            tab = 0 if ready < len(made) else READY_TAB
            # all selected, the newest current (first): one key (Home, an arrow) picks the claim of the last visit
            self._select_ids = sorted((c.id for c in made if c.status in GROUPS[tab].statuses), reverse=True)
            self._counts = None  # the worker made them: read the counts again
            self.tabs.setCurrentIndex(tab)
            self._load_all()  # the new claims selected and shown now; the check below keeps them selected
            self.claim_table.setFocus(Qt.FocusReason.OtherFocusReason)
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

    def _read_counts(self) -> list[int]:
        """Claims in each tab: all of them, or those matching the search (COUNT_CAP + 1: more than COUNT_CAP)."""
        if self._search_text:
            return self.office.claims.search_counts(self._search_text, [group.statuses for group in GROUPS])
        counts = self.office.claims.counts()
        return [sum(counts.get(status, 0) for status in group.statuses) for group in GROUPS]

    def _load_all(self) -> None:
        self._counts = self._read_counts()
        self._title_tabs()
        self._load_list()

    def _title_tabs(self) -> None:
        """Each tab's title with its count; the short titles while the tab bar is narrow (no scrolled tabs)."""
        narrow = self.tabs.width() < NARROW_TABS
        for index, (group, count) in enumerate(zip(GROUPS, self._counts or [0] * len(GROUPS))):
            shown = f"{COUNT_CAP}+" if count > COUNT_CAP else str(count)
            self.tabs.setTabText(index, f"{group.short_title if narrow else group.title} ({shown})")

    # ------------------------------------------------------------------ the search box
    def focus_search(self) -> None:
        """Ctrl+F or / on this screen: the search box, its text selected to type over."""
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def focus_list(self) -> None:
        """Enter or Down in the search box: the list, at its current (or first) claim."""
        self._search_timer.stop()
        self._search_changed()  # a search still waiting for the event loop is done first
        self.claim_table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.claim_table.currentIndex().isValid() and self.claim_model.rowCount():
            self._select_rows([0])

    def _drop_search(self) -> None:
        """Empty the search box without a search of its own (the caller reloads the list)."""
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self._search_text = ""
        self._counts = None

    def _search_changed(self) -> None:
        text = " ".join(self.search_edit.text().split())
        if text == self._search_text:
            return
        self._search_text = text
        self._select_ids = []  # the first match, not the claim chosen before
        self._loaded_tab = -1
        self._typing = True
        try:
            self._load_all()
            if text and not self._counts[self.tabs.currentIndex()] and any(self._counts):
                self.tabs.setCurrentIndex(next(i for i, n in enumerate(self._counts) if n))  # where they are
        finally:
            self._typing = False

    def hideEvent(self, event) -> None:
        self._detail_timer.stop()  # the pane of a hidden screen waits for its next show
        super().hideEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._opened:  # the first time: the first tab with claims, not an empty Needs attention
            self._opened = True
            self._counts = self._read_counts()
            first = next((tab for tab in OPENING_TABS if self._counts[tab]), self.tabs.currentIndex())
            if first != self.tabs.currentIndex():
                self.tabs.setCurrentIndex(first)
        if self._current is not None and self.detail.claim is None:
            self._detail_timer.start()

    def event(self, event) -> bool:
        """Ctrl+F on this screen goes to its own search box (not the window's Find patient)."""
        if event.type() == QEvent.Type.ShortcutOverride and event.keyCombination() == QKeySequence.fromString(
                "Ctrl+F")[0] and self.isVisible():
            event.accept()
            self.focus_search()
            return True
        return super().event(event)

    def eventFilter(self, watched, event) -> bool:
        """'/' in the claim list goes to the search box; the tab bar's titles follow its width."""
        if watched is self.tabs and event.type() == QEvent.Type.Resize:
            self._title_tabs()
        if watched is self.claim_table and event.type() == QEvent.Type.KeyPress and event.text() == "/":
            self.focus_search()
            return True
        if (watched is self.claim_table and event.type() == QEvent.Type.KeyPress and event.key() in ONE_CLAIM_KEYS
                and event.modifiers() == Qt.KeyboardModifier.NoModifier and len(self.selected_claim_ids()) > 1
                and self.claim_table.currentIndex().isValid()):
            self.claim_table.event(event)  # the move, if any (Home on the first row moves nowhere)
            self._select_rows([self.claim_proxy.mapToSource(self.claim_table.currentIndex()).row()])  # just it
            return True
        return super().eventFilter(watched, event)

    def shortcut_help(self) -> list[tuple[str, str]]:
        """This screen's keys, for the window's F1 list."""
        return list(SHORTCUT_HELP)

    def _load_list(self) -> None:
        """The current tab's claims: the count from `claims.counts()`, the rows a page at a time. A reload of
        the same tab keeps the selected claims (or the row where they were); `_select_ids` chooses others."""
        tab = max(0, self.tabs.currentIndex())
        same_tab = tab == self._loaded_tab
        keep = self._select_ids
        if keep is None and same_tab:  # another tab starts at its top: its claims are others
            keep = ([self._current.id] if self._current is not None else []) + self.selected_claim_ids()
        place = self.claim_table.currentIndex().row() if same_tab else 0
        self._select_ids = None
        self._current = None  # read again: the office may have changed
        self._loaded_tab = tab
        group = GROUPS[tab]
        one_status = (6,) if len(group.statuses) == 1 else ()  # the tab's title says it (Needs attention, Ready)
        self._fitting_columns.set_optional(NARROW_HIDDEN + one_status)
        if self._counts is None:
            self._counts = self._read_counts()
        total, statuses, text = self._counts[tab], group.statuses, self._search_text
        if text:
            def fetch(offset, limit, order, descending):
                return self.office.claims.search(text, statuses, offset, limit, order, descending)
        else:
            def fetch(offset, limit, order, descending):
                return self.office.claims.page(statuses, offset, limit, order, descending)
        self.claim_model.set_source(fetch, total, exact=total <= COUNT_CAP)
        claims = self.claim_model.rowCount() > 0
        self.claim_table.setVisible(claims)
        self.empty_label.setVisible(not claims)
        self.empty_label.setText(f"No claims on this tab match “{text}”." if text else group.empty_text)
        rows = self.claim_model.rows_of(dict.fromkeys(keep or ()))
        if not rows and claims:
            rows = [min(max(place, 0), self.claim_model.rowCount() - 1)]
        self._select_rows(rows)
        self._show_current()

    def _select_rows(self, rows: list[int]) -> None:
        """Selects the model's `rows`, the first current and scrolled into view."""
        selection = QItemSelection()
        for row in rows:
            index = self.claim_proxy.mapFromSource(self.claim_model.index(row, 0))
            selection.select(index, index)
        if not rows:
            return
        flags = QItemSelectionModel.SelectionFlag
        model = self.claim_table.selectionModel()
        current = self.claim_proxy.mapFromSource(self.claim_model.index(rows[0], 0))
        model.setCurrentIndex(current, flags.NoUpdate)
        model.select(selection, flags.ClearAndSelect | flags.Rows)
        self.claim_table.scrollTo(current)

    # ------------------------------------------------------------------ the selected claim
    def current_claim(self):
        """The whole claim of the current row (the list holds light rows; the claim is read when chosen)."""
        index = self.claim_table.currentIndex()
        if not index.isValid():
            return None
        row = self.claim_model.claim_at(self.claim_proxy.mapToSource(index).row())
        if row is None:
            return None
        if self._current is not None and self._current.id == row.id and self._current.status == row.status:
            return self._current
        return self.office.claims.get(row.id)

    def selected_claim_ids(self) -> list[int]:
        rows = {self.claim_proxy.mapToSource(i).row() for i in self.claim_table.selectionModel().selectedRows()}
        return [self.claim_model.claim_at(r).id for r in sorted(rows) if self.claim_model.claim_at(r)]

    def _show_current(self) -> None:
        claim = self.current_claim() if self.claim_model.rowCount() else None
        self._current = claim
        if self._typing:  # while a search is typed, the pane waits for a pause (the list repaints first)
            self.detail.show_claim(None, [])
            self._detail_timer.start()
            return
        findings = []
        if claim is not None:
            # the last check's findings; else the facade's, scrubbed again only when the office changed
            findings = self.findings.get(claim.id)
            if findings is None:
                findings = self.office.claims.findings(claim)
        self.detail.show_claim(claim, findings)

    def _claim_activated(self, _index) -> None:
        if not self.detail.focus_first_finding() and self._current is not None:
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
        selected = self.selected_claim_ids() if tab_statuses[0].can_print else []
        if not selected and not self._print_all_ready_asked():
            return
        dialog = PrintClaimsDialog(self.office, selected, self, mode=self.preview_mode.mode())
        dialog.printed.connect(lambda _claims: self._after_print(dialog.message))
        dialog.exec()

    def _print_all_ready_asked(self) -> bool:
        """With no claim selected, asks whether to print every ready claim; Cancel is the default (Enter)."""
        ready = self.office.claims.counts().get(ClaimStatus.READY, 0)
        if not ready:
            return True  # the dialog says there is nothing to print
        box = QMessageBox(QMessageBox.Icon.Question, "Print claims",
                          f"No claim is selected. Print all {ready} ready claim(s)?", parent=self)
        print_all = box.addButton(f"Print &all {ready} ready…", QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is print_all

    def _after_print(self, message: str) -> None:
        self.findings.clear()
        self._load_all()
        self.status_message.emit(message)

    def open_export_dialog(self) -> None:
        from .export_dialog import ExportClaimsDialog

        tab_statuses = GROUPS[self.tabs.currentIndex()].statuses
        selected = self.selected_claim_ids() if tab_statuses[0].can_send else []
        dialog = ExportClaimsDialog(self.office, selected, self)
        dialog.exported.connect(lambda _batches: self._after_print(dialog.message.splitlines()[-1]))
        dialog.exec()

    def open_alignment(self) -> None:
        from .alignment_dialog import AlignmentDialog

        AlignmentDialog(self.office, self).exec()
        self.detail.update_preview()

    def save_payer_claim_number(self) -> None:
        claim = self._current
        if claim is None or not self.icn_edit.isEnabled():
            return
        number = self.icn_edit.text().strip()
        self.office.claims.set_payer_claim_number(claim.id, number)
        self.status_message.emit(f"Recorded payer claim number {number or '(none)'} for claim {claim.id}; "
                                 "a correction or void prints it in box 22.")

    def override_finding(self) -> None:
        """Override… the current finding: asks for the written reason, then the facade records it and checks
        the claim again (an overridden error no longer blocks printing)."""
        claim, finding = self._current, self.detail.current_finding()
        if claim is None or finding is None or not self.override_button.isEnabled():
            return
        dialog = OverrideDialog(finding, self)
        if dialog.exec() != OverrideDialog.DialogCode.Accepted:
            return
        try:
            kept = self.office.claims.override(claim.id, finding.rule, finding.field, dialog.reason()).value
        except UserError as exc:
            QMessageBox.warning(self, "Override finding", str(exc))
            return
        self._show_claim_after(claim, f"Claim {claim.id}: [{kept.rule}] overridden ({kept.reason}).")

    def withdraw_override(self) -> None:
        claim, finding = self._current, self.detail.current_finding()
        if claim is None or finding is None or not finding.overridden:
            return
        try:
            self.office.claims.withdraw_override(claim.id, finding.rule, finding.field)
        except UserError as exc:
            QMessageBox.warning(self, "Withdraw override", str(exc))
            return
        self._show_claim_after(claim, f"Claim {claim.id}: override of [{finding.rule}] withdrawn.")

    def _show_claim_after(self, claim, message: str) -> None:
        """Show the claim again where its new status puts it, with its findings read afresh."""
        self.findings.pop(claim.id, None)
        claim = self.office.claims.get(claim.id)
        self._select_ids = [claim.id]
        tab = next((i for i, group in enumerate(GROUPS) if claim.status in group.statuses), 0)
        self._counts = None
        if tab != self.tabs.currentIndex():
            self.tabs.setCurrentIndex(tab)
        self._load_all()
        self.status_message.emit(message)

    def bill_again(self) -> None:
        """Make new claim: bills the visit of the voided claim shown again (nothing is re-entered)."""
        claim = self._current
        if claim is None:
            return
        try:
            made = self.office.claims.bill_again(claim.id).value
        except UserError as exc:
            QMessageBox.warning(self, "Bill visit again", str(exc))
            return
        self._show_claim_after(made, f"Made claim {made.id} for the visit of claim {claim.id}; it "
                                   + ("is ready to print." if made.status is ClaimStatus.READY else "needs attention."))

    def void_claim(self) -> None:
        self._new_version("void")

    def correct_claim(self) -> None:
        self._new_version("correct")

    def _new_version(self, kind: str) -> None:
        claim = self._current
        if claim is None:
            return
        printed = claim.status.was_sent
        if kind == "void":
            question = (f"Void claim {claim.id} for {claim.patient.display_name}? "
                        + ("A void version (frequency 8) is made for you to print or send to the payer; "
                           "record the payer's claim number first so it goes in box 22 (REF*F8 electronically)."
                           if printed else "It was never printed or sent, so it is simply cancelled."))
        else:
            question = (f"Make a corrected claim (frequency 7) replacing claim {claim.id} from the visit as it is "
                        "now? Record the payer's claim number first so it goes in box 22.")
        answer = QMessageBox.question(self, "Void claim" if kind == "void" else "Correct claim", question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        if self.icn_edit.isEnabled() and self.icn_edit.text().strip():
            self.office.claims.set_payer_claim_number(claim.id, self.icn_edit.text())
        try:
            made = (self.office.claims.void if kind == "void" else self.office.claims.correct)(claim.id).value
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
        where = "ready to print" if made.status is ClaimStatus.READY else "needs attention"
        self.status_message.emit(f"Made claim {made.id}, the {what} of claim {claim.id}; it {where}.")
        self._current = made
        self.tabs.setCurrentIndex(READY_TAB if made.status is ClaimStatus.READY else 0)
        self._load_all()
