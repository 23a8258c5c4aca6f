"""The reports' pure rules: months of a range, rates, kinds summed (reversals under their kind), CSV cells."""
import csv
import io
from datetime import date

import pytest

from officebill.billing.aging import AR, STATEMENT
from officebill.billing.reports import (
    Cell,
    Column,
    KindSums,
    MonthSums,
    Rate,
    Report,
    csv_text,
    month_end_report,
    months,
    plain,
    text_lines,
)
from officebill.core.money import Money


def test_months_cover_the_range_clipped_at_both_ends_and_across_a_year():
    assert months(date(2025, 11, 15), date(2026, 2, 3)) == [
        (date(2025, 11, 15), date(2025, 11, 30)), (date(2025, 12, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 1, 31)), (date(2026, 2, 1), date(2026, 2, 3))]
    assert months(date(2024, 2, 1), date(2024, 2, 29)) == [(date(2024, 2, 1), date(2024, 2, 29))]


@pytest.mark.parametrize("numerator, denominator, shown", [
    (9712, 10000, "97.1%"), (1, 3, "33.3%"), (2, 3, "66.7%"), (5, 0, "n/a"), (-5, 100, "-5.0%"), (1005, 1000, "100.5%")])
def test_a_rate_is_a_percent_with_one_decimal(numerator, denominator, shown):
    assert str(Rate(Money(numerator), Money(denominator))) == shown


def test_kinds_are_summed_by_kind_with_the_contractual_part_of_adjustments():
    sums = KindSums.of([("charge", "", 10000), ("charge", "", -2000), ("insurance_payment", "", -5000),
                        ("adjustment", "CO", -1500), ("adjustment", "OA", -100), ("patient_payment", "", -700),
                        ("write_off", "", -200), ("refund", "", 300), ("transfer", "PR", 0)])
    assert (sums.charges, sums.adjustments, sums.contractual) == (8000, -1600, -1500)
    assert sums.payments == Money(5700) and sums.movement == Money(8000 - 5000 - 1600 - 700 - 200 + 300)
    assert sums.shown()["adjustments"] == Money(1600) and sums.shown()["refunds"] == Money(300)


def test_a_month_that_does_not_add_up_says_so():
    posted = KindSums(charges=10000, insurance_payments=-4000)
    good = MonthSums(date(2026, 1, 1), date(2026, 1, 31), Money(500), posted, Money(6500))
    bad = MonthSums(date(2026, 2, 1), date(2026, 2, 28), Money(6500), KindSums(), Money(6400))
    assert good.difference == Money(0) and bad.difference == Money(-100)
    report = month_end_report([good, bad])
    assert [n for n in report.notes if "NOT reconcile" in n] == [
        "2026-02 does NOT reconcile: closing A/R differs by -$1.00 (transfers that do not net to zero, or an "
        "edited entry); run `officebill-cli check`."]
    assert report.totals["opening"] == Money(500) and report.totals["closing"] == Money(6400)


def test_buckets_have_one_home_for_statements_and_the_ar_report():
    assert [STATEMENT.name_of(d) for d in (0, 30, 31, 60, 61, 90, 91, 400)] == [
        "current", "current", "31-60", "31-60", "61-90", "61-90", "over 90", "over 90"]
    assert [AR.name_of(d) for d in (30, 31, 90, 91, 120, 121)] == [
        "0-30", "31-60", "61-90", "91-120", "91-120", "over 120"]
    assert AR.cutoffs(date(2026, 5, 31)) == [date(2026, 5, 1), date(2026, 4, 1), date(2026, 3, 2), date(2026, 1, 31)]


def test_csv_cells_that_a_spreadsheet_would_run_are_guarded_and_json_keeps_values():
    report = Report("unpaid", "Unpaid", "today", (Column("patient", "Patient"), Column("owed", "Owed", Cell.MONEY),
                                                   Column("rate", "Rate", Cell.PERCENT)),
                    ({"patient": "=HYPERLINK(\"x\")", "owed": Money(-1250), "rate": Rate(Money(1), Money(4))},),
                    {"patient": "Total", "owed": Money(-1250)})
    rows = list(csv.reader(io.StringIO(csv_text(report))))
    assert rows == [["Patient", "Owed", "Rate"], ["'=HYPERLINK(\"x\")", "-12.50", "25.0"], ["Total", "-12.50", ""]]
    assert plain(report)["rows"][0] == {"patient": "=HYPERLINK(\"x\")", "owed": "-12.50", "rate": "25.0"}
    lines = text_lines(report)
    assert lines[0] == "Unpaid" and lines[-1].startswith("Total") and lines[-1].endswith("-12.50")
