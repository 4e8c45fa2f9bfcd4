"""Receivables as TERP reads them: aging buckets, how late is severe, an order's sale status.

R7's buckets (days past due) and the sale status the app shows on an order for each status of
its invoice. Open receivables are the amountDue of invoices neither VOID nor DRAFT.
"""

import numpy as np
import pandas as pd

# Days an invoice is late beyond which it is a bucket of its own (R7's 120+).
SEVERE_DAYS = 120
# (bucket, first day past due, last day past due); None is open-ended.
AGING_BUCKETS: tuple[tuple[str, int | None, int | None], ...] = (
    ("current", None, 0),
    ("1-30", 1, 30),
    ("31-60", 31, 60),
    ("61-90", 61, 90),
    ("91-120", 91, 120),
    ("120+", 121, None),
)
# orders.saleStatus for each invoices.status of the order's invoice. An invoice is voided when
# its order came back whole: the sale is undone, which the app's only word for is CANCELLED
# (its income statement and COGS leave such orders out, as they leave out RETURNED ones).
SALE_STATUS_OF_INVOICE = {
    "PAID": "PAID",
    "VOID": "CANCELLED",
    "PARTIAL": "PARTIAL",
    "OVERDUE": "OVERDUE",
    "SENT": "PENDING",
    "VIEWED": "PENDING",
}


# A sale whose invoice was written off as bad debt stands and was never paid.
SALE_STATUS_OF_WRITTEN_OFF = "OVERDUE"
# How TERP numbers a bad-debt write-off transaction (badDebtDb: prefix, 5-digit counter).
WRITE_OFF_PREFIX = "WO"
# The app's default payment methods (paymentMethodsDb.seedDefaultPaymentMethods):
# (code, name, description), in sortOrder.
PAYMENT_METHOD_DEFAULTS = (
    ("CASH", "Cash", "Cash payment"),
    ("CHECK", "Check", "Check payment"),
    ("CREDIT_CARD", "Credit Card", "Credit card payment"),
    ("DEBIT_CARD", "Debit Card", "Debit card payment"),
    ("ACH", "ACH Transfer", "ACH bank transfer"),
    ("WIRE", "Wire Transfer", "Wire transfer"),
    ("PAYPAL", "PayPal", "PayPal payment"),
    ("VENMO", "Venmo", "Venmo payment"),
    ("ZELLE", "Zelle", "Zelle payment"),
    ("OTHER", "Other", "Other payment method"),
)
# transactions.transactionStatus of the row that stands for an invoice (creditApplications and
# refunds point at it).
TRANSACTION_STATUS_OF_INVOICE = {
    "PAID": "PAID",
    "VOID": "VOID",
    "PARTIAL": "PARTIAL",
    "OVERDUE": "OVERDUE",
    "SENT": "PENDING",
    "VIEWED": "PENDING",
}
# client_transactions types that TERP's updateClientStats sums into totalSpent and, unless
# PAID, into totalOwed (clientsDb.updateClientStats).
CLIENT_STATS_TYPES = ("INVOICE", "ORDER")


def aging_buckets(invoices: pd.DataFrame, as_of: object) -> pd.DataFrame:
    """Open receivables at as-of by days past due, in R7's buckets (VOID and PAID hold none).

    Returns:
        Columns `bucket`, `invoices`, `amount`; the amounts sum to open AR to the cent.
    """
    open_ = invoices[(invoices["amountDue"] > 0) & (invoices["status"] != "VOID")]
    late = (pd.Timestamp(as_of) - pd.to_datetime(open_["dueDate"])).dt.days.to_numpy()
    due_cents = np.round(open_["amountDue"].to_numpy(dtype=float) * 100).astype(np.int64)
    rows = []
    for name, low, high in AGING_BUCKETS:
        inside = (late >= (low if low is not None else -(10**9))) & (
            late <= (high if high is not None else 10**9)
        )
        rows.append((name, int(inside.sum()), int(due_cents[inside].sum()) / 100.0))
    return pd.DataFrame(rows, columns=["bucket", "invoices", "amount"])
