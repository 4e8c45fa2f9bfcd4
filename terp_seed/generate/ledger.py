"""The ledger family: every economic event of the seeded history, posted as TERP posts it.

The general ledger has no header table: `ledgerEntries` holds one row per debit or credit
line, grouped into postings by (referenceType, referenceId), each line with its own unique
entryNumber in the app's style (`SALE-<invoiceNumber>-DR`, `PMT-<paymentId>-CR`, ...).

What is posted, in business terms:
- a sale, on its invoice date: the buyer owes the invoice total (DR Accounts Receivable /
  CR Sales Revenue), and the goods leave at cost (DR Cost of Goods Sold / CR Inventory for
  office-owned stock, CR Consignment Payable for consigned stock, which is owed to the
  supplier once sold);
- a return or refund credit: revenue given back (DR Sales Returns and Allowances / CR AR);
  a return also puts the goods back at the same cost (DR Inventory or Consignment Payable /
  CR COGS);
- a buyer's payment: DR Cash / CR AR; cash refunded to a buyer: DR AR / CR Cash;
- a supplier's bill for office-owned stock: DR Inventory / CR Accounts Payable, paid on its
  terms (DR AP / CR Cash); consigned stock is settled once sold out, on the supplier's terms
  (DR Consignment Payable / CR Cash, with a `paymentHistory` row);
- the month's overheads (rent, insurance, utilities, two payroll runs, marketing), paid from
  the operating account;
- the owners' opening capital, large enough that cash never runs out.

Line cost convention: a sale line's cost is its quantity times the batch's unit cost, rounded
to the cent PER LINE, half up (`line_cost_cents`). Both factors have two decimals, so the
product is an exact multiple of 0.0001 and a tie is exact; the rules' SQL computes
`ROUND(quantity * unit_cost + 0.000001, 2)`, which rounds exactly the same way on MySQL's exact
DECIMAL and on SQLite's floating point (the float error is far below 0.000001, and no other
value lies within 0.0001 of a rounding boundary). Inventory then equals, to the cent, the
owned stock valued movement by movement (each intake, sale and return at its batch's unit
cost, rounded per movement), because each sale and return movement is one order line.

Bank: one operating account; every cash movement is a `bankTransactions` row, and the
account's current balance is their sum, which is also the Cash account's balance.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.batches import staff_ids
from terp_seed.generate.family import Family
from terp_seed.generate.money import cents
from terp_seed.generate.numbering import counted_numbers
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams

STREAMS = "ledger"  # the family key of this module's random streams
# The tables this family writes; payments, bills, vendor payables and bank accounts whole.
CREATES = ("ledgerEntries", "bankTransactions", "paymentHistory", "expenseCategories", "expenses")
AMENDS = ("bankAccounts", "payments", "bills", "vendor_payables")
TABLES = CREATES + AMENDS

# Accounts as the app finds them: by name.
CASH = "Cash"
AR = "Accounts Receivable"
INVENTORY = "Inventory"
AP = "Accounts Payable"
CONSIGNMENT_PAYABLE = "Consignment Payable"
EQUITY = "Owner's Equity"
REVENUE = "Sales Revenue"
RETURNS = "Sales Returns and Allowances"
COGS = "Cost of Goods Sold"

# Monthly overheads: (category, expense account, dollars, day of month, how it is paid).
# Day 0 is the month's last day; utilities and marketing move a few days around theirs.
MONTHLY_EXPENSES: tuple[tuple[str, str, float, int, str], ...] = (
    ("Rent", "Rent Expense", 10_000.0, 1, "CHECK"),
    ("Insurance", "Insurance Expense", 5_000.0, 1, "BANK_TRANSFER"),
    ("Utilities", "Utilities Expense", 2_000.0, 10, "BANK_TRANSFER"),
    ("Payroll", "Payroll Expense", 25_000.0, 15, "BANK_TRANSFER"),
    ("Payroll", "Payroll Expense", 25_000.0, 0, "BANK_TRANSFER"),
    ("Marketing", "Marketing Expense", 3_000.0, 20, "CHECK"),
)
# Utilities vary with the season a little (the bill, not the budget).
UTILITIES_SPREAD = 0.08
# Opening capital: the deepest the cash would go, rounded up to this step, plus a cushion.
EQUITY_STEP_CENTS = 50_000_00
EQUITY_CUSHION_CENTS = 250_000_00
# Bills are paid around their due date: most within a few days, some a few weeks late.
BILL_EARLY_LATE_DAYS = (-3, 2)
BILL_LATE_SHARE = 0.10
BILL_LATE_DAYS = (4, 21)
# Consigned stock is settled in the weekly supplier payment run, on Fridays.
SUPPLIER_RUN_WEEKDAY = 4
VENDOR_TERMS_DAYS = {"NET_7": 7, "NET_15": 15, "NET_30": 30}
DAY = pd.Timedelta(days=1)


def line_cost_cents(
    quantity: pd.Series | np.ndarray, unit_cost: pd.Series | np.ndarray
) -> np.ndarray:
    """Cost of order lines in cents: quantity x unit cost, rounded per line, half up.

    Both factors carry two decimals, so the product in ten-thousandths is an exact integer;
    a half cent rounds up. The rules compute `ROUND(quantity * unit_cost + 0.000001, 2)`.
    """
    hundredths = np.round(np.asarray(quantity, dtype=float) * 100).astype(np.int64)
    return (hundredths * cents(unit_cost) + 50) // 100


def _ints(values: pd.Series) -> np.ndarray:
    return pd.to_numeric(values).astype("int64").to_numpy()


def _days(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.normalize()


def _business_time(rng: np.random.Generator, days: pd.Series) -> pd.Series:
    """A time between 9:00 and 17:00 on each day."""
    minutes = rng.integers(9 * 60, 17 * 60, len(days))
    return pd.Series(pd.to_datetime(days).to_numpy(), index=days.index) + pd.to_timedelta(
        minutes, unit="m"
    )


def _reference_numbers(rng: np.random.Generator, methods: np.ndarray) -> list[str]:
    values = rng.integers(0, 10**9, len(methods))
    return [
        {"ACH": f"ACH{v:09d}", "CHECK": f"CHK {v % 100_000:05d}", "WIRE": f"FW{v:012d}"}.get(
            m, f"REF{v:09d}"
        )
        for m, v in zip(methods, values, strict=True)
    ]


class _Postings:
    """Ledger lines as they are collected, before accounts, periods and ids are resolved."""

    def __init__(self, account_ids: dict[str, int]) -> None:
        self.account_ids = account_ids
        self.parts: list[pd.DataFrame] = []

    def add(
        self,
        number: pd.Series | list[str],
        account: str,
        side: str,
        amount: np.ndarray,
        day: pd.Series,
        reference_type: str,
        reference_id: np.ndarray | None,
        created_by: np.ndarray,
        created_at: pd.Series,
        description: list[str] | pd.Series,
    ) -> None:
        """One line per source row on `account` (DR or CR), amounts in cents; zeros post nothing."""
        amount = np.asarray(amount, dtype=np.int64)
        n = len(amount)
        frame = pd.DataFrame(
            {
                "entryNumber": np.asarray(number, dtype=object),
                "entryDate": pd.to_datetime(np.asarray(day)).normalize(),
                "accountId": self.account_ids[account],
                "debit_cents": amount if side == "DR" else np.zeros(n, dtype=np.int64),
                "credit_cents": amount if side == "CR" else np.zeros(n, dtype=np.int64),
                "description": np.asarray(description, dtype=object),
                "referenceType": reference_type,
                "referenceId": pd.array(
                    [None] * n if reference_id is None else np.asarray(reference_id),
                    dtype="Int64",
                ),
                "createdBy": np.asarray(created_by, dtype=np.int64),
                "createdAt": pd.to_datetime(np.asarray(created_at)),
            }
        )
        self.parts.append(frame[amount != 0])

    def frame(self, periods: pd.DataFrame) -> pd.DataFrame:
        """All lines in time order with ids, fiscal periods and posting stamps."""
        lines = pd.concat(self.parts, ignore_index=True)
        # In time order, each posting's lines together (debits first, as they were added).
        lines["referenceKey"] = lines["referenceId"].fillna(0).astype(np.int64)
        lines = lines.sort_values(
            ["createdAt", "referenceType", "referenceKey"], kind="stable"
        ).reset_index(drop=True)
        starts = pd.to_datetime(periods["startDate"]).to_numpy()
        ends = pd.to_datetime(periods["endDate"]).to_numpy()
        order = np.argsort(starts, kind="stable")
        position = np.searchsorted(starts[order], lines["entryDate"].to_numpy(), side="right") - 1
        if (position < 0).any() or (
            lines["entryDate"].to_numpy() > ends[order][np.maximum(position, 0)]
        ).any():
            first = lines.loc[
                (position < 0) | (lines["entryDate"].to_numpy() > ends[order][position]),
                "entryNumber",
            ].iloc[0]
            raise ValueError(f"posting {first} falls outside every fiscal period")
        period_ids = _ints(periods["id"])[order][position]
        return pd.DataFrame(
            {
                "id": np.arange(1, len(lines) + 1),
                "entryNumber": lines["entryNumber"].to_numpy(),
                "entryDate": lines["entryDate"].dt.date.to_numpy(),
                "accountId": lines["accountId"].to_numpy(),
                "debit": lines["debit_cents"].to_numpy() / 100.0,
                "credit": lines["credit_cents"].to_numpy() / 100.0,
                "description": lines["description"].to_numpy(),
                "referenceType": lines["referenceType"].to_numpy(),
                "referenceId": lines["referenceId"].array,
                "fiscalPeriodId": period_ids,
                "isManual": 0,
                # The seeded months are closed books: every line is posted, as the trial
                # balance (which counts only posted lines) needs.
                "isPosted": 1,
                "postedAt": lines["createdAt"].to_numpy(),
                "postedBy": lines["createdBy"].to_numpy(),
                "createdBy": lines["createdBy"].to_numpy(),
                "createdAt": lines["createdAt"].to_numpy(),
            }
        )


def _line_costs(
    invoices: pd.DataFrame, order_lines: pd.DataFrame, batches: pd.DataFrame
) -> pd.DataFrame:
    """Invoiced order lines with their cost in cents and whether the stock was owned."""
    invoiced = invoices[invoices["referenceType"] == "ORDER"]
    invoice_of_order = pd.Series(_ints(invoiced["id"]), index=_ints(invoiced["referenceId"]))
    lines = order_lines[order_lines["order_id"].isin(invoice_of_order.index)]
    owned = batches.set_index(_ints(batches["id"]))["ownership_type"] == "OFFICE_OWNED"
    batch_ids = _ints(lines["batch_id"])
    return pd.DataFrame(
        {
            "order_id": _ints(lines["order_id"]),
            "invoice_id": invoice_of_order.reindex(_ints(lines["order_id"])).to_numpy(),
            "batch_id": batch_ids,
            "owned": owned.reindex(batch_ids).fillna(False).to_numpy(dtype=bool),
            "cents": line_cost_cents(lines["quantity"], lines["cogs_per_unit"]),
        }
    )


def _cost_split(lines: pd.DataFrame, key: str) -> pd.DataFrame:
    """Owned and consigned cost per `key` (invoice or order), in cents."""
    frame = lines.assign(
        owned_cents=np.where(lines["owned"], lines["cents"], 0),
        consigned_cents=np.where(lines["owned"], 0, lines["cents"]),
    )
    return frame.groupby(key)[["owned_cents", "consigned_cents"]].sum()


def _post_sales(
    postings: _Postings, invoices: pd.DataFrame, lines: pd.DataFrame, names: pd.Series
) -> None:
    number = invoices["invoiceNumber"].astype(str)
    ids = _ints(invoices["id"])
    cost = _cost_split(lines, "invoice_id").reindex(ids, fill_value=0)
    owned, consigned = cost["owned_cents"].to_numpy(), cost["consigned_cents"].to_numpy()
    total = cents(invoices["totalAmount"])
    common = {
        "day": pd.to_datetime(invoices["invoiceDate"]),
        "reference_type": "INVOICE",
        "reference_id": ids,
        "created_by": _ints(invoices["createdBy"]),
        "created_at": pd.to_datetime(invoices["createdAt"]),
    }
    buyer = names.reindex(_ints(invoices["customerId"])).fillna("buyer").to_numpy()
    sale = [f"Sale invoiced on {n} to {b}" for n, b in zip(number, buyer, strict=True)]
    cost_text = [f"Cost of goods sold on {n}" for n in number]
    postings.add("SALE-" + number + "-DR", AR, "DR", total, description=sale, **common)
    postings.add("SALE-" + number + "-CR", REVENUE, "CR", total, description=sale, **common)
    postings.add(
        "SALE-" + number + "-COGS-DR",
        COGS,
        "DR",
        owned + consigned,
        description=cost_text,
        **common,
    )
    postings.add(
        "SALE-" + number + "-INV-CR",
        INVENTORY,
        "CR",
        owned,
        description=[f"Owned stock shipped on {n}" for n in number],
        **common,
    )
    postings.add(
        "SALE-" + number + "-CONS-CR",
        CONSIGNMENT_PAYABLE,
        "CR",
        consigned,
        description=[f"Consigned stock sold on {n}: owed to its suppliers" for n in number],
        **common,
    )


def _post_credits(postings: _Postings, credits: pd.DataFrame) -> None:
    number = credits["creditNumber"].astype(str)
    amount = cents(credits["creditAmount"])
    words = np.where(credits["creditReason"] == "RETURN", "Return credit", "Refund credit")
    description = [
        f"{w} {n}: {note}" for w, n, note in zip(words, number, credits["notes"], strict=True)
    ]
    common = {
        "day": pd.to_datetime(credits["createdAt"]),
        "reference_type": "CREDIT",
        "reference_id": _ints(credits["id"]),
        "created_by": _ints(credits["createdBy"]),
        "created_at": pd.to_datetime(credits["createdAt"]),
        "description": description,
    }
    postings.add("REF-" + number + "-DR", RETURNS, "DR", amount, **common)
    postings.add("REF-" + number + "-CR", AR, "CR", amount, **common)


def _post_returns(
    postings: _Postings, returns: pd.DataFrame, invoices: pd.DataFrame, lines: pd.DataFrame
) -> None:
    if returns.empty:
        return
    invoice_of_order = pd.Series(
        invoices["invoiceNumber"].astype(str).to_numpy(), index=_ints(invoices["referenceId"])
    )
    order_ids = _ints(returns["order_id"])
    missing = ~np.isin(order_ids, invoice_of_order.index)
    if missing.any():
        raise ValueError(f"returned order {order_ids[missing][0]} has no invoice to reverse")
    number = pd.Series(invoice_of_order.reindex(order_ids).to_numpy(), index=returns.index)
    cost = _cost_split(lines, "order_id").reindex(order_ids, fill_value=0)
    owned, consigned = cost["owned_cents"].to_numpy(), cost["consigned_cents"].to_numpy()
    common = {
        "day": pd.to_datetime(returns["processed_at"]),
        "reference_type": "RETURN",
        "reference_id": _ints(returns["id"]),
        "created_by": _ints(returns["processed_by"]),
        "created_at": pd.to_datetime(returns["processed_at"]),
    }
    postings.add(
        "RTN-" + number + "-INV-DR",
        INVENTORY,
        "DR",
        owned,
        description=[f"Owned stock back from return of {n}" for n in number],
        **common,
    )
    postings.add(
        "RTN-" + number + "-CONS-DR",
        CONSIGNMENT_PAYABLE,
        "DR",
        consigned,
        description=[f"Consigned stock back from return of {n}: no longer owed" for n in number],
        **common,
    )
    postings.add(
        "RTN-" + number + "-COGS-CR",
        COGS,
        "CR",
        owned + consigned,
        description=[f"Cost of goods returned on {n}" for n in number],
        **common,
    )


def _post_payments(postings: _Postings, payments: pd.DataFrame) -> None:
    """Buyers' receipts and cash refunds; supplier payments (bills, consignment)."""
    ids = _ints(payments["id"])
    number = pd.Series([f"PMT-{i}" for i in ids], index=payments.index)
    amount = cents(payments["amount"])
    received = (payments["paymentType"] == "RECEIVED").to_numpy()
    to_buyer = ~received & payments["customerId"].notna().to_numpy()
    on_bill = ~received & payments["billId"].notna().to_numpy()
    common = {
        "day": pd.to_datetime(payments["paymentDate"]),
        "reference_type": "PAYMENT",
        "reference_id": ids,
        "created_by": _ints(payments["createdBy"]),
        "created_at": pd.to_datetime(payments["createdAt"]),
    }
    description = np.select(
        [received, to_buyer, on_bill],
        [
            "Payment received from buyer",
            "Cash refund to buyer",
            "Payment of supplier bill",
        ],
        "Consignment settlement to supplier",
    )
    description = [
        f"{d}: {n}" if isinstance(n, str) and n else d
        for d, n in zip(description, payments["notes"], strict=True)
    ]
    debit_account = np.select([received, to_buyer, on_bill], [CASH, AR, AP], CONSIGNMENT_PAYABLE)
    credit_account = np.where(received, AR, CASH)
    for side, accounts in (("DR", debit_account), ("CR", credit_account)):
        for account in np.unique(accounts):
            mask = accounts == account
            postings.add(
                number[mask] + f"-{side}",
                str(account),
                side,
                amount[mask],
                day=common["day"][mask],
                reference_type="PAYMENT",
                reference_id=ids[mask],
                created_by=common["created_by"][mask],
                created_at=common["created_at"][mask],
                description=list(np.asarray(description, dtype=object)[mask]),
            )


