"""The seed job and the nightly re-seed of staging."""

import datetime as dt
import os

import dagster as dg

from terp_seed.params import DEFAULT_PROFILE

seed_job = dg.define_asset_job(
    "seed_job",
    selection=dg.AssetSelection.all(),
    description="Seed every family into a shadow database, audit it, publish it.",
)

SCHEDULE_PROFILE_ENV = "TERP_SCHEDULE_PROFILE"


def reseed_run_config(end: dt.date, profile: str | None = None) -> dg.RunConfig:
    """Run config for a re-seed whose window ends on `end` (the profile's window length)."""
    return dg.RunConfig(
        resources={
            "seed_settings": {
                "config": {
                    "profile": profile or os.environ.get(SCHEDULE_PROFILE_ENV, DEFAULT_PROFILE),
                    "overrides": {"end": end.isoformat()},
                }
            }
        }
    )


@dg.schedule(
    job=seed_job,
    cron_schedule="0 4 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.STOPPED,
)
def staging_reseed_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    """Every night, re-seed staging with a rolling window that ends on the scheduled date."""
    end = context.scheduled_execution_time.date()
    return dg.RunRequest(run_key=f"reseed-{end.isoformat()}", run_config=reseed_run_config(end))


defs = dg.Definitions(jobs=[seed_job], schedules=[staging_reseed_schedule])
