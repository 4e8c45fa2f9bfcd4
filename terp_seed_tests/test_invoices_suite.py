"""The invoices suite (R7, R12, R13, R14, R16) on full-profile frames written to a SQLite shadow.

The frames are generated and written once. The untouched database passes every check and shows
the AR aging; each deliberate break is applied with one UPDATE to a copy of that database and
must fail exactly the check that guards it (plus any check that by definition reads the same
cell), naming the offending row.
"""

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from terp_seed.generate import invoices
from terp_seed.params import SeedParams
from terp_seed.rules import RuleContext, RuleResult, run_rules
from terp_seed.rules.invoices import RULES
from terp_seed.store import Where, open_store
from terp_seed_tests.seeded import seeded_run

# The checks the corruptions below target; each break must leave the other five passing.
GUARDS = (
    "payments_never_precede_their_invoices",
    "allocations_never_exceed_what_is_open",
    "buyer_total_owed_equals_open_invoices",
    "invoice_status_matches_its_amounts",
    "sequences_past_every_seeded_number",
    "due_dates_follow_payment_terms",
)
AGING_BUCKET_NAMES = [name for name, _, _ in invoices.AGING_BUCKETS]


@dataclasses.dataclass(frozen=True)
class Seeded:
    params: SeedParams
    frames: dict[str, pd.DataFrame] = dataclasses.field(repr=False)
    database: Path


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Seeded:
    """Full-profile frames of every family up to invoices, written once into a SQLite shadow."""
    run = seeded_run("full")
    params, frames = run.params, run.tables(through="invoices")
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('invoices') / 'terp.sqlite'}")
    try:
        store.begin_shadow()
        store.write(frames)
        shadow = Path(store.url_of(Where.SHADOW).database)
    finally:
        store.dispose()
    return Seeded(params, frames, shadow)


def audit(params: SeedParams, database: Path) -> dict[str, RuleResult]:
    results = run_rules(f"sqlite:///{database}", RULES, RuleContext(params), "invoices")
    assert [r.rule.check for r in results] == [rule.check for rule in RULES], (
        "the suite did not return one result per rule, in order"
    )
    return {result.rule.check: result for result in results}


def failing(results: dict[str, RuleResult]) -> set[str]:
    return {check for check, result in results.items() if not result.passed}


