"""Build the app's credit trail: `transactions`, `transactionLinks` and `creditApplications`.

TERP applies a credit to a `transactions` row, not to an invoice (`creditApplications.invoiceId`
is a foreign key to `transactions.id`), and its returns path files a return credit with
`transactionId` = the invoice's id. So every invoice has a `transactions` row of type INVOICE
with the same id and number, which credits are written against and applied to. A credit's
cash part (paid back to the buyer) is a REFUND transaction, numbered as the app's refunds
router numbers them (REF-<epoch ms>-<9 base-36 characters>), negative, COMPLETED, linked
REFUND_OF its invoice's row, and applied from the credit like any other use. So the
applications of each credit add up to what it used.
"""

import json

import numpy as np
import pandas as pd

from terp_seed.generate.invoices.plan import STREAMS
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.terp.formats import REFUND_NUMBER_ALPHABET, REFUND_NUMBER_SUFFIX
from terp_seed.terp.receivables import TRANSACTION_STATUS_OF_INVOICE

# The reason the bookkeeper gives when writing a debt off.
WRITE_OFF_REASON = "Uncollectible: no payment since invoicing, collections exhausted"
# Staff apply a credit in the same sitting they issue it.
APPLY_AFTER = pd.Timedelta(minutes=10)


def refund_events(
    credit_use: pd.DataFrame, invoices: pd.DataFrame, payments: pd.DataFrame
) -> pd.DataFrame:
    """Each credit's cash part, with the buyer payment (SENT) that paid it back.

    Returns:
        Columns credit_id, invoice_id, client_id, cents, payment_id, at, created_by; one row
        per credit whose use went back to the buyer in cash, in time order.
    """
    cash = credit_use[credit_use["cash"] > 0]
    invoice_ids = invoices["id"].to_numpy()[cash["position"].to_numpy()]
    client = invoices["customerId"].to_numpy()[cash["position"].to_numpy()]
    sent = payments[payments["paymentType"] == "SENT"]
    sent_key = pd.Series(
        sent.index.to_numpy(),
        index=pd.MultiIndex.from_arrays(
            [sent["customerId"].astype(int).to_numpy(), pd.to_datetime(sent["paymentDate"])]
        ),
    )
    refund_day = pd.to_datetime(cash["refund_day"]).to_numpy()
    row = sent_key.reindex(pd.MultiIndex.from_arrays([client, refund_day])).to_numpy()
    if pd.isna(row).any():
        raise ValueError("a credit's cash refund has no SENT payment to its buyer that day")
    row = row.astype(int)
    events = pd.DataFrame(
        {
            "credit_id": cash["credit_id"].to_numpy(),
            "invoice_id": invoice_ids,
            "client_id": client,
            "cents": cash["cash"].to_numpy(),
            "payment_id": payments["id"].to_numpy()[row],
            "payment_number": payments["paymentNumber"].to_numpy()[row],
            "at": pd.to_datetime(payments["createdAt"]).to_numpy()[row],
            "created_by": payments["createdBy"].to_numpy()[row],
        }
    )
    return events.sort_values(["at", "credit_id"], kind="stable").reset_index(drop=True)


