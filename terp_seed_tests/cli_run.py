"""Running the terp-seed command in-process, as the CLI and integration tests do."""

import contextlib
import dataclasses
import io

from terp_seed import cli

# Environment a run must not inherit from the developer's shell.
RUN_ENV = ("TERP_ENV", "DAGSTER_HOME", "TERP_DATABASE_URL")


@dataclasses.dataclass(frozen=True)
class CliRun:
    """One finished `terp-seed` call: its exit code and what it printed."""

    code: int
    stdout: str
    stderr: str

    def explain(self) -> str:
        """The whole call, for an assertion message."""
        return f"exit {self.code}\n--- stdout ---\n{self.stdout}\n--- stderr ---\n{self.stderr}"


def run_cli(*argv: str) -> CliRun:
    """`terp-seed argv...` in-process, its stdout and stderr captured."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return CliRun(code, out.getvalue(), err.getvalue())
