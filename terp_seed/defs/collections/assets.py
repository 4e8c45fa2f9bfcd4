from collections.abc import Mapping

from terp_seed.defs.family import family_asset, money
from terp_seed.generate.family import Frames, Tables
from terp_seed.params import SeedParams


def _figures(frames: Frames, tables: Tables, params: SeedParams) -> Mapping[str, object]:
    receipts = frames["receipts"]
    notices = frames["payable_notifications"]
    kinds = notices["notification_type"].value_counts()
    return {
        "receipts issued": len(receipts),
        **money("received on receipts", float(receipts["transaction_amount"].sum())),
        "credit limits audited": len(frames["credit_audit_log"]),
        "payable due notices": int(kinds.get("PAYABLE_DUE", 0)),
        "payable overdue notices": int(kinds.get("OVERDUE", 0)),
    }


collections = family_asset("collections", _figures)
