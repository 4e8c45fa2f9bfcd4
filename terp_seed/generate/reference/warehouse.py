"""The warehouse: its storage locations and the batch workflow its floor runs."""

import numpy as np
import pandas as pd

from terp_seed.generate.reference.calendar import records_epoch
from terp_seed.params import SeedParams

# The batch workflow a wholesale floor runs, in order: (name, slug, colour).
WORKFLOW_STATUSES = (
    ("Intake Queue", "intake-queue", "#6B7280"),
    ("Quality Check", "quality-check", "#F59E0B"),
    ("Lab Testing", "lab-testing", "#8B5CF6"),
    ("Packaging", "packaging", "#3B82F6"),
    ("Ready for Sale", "ready-for-sale", "#10B981"),
    ("On Hold", "on-hold", "#EF4444"),
)


def build_locations(params: SeedParams) -> pd.DataFrame:
    """One licensed warehouse: vault zones by storage need, four racks of three shelves each."""
    zones = ("Vault A", "Vault B", "Cold Room", "Packaging")
    rows = [
        (zone, f"R{rack}", f"S{shelf}", f"{zone[0]}{rack}{shelf}")
        for zone in zones
        for rack in range(1, 5)
        for shelf in range(1, 4)
    ]
    created = records_epoch(params)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(rows) + 1),
            "site": "Main Warehouse",
            "zone": [row[0] for row in rows],
            "rack": [row[1] for row in rows],
            "shelf": [row[2] for row in rows],
            "bin": [row[3] for row in rows],
            "isActive": 1,
            "createdAt": created,
            "updatedAt": created,
        }
    )


def build_workflow_statuses(params: SeedParams) -> pd.DataFrame:
    """The workflow queue's columns, in the order the floor works them."""
    created = records_epoch(params)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(WORKFLOW_STATUSES) + 1),
            "name": [row[0] for row in WORKFLOW_STATUSES],
            "slug": [row[1] for row in WORKFLOW_STATUSES],
            "color": [row[2] for row in WORKFLOW_STATUSES],
            "order": np.arange(1, len(WORKFLOW_STATUSES) + 1),
            "isActive": 1,
            "createdAt": created,
            "updatedAt": created,
        }
    )
