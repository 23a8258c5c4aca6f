"""The code picker's panel: the list model over `PickRow`s and the frame laid under the field.

The panel shows an optional step title, the results (headings shaded, headers
grey), a notes pane for the highlighted row and the key hints. It never takes
the focus: the `CodePicker` drives it from the field's keystrokes.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QListView, QTextBrowser, QVBoxLayout

from .code_sources import EMPTY_TEXT, PickRow
from .theme import muted_color


class PickRowListModel(QAbstractListModel):
    """Thin list model over PickRows: code and description, headers grey, headings shaded."""

    CodeRole = Qt.UserRole + 1

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[PickRow] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: list[PickRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[PickRow]:
        return list(self._rows)

    def row_at(self, index: int) -> PickRow | None:
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index):
        row = self.row_at(index.row())
        if row is None or not row.selectable:
            return Qt.NoItemFlags
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable

    def data(self, index, role=Qt.DisplayRole):
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == Qt.DisplayRole:
            if row.kind == "heading":
                return row.description
            if row.kind == "patient":
                return f"{row.description}   #{row.code}" if row.code else row.description
            marker = "" if row.billable or row.kind == "seventh" else "   ▸ header"
            return f"{row.code:<9} {row.description}{marker}"
        if role == Qt.ForegroundRole:
            if row.kind == "heading" or not (row.billable or row.kind in ("seventh", "patient")):
                return QBrush(muted_color())
        if role == Qt.BackgroundRole and row.kind == "heading":
            return QBrush(QApplication.palette().color(QPalette.ColorRole.AlternateBase))
        if role == Qt.FontRole and row.kind == "heading":
            return self._bold
        if role == Qt.ToolTipRole and row.kind not in ("heading", "patient"):
            status = "billable" if row.billable or row.kind == "seventh" else "header: not billable"
            return f"{row.code} {row.description}\n{status}"  # the whole description, however narrow the list
        if role == self.CodeRole:
            return row.code
        return None


class PickerPanel(QFrame):
    """The panel under the field: step title, results, notes for the highlighted row, key hints."""

    def __init__(self, parent=None, with_notes: bool = True):
        super().__init__(parent)
        self.setObjectName("pickerPanel")
        self.setFrameShape(QFrame.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet("#pickerPanel { background: palette(base); border: 1px solid palette(mid); }")
        self.setFocusPolicy(Qt.NoFocus)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.title.setWordWrap(True)
        self.title.hide()
        self.model = PickRowListModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setFocusPolicy(Qt.NoFocus)
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        # Siblings differ at the end ("... with gangrene" / "... without gangrene"): cut in the middle.
        self.list.setTextElideMode(Qt.ElideMiddle)
        self.list.setSelectionMode(QListView.SingleSelection)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.TypeWriter)
        self.list.setFont(mono)
        self.notes = QTextBrowser()
        self.notes.setFocusPolicy(Qt.NoFocus)
        self.notes.setOpenLinks(False)
        self.notes.setMinimumWidth(260)
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setStyleSheet(f"color: {muted_color().name()}; padding: 6px;")
        self.empty.setWordWrap(True)
        self.empty.hide()
        self.hint = QLabel("↑↓ move · Enter choose · Esc back/close")
        self.hint.setStyleSheet(f"color: {muted_color().name()}; font-size: 11px;")
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(self.empty)
        body.addLayout(left, 3)
        body.addWidget(self.notes, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(3)
        layout.addWidget(self.title)
        layout.addLayout(body, 1)
        layout.addWidget(self.hint)
        self.notes.setHidden(not with_notes)  # only now: showing a parentless widget makes it a window
