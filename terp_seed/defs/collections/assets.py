from collections.abc import Mapping

from terp_seed.defs.family import family_asset, money
from terp_seed.generate.family import Frames, Tables
from terp_seed.params import SeedParams


def _figures(frames: Frames, tables: Tables, params: SeedParams) -> Mapping[str, object]:
    receipts = frames["receipts"]
    kinds = frames["payable_notifications"]["notification_type"].value_counts()
    disputes = frames["invoice_disputes"]["dispute_status"].value_counts()
    plans = frames["installment_plans"]
    return {
        "receipts issued": len(receipts),
        **money("received on receipts", float(receipts["transaction_amount"].sum())),
        "credit limits audited": len(frames["credit_audit_log"]),
        "payable due notices": int(kinds.get("PAYABLE_DUE", 0)),
        "payable overdue notices": int(kinds.get("OVERDUE", 0)),
        "disputes settled by a credit": int(disputes.get("RESOLVED", 0)),
        "disputes rejected": int(disputes.get("REJECTED", 0)),
        "disputes still standing": int(
            disputes.drop(["RESOLVED", "REJECTED"], errors="ignore").sum()
        ),
        "payment plans active": int((plans["status"] == "ACTIVE").sum()),
        "payment plans defaulted": int((plans["status"] == "DEFAULTED").sum()),
        **money("still owed on payment plans", float(plans["remaining_balance"].sum())),
        "client-ledger credit adjustments": len(frames["client_ledger_adjustments"]),
    }


collections = family_asset("collections", _figures)
