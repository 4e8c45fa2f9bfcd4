"""A Dagster logger that prints one line per asset and check: the CLI's progress on stderr."""

import logging
import sys
import time

import dagster as dg


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)  # noqa: T201 (progress is the CLI's output)


def last_line(text: str | None) -> str:
    """The last line of an error message: the one that says what went wrong."""
    return (text or "").strip().splitlines()[-1] if text else ""


# terp-seed's own errors say everything in their message; their class name adds nothing.
_OWN_ERRORS = {
    "StoreError",
    "DatabaseUnreachable",
    "TargetRefused",
    "TargetBusy",
    "PublishError",
    "ParameterError",
    "FrameValidationError",
}


def failure_cause(error: object) -> str:
    """The real cause of a failed step, in one line.

    Dagster wraps what a step raised in `DagsterExecutionStepExecutionError: Error occurred
    while executing op ...`; the cause chain's innermost error is what went wrong (a frame
    that does not fit, a duplicate key, a lost connection).

    Args:
        error: A Dagster `SerializableErrorInfo` (message, cls_name, cause, context).
    """
    innermost = error
    while getattr(innermost, "cause", None) is not None:
        innermost = innermost.cause
    message = str(getattr(innermost, "message", "") or "").strip()
    name = str(getattr(innermost, "cls_name", "") or "")
    first = message.splitlines()[0] if message else name
    # Dagster spells the message as `module.Class: text`; keep only the text for our own.
    head, _, text = first.partition(": ")
    if text and head.rsplit(".", 1)[-1] == name:
        first = text if name in _OWN_ERRORS else f"{name}: {text}"
    return first[:400]


class _ProgressHandler(logging.Handler):
    """Prints one line per asset and check as the in-process run goes (stderr)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.started: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        event = getattr(record, "dagster_meta", {}).get("dagster_event")
        if event is None:
            return
        step = event.step_key or ""
        kind = event.event_type_value
        if kind == "STEP_START":
            self.started[step] = time.monotonic()
            _say(f"  {step} ...")
        elif kind == "STEP_SUCCESS":
            elapsed = time.monotonic() - self.started.get(step, time.monotonic())
            _say(f"  {step} done in {elapsed:.1f}s")
        elif kind == "STEP_FAILURE":
            _say(f"  {step} FAILED: {failure_cause(event.event_specific_data.error)}")
        elif kind == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if not evaluation.passed:
                _say(f"  check {evaluation.check_name} FAILED: {evaluation.description}")


@dg.logger(description="One line per step and failed check, on stderr.")
def terp_progress(_: dg.InitLoggerContext) -> logging.Logger:
    """A logger that prints step progress and failed checks on stderr."""
    logger = logging.getLogger("terp_seed.progress")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    if not logger.handlers:
        logger.addHandler(_ProgressHandler())
    return logger


defs = dg.Definitions(
    loggers={"console": dg.colored_console_logger, "terp_progress": terp_progress}
)
