"""Property tests of the invoices family: billing (R12, R13), aging (R7) and numbering (R16).

Reference, clients, batches, orders and invoices are generated in memory once per (profile,
seed) and shared by the module; each test asserts one business property and, when it breaks,
says which row broke which rule.
"""

import re

import numpy as np
import pandas as pd
import pytest

from terp_seed.generate import invoices
from terp_seed.generate.clients import TERMS_DAYS, buyer_tags
from terp_seed.generate.numbering import NUMBER_FORMATS
from terp_seed_tests.generate.frame_checks import assert_matches_schema, cutoff_of
from terp_seed_tests.seeded import Run, generate_run, seeded_run

PROFILES = ["light", "full"]
# Seeds besides the default 42 on which R7 and the payment behaviour must hold too: proof that
# the calibration is built in, not tuned to one seed.
FULL_SEEDS = [42, 7, 11]
HOLD_NOTE = "Issued COD: account over its credit limit"
ON_TIME_HABITS = {"early", "on_time"}
LATE_HABITS = {"late", "chronic_late", "distressed"}


@pytest.fixture(scope="module")
def runs():
    """Generated runs, each built once for the session."""
    return seeded_run


@pytest.fixture(scope="module", params=PROFILES)
def run(request, runs) -> Run:
    return runs(request.param)


@pytest.fixture(scope="module")
def full(runs) -> Run:
    return runs("full")


@pytest.fixture(scope="module", params=FULL_SEEDS, ids=lambda seed: f"seed{seed}")
def full_seeded(request, runs) -> Run:
    return runs("full", request.param)


def cents(values) -> np.ndarray:
    return np.round(np.asarray(values, dtype=float) * 100).astype(np.int64)


def first(frame: pd.DataFrame, bad, column: str = "invoiceNumber") -> object:
    """The first offending row's identifier, for a failure message."""
    return frame.loc[np.asarray(bad, dtype=bool), column].iloc[0]


def shipped_sales(run: Run) -> pd.DataFrame:
    o = run.orders["orders"]
    return o[(o["orderType"] == "SALE") & (o["is_draft"] == 0) & o["shipped_at"].notna()]


def with_payment_dates(run: Run) -> pd.DataFrame:
    """Allocations with their payment's date and type, and their invoice's date and total."""
    payments = run.invoices["payments"][["id", "paymentDate", "paymentNumber", "paymentType"]]
    inv = run.invoices["invoices"][["id", "invoiceNumber", "invoiceDate", "totalAmount"]]
    return (
        run.invoices["invoice_payments"]
        .merge(payments.rename(columns={"id": "payment_id"}), on="payment_id", how="left")
        .merge(inv.rename(columns={"id": "invoice_id"}), on="invoice_id", how="left")
    )


def open_invoices(run: Run) -> pd.DataFrame:
    """Open receivables at as-of, with days past due and the buyer's payment habit."""
    inv = run.invoices["invoices"]
    habit = buyer_tags(run.clients["clients"]).set_index("client_id")["habit"]
    open_ = inv[(inv["amountDue"] > 0) & (inv["status"] != "VOID")]
    return open_.assign(
        days_past_due=(run.as_of - pd.to_datetime(open_["dueDate"])).dt.days,
        habit=habit.reindex(open_["customerId"]).to_numpy(),
    )


# -- schema -----------------------------------------------------------------------------------
def test_every_frame_matches_the_schema(run):
    assert set(run.invoices) == set(invoices.TABLES), "the family returns exactly its TABLES"
    for table, frame in run.invoices.items():
        assert_matches_schema(table, frame, cutoff_of(run.params))


# -- R12 / R13: one invoice per shipped sale, dated and numbered as the app does -----------------
def test_one_invoice_per_shipped_sale_on_its_ship_day(run):
    inv = run.invoices["invoices"]
    sales = shipped_sales(run).set_index("id")
    assert (inv["referenceType"] == "ORDER").all(), "every invoice bills an order"
    duplicated = inv["referenceId"].duplicated()
    assert not duplicated.any(), f"R13: order invoiced twice by {first(inv, duplicated)}"
    missing = sorted(set(sales.index) - set(inv["referenceId"]))
    assert not missing, f"R13: shipped sale order {missing[0]} has no invoice"
    extra = ~inv["referenceId"].isin(sales.index)
    assert not extra.any(), f"R13: {first(inv, extra)} bills an order that is not a shipped sale"
    ship_day = pd.to_datetime(sales["shipped_at"]).dt.normalize().reindex(inv["referenceId"])
    off = pd.to_datetime(inv["invoiceDate"]).to_numpy() != ship_day.to_numpy()
    assert not off.any(), f"R12: {first(inv, off)} is not dated the day its order shipped"
    customer = sales["client_id"].reindex(inv["referenceId"]).to_numpy()
    wrong = inv["customerId"].to_numpy() != customer
    assert not wrong.any(), f"{first(inv, wrong)} bills another buyer than its order's"


