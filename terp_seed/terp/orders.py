"""TERP's order vocabulary: fulfillment moves and the steps a shipped sale walks through."""

# Valid fulfillment moves (order_status_history must follow them, R12).
FULFILLMENT_TRANSITIONS: dict[str | None, tuple[str, ...]] = {
    None: ("DRAFT", "CONFIRMED"),
    "DRAFT": ("CONFIRMED", "CANCELLED"),
    "CONFIRMED": ("READY_FOR_PACKING", "CANCELLED"),
    "READY_FOR_PACKING": ("PACKED", "CANCELLED"),
    "PACKED": ("SHIPPED",),
    "SHIPPED": ("DELIVERED", "RETURNED"),
    "DELIVERED": ("RETURNED",),
    "RETURNED": ("RESTOCKED", "RETURNED_TO_VENDOR"),
    "RESTOCKED": (),
    "RETURNED_TO_VENDOR": (),
    "CANCELLED": (),
}
SALE_STEPS = ("CONFIRMED", "READY_FOR_PACKING", "PACKED", "SHIPPED", "DELIVERED")
