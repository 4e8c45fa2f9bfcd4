"""Posting: every economic event as the app's debit and credit lines (`ledgerEntries`)."""

import numpy as np
import pandas as pd

from terp_seed.generate.ledger.common import days_of, ints
from terp_seed.generate.money import cents
from terp_seed.terp.ledger import (
    AP,
    AR,
    BAD_DEBT,
    CASH,
    COGS,
    CONSIGNMENT_PAYABLE,
    INVENTORY,
    RETURNS,
    REVENUE,
)
from terp_seed.terp.receivables import WRITE_OFF_PREFIX


def line_cost_cents(
    quantity: pd.Series | np.ndarray, unit_cost: pd.Series | np.ndarray
) -> np.ndarray:
    """Cost of order lines in cents: quantity x unit cost, rounded per line, half up.

    Both factors carry two decimals, so the product in ten-thousandths is an exact integer;
    a half cent rounds up. The rules compute `ROUND(quantity * unit_cost + 0.000001, 2)`.
    """
    hundredths = np.round(np.asarray(quantity, dtype=float) * 100).astype(np.int64)
    return (hundredths * cents(unit_cost) + 50) // 100


class Postings:
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
        period_ids = ints(periods["id"])[order][position]
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


def line_costs(
    invoices: pd.DataFrame, order_lines: pd.DataFrame, batches: pd.DataFrame
) -> pd.DataFrame:
    """Invoiced order lines with their cost in cents and whether the stock was owned."""
    invoiced = invoices[invoices["referenceType"] == "ORDER"]
    invoice_of_order = pd.Series(ints(invoiced["id"]), index=ints(invoiced["referenceId"]))
    lines = order_lines[order_lines["order_id"].isin(invoice_of_order.index)]
    owned = batches.set_index(ints(batches["id"]))["ownership_type"] == "OFFICE_OWNED"
    batch_ids = ints(lines["batch_id"])
    return pd.DataFrame(
        {
            "order_id": ints(lines["order_id"]),
            "invoice_id": invoice_of_order.reindex(ints(lines["order_id"])).to_numpy(),
            "batch_id": batch_ids,
            "owned": owned.reindex(batch_ids).fillna(False).to_numpy(dtype=bool),
            "cents": line_cost_cents(lines["quantity"], lines["cogs_per_unit"]),
        }
    )


def cost_split(lines: pd.DataFrame, key: str) -> pd.DataFrame:
    """Owned and consigned cost per `key` (invoice or order), in cents."""
    frame = lines.assign(
        owned_cents=np.where(lines["owned"], lines["cents"], 0),
        consigned_cents=np.where(lines["owned"], 0, lines["cents"]),
    )
    return frame.groupby(key)[["owned_cents", "consigned_cents"]].sum()


def post_sales(
    postings: Postings, invoices: pd.DataFrame, lines: pd.DataFrame, names: pd.Series
) -> None:
    """A sale on its invoice date: DR AR / CR revenue; DR COGS / CR Inventory or consignment."""
    number = invoices["invoiceNumber"].astype(str)
    ids = ints(invoices["id"])
    cost = cost_split(lines, "invoice_id").reindex(ids, fill_value=0)
    owned, consigned = cost["owned_cents"].to_numpy(), cost["consigned_cents"].to_numpy()
    total = cents(invoices["totalAmount"])
    common = {
        "day": pd.to_datetime(invoices["invoiceDate"]),
        "reference_type": "INVOICE",
        "reference_id": ids,
        "created_by": ints(invoices["createdBy"]),
        "created_at": pd.to_datetime(invoices["createdAt"]),
    }
    buyer = names.reindex(ints(invoices["customerId"])).fillna("buyer").to_numpy()
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


def post_credits(postings: Postings, credits: pd.DataFrame) -> None:
    """A return or refund credit: revenue given back (DR Sales Returns / CR AR)."""
    number = credits["creditNumber"].astype(str)
    amount = cents(credits["creditAmount"])
    words = np.where(credits["creditReason"] == "RETURN", "Return credit", "Refund credit")
    description = [
        f"{w} {n}: {note}" for w, n, note in zip(words, number, credits["notes"], strict=True)
    ]
    common = {
        "day": pd.to_datetime(credits["createdAt"]),
        "reference_type": "CREDIT",
        "reference_id": ints(credits["id"]),
        "created_by": ints(credits["createdBy"]),
        "created_at": pd.to_datetime(credits["createdAt"]),
        "description": description,
    }
    postings.add("REF-" + number + "-DR", RETURNS, "DR", amount, **common)
    postings.add("REF-" + number + "-CR", AR, "CR", amount, **common)