def test_invoice_numbers_run_one_to_n_per_year_in_date_order(run):
    inv = run.invoices["invoices"].sort_values("id")
    parsed = inv["invoiceNumber"].str.extract(r"^INV-(?P<year>\d{4})-(?P<n>\d{6})$")
    malformed = parsed["n"].isna()
    assert not malformed.any(), f"R16: {first(inv, malformed)} is not INV-YYYY-NNNNNN"
    day = pd.to_datetime(inv["invoiceDate"])
    wrong_year = parsed["year"].astype(int).to_numpy() != day.dt.year.to_numpy()
    assert not wrong_year.any(), f"R16: {first(inv, wrong_year)} carries another year"
    for year, numbers in parsed.assign(day=day).groupby("year"):
        ordered = numbers.sort_values("n")
        counters = ordered["n"].astype(int).to_numpy()
        expected = np.arange(1, len(ordered) + 1)
        gap = counters != expected
        assert not gap.any(), (
            f"R16: invoice numbers of {year} skip or repeat at "
            f"INV-{year}-{ordered['n'].to_numpy()[gap][0]}"
        )
        backwards = ordered["day"].diff().dt.days < 0
        assert not backwards.any(), (
            f"R16: INV-{year}-{ordered.loc[backwards, 'n'].iloc[0]} is dated before the "
            "invoice numbered before it"
        )


def test_due_date_is_invoice_date_plus_terms(run):
    inv = run.invoices["invoices"]
    buyer_days = run.clients["clients"].set_index("id")["payment_terms"]
    days = np.where(
        inv["paymentTerms"] == "CONSIGNMENT",
        buyer_days.reindex(inv["customerId"]).to_numpy(),
        inv["paymentTerms"].map({k: v for k, v in TERMS_DAYS.items() if k != "CONSIGNMENT"}),
    )
    unknown = pd.isna(days)
    assert not unknown.any(), f"R12: {first(inv, unknown)} has terms without days"
    gap = (pd.to_datetime(inv["dueDate"]) - pd.to_datetime(inv["invoiceDate"])).dt.days
    off = gap.to_numpy() != days.astype(int)
    assert not off.any(), (
        f"R12: {first(inv, off)} ({inv.loc[off, 'paymentTerms'].iloc[0]}) is due "
        f"{gap[off].iloc[0]} days after it, not {int(days[off][0])}"
    )
    # Terms are the order's, unless the buyer was over its limit and got COD instead (a voided
    # invoice's note says it was voided, so it no longer says why it was COD).
    order_terms = shipped_sales(run).set_index("id")["paymentTerms"].reindex(inv["referenceId"])
    explained = inv["notes"].fillna("").str.startswith(HOLD_NOTE) | (
        (inv["status"] == "VOID") & (inv["paymentTerms"] == "COD")
    )
    changed = (inv["paymentTerms"].to_numpy() != order_terms.to_numpy()) & ~explained.to_numpy()
    assert not changed.any(), f"{first(inv, changed)} changed its order's terms without a hold"
    held = inv["notes"].fillna("").str.startswith(HOLD_NOTE).to_numpy()
    not_cod = held & (inv["paymentTerms"] != "COD").to_numpy()
    assert not not_cod.any(), f"{first(inv, not_cod)} is on credit hold but not COD"


