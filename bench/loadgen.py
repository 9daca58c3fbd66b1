"""Load generators, each run in a process of its own: `wrk` when installed, else a small
httpx asyncio generator (this file run as a script). Both report the same measures."""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

# Counts every response that is not 200: a redirect to the sign-in page is an error here.
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non200 = 0 end
function response(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("non200") end
  io.write(string.format("NON200 %d\\n", total))
end
"""


@dataclass(slots=True)
class LoadResult:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # responses other than 200, and failed connections or timeouts
    generator: str


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        raise ValueError(f"Okänd tid från wrk: {text!r}")
    return float(match[1]) * _UNITS[match[2]]


def parse_wrk(output: str) -> LoadResult:
    requests = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", output)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"50%\s+([\d.]+\w+)", output)
    p99 = re.search(r"99%\s+([\d.]+\w+)", output)
    non200 = re.search(r"NON200 (\d+)", output)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if not (requests and rps and p50 and p99):
        raise ValueError(f"wrk gav oväntad utdata:\n{output}")
    errors = int(non200[1]) if non200 else 0
    if socket:
        errors += sum(int(socket[i]) for i in range(1, 5))
    return LoadResult(
        requests=int(requests[1]),
        seconds=_ms(requests[2] + requests[3]) / 1000,
        rps=float(rps[1]),
        p50_ms=_ms(p50[1]),
        p99_ms=_ms(p99[1]),
        errors=errors,
        generator="wrk",
    )


def run_wrk(
    url: str, connections: int, duration: float, headers: dict[str, str], workdir: Path
) -> LoadResult:
    script = workdir / "count-non200.lua"
    script.write_text(WRK_SCRIPT, encoding="utf-8")
    threads = max(1, min(2, connections))
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",
        "--latency",
        "--timeout",
        "10s",
        "-s",
        str(script),
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    done = subprocess.run([*command, url], capture_output=True, text=True, timeout=duration + 60)
    return parse_wrk(done.stdout)


def run_httpx(url: str, connections: int, duration: float, headers: dict[str, str]) -> LoadResult:
    """The httpx generator in a separate process (this file as a script)."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        url,
        "--connections",
        str(connections),
        "--duration",
        str(duration),
    ]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 120)
    if done.returncode != 0:
        raise RuntimeError(f"Lastgeneratorn misslyckades:\n{done.stderr}")
    return LoadResult(**json.loads(done.stdout.strip().splitlines()[-1]))


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def _drive(
    url: str, connections: int, duration: float, headers: dict[str, str]
) -> LoadResult:
    import httpx

    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(headers=headers, limits=limits, timeout=10) as client:
        started = time.perf_counter()
        stop = started + duration

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < stop:
                begun = time.perf_counter()
                try:
                    response = await client.get(url)
                    await response.aread()
                    if response.status_code != 200:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append((time.perf_counter() - begun) * 1000)

        await asyncio.gather(*(worker() for _ in range(connections)))
        seconds = time.perf_counter() - started
    return LoadResult(
        requests=len(latencies),
        seconds=seconds,
        rps=len(latencies) / seconds if seconds else 0.0,
        p50_ms=percentile(latencies, 0.50),
        p99_ms=percentile(latencies, 0.99),
        errors=errors,
        generator="httpx",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="httpx-lastgenerator för benchmarken")
    parser.add_argument("url")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--header", action="append", default=[])
    args = parser.parse_args()
    headers = dict(h.split(": ", 1) for h in args.header)
    result = asyncio.run(_drive(args.url, args.connections, args.duration, headers))
    print(json.dumps(asdict(result)))


if __name__ == "__main__":
    main()
