"""What the customer programmes see of the business: buyers, their sales, payments and invitations.

Everything in the customer family is a consequence of these facts: VIP tiers follow spend,
achievements follow orders, the portal is offered to the buyers the business values most, and
the sessions, sheets and interest lists that led to orders are drawn from those orders.
"""

import dataclasses
import json
import math

import numpy as np
import pandas as pd

from terp_seed.generate.family import Tables
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams

FAMILY = "customer"
# Portal logins cost a bcrypt hash each; the business invites a bounded circle of buyers.
MAX_PORTAL_BUYERS = 40
# Share of the regular buyers, best spenders first, invited beside every whale.
REGULAR_INVITE_SHARE = 0.2
# A buyer is invited once it has proven itself with a few orders.
ORDERS_BEFORE_INVITE = 3


@dataclasses.dataclass(frozen=True)
class CustomerPlan:
    """The facts every customer table is built from.

    Attributes:
        params: The run's parameters.
        buyers: Buying clients (id, name, teri_code, created_at, whale).
        sales: Confirmed, uncancelled SALE orders in time order.
        lines: Their order lines, with the product of each batch.
        invoice_paid: Invoices with the moment each was paid in full (NaT if open).
        users: Staff users; `admin_id` is the first admin.
        batches: Batches with productId, list price and creation time.
        products: The catalogue.
        invited: Portal buyers (client_id, invited_at), best spenders first.
    """

    params: SeedParams
    buyers: pd.DataFrame
    sales: pd.DataFrame
    lines: pd.DataFrame
    invoice_paid: pd.DataFrame
    users: pd.DataFrame
    admin_id: int
    batches: pd.DataFrame
    products: pd.DataFrame
    invited: pd.DataFrame

    @property
    def as_of_end(self) -> pd.Timestamp:
        """The last second of the as-of day: the latest moment anything may be dated."""
        return pd.Timestamp(self.params.end) + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)

    @property
    def start(self) -> pd.Timestamp:
        """The first moment of the window."""
        return pd.Timestamp(self.params.start)


def rng(params: SeedParams, purpose: str) -> np.random.Generator:
    """The customer family's stream for one purpose."""
    return stream(params.seed, FAMILY, purpose)


def _buyers(clients: pd.DataFrame) -> pd.DataFrame:
    buyers = clients[clients["is_buyer"] == 1].copy()
    tags = buyers["tags"].map(lambda text: json.loads(text) if isinstance(text, str) else [])
    buyers["whale"] = tags.map(lambda values: "whale" in values)
    return buyers[["id", "name", "teri_code", "created_at", "whale"]].reset_index(drop=True)


def _sales(orders: pd.DataFrame) -> pd.DataFrame:
    sold = orders[
        (orders["orderType"] == "SALE")
        & (orders["is_draft"] == 0)
        & (orders["saleStatus"].fillna("") != "CANCELLED")
    ]
    columns = ["id", "client_id", "created_at", "created_by", "total", "total_margin"]
    return sold[columns].sort_values(["created_at", "id"]).reset_index(drop=True)


def _invoice_paid(tables: Tables) -> pd.DataFrame:
    """Each invoice's due date and the date its last allocation paid it off (NaT while open)."""
    invoices = tables["invoices"]
    allocations = tables["invoice_payments"].merge(
        tables["payments"][["id", "paymentDate"]], left_on="payment_id", right_on="id"
    )
    last_paid = allocations.groupby("invoice_id")["paymentDate"].max()
    paid = invoices[["id", "customerId", "dueDate", "amountDue", "status"]].copy()
    paid = paid[~paid["status"].isin(["VOID", "DRAFT"])]
    paid["due"] = pd.to_datetime(paid["dueDate"])
    paid["paid_on"] = pd.to_datetime(paid["id"].map(last_paid))
    paid.loc[paid["amountDue"] > 0.005, "paid_on"] = pd.NaT
    return paid[["id", "customerId", "due", "paid_on"]].reset_index(drop=True)


def _invited(params: SeedParams, buyers: pd.DataFrame, sales: pd.DataFrame) -> pd.DataFrame:
    """Whales and the best regulars, invited a day after their third order."""
    spend = sales.groupby("client_id")["total"].sum()
    ranked = buyers.assign(spend=buyers["id"].map(spend).fillna(0.0))
    ranked = ranked.sort_values(["whale", "spend", "id"], ascending=[False, False, True])
    regulars = int((~buyers["whale"]).sum())
    wanted = min(
        MAX_PORTAL_BUYERS, int(buyers["whale"].sum()) + math.ceil(REGULAR_INVITE_SHARE * regulars)
    )
    proven = sales.groupby("client_id")["created_at"].apply(
        lambda times: (
            times.iloc[ORDERS_BEFORE_INVITE - 1] if len(times) >= ORDERS_BEFORE_INVITE else pd.NaT
        )
    )
    ranked["proven_at"] = ranked["id"].map(proven)
    chosen = ranked[ranked["proven_at"].notna()].head(wanted).copy()
    draws = rng(params, "invitations")
    minutes = draws.integers(60 * 9, 60 * 17, size=len(chosen))
    day_after = chosen["proven_at"].dt.normalize() + pd.Timedelta(days=1)
    invited_at = day_after + pd.to_timedelta(minutes, unit="min")
    last = pd.Timestamp(params.end) + pd.Timedelta(hours=8)
    chosen["invited_at"] = invited_at.where(invited_at <= last, last)
    chosen = chosen[chosen["invited_at"] > chosen["proven_at"]]
    return (
        chosen[["id", "name", "teri_code", "whale", "invited_at"]]
        .rename(columns={"id": "client_id"})
        .reset_index(drop=True)
    )


def plan(params: SeedParams, tables: Tables) -> CustomerPlan:
    """Read the business already seeded into the facts the customer programmes follow."""
    buyers = _buyers(tables["clients"])
    sales = _sales(tables["orders"])
    batches = tables["batches"][["id", "productId", "createdAt", "onHandQty", "metadata"]].copy()
    batches["list_price"] = batches["metadata"].map(
        lambda text: float(json.loads(text).get("listPrice", 0.0)) if isinstance(text, str) else 0.0
    )
    products = tables["products"][["id", "nameCanonical", "category", "subcategory"]]
    lines = tables["order_line_items"][
        [
            "id",
            "order_id",
            "batch_id",
            "product_display_name",
            "quantity",
            "unit_price",
            "is_sample",
        ]
    ].merge(batches[["id", "productId", "list_price"]].rename(columns={"id": "batch_id"}))
    lines = (
        lines.merge(products.rename(columns={"id": "productId"}), on="productId", how="left")
        .sort_values("id")
        .reset_index(drop=True)
    )
    users = tables["users"][["id", "name", "role"]].reset_index(drop=True)
    admins = users[users["role"] == "admin"]
    admin_id = int((admins if len(admins) else users)["id"].iloc[0])
    return CustomerPlan(
        params=params,
        buyers=buyers,
        sales=sales,
        lines=lines,
        invoice_paid=_invoice_paid(tables),
        users=users,
        admin_id=admin_id,
        batches=batches.drop(columns=["metadata"]),
        products=products,
        invited=_invited(params, buyers, sales),
    )


def month_ends(plan_: CustomerPlan) -> list[pd.Timestamp]:
    """The last second of every month in the window, the as-of day closing the last one."""
    months = pd.period_range(plan_.params.start, plan_.params.end, freq="M")
    ends = [period.end_time.floor("s") for period in months]
    ends[-1] = plan_.as_of_end
    return ends
