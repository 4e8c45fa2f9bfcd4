from pathlib import Path

import dagster as dg


@dg.definitions
def defs() -> dg.Definitions:
    """Everything under defs/: one folder per family, plus resources and schedules."""
    return dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
