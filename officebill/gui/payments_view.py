"""The Payments screen: payers' deposits, and posting a paper EOB to them from the keyboard.

Top left, the deposits (open ones first) with what is applied and what is not; New deposit records
a check or EFT. Top right, the chosen deposit: the amount still to apply (always in sight, updated as
amounts are typed), a claim search over that payer's claims (account, last name or claim number;
Down moves into the matches, Enter takes one); below, across the screen, the EOB grid of the
claim's lines (`eob_grid`), and Post (Ctrl+S or Ctrl+Enter), which hands the lines to
`office.payments.post_insurance`: a refusal shows beside the fields it names and posts nothing.
Close deposit closes one that balances.
Statements… opens the patient statements (`statements_dialog`).
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..core.ledger import Deposit, Party
from ..core.money import Money
from ..core.problems import UserError, ValidationFailed
from ..office import Area
from .activating_table import activating_table
from .deposit_dialog import NewDepositDialog
from .eob_grid import EobGrid
from .fitting_columns import FittingColumns
from .forms import ErrorLabel, SearchEdit, format_date
from .table_model import RowsTableModel
from .theme import error_color, good_color, muted_color

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
NARROW_DEPOSITS = 480  # a deposit list narrower than this shows only payer, number and unapplied


class DepositTableModel(RowsTableModel):
    """Deposits as rows: open ones first, then newest first."""

    HEADERS = ("Payer", "Number", "Received", "Amount", "Applied", "Unapplied", "")

    def __init__(self, parent=None):
        super().__init__(parent=parent)
        self.payer_names: dict[int, str] = {}

    def show(self, deposits: list[Deposit], payer_names: dict[int, str]) -> None:
        """The deposits with their payers' names: open ones first, then newest first."""
        self.payer_names = payer_names
        self.set_rows(sorted(deposits, key=lambda d: (d.closed is not None, -(d.received.toordinal()
                                                                               if d.received else 0), -(d.id or 0))))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        d, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and 3 <= column <= 5:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"closed {format_date(d.closed)}" if d.closed else "open: applied + unapplied = amount"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.payer_names.get(d.payer_id, "?"), d.number, format_date(d.received), d.amount.plain(),
                d.applied.plain(), d.unapplied.plain(), "closed" if d.closed else "open")[column]

    def row_of(self, deposit_id: int | None) -> int:
        return next((i for i, d in enumerate(self.rows) if d.id == deposit_id), -1)


class ClaimMatchModel(RowsTableModel):
    """The chosen payer's claims matching the search, with what the payer still owes on each."""

    HEADERS = ("Claim", "Account", "Patient", "Service date", "Total", "Payer owes", "Status")


    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, owed = self.rows[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (4, 5):
            return RIGHT
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (str(row.id), row.account, row.patient_name, format_date(row.service_date), row.total.plain(),
                owed.plain(), row.status.value)[index.column()]


class _EnterButton(QPushButton):
    """A button that Enter presses too (outside a dialog, a push button takes only Space)."""

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)


SHORTCUT_HELP: tuple[tuple[str, str], ...] = (
    ("Up / Down (deposits)", "Choose a deposit; Enter goes to its claim search"),
    ("Alt+N", "New deposit (a payer's check or EFT)"),
    ("Alt+C", "Claim search: account, last name or claim number; Down into the matches, Enter takes one"),
    ("Tab / Enter (EOB lines)", "Next amount; Enter on the last line goes to Post"),
    ("Ctrl+S / Ctrl+Enter / Alt+O", "Post the EOB lines typed"),
    ("Alt+L", "Close the deposit (when it balances)"),
    ("Alt+T", "Patient statements"),
)


