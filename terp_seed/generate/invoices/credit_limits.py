"""Build the credit engine's state at as-of: `client_credit_limits`, its signals and settings.

TERP's credit engine (server/creditEngine.ts) scores six signals from `client_transactions`
and the buyer's totals, weighs them into a health score, and derives a limit from the buyer's
revenue and margin. This is that computation, run once at as-of, as the app runs it whenever a
buyer's stats change. This business sets its buyers' limits by hand (`creditLimitSource`
MANUAL, which the engine's recalculation skips and `setManualCreditLimit` writes into the
row), so a buyer's row keeps its manual limit, and the engine's own figure is kept in the
signal history's metadata; exposure is what the buyer owes and utilisation is measured
against the limit the buyer actually has.
"""

import json

import numpy as np
import pandas as pd

# credit_system_settings as the app creates it on first use (its column defaults).
SETTINGS = {
    "revenue_momentum_weight": 20,
    "cash_collection_weight": 25,
    "profitability_weight": 20,
    "debt_aging_weight": 15,
    "repayment_velocity_weight": 10,
    "tenure_weight": 10,
    "learning_mode_threshold": 3,
    "min_invoices_for_activation": 15,
    "directional_sensitivity": 0.1,
    "revenue_multiplier": 2.0,
    "margin_multiplier": 2.5,
    "global_min_limit": 1000.0,
    "global_max_limit": 1_000_000.0,
}
SIGNALS = (
    ("revenue_momentum", "revenue_momentum_weight", "revenue_momentum_trend"),
    ("cash_collection_strength", "cash_collection_weight", "cash_collection_trend"),
    ("profitability_quality", "profitability_weight", "profitability_trend"),
    ("debt_aging_risk", "debt_aging_weight", "debt_aging_trend"),
    ("repayment_velocity", "repayment_velocity_weight", "repayment_velocity_trend"),
    ("tenure_depth", "tenure_weight", None),
)
# utilization_percent is DECIMAL(5,2).
MAX_UTILIZATION = 999.99


def _js_round(values: np.ndarray) -> np.ndarray:
    """JavaScript's Math.round: halves go up."""
    return np.floor(np.asarray(values, dtype=float) + 0.5)


def _months_back(now: pd.Timestamp, months: int) -> pd.Timestamp:
    """The first day of the month `months` before now's (the engine's window starts)."""
    return (now.normalize().replace(day=1) - pd.DateOffset(months=months)).normalize()


def _trend(up: np.ndarray, down: np.ndarray) -> np.ndarray:
    return np.where(up, 1, np.where(down, -1, 0))


def _revenue_momentum(ledger: pd.DataFrame, ids: np.ndarray, now: pd.Timestamp) -> tuple:
    sales = ledger[ledger["transaction_type"].isin(["INVOICE", "ORDER"])]
    day = pd.to_datetime(sales["transaction_date"])
    by = sales["client_id"]
    recent = sales["amount"][day >= _months_back(now, 3)].groupby(by).sum()
    year = sales["amount"][day >= _months_back(now, 12)].groupby(by).sum()
    r3 = recent.reindex(ids, fill_value=0.0).to_numpy() / 3
    r12 = year.reindex(ids, fill_value=0.0).to_numpy() / 12
    growth = np.where(r12 > 0, (r3 - r12) / np.where(r12 > 0, r12, 1) * 100, 0.0)
    score = np.where(r12 > 0, _js_round(50 + np.clip(growth, -50, 50)), 50)
    return score, np.where(r12 > 0, _trend(growth > 5, growth < -5), 0)


