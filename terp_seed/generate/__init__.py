"""Dagster-free, vectorised generation: one module per table family.

Each family's `generate(params, upstream)` returns `dict[table_name, DataFrame]` whose columns
are the schema's SQL names; ids are assigned here, so frames can reference each other.
"""