def test_subtotal_is_its_lines_one_line_per_order_line(run):
    inv = run.invoices["invoices"].set_index("id")
    lines = run.invoices["invoiceLineItems"]
    line_cents = (
        pd.Series(cents(lines["lineTotal"]), index=lines.index)
        .groupby(lines["invoiceId"].to_numpy())
        .sum()
        .reindex(inv.index, fill_value=0)
    )
    off = line_cents.to_numpy() != cents(inv["subtotal"])
    assert not off.any(), (
        f"R13: {first(inv, off)} subtotal {inv.loc[off, 'subtotal'].iloc[0]:,.2f} is not the "
        f"sum of its lines {line_cents[off].iloc[0] / 100:,.2f}"
    )
    total = cents(inv["subtotal"]) - cents(inv["discountAmount"]) + cents(inv["taxAmount"])
    off_total = total != cents(inv["totalAmount"])
    assert not off_total.any(), f"R13: {first(inv, off_total)} total is not its parts"
    order_lines = run.orders["order_line_items"].groupby("order_id").size()
    expected = order_lines.reindex(inv["referenceId"]).fillna(0).to_numpy()
    counted = lines.groupby("invoiceId").size().reindex(inv.index, fill_value=0).to_numpy()
    off_count = counted != expected
    assert not off_count.any(), (
        f"R13: {first(inv, off_count)} has {counted[off_count][0]} lines for "
        f"{int(expected[off_count][0])} order lines"
    )


# -- R13: amounts, allocations and payments ---------------------------------------------------
def test_amount_due_is_total_less_paid_and_void_is_the_returned_orders(run):
    inv = run.invoices["invoices"]
    void = (inv["status"] == "VOID").to_numpy()
    off = ~void & (cents(inv["totalAmount"]) - cents(inv["amountPaid"]) != cents(inv["amountDue"]))
    assert not off.any(), f"R13: {first(inv, off)} amountDue is not total - amountPaid"
    negative = (inv["amountDue"] < 0) | (inv["amountPaid"] < 0)
    assert not negative.any(), f"R13: {first(inv, negative)} has a negative amount"
    void_owing = void & (cents(inv["amountDue"]) != 0)
    assert not void_owing.any(), f"R13: VOID {first(inv, void_owing)} still owes"
    # VOID exactly when the order came back, or when the debt was written off.
    txns = run.invoices["transactions"]
    written_off = set(txns.loc[txns["transactionStatus"] == "WRITTEN_OFF", "transactionNumber"])
    returned = set(run.orders["returns"]["order_id"]) | set(
        inv.loc[inv["invoiceNumber"].isin(written_off), "referenceId"]
    )
    voided = set(inv.loc[void, "referenceId"])
    assert voided == returned, (
        f"R13: VOID invoices' orders {sorted(voided - returned)[:3]} were not returned, "
        f"returned orders {sorted(returned - voided)[:3]} were not voided"
    )


def test_allocations_stay_within_what_is_paid_and_what_is_open(run):
    inv = run.invoices["invoices"].set_index("id")
    allocations = with_payment_dates(run)
    allocated = (
        pd.Series(cents(allocations["allocated_amount"]))
        .groupby(allocations["invoice_id"].to_numpy())
        .sum()
        .reindex(inv.index, fill_value=0)
    )
    # A VOID invoice keeps nothing: what was received on it went back in cash (below).
    live = (inv["status"] != "VOID").to_numpy()
    over_paid = live & (allocated.to_numpy() > cents(inv["amountPaid"]))
    assert not over_paid.any(), (
        f"R13: {first(inv, over_paid)} has more allocated than its amountPaid"
    )
    links = run.invoices["transactionLinks"]
    refunded = (
        pd.Series(cents(links["linkAmount"]))
        .groupby(links["parentTransactionId"].to_numpy())
        .sum()
        .reindex(inv.index, fill_value=0)
    )
    kept = ~live & (allocated.to_numpy() > refunded.to_numpy())
    assert not kept.any(), f"R13: VOID {first(inv, kept)} kept money it received"
    nonpositive = allocations["allocated_amount"] <= 0
    assert not nonpositive.any(), f"allocation {first(allocations, nonpositive, 'id')} is <= 0"
    ordered = allocations.sort_values(["allocated_at", "id"], kind="stable")
    running = (
        pd.Series(cents(ordered["allocated_amount"]), index=ordered.index)
        .groupby(ordered["invoice_id"].to_numpy())
        .cumsum()
    )
    over_total = running.to_numpy() > cents(ordered["totalAmount"])
    assert not over_total.any(), (
        f"R13: allocation {first(ordered, over_total, 'id')} takes "
        f"{first(ordered, over_total)} past its total"
    )
    payments = run.invoices["payments"].set_index("id")
    received = payments[payments["paymentType"] == "RECEIVED"]
    by_payment = (
        pd.Series(cents(allocations["allocated_amount"]))
        .groupby(allocations["payment_id"].to_numpy())
        .sum()
        .reindex(received.index, fill_value=0)
    )
    unbalanced = by_payment.to_numpy() != cents(received["amount"])
    assert not unbalanced.any(), (
        f"R13: payment {first(received, unbalanced, 'paymentNumber')} is not the sum of its "
        "allocations"
    )
    refunds_allocated = allocations["paymentType"] != "RECEIVED"
    assert not refunds_allocated.any(), (
        f"refund {first(allocations, refunds_allocated, 'paymentNumber')} is allocated"
    )