def _cash_collection(ledger: pd.DataFrame, ids: np.ndarray, now: pd.Timestamp) -> tuple:
    paid = ledger[
        (ledger["payment_status"] == "PAID")
        & (pd.to_datetime(ledger["transaction_date"]) >= _months_back(now, 6))
    ]
    scores, trends = [], []
    groups = dict(tuple(paid.sort_values("id").groupby("client_id")))
    for client in ids:
        rows = groups.get(client)
        if rows is None or rows.empty:
            scores.append(50)
            trends.append(0)
            continue
        paid_on = pd.to_datetime(rows["payment_date"])
        lag = (paid_on - pd.to_datetime(rows["transaction_date"])).dt.days
        known = paid_on.notna().to_numpy()
        avg = lag[known].mean() if known.any() else 30.0
        scores.append(int(_js_round(max(0.0, min(100.0, 100 - avg / 60 * 100)))))
        # The engine halves the rows as the database returns them (oldest first).
        mid = len(rows) // 2
        first, second = lag.iloc[:mid], lag.iloc[mid:]
        first_avg = first.fillna(0).sum() / len(first) if len(first) else avg
        second_avg = second.fillna(0).sum() / len(second) if len(second) else avg
        trends.append(1 if first_avg < second_avg - 3 else -1 if first_avg > second_avg + 3 else 0)
    return np.array(scores), np.array(trends)


def _repayment_velocity(ledger: pd.DataFrame, ids: np.ndarray, now: pd.Timestamp) -> tuple:
    since = _months_back(now, 3)
    paid = ledger[
        (ledger["payment_status"] == "PAID") & (pd.to_datetime(ledger["payment_date"]) >= since)
    ]
    invoiced = ledger[
        (ledger["transaction_type"] == "INVOICE")
        & (pd.to_datetime(ledger["transaction_date"]) >= since)
    ]
    repaid = paid.groupby("client_id")["payment_amount"].sum().reindex(ids, fill_value=0.0)
    new_ar = invoiced.groupby("client_id")["amount"].sum().reindex(ids, fill_value=0.0)
    has_ar = new_ar.to_numpy() > 0
    ratio = repaid.to_numpy() / np.where(has_ar, new_ar.to_numpy(), 1)
    score = np.where(has_ar, _js_round(np.minimum(100, ratio * 100)), 100)
    return score, np.where(has_ar, _trend(ratio > 1.1, ratio < 0.9), 0)