def _refund_numbers(params: SeedParams, at: pd.Series) -> list[str]:
    rng = stream(params.seed, STREAMS, "refund_numbers")
    millis = (pd.to_datetime(at).astype("int64") // 1_000_000).to_numpy()
    alphabet = np.array(list(REFUND_NUMBER_ALPHABET))
    suffix = rng.integers(0, len(alphabet), (len(millis), REFUND_NUMBER_SUFFIX))
    return [
        f"REF-{ms}-{''.join(alphabet[chars])}" for ms, chars in zip(millis, suffix, strict=True)
    ]


def _write_off_rows(write_offs: pd.DataFrame, first_id: int, number_of: pd.Series) -> pd.DataFrame:
    """The app's write-off transactions: type REFUND, WO-00001, positive, COMPLETED."""
    return pd.DataFrame(
        {
            "id": np.arange(first_id, first_id + len(write_offs)),
            "transactionNumber": write_offs["number"].to_numpy(),
            "transactionType": "REFUND",
            "clientId": write_offs["client_id"].to_numpy(),
            "transactionDate": write_offs["at"].to_numpy(),
            "amount": write_offs["cents"].to_numpy() / 100.0,
            "transactionStatus": "COMPLETED",
            "notes": f"Bad debt write-off: {WRITE_OFF_REASON}",
            "metadata": [
                json.dumps(
                    {
                        "writeOffReason": WRITE_OFF_REASON,
                        "originalTransactionId": int(i),
                        "originalTransactionNumber": str(number_of[i]),
                        "writeOffType": "BAD_DEBT",
                    }
                )
                for i in write_offs["invoice_id"]
            ],
            "createdBy": write_offs["created_by"].to_numpy(),
            "createdAt": write_offs["at"].to_numpy(),
            "updatedAt": write_offs["at"].to_numpy(),
        }
    )


def build_transactions(
    params: SeedParams, invoices: pd.DataFrame, refunds: pd.DataFrame, write_offs: pd.DataFrame
) -> pd.DataFrame:
    """`transactions`: an INVOICE row per invoice (same id), then a REFUND row per cash refund."""
    n = len(invoices)
    invoice_rows = pd.DataFrame(
        {
            "id": invoices["id"].to_numpy(),
            "transactionNumber": invoices["invoiceNumber"].to_numpy(),
            "transactionType": "INVOICE",
            "clientId": invoices["customerId"].to_numpy(),
            "transactionDate": pd.to_datetime(invoices["createdAt"]).to_numpy(),
            "amount": invoices["totalAmount"].to_numpy(),
            "transactionStatus": np.where(
                invoices["id"].isin(write_offs["invoice_id"]),
                "WRITTEN_OFF",
                invoices["status"].map(TRANSACTION_STATUS_OF_INVOICE),
            ),
            "notes": invoices["notes"].to_numpy(),
            "metadata": [
                json.dumps({"invoiceId": int(i), "orderId": int(o)})
                for i, o in zip(invoices["id"], invoices["referenceId"], strict=True)
            ],
            "createdBy": invoices["createdBy"].to_numpy(),
            "createdAt": pd.to_datetime(invoices["createdAt"]).to_numpy(),
            "updatedAt": pd.to_datetime(invoices["updatedAt"]).to_numpy(),
        }
    )
    number_of_invoice = pd.Series(invoices["invoiceNumber"].to_numpy(), index=invoices["id"])
    refund_rows = pd.DataFrame(
        {
            "id": np.arange(n + 1, n + 1 + len(refunds)),
            "transactionNumber": _refund_numbers(params, refunds["at"]),
            "transactionType": "REFUND",
            "clientId": refunds["client_id"].to_numpy(),
            "transactionDate": refunds["at"].to_numpy(),
            "amount": -refunds["cents"].to_numpy() / 100.0,
            "transactionStatus": "COMPLETED",
            "notes": [
                f"Credit paid back by {p} on {number_of_invoice[i]}"
                for p, i in zip(refunds["payment_number"], refunds["invoice_id"], strict=True)
            ],
            "metadata": [
                json.dumps({"creditId": int(c), "paymentId": int(p)})
                for c, p in zip(refunds["credit_id"], refunds["payment_id"], strict=True)
            ],
            "createdBy": refunds["created_by"].to_numpy(),
            "createdAt": refunds["at"].to_numpy(),
            "updatedAt": refunds["at"].to_numpy(),
        }
    )
    write_off_rows = _write_off_rows(write_offs, n + 1 + len(refunds), number_of_invoice)
    return pd.concat([invoice_rows, refund_rows, write_off_rows], ignore_index=True)


def build_transactionLinks(
    refunds: pd.DataFrame, first_refund_id: int, write_offs: pd.DataFrame, invoices: pd.DataFrame
) -> pd.DataFrame:
    """`transactionLinks`: refunds REFUND_OF their invoice's row, write-offs RELATED_TO it.

    A refund's link carries the cash paid back; a write-off's what it wrote off, as the
    app's write-off links them.
    """
    number_of = pd.Series(invoices["invoiceNumber"].to_numpy(), index=invoices["id"])
    first_write_off = first_refund_id + len(refunds)
    written = pd.DataFrame(
        {
            "parentTransactionId": write_offs["invoice_id"].to_numpy(),
            "childTransactionId": np.arange(first_write_off, first_write_off + len(write_offs)),
            "transactionLinkType": "RELATED_TO",
            "linkAmount": write_offs["cents"].to_numpy() / 100.0,
            "notes": [f"Bad debt write-off for {number_of[i]}" for i in write_offs["invoice_id"]],
            "createdBy": write_offs["created_by"].to_numpy(),
            "createdAt": write_offs["at"].to_numpy(),
        }
    )
    links = pd.concat([_refund_links(refunds, first_refund_id), written], ignore_index=True)
    links.insert(0, "id", np.arange(1, len(links) + 1))
    return links


def _refund_links(refunds: pd.DataFrame, first_refund_id: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "parentTransactionId": refunds["invoice_id"].to_numpy(),
            "childTransactionId": np.arange(first_refund_id, first_refund_id + len(refunds)),
            "transactionLinkType": "REFUND_OF",
            "linkAmount": refunds["cents"].to_numpy() / 100.0,
            "notes": "Credit paid back to the buyer in cash",
            "createdBy": refunds["created_by"].to_numpy(),
            "createdAt": refunds["at"].to_numpy(),
        }
    )


