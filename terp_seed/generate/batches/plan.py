"""What the procure side decides before any table is written: what arrives, when, on what terms.

Stock is bought ahead of demand: for every product and month the family receives what that
month is expected to sell plus a safety margin that grows with demand (so more arrives before
Q4). Deliveries are grouped per supplier and week; every random decision about a batch
(cost, checks, holds, grade) is drawn here, once, so the table builders are pure.
"""

import dataclasses
import itertools

import numpy as np
import pandas as pd

from terp_seed.calibration import monthly_targets
from terp_seed.generate import catalog
from terp_seed.params import SeedParams
from terp_seed.terp.catalog import CLASS_BY_KEY, SALES_CLASSES

STREAMS = "batches"  # the family key of this module's random streams

# Stock ordered on top of a month's expected sales, as a share of the month-on-month rise in
# demand (plus the whole margin on the opening delivery).
SAFETY_MARGIN = 0.4
# Share of batches that fail or await a check at as-of (ON_HOLD / QUARANTINED), never sold.
HELD_BATCH_SHARE = 0.01
# Supplier terms (vendors.paymentTerms free text) mapped to the enum TERP stores on batches.
OWNED_TERMS = {"NET_30": ("NET_30", 30), "NET_15": ("NET_15", 15)}
DEFAULT_OWNED_TERMS = ("NET_30", 30)
# Days a receipt is kept clear of the as-of date, so every batch finishes its workflow.
RECEIPT_CUTOFF_DAYS = 3


def class_value_shares(params: SeedParams) -> dict[str, float]:
    """Share of sales value per sales class, with flower holding `flower_share` (R6)."""
    flower_total = sum(c.value_share for c in SALES_CLASSES if c.is_flower)
    other_total = sum(c.value_share for c in SALES_CLASSES if not c.is_flower)
    return {
        c.key: c.value_share / flower_total * params.flower_share
        if c.is_flower
        else c.value_share / other_total * (1.0 - params.flower_share)
        for c in SALES_CLASSES
    }


def workflow_ids(workflow_statuses: pd.DataFrame) -> dict[str, int]:
    """Workflow status id by slug ("intake-queue", "ready-for-sale", "on-hold", ...)."""
    return dict(zip(workflow_statuses["slug"], workflow_statuses["id"].astype(int), strict=True))