def corrupt_and_audit(
    seeded: Seeded, tmp_path: Path, sql: str, **values: object
) -> dict[str, RuleResult]:
    """Copy the written database, apply one UPDATE to the copy, run the suite on it."""
    copy = tmp_path / "corrupted.sqlite"
    shutil.copyfile(seeded.database, copy)
    engine = sa.create_engine(f"sqlite:///{copy}", poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as connection:
            changed = connection.execute(sa.text(sql), values).rowcount
    finally:
        engine.dispose()
    assert changed == 1, f"the corruption {sql!r} {values} changed {changed} rows, not 1"
    return audit(seeded.params, copy)


def assert_only(results: dict[str, RuleResult], check: str, collateral: set[str] = frozenset()):
    """`check` fails; of the guarded checks no other does; nothing else fails but collateral."""
    assert not results[check].passed, f"{check} passed on corrupted data: {results[check]}"
    others = failing(results) & set(GUARDS) - {check}
    assert not others, f"corrupting for {check} also failed {sorted(others)}"
    unexpected = failing(results) - {check} - set(collateral)
    assert not unexpected, (
        f"corrupting for {check} also failed "
        f"{[results[name].summary() for name in sorted(unexpected)]}"
    )


@pytest.fixture(scope="module")
def clean(seeded) -> dict[str, RuleResult]:
    return audit(seeded.params, seeded.database)


def test_every_check_passes_on_generated_frames(clean):
    failed = [result.summary() for result in clean.values() if not result.passed]
    assert not failed, f"generated full-profile invoices break {failed}"
    skipped = [check for check, result in clean.items() if result.not_applicable]
    assert not skipped, f"on the full profile every check applies, not {skipped}"


def test_r7_figures_are_shown_with_the_aging_and_the_largest_debtors(seeded, clean):
    params = seeded.params
    past_due = clean["open_receivables_fifteen_percent_past_due"]
    severe = clean["past_due_half_over_120_days"]
    assert abs(past_due.observed - params.past_due_share) <= 0.02, past_due.summary()
    assert abs(severe.observed - params.severe_past_due_share) <= 0.05, severe.summary()
    assert "%" in past_due.summary(), f"the R7 figure is not shown: {past_due.summary()}"
    aging = past_due.exhibits["AR aging"]
    assert [row["bucket"] for row in aging] == AGING_BUCKET_NAMES, f"AR aging rows {aging}"
    expected = invoices.aging_buckets(seeded.frames["invoices"], params.end)
    for row, (_, want) in zip(aging, expected.iterrows(), strict=True):
        assert round(row["amount"] * 100) == round(want["amount"] * 100), (
            f"AR aging bucket {row['bucket']}: {row['amount']:,.2f} in the database, "
            f"{want['amount']:,.2f} from the frames"
        )
        assert row["invoices"] == want["invoices"], f"AR aging bucket {row['bucket']} count"
    debtors = past_due.exhibits["ten largest debtors"]
    assert len(debtors) == 10, f"{len(debtors)} rows in ten largest debtors"
    owed = [row["owed"] for row in debtors]
    assert owed == sorted(owed, reverse=True), f"largest debtors not by amount owed: {owed}"
    assert all(row["buyer"] for row in debtors), "every debtor is named"


def test_a_payment_dated_before_its_invoice_fails_naming_it(seeded, tmp_path):
    frames = seeded.frames
    payments = frames["payments"]
    paid_one = payments[(payments["paymentType"] == "RECEIVED") & payments["invoiceId"].notna()]
    payment = paid_one.iloc[len(paid_one) // 2]
    invoice = frames["invoices"].set_index("id").loc[int(payment["invoiceId"])]
    day_before = pd.Timestamp(invoice["invoiceDate"]).date() - dt.timedelta(days=1)
    results = corrupt_and_audit(
        seeded,
        tmp_path,
        "UPDATE payments SET paymentDate = :day WHERE id = :id",
        day=day_before.isoformat(),
        id=int(payment["id"]),
    )
    assert_only(results, "payments_never_precede_their_invoices")
    row = results["payments_never_precede_their_invoices"].offending[0]
    assert (row["paymentNumber"], row["invoiceNumber"]) == (
        payment["paymentNumber"],
        invoice["invoiceNumber"],
    ), f"first offending row {row} names another payment or invoice"


def test_an_allocation_over_the_open_amount_fails_naming_it(seeded, tmp_path):
    frames = seeded.frames
    inv = frames["invoices"].set_index("id")
    allocations = frames["invoice_payments"]
    # The last allocation of an invoice paid in full by its allocations alone: one dollar more
    # is more than was open when it was made.
    allocated = allocations.groupby("invoice_id")["allocated_amount"].sum().round(2)
    settled = allocated.index[
        (inv.loc[allocated.index, "status"] == "PAID")
        & (allocated == inv.loc[allocated.index, "totalAmount"])
    ]
    last = allocations[allocations["invoice_id"].isin(settled)].sort_values(["allocated_at", "id"])
    allocation = last.groupby("invoice_id").tail(1).iloc[0]
    results = corrupt_and_audit(
        seeded,
        tmp_path,
        "UPDATE invoice_payments SET allocated_amount = allocated_amount + 1 WHERE id = :id",
        id=int(allocation["id"]),
    )
    assert_only(results, "allocations_never_exceed_what_is_open")
    row = results["allocations_never_exceed_what_is_open"].offending[0]
    assert (row["problem"], row["row_id"], row["invoiceNumber"]) == (
        "allocation over the open amount",
        int(allocation["id"]),
        inv.loc[int(allocation["invoice_id"]), "invoiceNumber"],
    ), f"first offending row {row} does not name allocation {allocation['id']}"


def test_a_buyer_total_owed_off_by_a_cent_fails_naming_the_buyer(seeded, tmp_path):
    owing = seeded.frames["clients"].sort_values("total_owed", ascending=False).iloc[0]
    results = corrupt_and_audit(
        seeded,
        tmp_path,
        "UPDATE clients SET total_owed = total_owed + 0.01 WHERE id = :id",
        id=int(owing["id"]),
    )
    assert_only(results, "buyer_total_owed_equals_open_invoices")
    row = results["buyer_total_owed_equals_open_invoices"].offending[0]
    assert row["id"] == int(owing["id"]), f"first offending row {row} is not buyer {owing['id']}"


def test_an_invoice_marked_paid_while_owing_fails_naming_it(seeded, tmp_path):
    inv = seeded.frames["invoices"]
    owing = inv[(inv["status"] == "OVERDUE") & (inv["amountDue"] > 0)].iloc[0]
    results = corrupt_and_audit(
        seeded,
        tmp_path,
        "UPDATE invoices SET status = 'PAID' WHERE id = :id",
        id=int(owing["id"]),
    )
    # Its order's saleStatus (OVERDUE) now disagrees with the invoice, as it should.
    assert_only(
        results, "invoice_status_matches_its_amounts", {"order_sale_status_matches_its_invoice"}
    )
    row = results["invoice_status_matches_its_amounts"].offending[0]
    assert (row["id"], row["status"], row["expected"]) == (int(owing["id"]), "PAID", "OVERDUE"), (
        f"first offending row {row} does not name {owing['invoiceNumber']}"
    )


def test_a_sequence_behind_the_highest_invoice_number_fails(seeded, tmp_path):
    inv = seeded.frames["invoices"]
    year = int(pd.to_datetime(inv["invoiceDate"]).dt.year.max())
    highest = int(inv["invoiceNumber"].str.extract(rf"^INV-{year}-(\d{{6}})$")[0].dropna().max())
    name = f"invoice_{year}"
    results = corrupt_and_audit(
        seeded,
        tmp_path,
        "UPDATE sequences SET currentValue = :value WHERE name = :name",
        value=highest - 1,
        name=name,
    )
    assert_only(results, "sequences_past_every_seeded_number")
    row = results["sequences_past_every_seeded_number"].offending[0]
    assert (row["sequence_name"], row["highest"], row["currentValue"]) == (
        name,
        highest,
        highest - 1,
    ), f"first offending row {row} does not name {name}"


def test_a_due_date_off_its_terms_by_a_day_fails_naming_it(seeded, tmp_path):
    inv = seeded.frames["invoices"]
    # A settled invoice: moving its due date changes no status or aging, only the terms rule.
    settled = inv[(inv["status"] == "PAID") & (inv["paymentTerms"] == "NET_30")].iloc[0]
    day_after = pd.Timestamp(settled["dueDate"]).date() + dt.timedelta(days=1)
    results = corrupt_and_audit(
        seeded,
        tmp_path,
        "UPDATE invoices SET dueDate = :day WHERE id = :id",
        day=day_after.isoformat(),
        id=int(settled["id"]),
    )
    assert_only(results, "due_dates_follow_payment_terms")
    row = results["due_dates_follow_payment_terms"].offending[0]
    assert (row["id"], row["terms_days"]) == (int(settled["id"]), 30), (
        f"first offending row {row} does not name {settled['invoiceNumber']}"
    )
