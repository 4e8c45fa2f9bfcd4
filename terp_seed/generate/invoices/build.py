"""Build the family's tables from the simulated invoices: one builder per table."""

import numpy as np
import pandas as pd

from terp_seed.generate.invoices.plan import STREAMS
from terp_seed.generate.invoices.settle import InvoiceMoney
from terp_seed.generate.money import cents
from terp_seed.generate.numbering import counted_numbers
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.terp.receivables import SALE_STATUS_OF_INVOICE, SALE_STATUS_OF_WRITTEN_OFF

# Invoice statuses for invoices neither paid, part-paid nor overdue (the buyer opened it or not).
UNPAID_CURRENT_STATUSES = np.array(["SENT", "VIEWED"])
HOLD_NOTE = "Issued COD: account over its credit limit"
VOID_NOTE = "Voided: order returned and restocked (return credit issued)."
WRITE_OFF_NOTE = "Voided: written off as bad debt, never paid."


def _invoice_money(
    params: SeedParams,
    plan: pd.DataFrame,
    ledgers: list[InvoiceMoney],
    due: np.ndarray,
    voided: np.ndarray,
    allocations: pd.DataFrame,
    invoice_ids: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(paid cents, due cents, status) of every invoice at as-of.

    A refund credit applied to an open invoice settles part of it as a payment would: the app
    posts it against Accounts Receivable (REF-...), so it lowers what is due. A returned
    order's invoice is voided, as the app's return reverses all of the invoice's postings.
    """
    as_of = np.datetime64(pd.Timestamp(params.end), "ns")
    rng = stream(params.seed, STREAMS, "invoices")
    total_cents = cents(plan["total"])
    credited = np.array([ledger.credit_cents for ledger in ledgers], dtype=np.int64)
    received = (
        allocations.assign(cents=cents(allocations["allocated_amount"]))
        .groupby("invoice_id")["cents"]
        .sum()
        .reindex(invoice_ids, fill_value=0)
        .to_numpy()
    )
    # A voided invoice keeps nothing: what was open the return credit settled, what the buyer
    # had paid went back to it in cash (a REFUND transaction linked to the invoice).
    paid_cents = np.where(voided, 0, received + credited)
    due_cents = np.where(voided, 0, total_cents - paid_cents)
    overdue = (due < as_of) & (due_cents > 0)
    status = np.select(
        [voided, due_cents == 0, overdue, paid_cents > 0],
        ["VOID", "PAID", "OVERDUE", "PARTIAL"],
        default=rng.choice(UNPAID_CURRENT_STATUSES, len(plan)),
    )
    return paid_cents, due_cents, status


def _last_touched(
    plan: pd.DataFrame,
    payments: pd.DataFrame,
    allocations: pd.DataFrame,
    invoice_ids: np.ndarray,
) -> np.ndarray:
    """Each invoice's updatedAt: its issue, or the last receipt allocated to it."""
    last_receipt = (
        payments[payments["paymentType"] == "RECEIVED"]
        .merge(allocations, left_on="id", right_on="payment_id")
        .groupby("invoice_id")["createdAt"]
        .max()
    )
    updated = pd.Series(plan["shipped_at"].to_numpy(), index=invoice_ids).copy()
    updated.loc[last_receipt.index] = np.maximum(
        updated.loc[last_receipt.index].to_numpy(), last_receipt.to_numpy()
    )
    return updated.to_numpy()


def build_invoices(
    params: SeedParams,
    plan: pd.DataFrame,
    settled: dict[str, object],
    payments: pd.DataFrame,
    allocations: pd.DataFrame,
    invoice_ids: np.ndarray,
) -> pd.DataFrame:
    """`invoices` at as-of: one per shipped sale, its amounts, status, terms and due date."""
    ledgers, terms, due = settled["ledgers"], settled["terms"], settled["due"]
    held, returned, written_off = settled["held"], settled["returned"], settled["written_off"]
    paid_cents, due_cents, status = _invoice_money(
        params, plan, ledgers, due, returned | written_off, allocations, invoice_ids
    )
    invoice_day = pd.Series(plan["day"])
    notes = np.select(
        [held & returned, held, returned, written_off],
        [f"{HOLD_NOTE}; {VOID_NOTE}", HOLD_NOTE, VOID_NOTE, WRITE_OFF_NOTE],
        default=None,
    )
    return pd.DataFrame(
        {
            "id": invoice_ids,
            "invoiceNumber": counted_numbers("INV", invoice_day, "%Y", 6),
            "version": 1,
            "customerId": plan["client_id"].to_numpy(),
            "invoiceDate": invoice_day.dt.date.to_numpy(),
            "dueDate": pd.Series(due).dt.date.to_numpy(),
            "subtotal": plan["subtotal"].to_numpy(),
            "taxAmount": plan["tax"].to_numpy(),
            "discountAmount": plan["discount"].to_numpy(),
            "totalAmount": cents(plan["total"]) / 100.0,
            "amountPaid": paid_cents / 100.0,
            "amountDue": due_cents / 100.0,
            "status": status,
            "paymentTerms": terms,
            "notes": notes,
            "referenceType": "ORDER",
            "referenceId": plan["order_id"].to_numpy(),
            "createdBy": plan["created_by"].to_numpy(),
            "createdAt": plan["shipped_at"].to_numpy(),
            "updatedAt": _last_touched(plan, payments, allocations, invoice_ids),
        }
    )


def build_invoiceLineItems(
    plan: pd.DataFrame, order_lines: pd.DataFrame, batches: pd.DataFrame, invoice_ids: np.ndarray
) -> pd.DataFrame:
    """`invoiceLineItems`: one per order line, the product of the batch it shipped from."""
    invoice_of_order = pd.Series(invoice_ids, index=plan["order_id"].to_numpy())
    lines = order_lines[order_lines["order_id"].isin(invoice_of_order.index)].sort_values(
        ["order_id", "id"], kind="stable"
    )
    product_of_batch = batches.set_index("id")["productId"]
    line_invoice = invoice_of_order.reindex(lines["order_id"]).to_numpy()
    invoice_created = pd.Series(plan["shipped_at"].to_numpy(), index=invoice_ids)
    invoice_lines = pd.DataFrame(
        {
            "invoiceId": line_invoice,
            "productId": product_of_batch.reindex(lines["batch_id"]).astype("Int64").to_numpy(),
            "batchId": lines["batch_id"].astype(int).to_numpy(),
            "description": lines["product_display_name"].to_numpy(),
            "quantity": lines["quantity"].astype(float).to_numpy(),
            "unitPrice": lines["unit_price"].astype(float).to_numpy(),
            "taxRate": 0.0,
            "discountPercent": 0.0,
            "lineTotal": lines["line_total"].astype(float).to_numpy(),
            "createdAt": invoice_created.reindex(line_invoice).to_numpy(),
        }
    ).sort_values(["invoiceId"], kind="stable")
    invoice_lines.insert(0, "id", np.arange(1, len(invoice_lines) + 1))
    return invoice_lines


def credit_numbers(reasons: pd.Series) -> list[str]:
    """The app's credit numbers, counted per prefix in issue order: CR-00001, CR-RTN-00001."""
    prefix = np.where(reasons.to_numpy() == "RETURN", "CR-RTN", "CR")
    counter = pd.Series(prefix).groupby(prefix).cumcount().to_numpy() + 1
    return [f"{p}-{n:05d}" for p, n in zip(prefix, counter, strict=True)]


def build_credits(
    credits: pd.DataFrame, credit_use: pd.DataFrame, invoice_ids: np.ndarray
) -> pd.DataFrame:
    """`credits` at as-of: the app's numbers, the invoice's transaction, use and status.

    Each credit is written against its invoice's transaction (as the app's returns path
    does); used is what was applied to the invoice plus what was paid back in cash.
    """
    credit_frame = credits.sort_values("id", kind="stable").reset_index(drop=True)
    used = credit_use.set_index("credit_id")
    credit_frame["creditNumber"] = np.array(
        credit_numbers(credit_frame["creditReason"]), dtype=object
    )
    used_cents = (used["applied"] + used["cash"]).reindex(credit_frame["id"]).fillna(0).to_numpy()
    amount_cents = cents(credit_frame["creditAmount"])
    credit_frame["amountUsed"] = used_cents / 100.0
    credit_frame["amountRemaining"] = (amount_cents - used_cents) / 100.0
    credit_frame["creditStatus"] = np.select(
        [used_cents >= amount_cents, used_cents > 0], ["FULLY_USED", "PARTIALLY_USED"], "ACTIVE"
    )
    position = used["position"].reindex(credit_frame["id"]).to_numpy()
    credit_frame["transactionId"] = pd.array(
        [None if pd.isna(p) else int(invoice_ids[int(p)]) for p in position], dtype="Int64"
    )
    used_on = pd.to_datetime(used["day"]).reindex(credit_frame["id"])
    credit_frame["updatedAt"] = np.maximum(
        pd.to_datetime(credit_frame["createdAt"]).to_numpy(),
        used_on.fillna(pd.to_datetime(credit_frame["createdAt"])).to_numpy(),
    )
    return credit_frame


def build_orders(
    orders: pd.DataFrame,
    plan: pd.DataFrame,
    invoices: pd.DataFrame,
    invoice_ids: np.ndarray,
    written_off: np.ndarray,
) -> pd.DataFrame:
    """`orders` as invoiced: invoice link, sale status of its invoice, terms and due date.

    A sale whose debt was written off stands (the goods were not returned) and was never
    paid: it stays OVERDUE.
    """
    order_out = orders.copy()
    invoice_of_order = pd.Series(invoice_ids, index=plan["order_id"].to_numpy())
    position = pd.Series(np.arange(len(plan)), index=plan["order_id"].to_numpy())
    invoiced = order_out["id"].isin(position.index).to_numpy()
    pos = position.reindex(order_out["id"]).to_numpy()[invoiced].astype(int)
    order_out["invoice_id"] = pd.array(
        np.where(invoiced, invoice_of_order.reindex(order_out["id"]).to_numpy(), None),
        dtype="Int64",
    )
    status = invoices["status"].to_numpy()
    sale_status = order_out["saleStatus"].to_numpy().copy()
    sale_status[invoiced] = np.where(
        written_off[pos],
        SALE_STATUS_OF_WRITTEN_OFF,
        [SALE_STATUS_OF_INVOICE[s] for s in status[pos]],
    )
    order_out["saleStatus"] = sale_status
    order_terms = order_out["paymentTerms"].to_numpy().copy()
    order_terms[invoiced] = invoices["paymentTerms"].to_numpy()[pos]
    order_out["paymentTerms"] = order_terms
    order_due = order_out["due_date"].to_numpy().copy()
    order_due[invoiced] = invoices["dueDate"].to_numpy()[pos]
    order_out["due_date"] = order_due
    return order_out


def build_clients(
    clients: pd.DataFrame,
    invoices: pd.DataFrame,
    plan: pd.DataFrame,
    credits: pd.DataFrame,
    returned: np.ndarray,
    as_of: np.datetime64,
) -> pd.DataFrame:
    """`clients` with the totals the app keeps.

    total_owed = Σ amountDue; spent and profit net of returns and refunds; oldest debt in days.
    """
    out = clients.copy()
    ids = out["id"].astype(int).to_numpy()
    owed = invoices.groupby("customerId")["amountDue"].sum()
    kept = ~returned
    spent = (
        pd.Series(plan["total"].to_numpy()[kept]).groupby(plan["client_id"].to_numpy()[kept]).sum()
    )
    profit = (
        pd.Series(plan["margin"].to_numpy()[kept]).groupby(plan["client_id"].to_numpy()[kept]).sum()
    )
    refunds = credits[credits["creditReason"] == "REFUND"].groupby("clientId")["creditAmount"].sum()
    spent = spent.reindex(ids, fill_value=0.0) - refunds.reindex(ids, fill_value=0.0)
    profit = profit.reindex(ids, fill_value=0.0) - refunds.reindex(ids, fill_value=0.0)
    open_invoices = invoices[invoices["amountDue"] > 0]
    oldest = pd.to_datetime(open_invoices.groupby("customerId")["invoiceDate"].min())
    oldest_days = ((pd.Timestamp(as_of) - oldest).dt.days).reindex(ids).fillna(0).astype(int)
    is_buyer = out["is_buyer"].astype(bool).to_numpy()
    out["total_owed"] = np.where(is_buyer, owed.reindex(ids, fill_value=0.0).round(2), 0.0)
    out["total_spent"] = np.where(is_buyer, spent.round(2).to_numpy(), 0.0)
    out["total_profit"] = np.where(is_buyer, profit.round(2).to_numpy(), 0.0)
    margin = np.where(spent.to_numpy() > 0, profit.to_numpy() / np.where(spent > 0, spent, 1), 0)
    out["avg_profit_margin"] = np.where(is_buyer, np.round(margin * 100, 2), 0.0)
    out["oldest_debt_days"] = np.where(is_buyer, oldest_days.to_numpy(), 0)
    return out