class PaymentsView(QWidget):
    """Deposits and EOB posting."""

    status_message = Signal(str)
    posted = Signal(object)  # the entries one Post made

    def __init__(self, office, parent=None):
        super().__init__(parent)
        self.office = office
        self.deposit: Deposit | None = None
        self.claim = None

        # ---- deposits
        self.new_button = QPushButton("&New deposit…")
        self.new_button.setToolTip("Record a payer's check or EFT before posting it")
        self.new_button.clicked.connect(self.new_deposit)
        self.statements_button = QPushButton("S&tatements…")
        self.statements_button.setToolTip("Patient statements: who is due, preview, run, reprint")
        self.statements_button.clicked.connect(self.open_statements)
        self.deposit_model = DepositTableModel(self)
        self.deposit_table = activating_table(self.deposit_model)
        self.deposit_table.setAccessibleName("Deposits")
        header = self.deposit_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.deposit_table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a cut payer keeps its end
        # a small window (1000x600): payer, number and what is left to apply (the chosen deposit's heading shows
        # its date, amount and what is applied; the row's tooltip, open or closed)
        self._fitting_columns = FittingColumns(self.deposit_table, optional=(2, 3, 4, 6),
                                               narrow_below=NARROW_DEPOSITS)
        self.deposit_table.selectionModel().currentRowChanged.connect(lambda *_: self._deposit_chosen())
        self.deposit_table.activated.connect(lambda _i: self.focus_search())
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel("<b>Deposits</b>"))
        top.addStretch(1)
        top.addWidget(self.statements_button)
        top.addWidget(self.new_button)
        left_layout.addLayout(top)
        left_layout.addWidget(self.deposit_table, 1)

        # ---- the chosen deposit
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.remaining_label = QLabel()
        self.remaining_label.setObjectName("remainingLabel")
        self.remaining_label.setAccessibleName("Left to apply")
        self.remaining_label.setStyleSheet("font-size: 15px;")
        self.deposit_error = ErrorLabel()
        self.search = SearchEdit()
        self.search.setPlaceholderText("Account, last name or claim number")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Find claim")
        search_label = QLabel("&Claim")
        search_label.setBuddy(self.search)
        self.claim_model = ClaimMatchModel(parent=self)
        self.claim_table = activating_table(self.claim_model)
        self.claim_table.setAccessibleName("Claims of this payer")
        claim_header = self.claim_table.horizontalHeader()
        claim_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        claim_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.claim_error = ErrorLabel()
        self.claim_title = QLabel()
        self.grid = EobGrid()
        grid_scroll = QScrollArea()
        grid_scroll.setWidgetResizable(True)
        grid_scroll.setWidget(self.grid)
        self.post_button = _EnterButton("P&ost (Ctrl+S)")  # Enter on the last line lands here: Enter posts
        self.post_button.setToolTip("Post these lines from the deposit (Ctrl+S or Ctrl+Enter)")
        self.close_button = QPushButton("C&lose deposit")
        self.close_button.setToolTip("Close the deposit once all of it is applied")
        self.post_button.clicked.connect(self.post)
        self.close_button.clicked.connect(self.close_deposit)

        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.post_button)
        right = QWidget()  # the chosen deposit and the claim search, beside the deposits
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.remaining_label)
        right_layout.addWidget(self.deposit_error)
        right_layout.addLayout(search_row)
        right_layout.addWidget(self.claim_table, 1)
        right_layout.addWidget(self.claim_error)
        posting = QWidget()  # the EOB grid, the whole width of the screen
        posting_layout = QVBoxLayout(posting)
        posting_layout.setContentsMargins(0, 0, 0, 0)
        posting_layout.addWidget(self.claim_title)
        posting_layout.addWidget(grid_scroll, 1)
        posting_layout.addLayout(buttons)

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(left)
        top.addWidget(right)
        top.setSizes([650, 710])
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(posting)
        splitter.setSizes([330, 400])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.search.textChanged.connect(lambda _t: self._find_claims())
        self.search.returnPressed.connect(self._take_claim)
        self.search.move_down.connect(self._into_claims)
        self.claim_table.activated.connect(lambda index: self.choose_claim(index.row()))
        self.claim_table.doubleClicked.connect(lambda index: self.choose_claim(index.row()))
        self.grid.changed.connect(self._show_remaining)
        self.grid.finished.connect(lambda: self.post_button.setFocus(Qt.FocusReason.TabFocusReason))
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.post, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh()

    # ------------------------------------------------------------- deposits
    def refresh(self) -> None:
        """Read the deposits again, keeping the chosen one (its amounts change as it is applied)."""
        keep = self.deposit.id if self.deposit else None
        names = {p.id: p.name for p in self.office.setup.payers()}
        self.deposit_model.show(self.office.payments.deposits(), names)
        row = self.deposit_model.row_of(keep)
        if row < 0 and self.deposit_model.rows:
            row = 0
        if row >= 0:
            self.deposit_table.setCurrentIndex(self.deposit_model.index(row, 0))
        self._deposit_chosen()

    def office_changed(self, changes) -> None:
        if changes.touches(Area.MONEY, Area.SETUP, Area.CLAIMS):
            self.refresh()

    def current_deposit(self) -> Deposit | None:
        index = self.deposit_table.currentIndex()
        return self.deposit_model.rows[index.row()] if index.isValid() else None

    def select_deposit(self, deposit_id: int) -> None:
        row = self.deposit_model.row_of(deposit_id)
        if row >= 0:
            self.deposit_table.setCurrentIndex(self.deposit_model.index(row, 0))

    def _deposit_chosen(self) -> None:
        deposit = self.current_deposit()
        changed = (deposit.id if deposit else None) != (self.deposit.id if self.deposit else None)
        self.deposit = deposit
        self.deposit_error.clear_problems()
        if deposit is None:
            self.title.setText("No deposits yet: New deposit records a payer's check or EFT.")
        else:
            payer = self.deposit_model.payer_names.get(deposit.payer_id, "?")
            self.title.setText(f"{payer} — {deposit.number}, received {format_date(deposit.received)}: "
                               f"{deposit.amount}" + (f" (closed {format_date(deposit.closed)})"
                                                      if deposit.closed else ""))
        if changed:
            self.search.clear()
            self._set_claim(None)
            self._find_claims()
        for widget in (self.search, self.claim_table, self.post_button):
            widget.setEnabled(deposit is not None and deposit.closed is None)
        self.close_button.setEnabled(deposit is not None and deposit.closed is None)
        self._show_remaining()

    def new_deposit(self) -> NewDepositDialog:
        dialog = NewDepositDialog(self.office, self)
        dialog.saved.connect(self._deposit_made)
        dialog.open()
        return dialog

    def _deposit_made(self, deposit: Deposit) -> None:
        self.refresh()
        self.select_deposit(deposit.id)
        self.status_message.emit(f"Deposit {deposit.number} for {deposit.amount} recorded: find a claim to post.")
        self.focus_search()

    def close_deposit(self) -> bool:
        if self.deposit is None:
            return False
        try:
            self.office.payments.close_deposit(self.deposit.id)
        except UserError as exc:
            problems = getattr(exc, "problems", ())
            self.deposit_error.show_problems([p.message for p in problems] or [str(exc)])
            return False
        self.status_message.emit(f"Deposit {self.deposit.number} closed.")
        self.refresh()
        return True

    def open_statements(self):
        from .statements_dialog import StatementsDialog

        self.statements_dialog = StatementsDialog(self.office, self)
        self.statements_dialog.open()
        return self.statements_dialog

    # -------------------------------------------------------------- remaining
    def remaining(self) -> Money:
        """What is left of the deposit once the amounts typed below are posted."""
        return (self.deposit.unapplied if self.deposit else Money(0)) - self.grid.paid_total()

    def _show_remaining(self) -> None:
        if self.deposit is None:
            self.remaining_label.setText("")
            return
        typed = self.grid.paid_total()
        left = self.remaining()
        text = f"Left to apply: <b>{left}</b> of {self.deposit.amount}"
        if typed:
            text += f" &nbsp;(unapplied {self.deposit.unapplied}, typed below {typed})"
        elif self.deposit.unapplied and self.deposit.applied:
            text += f" &nbsp;({self.deposit.applied} applied so far)"
        self.remaining_label.setText(text)
        color = error_color(self) if left.cents < 0 else good_color() if not left else None
        self.remaining_label.setStyleSheet("font-size: 15px;" + (f" color: {color.name()};" if color else ""))

    # ---------------------------------------------------------------- claims
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _find_claims(self) -> None:
        if self.deposit is None:
            self.claim_model.set_rows([])
            return
        self.claim_model.set_rows(self.office.payments.claims_to_post(self.deposit.payer_id, self.search.text()))
        if self.claim_model.rows:
            self.claim_table.setCurrentIndex(self.claim_model.index(0, 0))

    def _into_claims(self) -> None:
        if self.claim_model.rows:
            self.claim_table.setFocus()

    def _take_claim(self) -> None:
        index = self.claim_table.currentIndex()
        if self.claim_model.rows:
            self.choose_claim(index.row() if index.isValid() else 0)

    def choose_claim(self, row: int) -> None:
        if 0 <= row < len(self.claim_model.rows):
            self._set_claim(self.office.claims.get(self.claim_model.rows[row][0].id))
            first = self.grid.first_field()
            if first is not None:
                first.setFocus(Qt.FocusReason.TabFocusReason)

    def _set_claim(self, claim) -> None:
        self.claim = claim
        self.claim_error.clear_problems()
        if claim is None:
            self.claim_title.setText("")
            self.grid.set_lines([])
        else:
            party = Party.of_priority(claim.policy.priority or 1)
            lines = [(line, self.office.money.line_balances(line.id).get(party, Money(0))) for line in claim.lines]
            self.claim_title.setText(f"<b>Claim {claim.id}</b>: {claim.patient.display_name} "
                                     f"(#{claim.patient.account}), {format_date(claim.service_date)}, "
                                     f"{claim.payer.name} as {party.value} &nbsp;<span style='color: "
                                     f"{muted_color().name()}'>Tab: next field · Enter: next line · Ctrl+S: post"
                                     "</span>")
            self.grid.set_lines(lines)
        self._show_remaining()

    # ------------------------------------------------------------------ post
    def post(self) -> bool:
        """Post the typed lines; a refusal shows beside the fields and nothing is posted."""
        if self.deposit is None or self.claim is None:
            self.claim_error.set_message("Choose a claim first (type an account, name or claim number).")
            return False
        lines, problems = self.grid.lines()
        if not lines and not problems:
            self.grid.show_problems([])
            self.claim_error.set_message("Type the EOB's amounts on at least one line.")
            return False
        if problems:
            self.grid.show_problems(problems)
            return False
        try:
            made = self.office.payments.post_insurance(self.deposit.id, self.claim.id, lines).value
        except ValidationFailed as exc:
            self._show_refusal(list(exc.problems))
            return False
        except UserError as exc:
            self.deposit_error.set_message(str(exc))
            return False
        paid = -Money.total(e.amount for e in made if e.kind.value == "insurance_payment")
        self.status_message.emit(f"Posted {paid} to claim {self.claim.id}.")
        self.posted.emit(made)
        self.search.clear()
        self._set_claim(None)
        self.refresh()
        self.focus_search()
        return True

    def _show_refusal(self, problems) -> None:
        rest = self.grid.show_problems(problems)
        self.claim_error.show_problems([p.message for p in rest if p.field in ("claim_id", "lines")])
        self.deposit_error.show_problems([p.message for p in rest if p.field not in ("claim_id", "lines")])
        self.status_message.emit("Nothing was posted: fix what is marked in red.")

    def discard_typed(self) -> None:
        """Forget the chosen claim and what was typed for it (nothing was posted)."""
        self.search.clear()
        self._set_claim(None)

    def has_unsaved_changes(self) -> bool:
        """EOB lines typed and not posted (the window asks before closing: Save posts them)."""
        return self.claim is not None and any(row.typed() for row in self.grid.rows)

    def shortcut_help(self) -> list[tuple[str, str]]:
        """This screen's keys, for the window's F1 list."""
        return list(SHORTCUT_HELP)

    def save(self) -> bool:
        return self.post()

    def save_and_new(self) -> bool:
        return self.post()