def credit_signals(buyers: pd.DataFrame, ledger: pd.DataFrame, now: pd.Timestamp) -> pd.DataFrame:
    """The six signals (0-100) and their trends (-1, 0, 1) per buyer, as the engine scores them."""
    ids = buyers["id"].astype(int).to_numpy()
    margin = buyers["avg_profit_margin"].astype(float).to_numpy()
    owed = buyers["total_owed"].astype(float).to_numpy()
    oldest = buyers["oldest_debt_days"].astype(float).to_numpy()
    months = ((now - pd.to_datetime(buyers["created_at"])).dt.days // 30).to_numpy()
    invoices = (
        ledger[ledger["transaction_type"] == "INVOICE"]
        .groupby("client_id")
        .size()
        .reindex(ids, fill_value=0)
        .to_numpy()
    )
    frame = pd.DataFrame({"client_id": ids, "months_active": months, "invoices": invoices})
    frame["revenue_momentum"], frame["revenue_momentum_trend"] = _revenue_momentum(ledger, ids, now)
    frame["cash_collection_strength"], frame["cash_collection_trend"] = _cash_collection(
        ledger, ids, now
    )
    frame["profitability_quality"] = _js_round(np.minimum(100, margin / 50 * 100))
    frame["profitability_trend"] = _trend(margin > 20, margin < 5)
    frame["debt_aging_risk"] = np.where(
        owed == 0, 100, _js_round(np.clip(100 - oldest / 90 * 100, 0, 100))
    )
    frame["debt_aging_trend"] = np.where(owed == 0, 0, _trend(oldest < 30, oldest > 60))
    frame["repayment_velocity"], frame["repayment_velocity_trend"] = _repayment_velocity(
        ledger, ids, now
    )
    tenure = (np.minimum(100, months / 12 * 100) + np.minimum(100, invoices / 15 * 100)) / 2
    frame["tenure_depth"] = _js_round(tenure)
    return frame


def credit_limits(buyers: pd.DataFrame, signals: pd.DataFrame) -> pd.DataFrame:
    """The engine's result per buyer: health, capacity, modifiers, mode, confidence, trend."""
    health = sum(signals[name].to_numpy() * SETTINGS[weight] for name, weight, _ in SIGNALS) / 100
    spent = buyers["total_spent"].astype(float).to_numpy()
    margin = buyers["avg_profit_margin"].astype(float).to_numpy() / 100
    monthly = spent / 12
    base = np.minimum(2 * monthly, monthly * margin * 2.5)
    trends = np.column_stack([signals[t].to_numpy() for _, _, t in SIGNALS if t])
    avg_trend = trends.mean(axis=1)
    directional = 1 + avg_trend * SETTINGS["directional_sensitivity"]
    calculated = np.clip(
        base * (health / 100) * directional,
        SETTINGS["global_min_limit"],
        SETTINGS["global_max_limit"],
    )
    invoices = signals["invoices"].to_numpy()
    active = (signals["months_active"].to_numpy() >= SETTINGS["learning_mode_threshold"]) & (
        invoices >= SETTINGS["min_invoices_for_activation"]
    )
    readiness = np.minimum(100, invoices / SETTINGS["min_invoices_for_activation"] * 100)
    return pd.DataFrame(
        {
            "client_id": signals["client_id"].to_numpy(),
            "calculated_limit": np.round(calculated, 2),
            "credit_health_score": np.round(health, 2),
            "base_capacity": np.round(base, 2),
            "risk_modifier": np.round(health / 100, 4),
            "directional_factor": np.round(directional, 4),
            "mode": np.where(active, "ACTIVE", "LEARNING"),
            "confidence_score": np.round(np.where(active, readiness, readiness * 0.7), 2),
            "data_readiness": np.round(readiness, 2),
            "trend": np.where(
                avg_trend > 0.3, "IMPROVING", np.where(avg_trend < -0.3, "WORSENING", "STABLE")
            ),
        }
    )


def build_client_credit_limits(
    limits: pd.DataFrame, buyers: pd.DataFrame, result: pd.DataFrame, now: pd.Timestamp
) -> pd.DataFrame:
    """`client_credit_limits` at as-of: the engine's scores, the buyer's limit and exposure."""
    out = limits.copy()
    by_client = result.set_index("client_id").reindex(out["client_id"].astype(int))
    buyer = buyers.set_index(buyers["id"].astype(int)).reindex(out["client_id"].astype(int))
    limit = buyer["credit_limit"].astype(float).to_numpy()
    exposure = buyer["total_owed"].astype(float).to_numpy()
    utilization = np.where(limit > 0.01, exposure / np.where(limit > 0.01, limit, 1) * 100, 0.0)
    out["credit_limit"] = limit
    out["current_exposure"] = exposure
    out["utilization_percent"] = np.minimum(np.round(utilization, 2), MAX_UTILIZATION)
    for column in (
        "credit_health_score",
        "base_capacity",
        "risk_modifier",
        "directional_factor",
        "mode",
        "confidence_score",
        "data_readiness",
        "trend",
    ):
        out[column] = by_client[column].to_numpy()
    out["last_calculated"] = now
    out["updated_at"] = now
    return out


def build_credit_signal_history(
    signals: pd.DataFrame, result: pd.DataFrame, now: pd.Timestamp
) -> pd.DataFrame:
    """`credit_signal_history`: the as-of calculation's signals per buyer, with its figures."""
    columns = {name: signals[name].astype(float).to_numpy() for name, _, _ in SIGNALS}
    trends = {t: signals[t].astype(int).to_numpy() for _, _, t in SIGNALS if t}
    metadata = [
        json.dumps(
            {
                "calculatedLimit": float(limit),
                "limitSource": "MANUAL",
                "monthsActive": int(months),
                "invoiceCount": int(count),
            }
        )
        for limit, months, count in zip(
            result["calculated_limit"], signals["months_active"], signals["invoices"], strict=True
        )
    ]
    return pd.DataFrame(
        {
            "id": np.arange(1, len(signals) + 1),
            "client_id": signals["client_id"].to_numpy(),
            **columns,
            **trends,
            "calculation_metadata": metadata,
            "calculated_at": now,
        }
    )


def build_credit_system_settings(created: pd.Timestamp) -> pd.DataFrame:
    """`credit_system_settings`: the one row the engine creates with its defaults on first use."""
    return pd.DataFrame([{"id": 1, **SETTINGS, "deleted_at": None, "updated_by": None}]).assign(
        created_at=created, updated_at=created
    )
