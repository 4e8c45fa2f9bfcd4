from collections.abc import Mapping

from terp_seed.defs.family import bar_chart, family_asset, money, share
from terp_seed.generate import clients as clients_family
from terp_seed.generate.family import Frames, Tables
from terp_seed.params import SeedParams


def _figures(frames: Frames, tables: Tables, params: SeedParams) -> Mapping[str, object]:
    sales = frames["orders"]
    sales = sales[
        (sales["orderType"] == "SALE")
        & (sales["is_draft"] == 0)
        & (sales["fulfillmentStatus"] != "CANCELLED")
    ]
    by_month = sales.groupby(sales["created_at"].dt.strftime("%Y-%m"))["total"].sum()
    whales = clients_family.buyer_tags(tables["clients"])
    whale_ids = whales.loc[whales["is_whale"], "client_id"]
    whale_share = float(sales.loc[sales["client_id"].isin(whale_ids), "total"].sum()) / max(
        float(sales["total"].sum()), 1.0
    )
    return {
        **money("sales total", float(sales["total"].sum())),
        **share("whale share of sales", whale_share),
        # By the month the order was placed; the P&L books revenue when it ships and is
        # invoiced, so a month's figure here can differ from that month's revenue.
        "sales by month placed": bar_chart(by_month, "month", "sales ($)"),
    }


orders = family_asset("orders", _figures)