def _post_bills(
    postings: _Postings, bills: pd.DataFrame, vendors: pd.DataFrame, start: pd.Timestamp
) -> None:
    bill_day = _days(bills["billDate"])
    # Stock bought before the window is brought forward on its first day.
    brought_forward = bill_day < start
    bill_number = bills["billNumber"].astype(str)
    vendor_name = vendors["name"].reindex(_ints(bills["vendorId"])).fillna("supplier").to_numpy()
    bill_common = {
        "day": bill_day.where(~brought_forward, start),
        "reference_type": "BILL",
        "reference_id": _ints(bills["id"]),
        "created_by": _ints(bills["createdBy"]),
        "created_at": pd.to_datetime(bills["createdAt"]).where(
            ~brought_forward, start + pd.Timedelta(hours=8)
        ),
        "description": [
            f"Bill {n} from {v}" + (" (brought forward)" if b else "")
            for n, v, b in zip(bill_number, vendor_name, brought_forward, strict=True)
        ],
    }
    bill_total = cents(bills["totalAmount"])
    postings.add("BILL-" + bill_number + "-DR", INVENTORY, "DR", bill_total, **bill_common)
    postings.add("BILL-" + bill_number + "-CR", AP, "CR", bill_total, **bill_common)


def _post_expenses(
    postings: _Postings, expenses: pd.DataFrame, categories: pd.DataFrame, accounts: pd.DataFrame
) -> None:
    expense_account = categories.set_index("id")["ledgerAccountId"]
    name_of_account = dict(zip(_ints(accounts["id"]), accounts["accountName"], strict=True))
    expense_number = expenses["expenseNumber"].astype(str)
    for account_id in np.unique(expense_account.reindex(expenses["categoryId"]).to_numpy()):
        mask = expense_account.reindex(expenses["categoryId"]).to_numpy() == account_id
        subset = expenses[mask]
        common = {
            "day": pd.to_datetime(subset["expenseDate"]),
            "reference_type": "EXPENSE",
            "reference_id": _ints(subset["id"]),
            "created_by": _ints(subset["createdBy"]),
            "created_at": pd.to_datetime(subset["createdAt"]),
            "description": subset["description"].to_numpy(),
        }
        amount = cents(subset["totalAmount"])
        account = name_of_account[int(account_id)]
        postings.add("EXP-" + expense_number[mask] + "-DR", account, "DR", amount, **common)
        postings.add("EXP-" + expense_number[mask] + "-CR", CASH, "CR", amount, **common)


