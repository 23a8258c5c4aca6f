"""`python -m officebill.gui.screenshots DIR --size WIDTHxHEIGHT`: the size is read as the window's size, and a
size written wrongly says how to write it."""
import argparse

import pytest

from officebill.gui.screenshots import DEFAULT_SIZE, window_size


def test_a_size_is_width_by_height():
    assert window_size("1000x600") == (1000, 600)
    assert window_size("1366X768") == (1366, 768) == DEFAULT_SIZE


@pytest.mark.parametrize("text", ["1000", "1000x", "wide x tall", "1000x600x2"])
def test_a_size_written_wrongly_says_how_to_write_it(text):
    with pytest.raises(argparse.ArgumentTypeError, match="WIDTHxHEIGHT, e.g. 1366x768"):
        window_size(text)