def post_returns(
    postings: Postings, returns: pd.DataFrame, invoices: pd.DataFrame, lines: pd.DataFrame
) -> None:
    """A return puts the goods back at their cost: DR Inventory or Consignment Payable / CR COGS."""
    if returns.empty:
        return
    invoice_of_order = pd.Series(
        invoices["invoiceNumber"].astype(str).to_numpy(), index=ints(invoices["referenceId"])
    )
    order_ids = ints(returns["order_id"])
    missing = ~np.isin(order_ids, invoice_of_order.index)
    if missing.any():
        raise ValueError(f"returned order {order_ids[missing][0]} has no invoice to reverse")
    number = pd.Series(invoice_of_order.reindex(order_ids).to_numpy(), index=returns.index)
    cost = cost_split(lines, "order_id").reindex(order_ids, fill_value=0)
    owned, consigned = cost["owned_cents"].to_numpy(), cost["consigned_cents"].to_numpy()
    common = {
        "day": pd.to_datetime(returns["processed_at"]),
        "reference_type": "RETURN",
        "reference_id": ints(returns["id"]),
        "created_by": ints(returns["processed_by"]),
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


def post_payments(postings: Postings, payments: pd.DataFrame) -> None:
    """Buyers' receipts and cash refunds; supplier payments (bills, consignment)."""
    ids = ints(payments["id"])
    number = pd.Series([f"PMT-{i}" for i in ids], index=payments.index)
    amount = cents(payments["amount"])
    received = (payments["paymentType"] == "RECEIVED").to_numpy()
    to_buyer = ~received & payments["customerId"].notna().to_numpy()
    on_bill = ~received & payments["billId"].notna().to_numpy()
    common = {
        "day": pd.to_datetime(payments["paymentDate"]),
        "reference_type": "PAYMENT",
        "reference_id": ids,
        "created_by": ints(payments["createdBy"]),
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


def post_bills(
    postings: Postings, bills: pd.DataFrame, vendors: pd.DataFrame, start: pd.Timestamp
) -> None:
    """A supplier bill for owned stock: DR Inventory / CR AP (earlier bills brought forward)."""
    bill_day = days_of(bills["billDate"])
    # Stock bought before the window is brought forward on its first day.
    brought_forward = bill_day < start
    bill_number = bills["billNumber"].astype(str)
    vendor_name = vendors["name"].reindex(ints(bills["vendorId"])).fillna("supplier").to_numpy()
    bill_common = {
        "day": bill_day.where(~brought_forward, start),
        "reference_type": "BILL",
        "reference_id": ints(bills["id"]),
        "created_by": ints(bills["createdBy"]),
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


def post_expenses(
    postings: Postings, expenses: pd.DataFrame, categories: pd.DataFrame, accounts: pd.DataFrame
) -> None:
    """An overhead paid from the operating account: DR its expense account / CR Cash."""
    expense_account = categories.set_index("id")["ledgerAccountId"]
    name_of_account = dict(zip(ints(accounts["id"]), accounts["accountName"], strict=True))
    expense_number = expenses["expenseNumber"].astype(str)
    for account_id in np.unique(expense_account.reindex(expenses["categoryId"]).to_numpy()):
        mask = expense_account.reindex(expenses["categoryId"]).to_numpy() == account_id
        subset = expenses[mask]
        common = {
            "day": pd.to_datetime(subset["expenseDate"]),
            "reference_type": "EXPENSE",
            "reference_id": ints(subset["id"]),
            "created_by": ints(subset["createdBy"]),
            "created_at": pd.to_datetime(subset["createdAt"]),
            "description": subset["description"].to_numpy(),
        }
        amount = cents(subset["totalAmount"])
        account = name_of_account[int(account_id)]
        postings.add("EXP-" + expense_number[mask] + "-DR", account, "DR", amount, **common)
        postings.add("EXP-" + expense_number[mask] + "-CR", CASH, "CR", amount, **common)


def post_write_offs(postings: Postings, transactions: pd.DataFrame) -> None:
    """A bad-debt write-off as the app posts it: DR Bad Debt Expense / CR AR (WO-<n>-1, -2)."""
    write_offs = transactions[
        transactions["transactionNumber"].astype(str).str.startswith(f"{WRITE_OFF_PREFIX}-")
    ]
    number = "WO-" + write_offs["transactionNumber"].astype(str)
    common = {
        "day": pd.to_datetime(write_offs["transactionDate"]),
        "reference_type": "WRITE_OFF",
        "reference_id": ints(write_offs["id"]),
        "created_by": ints(write_offs["createdBy"]),
        "created_at": pd.to_datetime(write_offs["createdAt"]),
        "description": ("Bad Debt Write-Off: " + write_offs["notes"].astype(str)).to_numpy(),
    }
    amount = cents(write_offs["amount"])
    postings.add(number + "-1", BAD_DEBT, "DR", amount, **common)
    postings.add(number + "-2", AR, "CR", amount, **common)