def _pay_bills(
    params: SeedParams,
    bills: pd.DataFrame,
    supplier: pd.DataFrame,
    owners: np.ndarray,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pay each bill around its due date (if by as-of); bills updated to match.

    Returns:
        (bills at as-of, new payment rows without ids or numbers).
    """
    rng = stream(params.seed, STREAMS, "bill_payments")
    start, as_of = pd.Timestamp(params.start), pd.Timestamp(params.end)
    n = len(bills)
    bill_day = _days(bills["billDate"])
    due = _days(bills["dueDate"])
    late = rng.random(n) < BILL_LATE_SHARE
    offset = np.where(
        late,
        rng.integers(BILL_LATE_DAYS[0], BILL_LATE_DAYS[1] + 1, n),
        rng.integers(BILL_EARLY_LATE_DAYS[0], BILL_EARLY_LATE_DAYS[1] + 1, n),
    )
    pay_day = due + pd.to_timedelta(offset, unit="D")
    pay_day = pay_day.where(pay_day > bill_day, bill_day + DAY)
    pay_day = pay_day.where(pay_day >= start, start)
    paid = (pay_day <= as_of).to_numpy()
    vendor = _ints(bills["vendorId"])
    client = supplier["client_id"].reindex(vendor).to_numpy()
    method = supplier["method"].reindex(vendor).fillna("ACH").to_numpy()
    stamp = _business_time(rng, pay_day)
    out = bills.copy()
    total = cents(bills["totalAmount"])
    out["amountPaid"] = np.where(paid, total, 0) / 100.0
    out["amountDue"] = np.where(paid, 0, total) / 100.0
    approved = rng.random(n) < 0.5
    out["status"] = np.select(
        [paid, (due < as_of).to_numpy(), approved], ["PAID", "OVERDUE", "APPROVED"], "PENDING"
    )
    out["updatedAt"] = np.where(
        paid, stamp.to_numpy(), pd.to_datetime(bills["updatedAt"]).to_numpy()
    )
    created_by = rng.choice(owners, n)
    payments = pd.DataFrame(
        {
            "paymentType": "SENT",
            "paymentDate": pay_day[paid].to_numpy(),
            "amount": total[paid] / 100.0,
            "paymentMethod": method[paid],
            "customerId": pd.array([None] * int(paid.sum()), dtype="Int64"),
            "vendorId": client[paid].astype(np.int64),
            "invoiceId": pd.array([None] * int(paid.sum()), dtype="Int64"),
            "billId": _ints(bills["id"])[paid],
            "notes": [f"Payment of bill {b}" for b in bills["billNumber"].to_numpy()[paid]],
            "createdBy": created_by[paid],
            "createdAt": stamp.to_numpy()[paid],
        }
    )
    return out, payments


def _settle_consignment(
    params: SeedParams,
    payables: pd.DataFrame,
    consigned_cost: pd.Series,
    supplier_of_client: pd.DataFrame,
    owners: np.ndarray,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Consigned stock owed at its line costs; sold-out batches paid on the supplier's terms.

    Returns:
        (vendor payables at as-of, new payment rows without ids or numbers).
    """
    rng = stream(params.seed, STREAMS, "consignment_payments")
    as_of = pd.Timestamp(params.end)
    out = payables.copy()
    batch_ids = _ints(out["batch_id"])
    owed = consigned_cost.reindex(batch_ids).fillna(0).astype(np.int64).to_numpy()
    unowed = consigned_cost[(consigned_cost > 0) & ~consigned_cost.index.isin(batch_ids)]
    if len(unowed):
        raise ValueError(f"consigned batch {unowed.index[0]} sold but has no vendor payable")
    client = _ints(out["vendor_client_id"])
    terms = supplier_of_client["terms_days"].reindex(client).fillna(0).to_numpy().astype(int)
    due = _days(out["due_date"])
    # The supplier run pays on Fridays: on or after the due date plus the supplier's terms.
    earliest = due + pd.to_timedelta(terms, unit="D")
    shift = (SUPPLIER_RUN_WEEKDAY - earliest.dt.dayofweek) % 7
    pay_day = earliest + pd.to_timedelta(shift.fillna(0), unit="D")
    # Due once sold out (the orders family sets the due date then).
    sold_out = due.notna().to_numpy()
    paid = sold_out & (pay_day <= as_of).to_numpy() & (owed > 0)
    stamp = _business_time(rng, pay_day.fillna(as_of))
    method = supplier_of_client["method"].reindex(client).fillna("ACH").to_numpy()
    out["total_amount"] = owed / 100.0
    out["amount_paid"] = np.where(paid, owed, 0) / 100.0
    out["amount_due"] = np.where(paid, 0, owed) / 100.0
    out["status"] = np.select([paid, sold_out], ["PAID", "DUE"], "PENDING")
    out["paid_date"] = np.where(paid, pay_day.dt.date.to_numpy(), None)
    out["updated_at"] = np.where(
        paid, stamp.to_numpy(), pd.to_datetime(out["updated_at"]).to_numpy()
    )
    numbers = out["payable_number"].to_numpy()[paid]
    payments = pd.DataFrame(
        {
            "paymentType": "SENT",
            "paymentDate": pay_day[paid].to_numpy(),
            "amount": owed[paid] / 100.0,
            "paymentMethod": method[paid],
            "customerId": pd.array([None] * int(paid.sum()), dtype="Int64"),
            "vendorId": client[paid],
            "invoiceId": pd.array([None] * int(paid.sum()), dtype="Int64"),
            "billId": pd.array([None] * int(paid.sum()), dtype="Int64"),
            "notes": [f"Consignment settlement of {p}" for p in numbers],
            "createdBy": rng.choice(owners, len(out))[paid],
            "createdAt": stamp.to_numpy()[paid],
            "batch_id": batch_ids[paid],
            "payable_position": np.flatnonzero(paid),
        }
    )
    return out, payments


def _number_payments(payments: pd.DataFrame) -> pd.DataFrame:
    """PMT-YYYYMM-NNNNN counted 1..n per month in (paymentDate, id) order, as the app issues."""
    order = payments.assign(_day=pd.to_datetime(payments["paymentDate"])).sort_values(
        ["_day", "id"], kind="stable"
    )
    numbers = pd.Series(counted_numbers("PMT", order["_day"], "%Y%m", 5), index=order.index)
    out = payments.copy()
    out["paymentNumber"] = numbers.reindex(out.index).to_numpy()
    return out


def _expenses(
    params: SeedParams, categories: pd.DataFrame, owners: np.ndarray, bank_account: int
) -> pd.DataFrame:
    """The month's overheads, each on its day, for every day of the window up to as-of."""
    rng = stream(params.seed, STREAMS, "expenses")
    start, as_of = pd.Timestamp(params.start), pd.Timestamp(params.end)
    months = pd.date_range(start.replace(day=1), as_of, freq="MS")
    category_id = dict(zip(categories["categoryName"], _ints(categories["id"]), strict=True))
    rows = []
    for month in months:
        last = (month + pd.offsets.MonthEnd(0)).day
        for kind, _, dollars, day, method in MONTHLY_EXPENSES:
            when = last if day == 0 else day
            amount = dollars
            if kind == "Utilities":
                when += int(rng.integers(-2, 3))
                amount = round(dollars * (1 + rng.uniform(-UTILITIES_SPREAD, UTILITIES_SPREAD)), 2)
            elif kind == "Marketing":
                when += int(rng.integers(-3, 4))
            date = month + pd.Timedelta(days=when - 1)
            label = f"{month:%B %Y}"
            description = {
                "Rent": f"Warehouse and office rent, {label}",
                "Insurance": f"Cannabis liability and property insurance, {label}",
                "Utilities": f"Power, water and HVAC, {label}",
                "Payroll": f"Payroll run for the period ending {date:%d %b %Y}",
                "Marketing": f"Trade marketing and samples, {label}",
            }[kind]
            rows.append((date, kind, amount, method, description))
    frame = pd.DataFrame(rows, columns=["day", "kind", "amount", "method", "description"])
    frame = frame[(frame["day"] >= start) & (frame["day"] <= as_of)]
    frame = frame.sort_values(["day"], kind="stable").reset_index(drop=True)
    ids = np.arange(1, len(frame) + 1)
    stamp = frame["day"] + pd.to_timedelta(rng.integers(8 * 60, 11 * 60, len(frame)), unit="m")
    return pd.DataFrame(
        {
            "id": ids,
            "expenseNumber": [
                f"EXP-{d.year}-{i:06d}" for d, i in zip(frame["day"], ids, strict=True)
            ],
            "expenseDate": frame["day"].dt.date.to_numpy(),
            "categoryId": frame["kind"].map(category_id).to_numpy(),
            "vendorId": pd.array([None] * len(frame), dtype="Int64"),
            "amount": frame["amount"].to_numpy(),
            "taxAmount": 0.0,
            "totalAmount": frame["amount"].to_numpy(),
            "paymentMethod": frame["method"].to_numpy(),
            "bankAccountId": bank_account,
            "description": frame["description"].to_numpy(),
            "billId": pd.array([None] * len(frame), dtype="Int64"),
            "isReimbursable": 0,
            "isReimbursed": 0,
            "createdBy": rng.choice(owners, len(frame)),
            "createdAt": stamp.to_numpy(),
            "updatedAt": stamp.to_numpy(),
        }
    )


def _expense_categories(params: SeedParams, account_ids: dict[str, int]) -> pd.DataFrame:
    from terp_seed.generate.reference import records_epoch

    kinds = dict.fromkeys(kind for kind, *_ in MONTHLY_EXPENSES)
    account_of = {kind: account for kind, account, *_ in MONTHLY_EXPENSES}
    created = records_epoch(params)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(kinds) + 1),
            "categoryName": list(kinds),
            "parentCategoryId": pd.array([None] * len(kinds), dtype="Int64"),
            "ledgerAccountId": [account_ids[account_of[k]] for k in kinds],
            "isActive": 1,
            "createdAt": created,
            "updatedAt": created,
        }
    )