def test_no_payment_before_its_invoice_or_after_as_of(run):
    allocations = with_payment_dates(run)
    early = pd.to_datetime(allocations["paymentDate"]) < pd.to_datetime(allocations["invoiceDate"])
    assert not early.any(), (
        f"R12: payment {first(allocations, early, 'paymentNumber')} is dated before "
        f"{first(allocations, early)}"
    )
    payments = run.invoices["payments"]
    invoice_day = pd.to_datetime(run.invoices["invoices"].set_index("id")["invoiceDate"])
    linked = payments["invoiceId"].notna()
    early_linked = linked & (
        pd.to_datetime(payments["paymentDate"])
        < invoice_day.reindex(payments["invoiceId"].fillna(0)).to_numpy()
    )
    assert not early_linked.any(), (
        f"R12: payment {first(payments, early_linked, 'paymentNumber')} precedes its invoice"
    )
    late = pd.to_datetime(payments["paymentDate"]) > run.as_of
    assert not late.any(), f"R12: payment {first(payments, late, 'paymentNumber')} after as-of"


def test_status_matches_amounts_and_dates(run):
    inv = run.invoices["invoices"]
    due = cents(inv["amountDue"])
    paid = cents(inv["amountPaid"])
    overdue = (pd.to_datetime(inv["dueDate"]) < run.as_of).to_numpy() & (due > 0)
    expected = np.select(
        [inv["status"] == "VOID", due == 0, overdue, paid > 0],
        ["VOID", "PAID", "OVERDUE", "PARTIAL"],
        default="SENT/VIEWED",
    )
    status = inv["status"].replace({"SENT": "SENT/VIEWED", "VIEWED": "SENT/VIEWED"}).to_numpy()
    wrong = status != expected
    assert not wrong.any(), (
        f"R13: {first(inv, wrong)} is {first(inv, wrong, 'status')}, its amounts and due date "
        f"say {expected[wrong][0]}"
    )
    sale_status = run.invoices["orders"].set_index("id")["saleStatus"].reindex(inv["referenceId"])
    txns = run.invoices["transactions"]
    written_off = inv["invoiceNumber"].isin(
        txns.loc[txns["transactionStatus"] == "WRITTEN_OFF", "transactionNumber"]
    )
    expected_sale = np.where(
        written_off,
        invoices.SALE_STATUS_OF_WRITTEN_OFF,
        inv["status"].map(invoices.SALE_STATUS_OF_INVOICE),
    )
    mismatch = sale_status.to_numpy() != expected_sale
    assert not mismatch.any(), (
        f"R13: the order of {first(inv, mismatch)} has saleStatus "
        f"{sale_status[mismatch].iloc[0]}, its invoice says {expected_sale[mismatch][0]}"
    )


def test_payment_methods_follow_the_mix(full):
    method = full.invoices["payments"]["paymentMethod"]
    for name, share in invoices.PAYMENT_METHODS:
        seen = (method == name).mean()
        assert abs(seen - share) <= 0.05, f"{name} is {seen:.1%} of payments, not {share:.0%}"


def test_payment_numbers_run_without_gaps_per_month(run):
    payments = run.invoices["payments"]
    parsed = payments["paymentNumber"].str.extract(r"^PMT-(?P<month>\d{6})-(?P<n>\d{5})$")
    malformed = parsed["n"].isna()
    assert not malformed.any(), f"R16: {first(payments, malformed, 'paymentNumber')} malformed"
    month = pd.to_datetime(payments["paymentDate"]).dt.strftime("%Y%m")
    wrong_month = parsed["month"] != month
    assert not wrong_month.any(), (
        f"R16: {first(payments, wrong_month, 'paymentNumber')} is not numbered in its month"
    )
    for period, numbers in parsed.groupby("month"):
        counters = np.sort(numbers["n"].astype(int).to_numpy())
        gap = counters != np.arange(1, len(counters) + 1)
        assert not gap.any(), f"R16: PMT-{period} numbers skip or repeat at {counters[gap][0]}"


