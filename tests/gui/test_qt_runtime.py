"""The Qt binding we install survives a day of signals (PySide6 6.12.0 aborts after a few thousand)."""
import subprocess
import sys

SCRIPT = """
from PySide6.QtCore import QObject, Signal
class Source(QObject):
    changed = Signal(int)
source = Source()
seen = []
source.changed.connect(seen.append)
for i in range(50000):
    source.changed.emit(i)
print(len(seen))
"""


def test_many_signal_emissions_do_not_crash():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "50000"
