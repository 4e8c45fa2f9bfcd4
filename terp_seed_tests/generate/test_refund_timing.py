"""A cash refund is sent after the credit it pays back, even on the as-of day itself."""

import datetime as dt

import numpy as np
import pandas as pd

from terp_seed.generate.invoices.payments import REFUND_AFTER_CREDIT, refunds_after_their_credits

AS_OF = pd.Timestamp("2026-11-30")


def _case(refund_at: str, credit_at: str) -> pd.DataFrame:
    payments = pd.DataFrame(
        {
            "id": [1, 2],
            "paymentType": ["RECEIVED", "SENT"],
            "paymentDate": [dt.date(2026, 11, 30), dt.date(2026, 11, 30)],
            "customerId": [12, 12],
            "createdAt": [pd.Timestamp("2026-11-30 09:05"), pd.Timestamp(refund_at)],
            "updatedAt": [pd.Timestamp("2026-11-30 09:05"), pd.Timestamp(refund_at)],
        }
    )
    credit_use = pd.DataFrame(
        {"credit_id": [240], "position": [0], "cash": [35_254], "refund_day": [AS_OF]}
    )
    credits = pd.DataFrame({"id": [240], "createdAt": [pd.Timestamp(credit_at)]})
    return refunds_after_their_credits(payments, credit_use, credits, np.array([12]))


def test_a_refund_stamped_before_its_credit_moves_after_it():
    moved = _case("2026-11-30 13:12", "2026-11-30 14:15")
    refund = moved.loc[moved["paymentType"] == "SENT"].iloc[0]
    assert refund["createdAt"] == pd.Timestamp("2026-11-30 14:15") + REFUND_AFTER_CREDIT, refund
    assert refund["updatedAt"] == refund["createdAt"]


def test_a_refund_already_after_its_credit_and_receipts_stay_as_they_were():
    kept = _case("2026-11-30 16:40", "2026-11-30 14:15")
    assert list(kept["createdAt"]) == [
        pd.Timestamp("2026-11-30 09:05"),
        pd.Timestamp("2026-11-30 16:40"),
    ]


def test_a_late_credit_is_refunded_before_the_day_ends():
    moved = _case("2026-11-30 10:00", "2026-11-30 23:50")
    refund_at = moved.loc[moved["paymentType"] == "SENT", "createdAt"].iloc[0]
    assert refund_at == pd.Timestamp("2026-11-30 23:59"), refund_at
