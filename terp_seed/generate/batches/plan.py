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
from terp_seed.generate.access.jobs import pick_staff
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.terp.catalog import CLASS_BY_KEY, SALES_CLASSES
from terp_seed.terp.workflow import (
    INTAKE_QUEUE,
    LAB_TESTING,
    ON_HOLD,
    PACKAGING,
    QUALITY_CHECK,
    READY_FOR_SALE,
)

STREAMS = "batches"  # the family key of this module's random streams

# Stock ordered on top of a month's expected sales, as a share of the month-on-month rise in
# demand (plus the whole margin on the opening delivery).
SAFETY_MARGIN = 0.4
# Share of batches that fail or await a check at as-of (ON_HOLD / QUARANTINED), never sold.
HELD_BATCH_SHARE = 0.01
# Supplier terms (vendors.paymentTerms free text) mapped to the enum TERP stores on batches.
OWNED_TERMS = {"NET_30": ("NET_30", 30), "NET_15": ("NET_15", 15)}
DEFAULT_OWNED_TERMS = ("NET_30", 30)
# Days the window's own deliveries are kept clear of the as-of date, so the stock its last
# days sell has cleared the workflow; next month's stock may arrive later (see
# `next_month_deliveries`) and is what the workflow queue holds at as-of.
RECEIPT_CUTOFF_DAYS = 3
# The floor works Monday to Saturday; the lab's courier collects samples Monday and Thursday.
WORKING_DAYS = (0, 1, 2, 3, 4, 5)
COURIER_DAYS = (0, 3)
# Minutes the floor spends checking one batch (weighing, sampling, photographs).
CHECK_MINUTES = (15, 60)
# Lab results (COA) take 16-30 hours plus up to this many more; packing 1-8 hours of the
# next working morning.
LAB_EXTRA_HOURS = 96
PACKAGING_MINUTES = (60, 8 * 60)
# Deliveries land from this many days before the month they stock to this many days into it.
ARRIVAL_WINDOW_DAYS = (-12.0, 10.0)


def as_of_end(params: SeedParams) -> pd.Timestamp:
    """The last second of the as-of day."""
    return pd.Timestamp(params.end) + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)


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
        rng.uniform(-16.0, -6.0, month_index.size),
        rng.uniform(-12.0, 10.0, month_index.size),
    )
    arrival = pd.to_datetime(month_first) + pd.to_timedelta(offset_days, unit="D")
    latest = pd.Timestamp(params.end) - pd.Timedelta(days=RECEIPT_CUTOFF_DAYS)
    arrival = arrival.where(arrival <= latest, latest)
    window = pd.DataFrame(
        {
            "product_index": product_index.ravel(),
            "class_key": classes[product_index.ravel()],
            "quantity": quantity.ravel(),
            "arrival_day": arrival.normalize(),
        }
    )
    unit_demand = class_share * popularity / (0.95 * list_price)
    ahead = next_month_deliveries(params, calendar, classes, unit_demand, demand[:, -1])
    return pd.concat([window, ahead], ignore_index=True)


def next_month_target(params: SeedParams, calendar: pd.DataFrame) -> float:
    """The sales target of the month after the window, on the same seasonal base."""
    last = calendar.iloc[-1]
    uplift = 1.0 + params.q4_uplift
    full_month = last["target"] / last["fraction"] / (uplift if last["is_q4"] else 1.0)
    following = (pd.Timestamp(last["month"]) + pd.offsets.MonthBegin(1)).month
    return full_month * (uplift if following >= 10 else 1.0)


