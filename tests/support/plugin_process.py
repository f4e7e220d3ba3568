"""A Pulumi plugin process (policy pack, component provider) started as the Pulumi CLI starts
one: it prints its gRPC port on its first stdout line; the CLI stops it by killing it."""

from __future__ import annotations

import os
import select
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import grpc


class PluginProcess:
    """A running plugin, its stderr (kept in a temporary file) and a channel to its port."""

    what = "the plugin"
    """What the plugin is, for the error when it does not start."""

    process: subprocess.Popen[bytes]
    stderr: Any
    port: int
    channel: grpc.Channel | None = None

    def _start(self, argv: Sequence[str], cwd: Path | str, env: Mapping[str, str], timeout: float) -> None:
        """Run ``argv``, read the port it prints and open a ready channel to it."""
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the plugin; closed in close()
        self.process = subprocess.Popen(  # noqa: SIM115
            list(argv), cwd=cwd, env=dict(env), stdout=subprocess.PIPE, stderr=self.stderr,
        )
        self.port = self._read_port(timeout)
        self.channel = grpc.insecure_channel(f"127.0.0.1:{self.port}")
        grpc.channel_ready_future(self.channel).result(timeout=30)

    def _read_port(self, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        line = b""
        assert self.process.stdout is not None
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.process.stdout], [], [], 0.5)
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 64)
                if not chunk:
                    break
                line += chunk
                if b"\n" in line:
                    return int(line.split(b"\n", 1)[0].strip())
            if self.process.poll() is not None:
                break
        error = self.stderr_text()
        self.close()
        raise RuntimeError(f"{self.what} did not print its port: {line!r} {error}")

    def stderr_text(self) -> str:
        """What the plugin wrote to stderr so far."""
        self.stderr.seek(0)
        return self.stderr.read().decode(errors="replace")

    def _stop_servers(self) -> None:
        """Stop the servers the test runs for the plugin (engine, monitor)."""

    def close(self) -> None:
        """Stop the plugin (as the CLI does, by killing it), then the test's servers."""
        if self.channel is not None:
            self.channel.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.process.stdout:
            self.process.stdout.close()
        self.stderr.close()
        self._stop_servers()