def _statement_closed(days: pd.Series, as_of: pd.Timestamp) -> tuple[np.ndarray, np.ndarray]:
    """Reconciled once the month's bank statement is in (five days after month end)."""
    month_end = pd.to_datetime(days) + pd.offsets.MonthEnd(0)
    closed = (month_end + pd.Timedelta(days=5)) <= as_of
    at = (month_end + pd.Timedelta(days=5, hours=16)).where(closed)
    return closed.to_numpy(), at.to_numpy()


def generate(
    params: SeedParams,
    reference: dict[str, pd.DataFrame],
    clients: dict[str, pd.DataFrame],
    batches: dict[str, pd.DataFrame],
    orders: dict[str, pd.DataFrame],
    invoices: dict[str, pd.DataFrame],
) -> dict[str, pd.DataFrame]:
    """Post the seeded history; pay bills and consignment; overheads; bank register.

    Args:
        params: The run's parameters.
        reference: users, accounts, fiscalPeriods, bankAccounts.
        clients: clients, vendors, supplier_profiles.
        batches: the batches family's bills (unpaid, as issued at intake).
        orders: order_line_items, returns, vendor_payables and the final batches.
        invoices: invoices, payments (buyers' receipts and cash refunds), credits.
        All may have been read back from the database.

    Returns:
        Frames for ledgerEntries, bankTransactions, paymentHistory, expenseCategories,
        expenses, and the FULL `payments`, `bills`, `vendor_payables` and `bankAccounts`
        tables with their state at as-of.
    """
    start, as_of = pd.Timestamp(params.start), pd.Timestamp(params.end)
    owners, _ = staff_ids(reference["users"])
    accounts = reference["accounts"]
    account_ids = dict(zip(accounts["accountName"], _ints(accounts["id"]), strict=True))
    bank_accounts = reference["bankAccounts"]
    bank_account = int(_ints(bank_accounts["id"])[0])

    # Suppliers: vendors.id <-> clients.id, how they like to be paid, their terms.
    profiles = clients["supplier_profiles"]
    vendors = clients["vendors"].set_index(_ints(clients["vendors"]["id"]))
    supplier = pd.DataFrame(
        {
            "client_id": _ints(profiles["client_id"]),
            "vendor_id": _ints(profiles["legacy_vendor_id"]),
            "method": profiles["preferred_payment_method"].fillna("ACH").to_numpy(),
        }
    )
    supplier["terms_days"] = (
        vendors["paymentTerms"]
        .reindex(supplier["vendor_id"])
        .map(VENDOR_TERMS_DAYS)
        .fillna(0)
        .astype(int)
        .to_numpy()
    )
    by_vendor = supplier.set_index("vendor_id")
    by_client = supplier.set_index("client_id")

    invoice_frame = invoices["invoices"]
    lines = _line_costs(invoice_frame, orders["order_line_items"], orders["batches"])
    returns = orders["returns"]
    returned_orders = set(_ints(returns["order_id"])) if len(returns) else set()
    kept = ~lines["order_id"].isin(returned_orders)
    consigned_cost = lines[kept & ~lines["owned"]].groupby("batch_id")["cents"].sum()

    # --- supplier payments: bills on their terms, consignment after sell-out ---
    bills, bill_payments = _pay_bills(params, batches["bills"], by_vendor, owners)
    payables, consignment_payments = _settle_consignment(
        params, orders["vendor_payables"], consigned_cost, by_client, owners
    )
    # Only the invoices family's payments (re-materializing must not stack our own rows).
    buyer_payments = invoices["payments"]
    buyer_payments = buyer_payments[buyer_payments["vendorId"].isna()].copy()
    first_id = int(_ints(buyer_payments["id"]).max()) + 1 if len(buyer_payments) else 1
    rng = stream(params.seed, STREAMS, "payments")
    new_payments = pd.concat([bill_payments, consignment_payments], ignore_index=True)
    new_payments = new_payments.sort_values(["createdAt"], kind="stable").reset_index(drop=True)
    new_payments["id"] = np.arange(first_id, first_id + len(new_payments))
    closed, reconciled_at = _statement_closed(new_payments["paymentDate"], as_of)
    new_rows = pd.DataFrame(
        {
            "id": new_payments["id"].to_numpy(),
            "paymentNumber": "",
            "paymentType": "SENT",
            "paymentDate": pd.to_datetime(new_payments["paymentDate"]).dt.date.to_numpy(),
            "amount": new_payments["amount"].to_numpy(),
            "paymentMethod": new_payments["paymentMethod"].to_numpy(),
            "referenceNumber": _reference_numbers(rng, new_payments["paymentMethod"].to_numpy()),
            "bankAccountId": bank_account,
            "customerId": pd.array([None] * len(new_payments), dtype="Int64"),
            "vendorId": pd.array(new_payments["vendorId"].to_numpy(), dtype="Int64"),
            "invoiceId": pd.array([None] * len(new_payments), dtype="Int64"),
            "billId": pd.array(new_payments["billId"], dtype="Int64"),
            "notes": new_payments["notes"].to_numpy(),
            "isReconciled": closed.astype(int),
            "reconciledAt": reconciled_at,
            "createdBy": new_payments["createdBy"].to_numpy().astype(np.int64),
            "createdAt": pd.to_datetime(new_payments["createdAt"]).to_numpy(),
            "updatedAt": pd.to_datetime(new_payments["createdAt"]).to_numpy(),
            "version": 1,
        }
    )
    buyer_payments = buyer_payments[[c for c in new_rows.columns if c in buyer_payments]]
    payments = pd.concat([buyer_payments, new_rows], ignore_index=True)
    payments["paymentDate"] = pd.to_datetime(payments["paymentDate"]).dt.date
    payments = _number_payments(payments)

    # Payable notes and paymentHistory name the settling payment.
    settled = new_payments[new_payments["payable_position"].notna()]
    number_of = payments.set_index("id")["paymentNumber"]
    payable_notes = np.full(len(payables), None, dtype=object)
    if "notes" in payables:
        payable_notes[:] = payables["notes"].astype(object).where(payables["notes"].notna(), None)
    for position, payment_id in zip(
        settled["payable_position"].astype(int), settled["id"], strict=True
    ):
        payable_notes[position] = f"Paid in full by {number_of[payment_id]}"
    payables["notes"] = payable_notes
    vendor_of_client = by_client["vendor_id"]
    payment_history = pd.DataFrame(
        {
            "id": np.arange(1, len(settled) + 1),
            "batchId": settled["batch_id"].astype(np.int64).to_numpy(),
            "vendorId": vendor_of_client.reindex(settled["vendorId"].astype(int)).to_numpy(),
            "amount": settled["amount"].to_numpy(),
            "paymentDate": pd.to_datetime(settled["createdAt"]).to_numpy(),
            "paymentMethod": settled["paymentMethod"].to_numpy(),
            "notes": [
                f"{number_of[i]}: {n}" for i, n in zip(settled["id"], settled["notes"], strict=True)
            ],
            "recordedBy": settled["createdBy"].astype(np.int64).to_numpy(),
            "createdAt": pd.to_datetime(settled["createdAt"]).to_numpy(),
        }
    )

    # --- overheads ---
    categories = _expense_categories(params, account_ids)
    expenses = _expenses(params, categories, owners, bank_account)

    # --- postings ---
    postings = _Postings(account_ids)
    client_names = clients["clients"].set_index(_ints(clients["clients"]["id"]))["name"]
    _post_sales(postings, invoice_frame, lines, client_names)
    _post_credits(postings, invoices["credits"])
    _post_returns(postings, returns, invoice_frame, lines)
    _post_payments(postings, payments)
    _post_bills(postings, bills, vendors, start)
    _post_expenses(postings, expenses, categories, accounts)

    # --- bank register, and the opening capital that keeps it above water ---
    pay_closed, pay_reconciled = _statement_closed(payments["paymentDate"], as_of)
    exp_closed, exp_reconciled = _statement_closed(expenses["expenseDate"], as_of)
    received = (payments["paymentType"] == "RECEIVED").to_numpy()
    register = pd.concat(
        [
            pd.DataFrame(
                {
                    "transactionDate": pd.to_datetime(payments["paymentDate"]),
                    "transactionType": np.where(received, "DEPOSIT", "WITHDRAWAL"),
                    "cents": cents(payments["amount"]),
                    "description": np.where(
                        received,
                        "Deposit: " + payments["paymentNumber"],
                        "Payment sent: " + payments["paymentNumber"],
                    ),
                    "referenceNumber": payments["referenceNumber"].to_numpy(),
                    "paymentId": _ints(payments["id"]),
                    "isReconciled": pay_closed.astype(int),
                    "reconciledAt": pay_reconciled,
                    "createdAt": pd.to_datetime(payments["createdAt"]),
                }
            ),
            pd.DataFrame(
                {
                    "transactionDate": pd.to_datetime(expenses["expenseDate"]),
                    "transactionType": "WITHDRAWAL",
                    "cents": cents(expenses["totalAmount"]),
                    "description": expenses["description"].to_numpy(),
                    "referenceNumber": expenses["expenseNumber"].to_numpy(),
                    "paymentId": None,
                    "isReconciled": exp_closed.astype(int),
                    "reconciledAt": exp_reconciled,
                    "createdAt": pd.to_datetime(expenses["createdAt"]),
                }
            ),
        ],
        ignore_index=True,
    )
    register = register.sort_values(["transactionDate", "createdAt"], kind="stable")
    signed = np.where(register["transactionType"] == "DEPOSIT", 1, -1) * register["cents"]
    lowest = int(min(0, np.cumsum(signed.to_numpy()).min(initial=0)))
    equity = -(-(-lowest) // EQUITY_STEP_CENTS) * EQUITY_STEP_CENTS + EQUITY_CUSHION_CENTS
    opened_at = start + pd.Timedelta(hours=8)
    open_number = f"OPEN-{start:%Y%m%d}"
    open_closed, open_reconciled = _statement_closed(pd.Series([start]), as_of)
    opening = pd.DataFrame(
        {
            "transactionDate": [start],
            "transactionType": "DEPOSIT",
            "cents": [equity],
            "description": "Owners' opening capital",
            "referenceNumber": open_number,
            "paymentId": None,
            "isReconciled": open_closed.astype(int),
            "reconciledAt": open_reconciled,
            "createdAt": [opened_at],
        }
    )
    register = pd.concat([opening, register], ignore_index=True)
    bank_transactions = pd.DataFrame(
        {
            "id": np.arange(1, len(register) + 1),
            "bankAccountId": bank_account,
            "transactionDate": register["transactionDate"].dt.date.to_numpy(),
            "transactionType": register["transactionType"].to_numpy(),
            "amount": register["cents"].to_numpy() / 100.0,
            "description": register["description"].to_numpy(),
            "referenceNumber": register["referenceNumber"].to_numpy(),
            "paymentId": pd.array(register["paymentId"].to_numpy(), dtype="Int64"),
            "isReconciled": register["isReconciled"].to_numpy(),
            "reconciledAt": register["reconciledAt"].to_numpy(),
            "createdAt": register["createdAt"].to_numpy(),
        }
    )
    owner = int(owners[0])
    opening_common = {
        "day": pd.Series([start]),
        "reference_type": "EQUITY",
        "reference_id": None,
        "created_by": np.array([owner]),
        "created_at": pd.Series([opened_at]),
        "description": ["Owners' opening capital deposited in the operating account"],
    }
    postings.add([f"{open_number}-DR"], CASH, "DR", np.array([equity]), **opening_common)
    postings.add([f"{open_number}-CR"], EQUITY, "CR", np.array([equity]), **opening_common)
    ledger = postings.frame(reference["fiscalPeriods"])

    balance_cents = int(
        np.where(register["transactionType"] == "DEPOSIT", 1, -1) @ register["cents"].to_numpy()
    )
    bank_out = bank_accounts.copy()
    bank_out["currentBalance"] = np.where(
        _ints(bank_out["id"]) == bank_account, balance_cents / 100.0, 0.0
    )
    bank_out["updatedAt"] = np.where(
        _ints(bank_out["id"]) == bank_account,
        register["createdAt"].max(),
        pd.to_datetime(bank_out["updatedAt"]),
    )
    bank_out["updatedAt"] = pd.to_datetime(bank_out["updatedAt"])

    return {
        "ledgerEntries": ledger,
        "bankTransactions": bank_transactions,
        "bankAccounts": bank_out,
        "payments": payments,
        "bills": bills,
        "vendor_payables": payables,
        "paymentHistory": payment_history,
        "expenseCategories": categories,
        "expenses": expenses,
    }


def account_balances(ledger: pd.DataFrame, accounts: pd.DataFrame) -> pd.DataFrame:
    """The trial balance: per account, debits, credits and the debit-minus-credit balance.

    Returns:
        Columns accountNumber, accountName, debit, credit, balance (dollars, exact cents).
    """
    totals = (
        ledger.assign(dr=cents(ledger["debit"]), cr=cents(ledger["credit"]))
        .groupby("accountId")[["dr", "cr"]]
        .sum()
    )
    ids = _ints(accounts["id"])
    totals = totals.reindex(ids, fill_value=0)
    return pd.DataFrame(
        {
            "accountNumber": accounts["accountNumber"].to_numpy(),
            "accountName": accounts["accountName"].to_numpy(),
            "debit": totals["dr"].to_numpy() / 100.0,
            "credit": totals["cr"].to_numpy() / 100.0,
            "balance": (totals["dr"] - totals["cr"]).to_numpy() / 100.0,
        }
    )


FAMILY = Family(
    name="ledger",
    description="The books: every sale, credit, payment, bill and overhead posted; bank register.",
    upstream=("invoices", "batches"),
    creates=CREATES,
    amends=AMENDS,
    build=lambda params, tables: generate(params, tables, tables, tables, tables, tables),
)
