"""``wixsync sandbox`` (the local Wix simulator over loopback) and ``wixsync demo`` (the
whole thing against it, no credentials)."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

import click

from sync.cli.output import VERBOSITY
from sync.cli.output import out as console


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Loopback address to bind (other addresses are refused).",
)
@click.option("--port", default=8765, show_default=True, type=int, help="Port (0 = any free port).")
@click.option(
    "--seed",
    "seed_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Seed JSON (default: the built-in swim club).",
)
@click.option(
    "--rate-limit",
    default=200,
    show_default=True,
    type=int,
    help="Requests per minute before 429 (0 = no limit).",
)
@click.option(
    "--latency", default=0.0, show_default=True, type=float, help="Seconds added to every API call."
)
def sandbox(host: str, port: int, seed_path: Path | None, rate_limit: int, latency: float) -> None:
    """Serve the local Wix simulator over loopback.

    \b
    Example:
      wixsync sandbox --port 8765
      curl -s http://127.0.0.1:8765/_sandbox/info
    """
    from sync.sandbox import LoopbackServer, build_sandbox, describe

    box = build_sandbox(seed_path, rate_limit=rate_limit or None, latency=latency)  # SeedError
    try:
        server = LoopbackServer(box, host=host, port=port)
    except (ValueError, OSError) as exc:  # not a loopback address, the port taken
        raise click.ClickException(str(exc)) from exc
    info = describe(box.site)
    click.echo(f"wixsync sandbox listening on {server.url}")
    click.echo(f"site: {info['siteName']}  id: {info['siteId']}  time zone: {info['timeZone']}")
    for key in info["apiKeys"]:
        click.echo(f"api key {key['name']}: {key['key']}")
    click.echo(f"control plane: {server.url}/_sandbox/info  (seed: {seed_path or 'built-in club'})")
    click.echo("Ctrl+C stops it.")
    sys.stdout.flush()

    def stop(*_: object) -> None:
        # the loop is asked to end, from a thread of its own (shutdown waits for the loop):
        # an exception raised from the handler could land in a finalizer that the garbage
        # collector runs, be ignored there, and leave the sandbox serving
        threading.Thread(target=server.stop, name="sandbox-stop", daemon=True).start()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop)
    server.serve_forever()
    click.echo("sandbox stopped")


@click.command()
@click.option(
    "--reset", is_flag=True, help="Start wixsync-demo/ afresh (it is kept, with your edits, else)."
)
def demo(reset: bool) -> None:
    """Run the demo: a local Wix (the sandbox) serving the swim club, no credentials needed.
    It makes wixsync-demo/ the first time, and syncs it again, as you left it, after.

    \b
    Example:
      wixsync demo
      wixsync demo --reset
    """
    from sync.demo import DemoStopped, run_demo

    try:
        run_demo(console, reset=reset, quiet=VERBOSITY.quiet)
    except DemoStopped as exc:
        raise click.ClickException(f"{exc} (`wixsync demo --reset` starts afresh)") from exc
