"""Pools of realistic names and phone numbers, drawn once per stream and sampled with numpy.

Faker is slow (~13k names/s) and its output depends on its version, which pyproject pins.
Business names are composed from word lists a cannabis wholesaler's customers really use
("Golden State Wellness", "Mission Leaf Dispensary"), never "Client 7".
"""

import numpy as np
from faker import Faker

from terp_seed.generate.streams import stream, substream_seed

# California markets, where a licensed distributor's buyers are.
CITIES = (
    "Oakland",
    "Berkeley",
    "San Jose",
    "Fresno",
    "Sacramento",
    "Santa Cruz",
    "Monterey",
    "Eureka",
    "Arcata",
    "Ukiah",
    "Mendocino",
    "Redding",
    "Chico",
    "Modesto",
    "Stockton",
    "Salinas",
    "Bakersfield",
    "Riverside",
    "Pasadena",
    "Long Beach",
    "San Diego",
    "Oceanside",
    "Venice",
    "Malibu",
    "Palm Springs",
    "Santa Rosa",
    "Petaluma",
    "Napa",
    "Sonoma",
    "Davis",
    "Humboldt",
    "Tahoe",
    "Big Sur",
    "Carmel",
    "Ventura",
    "Santa Barbara",
    "Lompoc",
    "Marin",
    "Mission",
    "Sunset",
    "Haight",
    "Castro",
    "Echo Park",
    "Silver Lake",
    "Laguna",
)
ADJECTIVES = (
    "Green",
    "Golden",
    "Emerald",
    "Pacific",
    "Coastal",
    "Evergreen",
    "Sunset",
    "High Tide",
    "Redwood",
    "Wild",
    "Northern",
    "Urban",
    "Blue Sky",
    "Sierra",
    "Canyon",
    "Harbor",
    "Bay",
    "Valley",
    "Royal",
    "Humble",
    "Lucky",
    "Native",
    "Verde",
    "Copper",
    "Sage",
    "Cedar",
    "Mellow",
    "Elevated",
    "True North",
    "Honest",
)
NOUNS = (
    "Leaf",
    "Bloom",
    "Canopy",
    "Harvest",
    "Roots",
    "Ember",
    "Grove",
    "Meadow",
    "Pine",
    "Summit",
    "Tide",
    "Bud",
    "Flower",
    "Garden",
    "Kind",
    "Remedy",
    "Cure",
    "Fields",
    "Ridge",
    "Hollow",
    "Haze",
    "Greenery",
    "Botanicals",
    "Herb",
    "Seed",
)
BUYER_SUFFIXES = (
    "Dispensary",
    "Collective",
    "Wellness",
    "Cannabis Co.",
    "Apothecary",
    "Provisions",
    "Delivery",
    "Dispensary",
    "Health Center",
    "Cannabis Club",
    "Supply",
    "Market",
)
SUPPLIER_SUFFIXES = (
    "Farms",
    "Cultivation",
    "Growers",
    "Gardens",
    "Ranch",
    "Extracts",
    "Family Farms",
    "Craft Cannabis",
    "Agriculture",
    "Nursery",
)
# Real California area codes, so numbers pass phone validation and look local.
AREA_CODES = (
    209,
    213,
    310,
    323,
    408,
    415,
    424,
    442,
    510,
    530,
    559,
    562,
    619,
    626,
    650,
    657,
    661,
    669,
    707,
    714,
    747,
    760,
    805,
    818,
    831,
    858,
    909,
    916,
    925,
    949,
    951,
)


def business_names(
    seed: int, family: str, count: int, suffixes: tuple[str, ...], *, avoid: set[str] = frozenset()
) -> list[str]:
    """Distinct business names composed from the word lists.

    Args:
        seed: Root seed.
        family: The family drawing, for the stream key.
        count: How many names.
        suffixes: The trade words ("Dispensary", "Farms") that end a name.
        avoid: Names already taken elsewhere (buyers and suppliers never share a name).

    Returns:
        `count` distinct names in draw order.
    """
    rng = stream(seed, family, f"business_names:{suffixes[0]}")
    surnames = surname_pool(seed, family, 400)
    taken = set(avoid)
    names: list[str] = []
    # Several shapes so a list of 1,000 buyers does not read like a template.
    while len(names) < count:
        batch = max(64, 2 * (count - len(names)))
        shape = rng.integers(0, 4, batch)
        city = rng.choice(CITIES, batch)
        adjective = rng.choice(ADJECTIVES, batch)
        noun = rng.choice(NOUNS, batch)
        suffix = rng.choice(suffixes, batch)
        surname = rng.choice(surnames, batch)
        for i in range(batch):
            candidate = (
                f"{city[i]} {noun[i]} {suffix[i]}",
                f"{adjective[i]} {noun[i]} {suffix[i]}",
                f"{surname[i]} {suffix[i]}",
                f"{adjective[i]} {noun[i]} of {city[i]}",
            )[shape[i]]
            if candidate not in taken:
                taken.add(candidate)
                names.append(candidate)
                if len(names) == count:
                    break
    return names


def surname_pool(seed: int, family: str, size: int) -> np.ndarray:
    """`size` Faker surnames (en_US), drawn once from their own keyed stream."""
    fake = Faker("en_US")
    fake.seed_instance(substream_seed(seed, family, "surnames"))
    return np.array([fake.last_name() for _ in range(size)])


def person_names(seed: int, family: str, count: int) -> list[str]:
    """`count` distinct Faker person names (en_US), from their own keyed stream."""
    fake = Faker("en_US")
    fake.seed_instance(substream_seed(seed, family, "person_names"))
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = f"{fake.first_name()} {fake.last_name()}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def phone_numbers(rng: np.random.Generator, count: int) -> np.ndarray:
    """Valid North American numbers formatted `(AAA) EEE-NNNN`.

    The exchange never starts with 0 or 1 and is never N11 or 555, as NANP requires of a
    number that can be dialled.
    """
    area = rng.choice(AREA_CODES, count)
    exchange = rng.integers(200, 1000, count)
    reserved = (exchange % 100 == 11) | (exchange == 555)
    exchange = np.where(reserved, exchange + 1, exchange)
    line = rng.integers(0, 10_000, count)
    return np.array(
        [f"({a}) {e:03d}-{n:04d}" for a, e, n in zip(area, exchange, line, strict=True)]
    )
