"""The order book: every planned order with its steps, returns, refunds and the staff on it.

Builders read one `OrderBook` instead of a dozen loose arrays. The staff who placed, packed
and shipped each order are drawn once, here, so every table agrees on who did what.
"""

import dataclasses
from collections.abc import Mapping

import numpy as np
import pandas as pd

from terp_seed.generate.access.jobs import pick_staff
from terp_seed.params import SeedParams
from terp_seed.terp.orders import SALE_STEPS


@dataclasses.dataclass(frozen=True)
class OrderBook:
    """All orders in time order (position = order index; id = position + 1)."""

    params: SeedParams
    plan: pd.DataFrame  # client_id, is_whale, month, when, value, kind, terms
    steps: pd.DataFrame  # when each fulfillment step was reached (NaT if not by as-of)
    returns: pd.DataFrame  # order_index, processed_at
    refunds: pd.DataFrame  # order_index, refunded_at
    cutoff: pd.Timestamp
    owners: np.ndarray
    floor: np.ndarray  # the warehouse desk: packs, ships, delivers
    inventory: np.ndarray  # the inventory desk: restocks returns
    created_by: np.ndarray
    packer: np.ndarray
    shipper: np.ndarray

    @classmethod
    def staff(
        cls,
        params: SeedParams,
        plan: pd.DataFrame,
        steps: pd.DataFrame,
        returns: pd.DataFrame,
        refunds: pd.DataFrame,
        cutoff: pd.Timestamp,
        desks: Mapping[str, np.ndarray],
        rng: np.random.Generator,
    ) -> "OrderBook":
        """The book with its staff drawn: sales places an order, the warehouse packs and ships.

        `desks` holds the user ids of each job (owner, sales, warehouse, inventory) and the
        crew: owners then floor staff, whom the draws range over (`pick_staff`).
        """
        owners, floor, crew = desks["owner"], desks["warehouse"], desks["crew"]
        floor_crew = crew[len(owners) :] if len(crew) > len(owners) else crew
        created_by = pick_staff(rng, crew, desks["sales"], len(plan))
        packer = pick_staff(rng, floor_crew, floor, len(plan))
        shipper = pick_staff(rng, floor_crew, floor, len(plan))
        return cls(
            params,
            plan,
            steps,
            returns,
            refunds,
            cutoff,
            owners,
            floor,
            desks["inventory"],
            created_by,
            packer,
            shipper,
        )

    def __len__(self) -> int:
        return len(self.plan)

    @property
    def ids(self) -> np.ndarray:
        """Order ids, in placing order."""
        return np.arange(1, len(self.plan) + 1)

    @property
    def kind(self) -> np.ndarray:
        """SALE, CANCELLED, DRAFT or QUOTE."""
        return self.plan["kind"].to_numpy()

    @property
    def is_sale_kind(self) -> np.ndarray:
        """Confirmed sales (shipped or on their way), the orders that draw stock."""
        return self.kind == "SALE"

    @property
    def returned(self) -> np.ndarray:
        """Whether each order came back whole."""
        mask = np.zeros(len(self.plan), dtype=bool)
        mask[self.returns["order_index"].to_numpy()] = True
        return mask

    def fulfillment(self) -> np.ndarray:
        """Each order's fulfillment status at as-of (None for quotes)."""
        reached = self.steps[list(SALE_STEPS)].notna().to_numpy()
        last_step = np.array(SALE_STEPS, dtype=object)[np.maximum(reached.sum(axis=1) - 1, 0)]
        kind = self.kind
        return np.select(
            [kind == "QUOTE", kind == "DRAFT", kind == "CANCELLED", self.returned],
            [None, "DRAFT", "CANCELLED", "RESTOCKED"],
            default=last_step,
        )
