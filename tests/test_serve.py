"""`lemniscaat serve` listens on loopback only, unless --host says otherwise; uploads are capped;
the stores are made ready beside the server."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import threading
import tomllib
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXE = Path(sys.executable).parent / "lemniscaat"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on `port` (Linux /proc/net/tcp and tcp6)."""
    out = set()
    for name, size in (("tcp", 8), ("tcp6", 32)):
        path = Path("/proc/net") / name
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            addr, hexport = fields[1].split(":")
            if fields[3] == "0A" and int(hexport, 16) == port:  # 0A = LISTEN
                raw = bytes.fromhex(addr)
                if size == 8:
                    out.add(socket.inet_ntop(socket.AF_INET, raw[::-1]))
                else:  # four little-endian 32-bit words
                    words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
                    out.add(socket.inet_ntop(socket.AF_INET6, words))
    return out


def outward_address() -> str | None:
    """This machine's address on its default route (no packet is sent), if it has one."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: routing only
            addr = s.getsockname()[0]
    except OSError:
        return None
    return None if addr.startswith("127.") else addr


def test_config_binds_loopback_caps_uploads_and_hides_tracebacks():
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert cfg["server"]["address"] == "127.0.0.1"
    assert 0 < cfg["server"]["maxUploadSize"] <= 50
    assert cfg["client"]["showErrorDetails"] == "none"
    assert "--host $(HOST)" in (ROOT / "Makefile").read_text() and "HOST ?= 127.0.0.1" in (ROOT / "Makefile").read_text()


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="SKIPPED: reads Linux /proc/net/tcp")
def test_serve_listens_on_loopback_by_default():
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "LEMNISCAAT_PORT"}
    proc = subprocess.Popen([str(EXE), "serve", "--port", str(port), "--headless"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    try:
        deadline, ok = time.monotonic() + 90, False
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    ok = r.status == 200
                    break
            except OSError:
                time.sleep(0.5)
        assert ok, f"the app did not answer on 127.0.0.1:{port} (exit {proc.poll()})"
        assert listening_addresses(port) == {"127.0.0.1"}
        # the map's outlines come from the app's own static folder (ui/kaart.py)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/app/static/gemeenten-2024.topo.json", timeout=10) as r:
            assert r.read() == (ROOT / "static" / "gemeenten-2024.topo.json").read_bytes()
        other = outward_address()
        if other:
            with socket.socket() as s:
                s.settimeout(2)
                assert s.connect_ex((other, port)) != 0, f"the app also answers on {other}"
        # beside the server, the stores are made ready before anyone visits (ui/server.py)
        while time.monotonic() < deadline and not any("stores voorbereid" in line for line in lines):
            time.sleep(0.3)
        prepared = [line for line in lines if "stores voorbereid" in line]
        assert prepared and "'memory': 'klaar'" in prepared[0], lines
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the CLI and the Streamlit process it started
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        if proc.stdout:
            proc.stdout.close()
