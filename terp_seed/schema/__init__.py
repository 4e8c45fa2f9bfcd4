"""TERP's schema: the pinned snapshot (`snapshot`) and the SQLAlchemy tables built from it."""

from terp_seed.schema.snapshot import (
    ColumnKind,
    ColumnSpec,
    ForeignKeySpec,
    IndexSpec,
    PolymorphicReference,
    TableSpec,
    load_snapshot,
    table_names,
    table_spec,
)
from terp_seed.schema.tables import build_metadata, column_type, server_default

__all__ = [
    "ColumnKind",
    "ColumnSpec",
    "ForeignKeySpec",
    "IndexSpec",
    "PolymorphicReference",
    "TableSpec",
    "build_metadata",
    "column_type",
    "load_snapshot",
    "server_default",
    "table_names",
    "table_spec",
]