def staff_ids(users: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(owners, floor staff) user ids: the first two users are the owners."""
    ids = np.sort(users["id"].astype(int).to_numpy())
    owners = ids[:2]
    floor = ids[2:] if len(ids) > 2 else ids
    return owners, floor


def planned_receipts(
    params: SeedParams, products: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """One planned batch per product and month: its quantity and when it should arrive."""
    calendar = monthly_targets(params)
    shares = class_value_shares(params)
    classes = catalog.product_classes(products)
    # Popularity inside a class: some strains sell far better than others.
    popularity = np.zeros(len(products))
    for key in CLASS_BY_KEY:
        members = np.flatnonzero(classes == key)
        if len(members):
            popularity[members] = rng.dirichlet(np.full(len(members), 2.0))
    list_price = np.array([CLASS_BY_KEY[k].list_price for k in classes])
    class_share = np.array([shares[k] for k in classes])
    # Expected units sold per product (rows) and month (columns), at ~95% of list.
    demand = np.outer(class_share * popularity / (0.95 * list_price), calendar["target"].to_numpy())
    previous = np.concatenate([np.zeros((len(products), 1)), demand[:, :-1]], axis=1)
    planned = demand + SAFETY_MARGIN * (demand - previous)
    planned *= rng.uniform(0.97, 1.12, planned.shape)
    min_lot = np.array([CLASS_BY_KEY[k].min_lot for k in classes])[:, None]
    quantity = np.maximum(np.ceil(planned), min_lot)

    product_index, month_index = np.meshgrid(
        np.arange(len(products)), np.arange(len(calendar)), indexing="ij"
    )
    month_first = calendar["window_start"].to_numpy()[month_index.ravel()]
    # Deliveries land from twelve days before a month to ten days into it; the opening
    # stock arrives before the window starts so the first orders have something to draw on.
    offset_days = np.where(
        month_index.ravel() == 0,
        rng.uniform(-12.0, -2.0, month_index.size),
        rng.uniform(-12.0, 10.0, month_index.size),
    )
    arrival = pd.to_datetime(month_first) + pd.to_timedelta(offset_days, unit="D")
    latest = pd.Timestamp(params.end) - pd.Timedelta(days=RECEIPT_CUTOFF_DAYS)
    arrival = arrival.where(arrival <= latest, latest)
    return pd.DataFrame(
        {
            "product_index": product_index.ravel(),
            "class_key": classes[product_index.ravel()],
            "quantity": quantity.ravel(),
            "arrival_day": arrival.normalize(),
        }
    )


def group_receipts(
    params: SeedParams, planned: pd.DataFrame, products: pd.DataFrame, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Group planned batches into weekly deliveries per supplier: one receipt per delivery."""
    planned = planned.copy()
    planned["supplier_client_id"] = (
        products["supplier_client_id"].astype(int).to_numpy()[planned["product_index"]]
    )
    anchor = planned["arrival_day"].min()
    planned["week"] = (planned["arrival_day"] - anchor).dt.days // 7
    receipts = (
        planned.groupby(["supplier_client_id", "week"], sort=True)["arrival_day"]
        .min()
        .reset_index()
    )
    # A delivery is unloaded in the morning.
    receipts["received_at"] = receipts["arrival_day"] + pd.to_timedelta(
        rng.integers(8 * 60, 12 * 60, len(receipts)), unit="min"
    )
    receipts = receipts.sort_values(
        ["received_at", "supplier_client_id"], kind="stable"
    ).reset_index(drop=True)
    receipts["receipt_id"] = np.arange(1, len(receipts) + 1)
    planned = planned.merge(
        receipts[["supplier_client_id", "week", "receipt_id"]], on=["supplier_client_id", "week"]
    )
    planned = planned.sort_values(["receipt_id", "product_index"], kind="stable").reset_index(
        drop=True
    )
    return receipts, planned


def choose_office_owned(cost: np.ndarray, owned_share: float) -> np.ndarray:
    """Pick the office-owned batches so they hold `owned_share` of both count and cost (R4).

    Batches are sorted by cost and cut into equal-count strata, one per owned batch; from
    each stratum the batch closest to the stratum's mean cost is taken, so the owned set
    carries the same share of cost as of count.
    """
    count = len(cost)
    owned_count = round(owned_share * count)
    owned = np.zeros(count, dtype=bool)
    if owned_count == 0:
        return owned
    order = np.argsort(cost, kind="stable")
    bounds = np.linspace(0, count, owned_count + 1).round().astype(int)
    for low, high in itertools.pairwise(bounds):
        stratum = order[low:high]
        if len(stratum) == 0:
            continue
        closest = stratum[np.argmin(np.abs(cost[stratum] - cost[stratum].mean()))]
        owned[closest] = True
    return owned


@dataclasses.dataclass(frozen=True)
class Suppliers:
    """Who supplies: legacy vendor id per supplier client, and each vendor's terms."""

    vendor_of_client: dict[int, int]
    vendor_terms: dict[int, str]

    @classmethod
    def read(cls, clients: dict[str, pd.DataFrame]) -> "Suppliers":
        """Read the supplier profiles and vendors the clients family wrote."""
        profiles = clients["supplier_profiles"]
        vendors = clients["vendors"]
        return cls(
            dict(
                zip(
                    profiles["client_id"].astype(int),
                    profiles["legacy_vendor_id"].astype(int),
                    strict=True,
                )
            ),
            dict(zip(vendors["id"].astype(int), vendors["paymentTerms"].astype(str), strict=True)),
        )

    def owned_terms(self, vendor_ids: np.ndarray) -> list[tuple[str, int]]:
        """(terms enum, days) a vendor bills office-owned stock on."""
        return [OWNED_TERMS.get(self.vendor_terms[v], DEFAULT_OWNED_TERMS) for v in vendor_ids]


@dataclasses.dataclass
class BatchPlan:
    """One row per batch: what arrived, at what cost, and where its workflow stopped."""

    ids: np.ndarray
    product_ids: np.ndarray
    classes: np.ndarray
    quantity: np.ndarray
    unit_cogs: np.ndarray
    owned: np.ndarray
    receipt_of_batch: np.ndarray
    lot_ids: np.ndarray
    received_at: pd.DatetimeIndex
    supplier_client: np.ndarray
    vendor_id: np.ndarray
    payment_terms: np.ndarray
    checked_at: pd.DatetimeIndex
    lab_at: pd.DatetimeIndex
    ready_at: pd.DatetimeIndex
    held: np.ndarray
    quarantined: np.ndarray
    thc: np.ndarray
    grade: np.ndarray
    changed_by: np.ndarray

    @property
    def cost(self) -> np.ndarray:
        """Intake cost of each batch."""
        return self.quantity * self.unit_cogs

    def __len__(self) -> int:
        return len(self.ids)


@dataclasses.dataclass
class ReceiptPlan:
    """One row per delivery (= lot = intake session = purchase order)."""

    frame: pd.DataFrame  # supplier_client_id, received_at, receipt_id
    vendor: np.ndarray
    received_by: np.ndarray
    completed_at: pd.Series
    total_amount: np.ndarray
    owned_any: np.ndarray
    consigned_all: np.ndarray
    owned_terms: list[tuple[str, int]]
    bill_creators: np.ndarray

    @property
    def ids(self) -> np.ndarray:
        """Receipt ids (1..n), shared by lots, intake sessions and purchase orders."""
        return self.frame["receipt_id"].to_numpy()

    @property
    def day(self) -> pd.Series:
        """The day each delivery was received."""
        return self.frame["received_at"].dt.normalize()

    @property
    def owned_days(self) -> np.ndarray:
        """Days the vendor gives on office-owned stock."""
        return np.array([t[1] for t in self.owned_terms])


def _draw_batch_costs(plan: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    classes = plan["class_key"].to_numpy()
    list_price = np.array([CLASS_BY_KEY[k].list_price for k in classes])
    low = np.array([CLASS_BY_KEY[k].cogs_low for k in classes])
    high = np.array([CLASS_BY_KEY[k].cogs_high for k in classes])
    return np.round(list_price * rng.uniform(low, high), 2)


def _draw_holds(
    params: SeedParams, received_at: pd.DatetimeIndex, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """A few recent batches fail a check or wait on paperwork: held whole, never offered."""
    count = len(received_at)
    recent = np.flatnonzero(received_at >= pd.Timestamp(params.end) - pd.Timedelta(days=60))
    held_count = min(len(recent), round(HELD_BATCH_SHARE * count)) if count >= 50 else 0
    held = np.zeros(count, dtype=bool)
    quarantined = np.zeros(count, dtype=bool)
    if held_count:
        picked = rng.choice(recent, held_count, replace=False)
        held[picked] = True
        quarantined[picked[: max(1, held_count // 3)]] = True
    return held, quarantined


def plan_batches(
    params: SeedParams,
    planned: pd.DataFrame,
    receipts: pd.DataFrame,
    products: pd.DataFrame,
    suppliers: Suppliers,
    floor: np.ndarray,
    rng: np.random.Generator,
) -> BatchPlan:
    """Cost, ownership, workflow times, holds, potency and grade of every batch."""
    count = len(planned)
    unit_cogs = _draw_batch_costs(planned, rng)
    quantity = planned["quantity"].to_numpy()
    owned = choose_office_owned(quantity * unit_cogs, 1.0 - params.consigned_batch_share)
    receipt_of_batch = planned["receipt_id"].to_numpy() - 1
    received_at = pd.DatetimeIndex(receipts["received_at"].to_numpy()[receipt_of_batch])
    supplier_client = receipts["supplier_client_id"].to_numpy()[receipt_of_batch]
    vendor_id = np.array([suppliers.vendor_of_client[c] for c in supplier_client])
    owned_terms = suppliers.owned_terms(vendor_id)
    # Workflow: queue on arrival, checked within hours, lab-tested, ready the next day.
    to_check = pd.to_timedelta(rng.integers(30, 180, count), unit="min")
    to_lab = to_check + pd.to_timedelta(rng.integers(60, 240, count), unit="min")
    to_ready = to_lab + pd.to_timedelta(rng.integers(16 * 60, 30 * 60, count), unit="min")
    held, quarantined = _draw_holds(params, received_at, rng)
    thc = np.round(rng.uniform(18.0, 31.0, count), 1)
    grade = rng.choice(np.array(["AAA", "AA", "A", "B"]), count, p=[0.2, 0.45, 0.3, 0.05])
    return BatchPlan(
        ids=np.arange(1, count + 1),
        product_ids=products["id"].to_numpy()[planned["product_index"].to_numpy()],
        classes=planned["class_key"].to_numpy(),
        quantity=quantity,
        unit_cogs=unit_cogs,
        owned=owned,
        receipt_of_batch=receipt_of_batch,
        lot_ids=planned["receipt_id"].to_numpy(),
        received_at=received_at,
        supplier_client=supplier_client,
        vendor_id=vendor_id,
        payment_terms=np.where(owned, [t[0] for t in owned_terms], "CONSIGNMENT"),
        checked_at=received_at + to_check,
        lab_at=received_at + to_lab,
        ready_at=received_at + to_ready,
        held=held,
        quarantined=quarantined,
        thc=thc,
        grade=grade,
        changed_by=rng.choice(floor, count),
    )


def plan_receipts(
    receipts: pd.DataFrame,
    batches: BatchPlan,
    suppliers: Suppliers,
    floor: np.ndarray,
    owners: np.ndarray,
    rng: np.random.Generator,
) -> ReceiptPlan:
    """Who received each delivery, what it cost, and whether any of it was bought outright."""
    count = len(receipts)
    vendor = np.array([suppliers.vendor_of_client[c] for c in receipts["supplier_client_id"]])
    received_by = rng.choice(floor, count)
    per_receipt = pd.DataFrame(
        {"receipt": batches.receipt_of_batch, "cost": batches.cost, "owned": batches.owned}
    )
    totals = per_receipt.groupby("receipt").agg(
        total=("cost", "sum"),
        owned_any=("owned", "any"),
        consigned_all=("owned", lambda s: not s.any()),
    )
    completed_at = receipts["received_at"] + pd.to_timedelta(
        rng.integers(45, 150, count), unit="min"
    )
    owned_any = totals["owned_any"].to_numpy()
    return ReceiptPlan(
        frame=receipts,
        vendor=vendor,
        received_by=received_by,
        completed_at=completed_at,
        total_amount=np.round(totals["total"].to_numpy(), 2),
        owned_any=owned_any,
        consigned_all=totals["consigned_all"].to_numpy(),
        owned_terms=suppliers.owned_terms(vendor),
        bill_creators=rng.choice(owners, int(owned_any.sum())),
    )