def test_payment_runs_settle_several_invoices_and_some_invoices_are_paid_in_parts(full):
    allocations = full.invoices["invoice_payments"]
    payments = full.invoices["payments"].set_index("id")
    per_payment = allocations.groupby("payment_id")["invoice_id"].nunique()
    runs = per_payment[per_payment > 1]
    assert len(runs) >= 0.05 * len(per_payment), (
        f"only {len(runs)} of {len(per_payment)} payments settle several invoices"
    )
    whales = set(buyer_tags(full.clients["clients"]).query("is_whale")["client_id"])
    whale_runs = payments.loc[runs.index, "customerId"].isin(whales)
    assert whale_runs.any(), "no whale pays several invoices in one weekly run"
    per_invoice = allocations.groupby("invoice_id")["payment_id"].nunique()
    assert (per_invoice > 1).sum() >= 10, (
        f"only {(per_invoice > 1).sum()} invoices are paid in installments"
    )


# -- behaviour: who owes what, and why ---------------------------------------------------------
def test_reliable_payers_owe_nothing_long_overdue_and_late_payers_owe_the_oldest(full_seeded):
    open_ = open_invoices(full_seeded)
    long_overdue = open_[open_["days_past_due"] > 30]
    reliable = long_overdue["habit"].isin(ON_TIME_HABITS)
    share = long_overdue.loc[reliable, "amountDue"].sum() / max(long_overdue["amountDue"].sum(), 1)
    assert share <= 0.02, (
        f"early/on-time payers owe {share:.1%} of what is >30 days past due, e.g. "
        f"{first(long_overdue, reliable) if reliable.any() else None}"
    )
    severe = open_[open_["days_past_due"] > invoices.SEVERE_DAYS]
    assert len(severe), "nothing is 120+ days past due"
    unexplained = ~severe["habit"].isin(LATE_HABITS)
    assert not unexplained.any(), (
        f"R7: {first(severe, unexplained)} is 120+ days past due but its buyer is tagged "
        f"pays:{first(severe, unexplained, 'habit')}"
    )


def test_buyers_put_on_credit_hold_were_over_their_limit(full_seeded):
    run = full_seeded
    inv = run.invoices["invoices"]
    held = inv[inv["notes"].fillna("").str.startswith(HOLD_NOTE)]
    assert len(held), "no buyer was ever put on credit hold"
    allocations = with_payment_dates(run)
    limit = run.clients["clients"].set_index("id")["credit_limit"]
    returned_on = (
        pd.to_datetime(run.orders["returns"].set_index("order_id")["processed_at"])
        .dt.normalize()
        .reindex(inv["referenceId"])
    )
    inv = inv.assign(returned_on=returned_on.to_numpy())
    within_limit = []
    for hold in held.itertuples():
        day = pd.Timestamp(hold.invoiceDate)
        # Everything billed to the buyer before this invoice, less what it had paid by then;
        # a returned order's invoice is void, so it stops being owed on its return day.
        earlier = inv[(inv["customerId"] == hold.customerId) & (inv["id"] < hold.id)]
        earlier = earlier[~(earlier["returned_on"] <= day)]
        paid = allocations[
            allocations["invoice_id"].isin(earlier["id"])
            & (pd.to_datetime(allocations["paymentDate"]) <= day)
        ]
        owed = cents(earlier["totalAmount"]).sum() - cents(paid["allocated_amount"]).sum()
        if owed <= cents([limit[hold.customerId]])[0]:
            within_limit.append(
                f"{hold.invoiceNumber} (buyer {hold.customerId}, {day:%Y-%m-%d}): owed "
                f"{owed / 100:,.2f}, credit limit {limit[hold.customerId]:,.2f}"
            )
    assert not within_limit, (
        f"seed {run.params.seed}: {len(within_limit)} of {len(held)} invoices issued COD for a "
        f"credit hold while the buyer was within its limit: {within_limit[:5]}"
    )


