from collections.abc import Mapping

import dagster as dg

from terp_seed.defs.family import bar_chart, family_asset
from terp_seed.generate.family import Frames, Tables
from terp_seed.params import SeedParams
from terp_seed.rules.core import markdown_table


def _figures(frames: Frames, tables: Tables, params: SeedParams) -> Mapping[str, object]:
    tiers = frames["vip_tiers"].set_index("id")["display_name"]
    status = frames["client_vip_status"]
    by_tier = status.groupby(status["current_tier_id"].map(tiers)).agg(
        buyers=("client_id", "size"), ytd_spend=("ytd_spend", "sum")
    )
    by_tier = by_tier.reindex(tiers.to_numpy()).fillna(0).reset_index(names="tier")
    by_tier["buyers"] = by_tier["buyers"].astype(int)
    ledger = frames["points_ledger"]
    sessions = frames["liveShoppingSessions"]
    return {
        "portal buyers invited": len(frames["vip_portal_auth"]),
        "VIP tiers (buyers, YTD spend)": dg.MetadataValue.md(
            markdown_table(by_tier.round(2).to_dict("records"))
        ),
        "YTD spend by tier": bar_chart(by_tier.set_index("tier")["ytd_spend"], "tier", "YTD spend"),
        "points earned": int(ledger.loc[ledger["points"] > 0, "points"].sum()),
        "points redeemed": int(-ledger.loc[ledger["points"] < 0, "points"].sum()),
        "referrals converted": len(frames["referral_tracking"]),
        "live sessions converted": int((sessions["status"] == "CONVERTED").sum()),
        "portal interest lists": len(frames["client_interest_lists"]),
        "sales sheets sent": len(frames["sales_sheet_history"]),
    }


customer = family_asset("customer", _figures)
