"""Office files as earlier releases wrote them, for upgrade tests."""
import sqlite3

from officebill.storage import migrations
from officebill.storage.database import open_office_db


def office_file_at(path, monkeypatch, version: int, rows_sql: str) -> None:
    """Create `path` with only the first `version` migrations applied, then insert `rows_sql`."""
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:version])
        open_office_db(path, create=True).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version
    conn.executescript(rows_sql)
    conn.close()
