from terp_seed.defs.family import family_asset

# The first family of a run: it starts the fresh shadow database the run writes into.
reference = family_asset("reference", starts_run=True)
