from collections.abc import Mapping

from terp_seed.defs.family import family_asset
from terp_seed.generate.family import Frames, Tables
from terp_seed.params import SeedParams


def _figures(frames: Frames, tables: Tables, params: SeedParams) -> Mapping[str, object]:
    supply = frames["vendor_supply"]
    reminders = frames["vendor_harvest_reminders"]
    return {
        "intake receipts": len(frames["intake_receipts"]),
        "receipt lines with a discrepancy": len(frames["intake_discrepancies"]),
        "listings open at as-of": int((supply["status"] == "AVAILABLE").sum()),
        "harvests expected": int(reminders["status"].isin(["PENDING", "CONTACTED"]).sum()),
    }


procurement = family_asset("procurement", _figures)
