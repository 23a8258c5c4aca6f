"""Validation of X12 files with pyx12: the errors its error handler collected, in plain lines.

`x12_errors(text)` runs `pyx12.x12n_document` over the text and reads every
error its error handler holds (through pyx12's JSON error visitor), rather than
trusting a return code; an empty list means pyx12 found nothing wrong.
"""
from __future__ import annotations

import io
import json
import logging

import pyx12.params
import pyx12.x12n_document


def _walk(node: dict, where: str, found: list[str]) -> None:
    here = where
    if "seg_id" in node:
        here = f"line {node.get('cur_line')} {node['seg_id']}"
    for error in node.get("errors", []):
        value = f" ({error['err_val']})" if error.get("err_val") else ""
        found.append(f"{here}: {error['err_cde']} {error['err_str']}{value}")
    for element in node.get("elements", []):
        for error in element.get("errors", []):
            value = f" ({error['err_val']})" if error.get("err_val") else ""
            found.append(f"{here} element {element.get('ele_pos')}: {error['err_cde']} {error['err_str']}{value}")
    for key in ("interchanges", "groups", "transactions", "segments"):
        for child in node.get(key, []):
            _walk(child, here, found)


def x12_errors(content: str) -> list[str]:
    """Every error pyx12 finds in an X12 text (837P, 835, 999...); [] when it is valid."""
    logger = logging.getLogger("pyx12")
    quiet = logger.level
    logger.setLevel(logging.CRITICAL)  # pyx12 logs segments (patient data) at ERROR; the caller gets the list
    try:
        report = io.StringIO()
        valid = pyx12.x12n_document.x12n_document(param=pyx12.params.params(), src_file=io.StringIO(content),
                                                  fd_997=None, fd_html=None, fd_xmldoc=None, fd_json=report)
    finally:
        logger.setLevel(quiet)
    found: list[str] = []
    if report.getvalue():
        _walk(json.loads(report.getvalue()), "file", found)
    if not valid and not found:
        found.append("pyx12 refused the file (not X12, or an envelope it could not read)")
    return found