def build_creditApplications(
    credit_use: pd.DataFrame,
    credits: pd.DataFrame,
    invoices: pd.DataFrame,
    refunds: pd.DataFrame,
    first_refund_id: int,
    as_of_end: pd.Timestamp,
) -> pd.DataFrame:
    """`creditApplications`: a credit applied to its invoice's row, and to each refund's row.

    What a credit settled on an open invoice is applied to the invoice's transaction when the
    credit is issued; what went back in cash is applied to the refund's transaction.
    """
    credit = credits.set_index("id")
    applied = credit_use[credit_use["applied"] > 0]
    invoice_id = invoices["id"].to_numpy()[applied["position"].to_numpy()]
    issued = pd.to_datetime(credit["createdAt"].reindex(applied["credit_id"])).to_numpy()
    on_invoice = pd.DataFrame(
        {
            "creditId": applied["credit_id"].to_numpy(),
            "invoiceId": invoice_id,
            "cents": applied["applied"].to_numpy(),
            "appliedDate": np.minimum(issued + APPLY_AFTER, np.datetime64(as_of_end, "ns")),
            "appliedBy": credit["createdBy"].reindex(applied["credit_id"]).to_numpy(),
            "notes": [
                f"Applied to {n}"
                for n in invoices["invoiceNumber"].to_numpy()[applied["position"].to_numpy()]
            ],
        }
    )
    in_cash = pd.DataFrame(
        {
            "creditId": refunds["credit_id"].to_numpy(),
            "invoiceId": np.arange(first_refund_id, first_refund_id + len(refunds)),
            "cents": refunds["cents"].to_numpy(),
            "appliedDate": refunds["at"].to_numpy(),
            "appliedBy": refunds["created_by"].to_numpy(),
            "notes": [f"Paid back in cash by {p}" for p in refunds["payment_number"]],
        }
    )
    rows = pd.concat([on_invoice, in_cash], ignore_index=True)
    rows = rows.sort_values(["appliedDate", "creditId"], kind="stable").reset_index(drop=True)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(rows) + 1),
            "creditId": rows["creditId"].to_numpy(),
            "invoiceId": rows["invoiceId"].to_numpy(),
            "amountApplied": rows["cents"].to_numpy() / 100.0,
            "appliedDate": pd.to_datetime(rows["appliedDate"]).to_numpy(),
            "notes": rows["notes"].to_numpy(),
            "appliedBy": rows["appliedBy"].astype(np.int64).to_numpy(),
            "idempotencyKey": [
                f"seed-credit-{c}-txn-{t}"
                for c, t in zip(rows["creditId"], rows["invoiceId"], strict=True)
            ],
            "createdAt": pd.to_datetime(rows["appliedDate"]).to_numpy(),
        }
    )
