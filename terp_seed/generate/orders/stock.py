"""Stock as the orders find it: the batches ready for sale, drawn FIFO as orders arrive.

Lines are filled in time order, the one sequential step: each draws FIFO on the batches of a
product that were ready for sale before the order, picking among a class's products in
proportion to what they have on hand, so stock never goes below zero and sales follow what
was bought. Returns put their units back when processed.
"""

import dataclasses
import heapq

import numpy as np
import pandas as pd

from terp_seed.generate.catalog import product_classes
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.terp.catalog import CLASS_BY_KEY, SALES_CLASSES

STREAMS = "orders"  # the family key of this module's random streams
CENT = 100  # quantities are handled as integer hundredths of a unit
FLOWER_KEYS = tuple(c.key for c in SALES_CLASSES if c.is_flower)
OTHER_KEYS = tuple(c.key for c in SALES_CLASSES if not c.is_flower)


def _floats(column: pd.Series) -> pd.Series:
    return pd.to_numeric(column.astype(object).map(lambda v: None if v is None else float(v)))


def coerce_upstream(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Upstream frames may come back from the database: numbers as Decimal, dates as str."""
    out = {name: frame.copy() for name, frame in frames.items()}
    batches = out["batches"]
    for col in ("id", "productId", "lotId", "version", "statusId"):
        if col in batches:
            batches[col] = pd.to_numeric(batches[col]).astype(
                "Int64" if col == "statusId" else "int64"
            )
    for col in (
        "unitCogs",
        "onHandQty",
        "sampleQty",
        "reservedQty",
        "quarantineQty",
        "holdQty",
        "defectiveQty",
        "amountPaid",
    ):
        batches[col] = _floats(batches[col]).astype(float)
    for col in ("createdAt", "updatedAt"):
        batches[col] = pd.to_datetime(batches[col])
    # Only the batches family's own rows: re-materializing orders must not stack a second
    # run's SALE and RETURN rows on the first's.
    movements = out["inventoryMovements"]
    movements = movements[movements["inventoryMovementType"] == "INTAKE"].copy()
    out["inventoryMovements"] = movements
    for col in ("id", "batchId", "performedBy"):
        movements[col] = pd.to_numeric(movements[col]).astype("int64")
    for col in ("quantityChange", "quantityBefore", "quantityAfter"):
        movements[col] = movements[col].astype(object).map(float).astype(float)
    movements["referenceId"] = pd.to_numeric(movements["referenceId"]).astype("Int64")
    movements["createdAt"] = pd.to_datetime(movements["createdAt"])
    history = out["batch_status_history"]
    history["batchId"] = pd.to_numeric(history["batchId"]).astype("int64")
    history["toStatusId"] = pd.to_numeric(history["toStatusId"]).astype("int64")
    history["createdAt"] = pd.to_datetime(history["createdAt"])
    for name, cols in (("products", ("id",)), ("lots", ("id", "supplier_client_id"))):
        for col in cols:
            out[name][col] = pd.to_numeric(out[name][col]).astype("int64")
    return out


@dataclasses.dataclass(frozen=True)
class Shelf:
    """The batches as the orders family reads them, in id order, with their products."""

    batches: pd.DataFrame
    products: pd.DataFrame
    product_pos: np.ndarray  # each batch's product row
    intake_qty: np.ndarray
    received_at: np.ndarray
    ready_at: np.ndarray  # NaT for batches never offered (held)

    @classmethod
    def read(cls, up: dict[str, pd.DataFrame], ready_for_sale: int) -> "Shelf":
        """When each batch arrived, how much, and when it became sellable."""
        batches = up["batches"].sort_values("id").reset_index(drop=True)
        products = up["products"].sort_values("id").reset_index(drop=True)
        position = pd.Series(np.arange(len(products)), index=products["id"].to_numpy())
        intake = up["inventoryMovements"]
        intake = (
            intake[intake["inventoryMovementType"] == "INTAKE"]
            .groupby("batchId")
            .agg(intake_qty=("quantityChange", "sum"), received_at=("createdAt", "min"))
        )
        history = up["batch_status_history"]
        ready = (
            history[history["toStatusId"] == ready_for_sale].groupby("batchId")["createdAt"].min()
        )
        # Only LIVE is sellable: held batches and those still in the queue are not offered.
        sellable = (batches["batchStatus"] == "LIVE").to_numpy()
        ready_at = ready.reindex(batches["id"]).to_numpy()
        return cls(
            batches=batches,
            products=products,
            product_pos=position.loc[batches["productId"].to_numpy()].to_numpy(),
            intake_qty=intake["intake_qty"].reindex(batches["id"]).fillna(0.0).to_numpy(),
            received_at=intake["received_at"]
            .reindex(batches["id"])
            .fillna(batches.set_index("id")["createdAt"])
            .to_numpy(),
            ready_at=np.where(sellable, ready_at, np.datetime64("NaT")),
        )

    def class_members(self) -> dict[str, np.ndarray]:
        """Product rows of each sales class."""
        classes = product_classes(self.products)
        return {key: np.flatnonzero(classes == key) for key in CLASS_BY_KEY}


class _Stock:
    """Stock on hand per batch and product as the loop walks through time (hundredths)."""

    def __init__(self, shelf: Shelf):
        self.product = shelf.product_pos
        count = len(self.product)
        self.remaining = np.zeros(count, dtype=np.int64)
        self.initial = np.rint(shelf.intake_qty * CENT).astype(np.int64)
        self.in_heap = np.zeros(count, dtype=bool)
        self.heaps: list[list[tuple[int, int]]] = [
            [] for _ in range(int(self.product.max()) + 1 if count else 0)
        ]
        self.available = np.zeros(len(self.heaps), dtype=np.int64)
        self.fifo_rank = np.argsort(np.argsort(shelf.received_at, kind="stable"), kind="stable")
        ready = np.where(pd.isna(shelf.ready_at), np.datetime64("NaT"), shelf.ready_at)
        sellable = ~pd.isna(ready)
        self.ready_order = np.flatnonzero(sellable)[np.argsort(ready[sellable], kind="stable")]
        self.ready_times = ready[self.ready_order]
        self.pointer = 0
        self.classes = shelf.class_members()

    def advance(self, when: np.datetime64) -> None:
        """Put on the shelf every batch that became ready for sale before `when`."""
        while self.pointer < len(self.ready_order) and self.ready_times[self.pointer] < when:
            batch = self.ready_order[self.pointer]
            self.pointer += 1
            self._put(batch, self.initial[batch])

    def _put(self, batch: int, qty: int) -> None:
        product = self.product[batch]
        self.remaining[batch] += qty
        self.available[product] += qty
        if not self.in_heap[batch] and self.remaining[batch] > 0:
            heapq.heappush(self.heaps[product], (int(self.fifo_rank[batch]), int(batch)))
            self.in_heap[batch] = True

    def give_back(self, batch: int, qty: int) -> None:
        """Restock returned units on their batch."""
        self._put(batch, qty)

    def class_stock(self, key: str) -> int:
        """Units (hundredths) of a sales class on the shelf."""
        return int(self.available[self.classes[key]].sum())

    def pick_product(self, key: str, u: float) -> int | None:
        """A product of the class, chosen in proportion to its stock (None when out)."""
        members = self.classes[key]
        stock = self.available[members]
        total = stock.sum()
        if total <= 0:
            return None
        return int(
            members[
                min(np.searchsorted(np.cumsum(stock), u * total, side="right"), len(members) - 1)
            ]
        )

    def take(self, product: int, need: int, consume: bool) -> list[tuple[int, int]]:
        """Draw `need` FIFO from a product's ready batches; a peek takes the oldest batch only."""
        drawn = []
        heap = self.heaps[product]
        while need > 0 and heap:
            batch = heap[0][1]
            qty = int(min(self.remaining[batch], need))
            drawn.append((batch, qty))
            need -= qty
            if not consume:
                break
            self.remaining[batch] -= qty
            self.available[product] -= qty
            if self.remaining[batch] == 0:
                heapq.heappop(heap)
                self.in_heap[batch] = False
        return drawn


def step_of(key: str) -> int:
    """Selling step in hundredths: a quarter pound of flower, one unit otherwise."""
    return 25 if CLASS_BY_KEY[key].is_flower else CENT


def price_of(key: str, discount: float) -> float:
    """The class's list price less the order's discount, in cents."""
    return round(CLASS_BY_KEY[key].list_price * (1.0 - discount), 2)


def _units(value: float, price: float, step: int) -> int:
    """Hundredths of a unit worth `value` at `price`, in whole selling steps (at least one)."""
    return max(step, round(value / price * CENT / step) * step)


def _substitute(stock: _Stock, key: str, tried: set[str]) -> str | None:
    """The stocked class of the same kind holding most, when `key` is out."""
    pool = FLOWER_KEYS if CLASS_BY_KEY[key].is_flower else OTHER_KEYS
    options = [k for k in pool if k not in tried and stock.class_stock(k) > 0]
    return max(options, key=stock.class_stock) if options else None


class _Filler:
    """Fills each line of an order from the shelf, recording (line, batch, qty, class)."""

    def __init__(self, params: SeedParams, lines: pd.DataFrame, stock: _Stock):
        rng = stream(params.seed, STREAMS, "fill")
        self.stock = stock
        self.key = lines["class_key"].to_numpy()
        self.discount = lines["discount"].to_numpy()
        self.value = lines["value"].to_numpy()
        self.uniforms = rng.random(len(lines) * 3 + 16)
        self.draw = 0
        self.rows: list[tuple[int, int, int, str]] = []

    def _uniform(self) -> float:
        u = self.uniforms[self.draw % len(self.uniforms)]
        self.draw += 1
        return u

    def fill(self, line: int, consume: bool) -> list[tuple[int, int]]:
        """Draw one line; a line out of its class switches to a stocked class at its list."""
        key = self.key[line]
        price = price_of(key, self.discount[line])
        step = step_of(key)
        need = _units(self.value[line], price, step)
        tried: set[str] = set()
        taken: list[tuple[int, int]] = []
        while need > 0:
            product = self.stock.pick_product(key, self._uniform())
            if product is None:
                # Priced at the substitute's own list, so nothing sells above list.
                tried.add(key)
                new_key = _substitute(self.stock, key, tried)
                if new_key is None:
                    break
                value_left = need / CENT * price
                key, price = new_key, price_of(new_key, self.discount[line])
                step = step_of(new_key)
                need = _units(value_left, price, step)
                continue
            drawn = self.stock.take(product, need, consume)
            for batch, qty in drawn:
                self.rows.append((line, batch, qty, key))
                need -= qty
            taken.extend(drawn)
            if not consume:
                break
        return taken

    def frame(self) -> pd.DataFrame:
        """The filled rows: line, batch position, quantity (units) and class drawn."""
        return pd.DataFrame(
            {
                "line": np.array([r[0] for r in self.rows], dtype=int),
                "batch_pos": np.array([r[1] for r in self.rows], dtype=int),
                "qty": np.array([r[2] for r in self.rows], dtype=np.int64) / CENT,
                "class_key": np.array([r[3] for r in self.rows], dtype=object),
            }
        )


def fill_lines(
    params: SeedParams,
    orders: pd.DataFrame,
    lines: pd.DataFrame,
    shelf: Shelf,
    returns: pd.DataFrame,
) -> pd.DataFrame:
    """Walk orders and returns in time order, drawing each line FIFO from ready stock."""
    stock = _Stock(shelf)
    filler = _Filler(params, lines, stock)
    order_when = orders["when"].to_numpy()
    consumes = (orders["kind"] == "SALE").to_numpy()
    line_start = np.searchsorted(lines["order_index"].to_numpy(), np.arange(len(orders) + 1))
    events = [(order_when[i], 0, i) for i in range(len(orders))]
    return_order = returns["order_index"].to_numpy() if len(returns) else np.array([], dtype=int)
    events += [(t, 1, r) for r, t in enumerate(returns["processed_at"].to_numpy())]
    events.sort(key=lambda e: (e[0], e[1], e[2]))

    drawn_by_order: dict[int, list[tuple[int, int]]] = {}
    for when, kind, index in events:
        stock.advance(when)
        if kind == 1:
            for batch, qty in drawn_by_order.get(int(return_order[index]), []):
                stock.give_back(batch, qty)
            continue
        consume = bool(consumes[index])
        for line in range(line_start[index], line_start[index + 1]):
            drawn = filler.fill(line, consume)
            if consume:
                drawn_by_order.setdefault(index, []).extend(drawn)
    return filler.frame()
