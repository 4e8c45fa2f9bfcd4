from collections.abc import Mapping

from terp_seed.defs.family import family_asset, table
from terp_seed.generate.family import Frames, Tables
from terp_seed.params import SeedParams


def _figures(frames: Frames, tables: Tables, params: SeedParams) -> Mapping[str, object]:
    tags = frames["tags"].set_index("id")
    tagged = frames["productTags"].assign(tag=lambda f: f["tagId"].map(tags["name"]))
    counts = tagged.groupby("tag").size().sort_values(ascending=False)
    return {
        "products filed": int(frames["product_category_assignments"]["product_id"].nunique()),
        "top sellers": int(counts.get("Top Seller", 0)),
        "products per tag": table([{"tag": tag, "products": int(n)} for tag, n in counts.items()]),
    }


merchandising = family_asset("merchandising", _figures)
