"""The Users screen (File > Users…, managers only): who may sign in, with which role, and the auto-lock minutes.

A manager adds a user with a temporary password (typed twice), which that person replaces at their
first sign-in; disables and enables users (a disabled user keeps their name in the audit trail); and
resets a forgotten password to a new temporary one. Every rule (name, length of passwords, the last
manager) is the facade's; its problems show beside the fields. `UserForm` is also the first-start
form that creates the office's first administrator (`first_start.FirstAdministratorDialog`).
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.permissions import Role
from ..core.problems import Problem, UserError
from .forms import Form
from .idle import AUTO_LOCK_KEY, MAX_MINUTES, MIN_MINUTES, auto_lock_minutes
from .setup_views import save_with
from .sign_in import password_field
from .table_model import RowsTableModel


class UserForm(Form):
    """User name, full name, role and a password typed twice."""

    def __init__(self, *, roles=tuple(Role), password_label: str = "&Temporary password", parent=None):
        super().__init__(parent)
        self.add("name", "&User name", QLineEdit()).setPlaceholderText("for example mrivera")
        self.add("full_name", "&Full name", QLineEdit())
        role = QComboBox()
        for each in roles:
            role.addItem(str(each), each)
        self.add("role", "&Role", role)
        self.add("password", password_label, password_field())
        self.add("password_again", "Password a&gain", password_field())
        self.finish()

    def record(self, problems: list[Problem]) -> dict:
        """What is typed, as the arguments of `office.users.add`; the two passwords must match."""
        password = self.fields["password"].text()
        if password != self.fields["password_again"].text():
            problems.append(Problem("password_again", "The two passwords differ: type the same password twice."))
        return {"name": self.text("name"), "full_name": self.text("full_name"), "role": self.data("role"),
                "password": password}

    def clear(self) -> None:
        for path in ("name", "full_name", "password", "password_again"):
            self.fields[path].clear()
        self.clear_problems()


class UsersTableModel(RowsTableModel):
    """One row per user (`core.permissions.User`)."""

    HEADERS = ("User", "Name", "Role", "Status", "Last sign-in")

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        user = self.rows[index.row()]
        if index.column() == 0:
            return user.name
        if index.column() == 1:
            return user.full_name
        if index.column() == 2:
            return str(user.role)
        if index.column() == 3:
            if user.disabled:
                return "disabled"
            return "must choose a new password" if user.must_change_password else "active"
        last = user.last_sign_in
        return last.strftime("%m/%d/%Y %H:%M") if last else "never"


class UsersView(QWidget):
    """The users, their actions, the add-a-user form and the auto-lock minutes."""

    status_message = Signal(str)
    auto_lock_changed = Signal(int)

    def __init__(self, office, parent=None):
        super().__init__(parent)
        self.office = office
        self.model = UsersTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Users")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.disable_button = QPushButton("&Disable")
        self.reset_button = QPushButton("Reset &password…")
        self.disable_button.clicked.connect(self.toggle_disabled)
        self.reset_button.clicked.connect(self.reset_password)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed())
        actions = QHBoxLayout()
        actions.addWidget(self.disable_button)
        actions.addWidget(self.reset_button)
        actions.addStretch(1)

        self.form = UserForm()
        self.add_button = QPushButton("&Add user")
        self.add_button.clicked.connect(self.add_user)
        self.form.add_widget(self.add_button)

        self.minutes = QSpinBox()
        self.minutes.setRange(MIN_MINUTES, MAX_MINUTES)
        self.minutes.setSuffix(" minutes")
        self.minutes.setAccessibleName("Lock after idle minutes")
        self.minutes.setValue(auto_lock_minutes(office))
        self.minutes.editingFinished.connect(self.save_minutes)
        minutes_row = QHBoxLayout()
        minutes_label = QLabel("&Lock the window after")
        minutes_label.setBuddy(self.minutes)
        minutes_row.addWidget(minutes_label)
        minutes_row.addWidget(self.minutes)
        minutes_row.addWidget(QLabel("without a key press or mouse action (Ctrl+L locks at once)."))
        minutes_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Users</b> (each person signs in with their own user)"))
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(QLabel("<b>Add a user</b>: they choose their own password at their first sign-in."))
        layout.addWidget(self.form)
        layout.addLayout(minutes_row)
        self.refresh()

    def refresh(self, keep: str | None = None) -> None:
        self.model.set_rows(self.office.users.list())
        names = [user.name for user in self.model.rows]
        self.table.selectRow(names.index(keep) if keep in names else 0)
        self._selection_changed()

    def current_user(self):
        row = self.table.currentIndex().row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def _selection_changed(self) -> None:
        user = self.current_user()
        self.disable_button.setEnabled(user is not None)
        self.reset_button.setEnabled(user is not None)
        self.disable_button.setText("&Enable" if user is not None and user.disabled else "&Disable")

    def _refused(self, title: str, exc: UserError) -> None:
        QMessageBox.warning(self, title, str(exc))

    def add_user(self) -> bool:
        added = save_with(self.form, self.form.record, lambda args: self.office.users.add(**args).value)
        if added is None:
            return False
        self.form.clear()
        self.refresh(keep=added.name)
        self.status_message.emit(f"Added {added.name} ({added.role}); they choose their own password at first "
                                 "sign-in.")
        return True

    def toggle_disabled(self) -> bool:
        user = self.current_user()
        if user is None:
            return False
        change = self.office.users.enable if user.disabled else self.office.users.disable
        try:
            changed = change(user.name).value
        except UserError as exc:
            self._refused("Users", exc)
            return False
        self.refresh(keep=changed.name)
        self.status_message.emit(f"{changed.name} is {'disabled' if changed.disabled else 'enabled'}.")
        return True

    def reset_password(self, password: str | None = None) -> bool:
        """Give the chosen user a new temporary password (asked for when not given)."""
        user = self.current_user()
        if user is None:
            return False
        if password is None:
            password, ok = QInputDialog.getText(
                self, "Reset password", f"A temporary password for {user.name} (at least 12 characters; they "
                "choose their own at their next sign-in):", QLineEdit.EchoMode.Password)
            if not ok:
                return False
        try:
            self.office.users.reset(user.name, password)
        except UserError as exc:
            self._refused("Reset password", exc)
            return False
        self.refresh(keep=user.name)
        self.status_message.emit(f"{user.name} has a new temporary password and chooses their own at next sign-in.")
        return True

    def save_minutes(self) -> None:
        minutes = self.minutes.value()
        if minutes == auto_lock_minutes(self.office):
            return
        try:
            self.office.setup.save_setting(AUTO_LOCK_KEY, minutes)
        except UserError as exc:
            self._refused("Auto-lock", exc)
            return
        self.auto_lock_changed.emit(minutes)
        self.status_message.emit(f"The window locks after {minutes} idle minutes.")


class UsersDialog(QDialog):
    """File > Users…: the Users screen in a dialog of its own."""

    auto_lock_changed = Signal(int)

    def __init__(self, office, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Users — OfficeBill")
        self.view = UsersView(office, self)
        self.view.auto_lock_changed.connect(self.auto_lock_changed)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.view.status_message.connect(self.message.setText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(900, 640)
