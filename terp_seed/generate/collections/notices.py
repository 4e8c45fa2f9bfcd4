"""`credit_audit_log` and `payable_notifications`: what the app logged as limits and payables moved.

Credit: this business sets every buyer's limit by hand when it opens the account, through
TERP's setManualCreditLimit, which logs a MANUAL_OVERRIDE from the old limit (none yet) to the
new one. The credit engine's own as-of calculation skips manual limits, so it logs nothing.

Payables: when a consigned batch sells out its payable falls DUE; once the grace period has
passed, accounting is told (PAYABLE_DUE), unless the supplier was paid first. The daily job
then flags a payable still unpaid after its due date (OVERDUE), the morning after.
"""

import numpy as np
import pandas as pd

from terp_seed.terp.collections import (
    MANUAL_OVERRIDE,
    PAYABLE_DUE,
    PAYABLE_NOTICE_ROLE,
    PAYABLE_OVERDUE,
    payable_due_message,
    payable_due_subject,
    payable_overdue_message,
    payable_overdue_subject,
)

# The daily overdue job runs early in the morning.
OVERDUE_JOB_HOUR = 7


def build_credit_audit_log(clients: pd.DataFrame, owner: int) -> pd.DataFrame:
    """`credit_audit_log`: the manual limit each buyer was given when its account was opened.

    Args:
        clients: The clients table (credit_limit, credit_limit_updated_at, creditLimitSource).
        owner: The owner who sets limits.

    Returns:
        One MANUAL_OVERRIDE row per buyer whose limit was set by hand.
    """
    manual = clients[
        (clients["creditLimitSource"] == "MANUAL") & clients["credit_limit_updated_at"].notna()
    ].sort_values(["credit_limit_updated_at", "id"], kind="stable")
    return pd.DataFrame(
        {
            "id": np.arange(1, len(manual) + 1),
            "client_id": manual["id"].astype(int).to_numpy(),
            "event_type": MANUAL_OVERRIDE,
            # A new account has no limit yet; the app then logs a change of 0%.
            "old_value": 0.0,
            "new_value": manual["credit_limit"].astype(float).to_numpy(),
            "change_percent": 0.0,
            "reason": "Limit set by the owners when the account was opened",
            "metadata": None,
            "triggered_by": owner,
            "created_at": pd.to_datetime(manual["credit_limit_updated_at"]).to_numpy(),
        }
    )


def _payable_facts(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Each payable with its batch's SKU, its supplier's name and its dates as timestamps."""
    payables = tables["vendor_payables"].copy()
    skus = tables["batches"].set_index(tables["batches"]["id"].astype(int))["sku"]
    names = tables["clients"].set_index(tables["clients"]["id"].astype(int))["name"]
    payables["sku"] = skus.reindex(payables["batch_id"].astype(int)).to_numpy()
    payables["vendor"] = names.reindex(payables["vendor_client_id"].astype(int)).to_numpy()
    payables["zero_at"] = pd.to_datetime(payables["inventory_zero_at"])
    payables["due"] = pd.to_datetime(payables["due_date"])
    payables["paid"] = pd.to_datetime(payables["paid_date"])
    return payables


def _notices(rows: pd.DataFrame, kind: str, subjects, messages, sent) -> pd.DataFrame:
    """One kind of notice for each of `rows` (payables), with its words and sending time."""
    return pd.DataFrame(
        {
            "payable_id": rows["id"].astype(int).to_numpy(),
            "notification_type": kind,
            "subject": list(subjects),
            "message": list(messages),
            "sent_at": np.asarray(sent),
        }
    )


def build_payable_notifications(
    tables: dict[str, pd.DataFrame], as_of: pd.Timestamp
) -> pd.DataFrame:
    """`payable_notifications`: PAYABLE_DUE and OVERDUE notices for consignment payables.

    Args:
        tables: vendor_payables, batches, clients.
        as_of: The seed's now; nothing is sent after it.

    Returns:
        The notices, oldest first.
    """
    payables = _payable_facts(tables)
    due_at = payables["zero_at"] + pd.to_timedelta(payables["grace_period_hours"], unit="h")
    # Told only if still unpaid on the day the grace period ran out.
    told = due_at.notna() & (due_at <= as_of) & ~(payables["paid"] < due_at.dt.normalize())
    overdue_at = payables["due"] + pd.Timedelta(days=1, hours=OVERDUE_JOB_HOUR)
    late = (
        payables["due"].notna()
        & (overdue_at <= as_of)
        & ~(payables["paid"] < overdue_at.dt.normalize())
    )
    due_rows, late_rows = payables[told.to_numpy()], payables[late.to_numpy()]
    due = _notices(
        due_rows,
        PAYABLE_DUE,
        map(payable_due_subject, due_rows["payable_number"], due_rows["sku"]),
        map(payable_due_message, due_rows["total_amount"], due_rows["vendor"], due_rows["sku"]),
        due_at[told.to_numpy()].to_numpy(),
    )
    overdue = _notices(
        late_rows,
        PAYABLE_OVERDUE,
        map(payable_overdue_subject, late_rows["payable_number"]),
        map(
            payable_overdue_message,
            late_rows["total_amount"],
            late_rows["vendor"],
            late_rows["due"].dt.strftime("%Y-%m-%d"),
        ),
        overdue_at[late.to_numpy()].to_numpy(),
    )
    notices = pd.concat([due, overdue], ignore_index=True).sort_values(
        ["sent_at", "payable_id"], kind="stable", ignore_index=True
    )
    notices.insert(0, "id", np.arange(1, len(notices) + 1))
    notices["deleted_at"] = pd.NaT
    notices["sent_to_user_id"] = None
    notices["sent_to_role"] = PAYABLE_NOTICE_ROLE
    notices["read_at"] = pd.NaT
    notices["acknowledged_by"] = None
    notices["acknowledged_at"] = pd.NaT
    return notices
