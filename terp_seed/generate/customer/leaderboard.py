"""Leaderboards recomputed at each month's end from the buyers' real orders and payments."""

import json

import numpy as np
import pandas as pd

from terp_seed.generate.customer.plan import CustomerPlan, month_ends
from terp_seed.generate.customer.vip import on_time_rates
from terp_seed.terp.customer import CUSTOMER_WEIGHTS, DEFAULT_WEIGHTS, VIP_TIERS

# TERP's order frequency counts the last 90 days.
FREQUENCY_DAYS = 90


def build_leaderboard_default_weights(plan: CustomerPlan) -> pd.DataFrame:
    """TERP's default weights per client type, saved by an admin when the window opened."""
    opened = plan.start + pd.Timedelta(hours=8)
    return pd.DataFrame(
        [
            {
                "id": position + 1,
                "client_type": client_type,
                "weights": json.dumps(weights),
                "updated_by": plan.admin_id,
                "created_at": opened,
                "updated_at": opened,
            }
            for position, (client_type, weights) in enumerate(DEFAULT_WEIGHTS.items())
        ]
    )


def metrics_at(plan: CustomerPlan, moment: pd.Timestamp) -> pd.DataFrame:
    """Each buyer's leaderboard metrics at `moment`, for buyers who had bought by then."""
    sales = plan.sales[plan.sales["created_at"] <= moment]
    if sales.empty:
        return pd.DataFrame()
    by_client = sales.groupby("client_id")
    this_year = sales[sales["created_at"].dt.year == moment.year].groupby("client_id")["total"]
    last_year = (
        sales[
            (sales["created_at"].dt.year == moment.year - 1)
            & (sales["created_at"] <= moment - pd.DateOffset(years=1))
        ]
        .groupby("client_id")["total"]
        .sum()
    )
    recent = sales[sales["created_at"] > moment - pd.Timedelta(days=FREQUENCY_DAYS)]
    metrics = pd.DataFrame(index=by_client.size().index)
    metrics["ytd_revenue"] = this_year.sum().reindex(metrics.index).fillna(0.0)
    metrics["order_frequency"] = recent.groupby("client_id").size().reindex(metrics.index).fillna(0)
    metrics["profit_margin"] = 100 * by_client["total_margin"].sum() / by_client["total"].sum()
    metrics["recency"] = (moment - by_client["created_at"].max()).dt.days
    metrics["on_time_payment_rate"] = on_time_rates(plan, moment).reindex(metrics.index)
    prior = last_year.reindex(metrics.index)
    metrics["yoy_growth"] = 100 * (metrics["ytd_revenue"] - prior) / prior.where(prior > 0)
    return metrics


def _percentiles(metrics: pd.DataFrame) -> pd.DataFrame:
    """0-100 per metric, best = 100; recency is better when lower; a missing metric scores 50."""
    scored = metrics.rank(pct=True) * 100
    scored["recency"] = 100 - scored["recency"] + 100 / max(len(metrics), 1)
    return scored.fillna(50.0)


def build_leaderboard_rank_history(plan: CustomerPlan) -> pd.DataFrame:
    """A monthly snapshot of every buyer's master score and its category ranks.

    Credit utilisation has no history to replay, so the score weighs the other metrics.
    """
    weights = {k: v for k, v in CUSTOMER_WEIGHTS.items() if k != "credit_utilization"}
    frames = []
    for moment in month_ends(plan):
        metrics = metrics_at(plan, moment)
        if metrics.empty:
            continue
        scored = _percentiles(metrics)
        score = sum(scored[k] * w for k, w in weights.items()) / sum(weights.values())
        rank = lambda values: values.rank(ascending=False, method="min").astype("Int64")  # noqa: E731
        frames.append(
            pd.DataFrame(
                {
                    "client_id": metrics.index,
                    "snapshot_date": moment.date(),
                    "master_rank": rank(score).to_numpy(),
                    "master_score": score.round(4).to_numpy(),
                    "financial_rank": rank(metrics["ytd_revenue"]).to_numpy(),
                    "engagement_rank": rank(metrics["order_frequency"]).to_numpy(),
                    "reliability_rank": rank(metrics["on_time_payment_rate"]).to_numpy(),
                    "growth_rank": rank(metrics["yoy_growth"]).to_numpy(),
                    "total_clients": len(metrics),
                    "created_at": moment,
                }
            )
        )
    history = pd.concat(frames, ignore_index=True)
    history.insert(0, "id", np.arange(1, len(history) + 1))
    ranks = ["master_rank", "financial_rank", "engagement_rank", "reliability_rank", "growth_rank"]
    return history.astype(dict.fromkeys(ranks, "Int64"))


def build_vip_leaderboard_snapshots(plan: CustomerPlan, timeline: pd.DataFrame) -> pd.DataFrame:
    """Monthly spend and order-count boards, each buyer shown by its tier and rank."""
    display = {position + 1: tier.display_name for position, tier in enumerate(VIP_TIERS)}
    tier_at = timeline.set_index(["moment", "client_id"])["tier_id"]
    sales = plan.sales.assign(month=plan.sales["created_at"].dt.to_period("M"))
    frames, previous = [], {}
    for moment in month_ends(plan):
        month = sales[sales["month"] == moment.to_period("M")].groupby("client_id")
        for board, values in (
            ("TOTAL_SPENT", month["total"].sum()),
            ("ORDER_COUNT", month.size().astype(float)),
        ):
            if values.empty:
                continue
            rank = values.rank(ascending=False, method="first").astype(int)
            count = len(values)
            before = pd.Series(previous.get(board, {}), dtype="Int64").reindex(values.index)
            tiers = [display.get(tier_at.get((moment, c)), "Bronze") for c in values.index]
            frames.append(
                pd.DataFrame(
                    {
                        "leaderboard_period": "MONTHLY",
                        "period_start_date": moment.to_period("M").start_time.date(),
                        "period_end_date": moment.date(),
                        "leaderboard_type": board,
                        "client_id": values.index,
                        "anonymized_name": [
                            f"{t} Member #{r}" for t, r in zip(tiers, rank, strict=True)
                        ],
                        "rank": rank.to_numpy(),
                        "previous_rank": before.to_numpy(),
                        "rank_change": (before - rank).to_numpy(),
                        "score": values.round(2).to_numpy(),
                        "percentile": (100 * (count - rank + 1) / count).round(2).to_numpy(),
                        "snapshot_taken_at": moment,
                    }
                )
            )
            previous[board] = rank.to_dict()
    snapshots = pd.concat(frames, ignore_index=True)
    snapshots.insert(0, "id", np.arange(1, len(snapshots) + 1))
    return snapshots.astype({"previous_rank": "Int64", "rank_change": "Int64"})