# -- R7: aging by construction, on several seeds ------------------------------------------------
def test_r7_aging_shares_and_buckets(full_seeded):
    run = full_seeded
    params = run.params
    aging = invoices.aging_buckets(run.invoices["invoices"], params.end)
    assert list(aging["bucket"]) == [name for name, _, _ in invoices.AGING_BUCKETS]
    open_ = open_invoices(run)
    bucket_cents = cents(aging["amount"])
    assert bucket_cents.sum() == cents(open_["amountDue"]).sum(), (
        f"R7 seed {params.seed}: buckets sum to {bucket_cents.sum() / 100:,.2f}, open AR is "
        f"{cents(open_['amountDue']).sum() / 100:,.2f}"
    )
    assert aging["invoices"].sum() == len(open_), "R7: every open invoice is in one bucket"
    past_due = bucket_cents[1:].sum()
    share = past_due / bucket_cents.sum()
    assert abs(share - params.past_due_share) <= 0.02, (
        f"R7 seed {params.seed}: {share:.2%} of open AR is past due, wanted "
        f"{params.past_due_share:.0%} +/- 2 pp\n{aging}"
    )
    severe = bucket_cents[-1] / past_due
    assert abs(severe - params.severe_past_due_share) <= 0.05, (
        f"R7 seed {params.seed}: {severe:.2%} of past due is 120+ days, wanted "
        f"{params.severe_past_due_share:.0%} +/- 5 pp\n{aging}"
    )


# -- buyers' totals and the app's counters -----------------------------------------------------
def test_total_owed_is_each_buyers_open_invoices(run):
    inv = run.invoices["invoices"]
    out = run.invoices["clients"].set_index("id")
    owed = (
        pd.Series(cents(inv["amountDue"]))
        .groupby(inv["customerId"].to_numpy())
        .sum()
        .reindex(out.index, fill_value=0)
    )
    buyer = out["is_buyer"].astype(bool).to_numpy()
    off = buyer & (cents(out["total_owed"]) != owed.to_numpy())
    assert not off.any(), (
        f"R13: buyer {out.index[off][0]} total_owed {out['total_owed'][off].iloc[0]:,.2f}, its "
        f"invoices owe {owed[off].iloc[0] / 100:,.2f}"
    )
    supplier_owes = ~buyer & (cents(out["total_owed"]) != 0)
    assert not supplier_owes.any(), f"supplier {out.index[supplier_owes][0]} has a total_owed"
    assert len(out) == len(run.clients["clients"]), "every client row comes back"


def test_sequences_are_past_every_seeded_number(run):
    frames = {**run.batches, **run.orders, **run.invoices}
    counters = run.invoices["sequences"].set_index("name")["currentValue"]
    bad_names = [
        name
        for name in counters.index
        if not re.fullmatch(r"(invoice|bill)_\d{4}|lot_code|batch_code", name)
    ]
    assert not bad_names, f"R16: sequences {bad_names} are not names the app reads"
    checked = 0
    for fmt in NUMBER_FORMATS:
        if fmt.sequence is None or fmt.table not in frames:
            continue
        parsed = frames[fmt.table][fmt.column].astype(str).str.extract(fmt.pattern)
        assert parsed["n"].notna().all(), f"R16: a {fmt.table}.{fmt.column} is malformed"
        period = parsed["period"] if "period" in parsed else pd.Series("", index=parsed.index)
        for period_value, numbers in parsed.assign(period=period).groupby("period"):
            name = fmt.sequence.format(period=period_value)
            highest = numbers["n"].astype(int).max()
            assert name in counters, f"R16: no sequences row {name} for {fmt.table} numbers"
            assert highest <= counters[name], (
                f"R16: sequences {name} at {counters[name]}, but {fmt.table} used {highest}"
            )
            checked += 1
    assert checked >= 3, "invoices, lots and batches are all numbered from sequences"


# -- determinism ---------------------------------------------------------------------------------
@pytest.mark.parametrize("profile", PROFILES)
def test_same_seed_same_frames_other_seed_differs(runs, profile):
    first_run, again = runs(profile), generate_run(profile)
    for table, frame in first_run.invoices.items():
        pd.testing.assert_frame_equal(frame, again.invoices[table], obj=f"{profile} {table}")
    other = runs(profile, 7) if profile == "full" else generate_run(profile, 7)
    assert not other.invoices["invoices"].equals(first_run.invoices["invoices"]), (
        f"{profile}: seed 7 gives the same invoices as seed 42"
    )
