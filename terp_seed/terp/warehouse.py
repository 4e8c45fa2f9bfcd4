"""TERP's warehouse vocabulary: site types, zone climates and access levels (schema-storage.ts).

`batchLocations` holds free-text copies of a `locations` row's site / zone / rack / shelf / bin
and a quantity; the newer model (`sites`, `storage_zones`, `batch_zone_assignments`,
`site_inventory_counts`) is kept beside it. Both say where a batch's on-hand stock is.
"""

SITE_TYPES = ("samples", "storage", "shipping", "warehouse", "office", "custom")
TEMPERATURE_CONTROLS = ("ambient", "cool", "cold", "frozen", "controlled")
ACCESS_LEVELS = ("public", "restricted", "secure", "high_security")