def next_month_deliveries(
    params: SeedParams,
    calendar: pd.DataFrame,
    classes: np.ndarray,
    unit_demand: np.ndarray,
    last_demand: np.ndarray,
) -> pd.DataFrame:
    """Stock for the month after as-of that has already arrived: the workflow's recent intake.

    Bought like every month's stock (expected sales plus the safety margin); only deliveries
    landing on or before the as-of day exist, and they are still moving through the queue.
    """
    rng = stream(params.seed, STREAMS, "next_month")
    demand = unit_demand * next_month_target(params, calendar)
    planned = (demand + SAFETY_MARGIN * (demand - last_demand)) * rng.uniform(
        0.97, 1.12, len(demand)
    )
    min_lot = np.array([CLASS_BY_KEY[k].min_lot for k in classes])
    quantity = np.maximum(np.ceil(planned), min_lot)
    month_first = pd.Timestamp(calendar["month"].iloc[-1]) + pd.offsets.MonthBegin(1)
    offset = rng.uniform(*ARRIVAL_WINDOW_DAYS, len(demand))
    arrival = (month_first + pd.to_timedelta(offset, unit="D")).normalize()
    arrived = np.asarray(arrival <= pd.Timestamp(params.end))
    return pd.DataFrame(
        {
            "product_index": np.flatnonzero(arrived),
            "class_key": classes[arrived],
            "quantity": quantity[arrived],
            "arrival_day": arrival[arrived],
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
    # Each supplier has its own delivery day of the week, so intake arrives all week long.
    suppliers = np.unique(planned["supplier_client_id"].to_numpy())
    phase = pd.Series(
        stream(params.seed, STREAMS, "delivery_days").integers(0, 7, len(suppliers)),
        index=suppliers,
    )
    anchor = planned["arrival_day"].min()
    days = (planned["arrival_day"] - anchor).dt.days.to_numpy()
    planned["week"] = (days + phase.reindex(planned["supplier_client_id"]).to_numpy()) // 7
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
    packaging_at: pd.DatetimeIndex
    ready_at: pd.DatetimeIndex
    as_of: pd.Timestamp  # the last second of the as-of day: later steps have not happened
    held: np.ndarray
    quarantined: np.ndarray
    thc: np.ndarray
    grade: np.ndarray
    changed_by: np.ndarray

    def steps(self) -> list[tuple[str | None, str, pd.DatetimeIndex, np.ndarray, str]]:
        """Every workflow move a batch makes: (from, to, when, which batches, note).

        Queue on arrival, a visual and weight check within hours, lab testing for the COA
        (one to three days), packaging and labelling, then ready for sale; a batch held at
        its check goes on hold instead of to the lab.
        """
        everyone = np.ones(len(self), dtype=bool)
        held = self.held
        return [
            (None, INTAKE_QUEUE, self.received_at, everyone, "Received at dock"),
            (INTAKE_QUEUE, QUALITY_CHECK, self.checked_at, everyone, "Visual and weight check"),
            (QUALITY_CHECK, LAB_TESTING, self.lab_at, ~held, "Sent for COA verification"),
            (LAB_TESTING, PACKAGING, self.packaging_at, ~held, "COA verified, packaging"),
            (PACKAGING, READY_FOR_SALE, self.ready_at, ~held, "Packed and labelled, released"),
            (QUALITY_CHECK, ON_HOLD, self.held_at, held, "Held pending review"),
        ]

    @property
    def held_at(self) -> pd.DatetimeIndex:
        """When a held batch was put on hold: twenty minutes after its check."""
        return self.checked_at + pd.Timedelta(minutes=20)

    def stage(self) -> np.ndarray:
        """Each batch's workflow column at as-of: the last move it had made by then."""
        stage = np.full(len(self), INTAKE_QUEUE, dtype=object)
        for _, to_slug, when, mask, _ in self.steps():
            stage[mask & np.asarray(when <= self.as_of)] = to_slug
        return stage

    def last_move(self) -> pd.DatetimeIndex:
        """When each batch last moved in the workflow, by as-of."""
        last = pd.Series(self.received_at)
        for _, _, when, mask, _ in self.steps():
            reached = mask & np.asarray(when <= self.as_of)
            last[reached] = np.asarray(when)[reached]
        return pd.DatetimeIndex(last)

    def in_pipeline(self) -> np.ndarray:
        """Batches received but not yet ready (nor held) at as-of: not sellable yet."""
        return ~self.held & np.asarray(self.ready_at > self.as_of)

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
    params: SeedParams,
    received_at: pd.DatetimeIndex,
    checked_at: pd.DatetimeIndex,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """A few recent batches fail a check or wait on paperwork: held whole, never offered."""
    count = len(received_at)
    # Only a batch whose check happened by as-of can have been held at it.
    checked = np.asarray(checked_at + pd.Timedelta(minutes=20) <= as_of_end(params))
    recent = np.flatnonzero(
        (received_at >= pd.Timestamp(params.end) - pd.Timedelta(days=60)) & checked
    )
    held_count = min(len(recent), round(HELD_BATCH_SHARE * count)) if count >= 50 else 0
    held = np.zeros(count, dtype=bool)
    quarantined = np.zeros(count, dtype=bool)
    if held_count:
        picked = rng.choice(recent, held_count, replace=False)
        held[picked] = True
        quarantined[picked[: max(1, held_count // 3)]] = True
    return held, quarantined


def floor_schedule(arrivals: np.ndarray, work: np.ndarray) -> np.ndarray:
    """When the floor starts checking each delivery: one delivery at a time, in arrival order.

    Args:
        arrivals: Each delivery's arrival (datetime64), in arrival order.
        work: Minutes of checking each delivery needs.

    Returns:
        Each delivery's start (datetime64[ns]): its arrival, or when the floor finished the
        delivery before it, whichever is later (a busy floor leaves deliveries queued).
    """
    starts = np.empty(len(arrivals), dtype="datetime64[ns]")
    free = np.datetime64("NaT")
    for i, (arrival, minutes) in enumerate(zip(arrivals, work, strict=True)):
        start = arrival if np.isnat(free) or free < arrival else free
        starts[i] = start
        free = start + np.timedelta64(int(minutes), "m")
    return starts


def _next_at(
    times: pd.DatetimeIndex, hour: int, weekdays: tuple[int, ...], first_day: int = 0
) -> pd.DatetimeIndex:
    """The first `hour`:00 after each time, `first_day` days on or later, on one of `weekdays`."""
    best = pd.Series(pd.NaT, index=range(len(times)), dtype="datetime64[ns]")
    for days in range(first_day + 8, first_day - 1, -1):
        candidate = times.normalize() + pd.Timedelta(days=days, hours=hour)
        ok = np.asarray(candidate > times) & np.isin(candidate.dayofweek, weekdays)
        best[ok] = candidate[ok]
    return pd.DatetimeIndex(best)


def _workflow_times(
    params: SeedParams,
    receipts: pd.DataFrame,
    receipt_of_batch: np.ndarray,
    rng: np.random.Generator,
) -> dict[str, pd.DatetimeIndex]:
    """When each batch entered quality check, the lab, packaging and the sale lists.

    A delivery waits in the intake queue until the next working morning, when the floor
    checks it (weighing, sampling, photographs), one delivery at a time. Samples leave for the
    lab with the courier (Monday and Thursday mornings); results take one to five days, then
    the batch is packed and labelled.
    """
    count = len(receipt_of_batch)
    workflow_rng = stream(params.seed, STREAMS, "workflow")
    check_minutes = rng.integers(*CHECK_MINUTES, count)
    delivery_work = np.bincount(receipt_of_batch, weights=check_minutes, minlength=len(receipts))
    morning = _next_at(pd.DatetimeIndex(receipts["received_at"]), 9, WORKING_DAYS, first_day=1)
    starts = floor_schedule(morning.to_numpy(dtype="datetime64[ns]"), delivery_work)
    # Batches are checked in their order on the delivery; each waits for the next courier.
    done = pd.Series(check_minutes).groupby(receipt_of_batch).cumsum().to_numpy()
    checked_at = pd.DatetimeIndex(starts[receipt_of_batch])
    sampled = checked_at + pd.to_timedelta(done + 30, unit="min")
    lab_at = _next_at(sampled, 10, COURIER_DAYS) + pd.to_timedelta(
        rng.integers(0, 60, count), unit="min"
    )
    lab_minutes = rng.integers(16 * 60, 30 * 60, count) + workflow_rng.integers(
        0, LAB_EXTRA_HOURS * 60, count
    )
    packaging_at = lab_at + pd.to_timedelta(lab_minutes, unit="min")
    # Packing and labelling is floor work: it starts the next working morning after results.
    packing = pd.to_timedelta(workflow_rng.integers(*PACKAGING_MINUTES, count), unit="min")
    packed = _next_at(packaging_at, 9, WORKING_DAYS, first_day=1) + packing
    return {
        "checked_at": checked_at,
        "lab_at": lab_at,
        "packaging_at": packaging_at,
        "ready_at": pd.DatetimeIndex(packed),
    }


def plan_batches(
    params: SeedParams,
    planned: pd.DataFrame,
    receipts: pd.DataFrame,
    products: pd.DataFrame,
    suppliers: Suppliers,
    floor: tuple[np.ndarray, np.ndarray],
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
    times = _workflow_times(params, receipts, receipt_of_batch, rng)
    held, quarantined = _draw_holds(params, received_at, times["checked_at"], rng)
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
        **times,
        as_of=as_of_end(params),
        held=held,
        quarantined=quarantined,
        thc=thc,
        grade=grade,
        changed_by=pick_staff(rng, *floor, count),
    )


def plan_receipts(
    receipts: pd.DataFrame,
    batches: BatchPlan,
    suppliers: Suppliers,
    floor: tuple[np.ndarray, np.ndarray],
    owners: np.ndarray,
    rng: np.random.Generator,
) -> ReceiptPlan:
    """Who received each delivery, what it cost, and whether any of it was bought outright."""
    count = len(receipts)
    vendor = np.array([suppliers.vendor_of_client[c] for c in receipts["supplier_client_id"]])
    received_by = pick_staff(rng, *floor, count)
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
