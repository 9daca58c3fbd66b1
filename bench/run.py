"""The benchmark, in one run on this machine (see bench/README.md):

1. creates a fresh database (`--database sqlite`, the default, or `postgresql`) and seeds
   `--scale` (default 1: a large municipality);
2. serves a bare Litestar app (bench/bare_app.py: the framework's ceiling) and then the tracker,
   each with the same uvicorn settings as `tracker serve` (`--workers`, default 2);
3. drives each page with the same load from a separate process (wrk when installed, else the
   httpx generator in bench/loadgen.py) and prints requests/s, p50/p99 latency, errors, the
   ratio to the bare ceiling and the servers' peak memory; times report drafting and PDF export;
4. writes the results as JSON and Markdown (`--output-dir`, default bench/results).

    .venv/bin/python bench/run.py [--scale 1] [--duration 20] [--connections 16]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import httpx  # noqa: E402

from bench.loadgen import LoadResult, run_httpx, run_wrk, wrk_available  # noqa: E402


@dataclass(frozen=True, slots=True)
class Target:
    """A page under load. `path` may name {project}, {dialogue} and {report_draft}; None means
    the page does not exist yet (reported as such, never a failure)."""

    name: str
    path: str | None


# The pages the issues list. Change a path here when a page moves (e.g. the chain view).
PAGES: tuple[Target, ...] = (
    Target("Mitt arbete", "/"),
    Target("Projektlistan", "/projekt"),
    Target("Projektsida", "/projekt/{project}"),
    Target("Dialogregistret", "/dialoger"),
    Target("Återkopplingsliggaren", "/dialoger/aterkoppling"),
    Target("Dialogsida", "/dialoger/{dialogue}"),
    Target("Dialogens kedja", "/dialoger/{dialogue}/kedjan"),
    Target("Kedjan", "/kedjan"),
    Target("Insikter", "/insikter"),
    Target("Insiktssida", "/insikter/{insight}"),
    Target("Tjänsteförändringar", "/forandringar"),
    Target("Förändringssida", "/forandringar/{change}"),
    Target("Samverkan", "/samverkan"),
    Target("Organisationssida", "/organisationer/{organisation}"),
    Target("Ni sa – vi gjorde (publik)", "/ni-sa-vi-gjorde/{published}"),
    Target("Sökning", "/sok?q=skola"),
    # Issue 13: a hundred one-letter words took 1.2–1.6 s before queries were bounded.
    Target("Sökning, 100 ord", "/sok?q=" + "+".join("abcdefghijklmnopqrstuvwxy" * 4)),
    Target("Rapportutkast", "{report_draft}"),
    Target("Fastställd rapportversion", "{report_frozen}"),
)
# The report draft is held to a lower share of the ceiling than the other pages (issue 19).
DRAFT_PAGE = "Rapportutkast"

# How a report draft is made and exported. The create form is read for its default values
# and posted as a browser would; its redirect is the draft's page.
REPORT = {
    "form": "/rapporter/ny",
    "create": "/rapporter",
    "freeze": "{report_draft}/faststall",
    "pdf": "{report_draft}/rapport.pdf",
}
# Values for fields the create form leaves empty, and a whole year as the period (heavier than
# the form's default quarter). Each draft gets its own diarienummer (they are unique): the
# run's number is put in for {n}.
REPORT_FILL = {
    "diarienummer": "KS 2026/90{n}",
    "handlaggare": "Alex Testdata, utredare",
    "signatories": "Kommundirektör\nAvdelningschef",
    "period_start": "2025-01-01",
    "period_end": "2025-12-31",
}

TARGETS = {
    "ratio": 0.25,
    "draft_ratio": 0.10,
    "p99_ms": 100.0,
    "draft_s": 2.0,
    "pdf_s": 10.0,
    "memory_mb": 300.0,
}
SECRET = "benchmark-nyckel-endast-for-mätning"
CSRF_COOKIE = "tracker-csrf"


# --- servers ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid:
            found.append(int(entry.name))
    return found


def _vmhwm_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class Server:
    """A server process group started by this script, stopped by its own id."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], port: int, log: Path):
        self.name = name
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self._log = log.open("w")
        self.process = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, path: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} avslutades vid start (se {self._log.name}).")
            try:
                httpx.get(self.base + path, timeout=2)
                return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError(f"{self.name} svarade inte inom {timeout:.0f} s.")

    def pids(self) -> list[int]:
        out, todo = [], [self.process.pid]
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo += _children(pid)
        return out

    def memory(self) -> dict[str, Any]:
        """Peak resident memory (VmHWM) of the server and each worker, in MB."""
        peaks = {pid: _vmhwm_mb(pid) for pid in self.pids()}
        values = [v for v in peaks.values() if v is not None]
        return {
            "processes": {str(pid): round(v, 1) for pid, v in peaks.items() if v is not None},
            "max_process_mb": round(max(values), 1) if values else None,
            "total_mb": round(sum(values), 1) if values else None,
        }

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self._log.close()


# --- the tracker: sign-in, records to visit, report drafting -----------------------------------


class _Forms(HTMLParser):
    """Every form's action and the values a browser would send with its defaults."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []
        self._select: str | None = None
        self._select_value: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append((a.get("action", ""), []))
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file"):
                self.forms[-1][1].append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select, self._select_value = a.get("name"), None
        elif tag == "option" and self._select is not None:
            if self._select_value is None or "selected" in a:
                self._select_value = a.get("value", "")
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), []

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select and self.forms:
            self.forms[-1][1].append((self._select, self._select_value or ""))
            self._select = None
        elif tag == "textarea" and self._textarea and self.forms:
            self.forms[-1][1].append((self._textarea, "".join(self._text)))
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)


def sign_in(client: httpx.Client, email: str, password: str) -> None:
    client.get("/logga-in")
    response = client.post(
        "/logga-in",
        data={"email": email, "password": password, "_csrf_token": client.cookies[CSRF_COOKIE]},
    )
    if response.status_code != 303:
        raise RuntimeError(f"Inloggningen misslyckades ({response.status_code}).")


def cookie_header(client: httpx.Client) -> str:
    return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


# A heavily used but ordinary record of each kind: the 90th percentile by fan-out.
PICKS = {
    "project": "SELECT p.id FROM project p WHERE p.archived_at IS NULL ORDER BY "
    "(SELECT COUNT(*) FROM iteration i WHERE i.project = p.id) + "
    "(SELECT COUNT(*) FROM insight_use u WHERE u.project = p.id) + "
    "(SELECT COUNT(*) FROM project_dialogue d WHERE d.project = p.id), p.id",
    "dialogue": "SELECT d.id FROM dialogue d WHERE d.archived_at IS NULL ORDER BY "
    "d.state = 'fed_back', (SELECT COUNT(*) FROM evidence e WHERE "
    "e.source_type = 'dialogue' AND e.source_id = d.id), d.id",
    "insight": "SELECT i.id FROM insight i ORDER BY "
    "(SELECT COUNT(*) FROM insight_evidence e WHERE e.insight = i.id) + "
    "(SELECT COUNT(*) FROM change_insight c WHERE c.insight = i.id), i.id",
    "change": "SELECT c.id FROM service_change c ORDER BY "
    "(SELECT COUNT(*) FROM change_insight i WHERE i.change = c.id), c.id",
    "organisation": "SELECT o.id FROM organisation o ORDER BY "
    "(SELECT COUNT(*) FROM collaboration_organisation c WHERE c.organisation = o.id), o.id",
    "published": "SELECT v.dialogue FROM feedback_page_version v ORDER BY v.dialogue",
}


def _query(database_url: str, sql: str) -> list[tuple[Any, ...]]:
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            return db.execute(sql).fetchall()
    import asyncio

    import asyncpg

    async def fetch() -> list[tuple[Any, ...]]:
        connection = await asyncpg.connect(database_url)
        try:
            return [tuple(row) for row in await connection.fetch(sql)]
        finally:
            await connection.close()

    return asyncio.run(fetch())


def pick_records(database_url: str) -> dict[str, str]:
    def at_90(rows: list[tuple[Any, ...]]) -> str:
        return str(rows[int(0.9 * (len(rows) - 1))][0]) if rows else "1"

    return {name: at_90(_query(database_url, sql)) for name, sql in PICKS.items()}


def _timed_draft(client: httpx.Client, n: int) -> tuple[float | None, str | None, str]:
    """Create one report draft through its form; (seconds, draft URL, note)."""
    form_page = client.get(REPORT["form"])
    if form_page.status_code != 200:
        return None, None, f"saknas ({REPORT['form']} gav {form_page.status_code})"
    parser = _Forms()
    parser.feed(form_page.text)
    fields = next((f for action, f in parser.forms if action == REPORT["create"]), None)
    if fields is None:
        return None, None, f"saknas (inget formulär till {REPORT['create']})"
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    for name, value in REPORT_FILL.items():
        if name in data and (not data[name][0] or name.startswith("period")):
            data[name] = [value.format(n=n)]
    data["_csrf_token"] = [client.cookies[CSRF_COOKIE]]
    started = time.perf_counter()
    response = client.post(REPORT["create"], data=data)
    seconds = time.perf_counter() - started
    if response.status_code != 303:
        errors = re.findall(
            r'class="error-message"[^>]*><span[^>]*>Fel: </span>(.*?)</p>',
            response.text,
            flags=re.S,
        )
        return seconds, None, f"fel ({response.status_code}) {' '.join(errors)[:200]}".strip()
    return seconds, response.headers["location"].split("?")[0].split("#")[0], "ok"


def report_drafts(client: httpx.Client, runs: int) -> tuple[dict[str, Any], list[str]]:
    """Create `runs` report drafts through the form, timed; the drafts' URLs."""
    times: list[float] = []
    drafts: list[str] = []
    for n in range(runs):
        seconds, url, note = _timed_draft(client, n)
        if url is None:
            return {"status": note}, []
        times.append(seconds or 0.0)
        drafts.append(url)
    return {
        "status": "ok",
        "runs_s": [round(t, 3) for t in times],
        "median_s": round(statistics.median(times), 3),
        "max_s": round(max(times), 3),
    }, drafts


def freeze(client: httpx.Client, draft: str) -> int:
    """Freeze a draft through its form; the answer's status (303 when frozen)."""
    token = client.cookies[CSRF_COOKIE]
    url = REPORT["freeze"].format(report_draft=draft)
    return client.post(url, data={"_csrf_token": token}).status_code


def pdf_export(client: httpx.Client, draft: str | None) -> dict[str, Any]:
    if draft is None:
        return {"status": "saknas (inget rapportutkast)"}
    frozen = freeze(client, draft)
    if frozen not in (200, 303):
        return {"status": f"saknas (fastställandet gav {frozen})"}
    started = time.perf_counter()
    response = client.get(REPORT["pdf"].format(report_draft=draft), timeout=120)
    seconds = time.perf_counter() - started
    if response.status_code != 200 or not response.content.startswith(b"%PDF"):
        return {"status": f"fel ({response.status_code})", "seconds": round(seconds, 3)}
    return {"status": "ok", "seconds": round(seconds, 3), "bytes": len(response.content)}


# --- load --------------------------------------------------------------------------------------


@dataclass(slots=True)
class PageResult:
    name: str
    path: str | None
    status: str
    load: LoadResult | None = None
    ratio: float | None = None
    meets_target: bool | None = None
    loadavg: str = ""
    notes: list[str] = field(default_factory=list)


def drive(url: str, args: argparse.Namespace, headers: dict[str, str], workdir: Path) -> LoadResult:
    use_wrk = args.generator == "wrk" or (args.generator == "auto" and wrk_available())
    if args.warmup > 0:
        if use_wrk:
            run_wrk(url, args.connections, args.warmup, headers, workdir)
        else:
            run_httpx(url, args.connections, args.warmup, headers)
    if use_wrk:
        return run_wrk(url, args.connections, args.duration, headers, workdir)
    return run_httpx(url, args.connections, args.duration, headers)


def _first_line(path: str, prefix: str) -> str:
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return ""
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(prefix)), "")


def machine() -> dict[str, Any]:
    model = _first_line("/proc/cpuinfo", "model name")
    memory = _first_line("/proc/meminfo", "MemTotal")
    return {
        "cpus": os.cpu_count(),
        "cpu": model,
        "memory": memory,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "system": platform.platform(),
    }


def loadavg() -> str:
    """The machine's load average (1, 5, 15 min): other work competes for the same cores."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return ""


def measure_bare(
    args: argparse.Namespace, env: dict[str, str], workers: list[str], workdir: Path, when: str
) -> dict[str, Any]:
    port = free_port()
    bare = Server(
        "Bare Litestar",
        [
            *[sys.executable, "-m", "bench.bare_app", "--port", str(port), *workers],
            *(["--http", args.http_protocol] if args.http_protocol else []),
        ],
        env,
        port,
        workdir / f"bare-{when}.log",
    )
    try:
        bare.wait_ready("/")
        print(f"Mäter taket ({when}): bare Litestar …", flush=True)
        load = drive(bare.base + "/", args, {}, workdir)
        return {**asdict(load), "when": when, "loadavg": loadavg(), "memory": bare.memory()}
    finally:
        bare.stop()


def fresh_database(args: argparse.Namespace, workdir: Path) -> str:
    """An empty database for this run: a new SQLite file, or a PostgreSQL database made anew
    (`--postgres-database` on the server `--postgres-url` names)."""
    if args.database == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite'}"
    import asyncio

    import asyncpg

    server, name = args.postgres_url.rstrip("/"), args.postgres_database
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"Databasnamnet {name!r} får bara ha a–z, 0–9 och _.")

    async def recreate() -> None:
        connection = await asyncpg.connect(f"{server}/postgres")
        try:
            await connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            await connection.execute(f"CREATE DATABASE {name}")
        finally:
            await connection.close()

    asyncio.run(recreate())
    return f"{server}/{name}"


def drop_database(args: argparse.Namespace) -> None:
    """The run's PostgreSQL database goes when the run ends (unless --keep)."""
    if args.database != "postgresql":
        return
    import asyncio

    import asyncpg

    async def drop() -> None:
        connection = await asyncpg.connect(f"{args.postgres_url.rstrip('/')}/postgres")
        try:
            await connection.execute(
                f"DROP DATABASE IF EXISTS {args.postgres_database} WITH (FORCE)"
            )
        finally:
            await connection.close()

    asyncio.run(drop())


def run(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    database_url = fresh_database(args, workdir)
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": database_url,
        "TRACKER_SECRET_KEY": SECRET,
        "PICCOLO_CONF": "tracker.piccolo_conf",
    }
    env.pop("TRACKER_TEST_DATABASE_URL", None)
    results: dict[str, Any] = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {
            "scale": args.scale,
            "duration_s": args.duration,
            "connections": args.connections,
            "workers": args.workers,
            "generator": "wrk" if args.generator != "httpx" and wrk_available() else "httpx",
            "database": "SQLite" if args.database == "sqlite" else "PostgreSQL",
            "tracker_factory": args.tracker_factory or "tracker serve",
            "http_protocol": args.http_protocol or "tracker.web.server:NoDelayH11Protocol",
        },
        "targets": TARGETS,
    }
    print(f"Skapar testdata i skala {args.scale:g} i {database_url} …", flush=True)
    started = time.perf_counter()
    seeded = subprocess.run(
        [sys.executable, "-m", "tracker.cli", "seed", "--scale", str(args.scale)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    if seeded.returncode != 0:
        raise RuntimeError(f"Testdatat kunde inte skapas:\n{seeded.stderr}{seeded.stdout}")
    results["seed"] = {"seconds": round(time.perf_counter() - started, 1), "output": seeded.stdout}
    print(seeded.stdout, flush=True)
    from tracker.scale import ADMIN_EMAIL, SCALE_PASSWORD

    workers = ["--workers", str(args.workers)]
    bare_runs = [measure_bare(args, env, workers, workdir, "före")]
    results["memory_bare"] = bare_runs[0].pop("memory")

    port = free_port()
    serve = [
        sys.executable,
        "-m",
        "tracker.cli",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    if args.tracker_factory or args.http_protocol:
        # An experiment: the same uvicorn settings as `tracker serve`, with a change.
        serve = [
            *[sys.executable, "-m", "uvicorn", args.tracker_factory or "tracker.app:create_app"],
            *["--factory", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            "--no-proxy-headers",
        ]
        if args.http_protocol:
            serve += ["--http", args.http_protocol]
    tracker = Server(
        "Tjänstedesignspåraren",
        [*serve, *workers],
        env,
        port,
        workdir / "tracker.log",
    )
    pages: list[PageResult] = []
    try:
        tracker.wait_ready("/logga-in")
        client = httpx.Client(base_url=tracker.base, timeout=120, follow_redirects=False)
        sign_in(client, ADMIN_EMAIL, SCALE_PASSWORD)
        records = pick_records(database_url)
        results["records"] = records
        print("Skapar rapportutkast …", flush=True)
        results["report_draft"], drafts = report_drafts(client, max(args.report_runs, 2))
        draft = drafts[-1] if drafts else None
        frozen = drafts[0] if len(drafts) > 1 and freeze(client, drafts[0]) == 303 else ""
        values = {**records, "report_draft": draft or "", "report_frozen": frozen}
        headers = {"Cookie": cookie_header(client)}
        for target in PAGES:
            page = PageResult(target.name, None, "ok")
            pages.append(page)
            if target.path is None:
                page.status = "ej angiven"
                continue
            path = target.path.format(**values)
            page.path = path or None
            if not path:
                page.status = "saknas"
                continue
            probe = client.get(path)
            if probe.status_code == 404:
                page.status = "saknas"
                continue
            if probe.status_code != 200:
                page.status = f"fel ({probe.status_code})"
                continue
            print(f"Last mot {target.name} ({path}) …", flush=True)
            page.load = drive(tracker.base + path, args, headers, workdir)
            after = client.get(path)
            if after.status_code != 200:
                page.notes.append(f"svarade {after.status_code} efter lasten")
            page.loadavg = loadavg()
        results["memory_tracker_pages"] = tracker.memory()  # before the PDF's own peak
        print("Tidtar PDF-export …", flush=True)
        results["pdf"] = pdf_export(client, draft)
        results["memory_tracker"] = tracker.memory()
        client.close()
    finally:
        tracker.stop()
    # The ceiling again after the tracker: other work on the machine changes both alike.
    bare_runs.append(measure_bare(args, env, workers, workdir, "efter"))
    bare_runs[1].pop("memory")
    ceiling = statistics.mean(run["rps"] for run in bare_runs)
    results["bare_runs"] = bare_runs
    results["bare"] = {
        "rps": ceiling,
        "p50_ms": statistics.mean(run["p50_ms"] for run in bare_runs),
        "p99_ms": max(run["p99_ms"] for run in bare_runs),
        "errors": sum(run["errors"] for run in bare_runs),
    }
    for page in pages:
        if page.load is None:
            continue
        page.ratio = page.load.rps / ceiling if ceiling else None
        wanted = TARGETS["draft_ratio"] if page.name == DRAFT_PAGE else TARGETS["ratio"]
        page.meets_target = (
            page.ratio is not None
            and page.ratio >= wanted
            and page.load.p99_ms < TARGETS["p99_ms"]
            and page.load.errors == 0
        )
    if args.keep:
        print(f"Databasen och serverloggarna finns kvar i {workdir}.", flush=True)
    else:
        shutil.rmtree(workdir, ignore_errors=True)
        drop_database(args)
    results["pages"] = [{**asdict(p), "load": asdict(p.load) if p.load else None} for p in pages]
    return results


# --- output ------------------------------------------------------------------------------------


def _fmt(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:,.{digits}f}".replace(",", " ")


def markdown(results: dict[str, Any]) -> str:
    s, m, bare = results["settings"], results["machine"], results["bare"]
    lines = [
        f"Benchmark {results['started_at']}: skala {s['scale']:g} på {s['database']}, "
        f"{s['workers']} uvicorn-arbetare, {s['connections']} anslutningar i {s['duration_s']:g} s "
        f"({s['generator']}); spåraren: {s.get('tracker_factory')}, HTTP-protokoll: "
        f"{s.get('http_protocol')}. Maskin: {m['cpus']} kärnor, {m['cpu']}, {m['memory']}, "
        f"Python {m['python']}, SQLite {m['sqlite']}.",
        "",
        "| Sida | Förfrågningar/s | p50 ms | p99 ms | Fel | Andel av taket | Mål | Belastning |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for run in results["bare_runs"]:
        lines.append(
            f"| Bare Litestar ({run['when']}) | {_fmt(run['rps'])} | {_fmt(run['p50_ms'], 1)} | "
            f"{_fmt(run['p99_ms'], 1)} | {run['errors']} | | | {run['loadavg']} |"
        )
    lines.append(f"| **Taket (medel)** | **{_fmt(bare['rps'])}** | | | | 100 % | | |")
    for page in results["pages"]:
        load = page["load"]
        if load is None:
            lines.append(f"| {page['name']} | {page['status']} | | | | | | |")
            continue
        verdict = "uppfyllt" if page["meets_target"] else "missat"
        lines.append(
            f"| {page['name']} (`{page['path']}`) | {_fmt(load['rps'])} | {_fmt(load['p50_ms'], 1)} | "
            f"{_fmt(load['p99_ms'], 1)} | {load['errors']} | {_fmt(100 * page['ratio'], 1)} % | {verdict} | "
            f"{page['loadavg']} |"
        )
    draft, pdf = results.get("report_draft", {}), results.get("pdf", {})
    memory = results.get("memory_tracker", {})
    pages_memory = results.get("memory_tracker_pages", {})
    lines += [
        "",
        f"- Rapportutkast: {draft.get('status')}"
        + (
            f", median {draft['median_s']} s (max {draft['max_s']} s, {len(draft['runs_s'])} körningar)"
            if "median_s" in draft
            else ""
        ),
        f"- PDF-export: {pdf.get('status')}"
        + (f", {pdf['seconds']} s" if "seconds" in pdf else ""),
        f"- Serverns minne (VmHWM): efter sidlasten största process "
        f"{_fmt(pages_memory.get('max_process_mb'))} MB, alla processer "
        f"{_fmt(pages_memory.get('total_mb'))} MB; efter PDF-exporten största process "
        f"{_fmt(memory.get('max_process_mb'))} MB, alla processer {_fmt(memory.get('total_mb'))} MB "
        f"(bare Litestar: {_fmt(results.get('memory_bare', {}).get('total_mb'))} MB)",
        f"- Testdata: {results['seed']['seconds']} s för att skapa skala {s['scale']:g}.",
        "- Belastning: maskinens load average (1, 5 och 15 min) vid mätningen. Över antalet "
        "kärnor betyder att andra processer konkurrerade om dem; taket mäts före och efter "
        "spåraren och andelen räknas mot medelvärdet.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark: spåraren mot bare Litestar")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--duration", type=float, default=20.0, help="sekunder per sida")
    parser.add_argument("--warmup", type=float, default=2.0, help="sekunder uppvärmning per sida")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--generator", choices=("auto", "wrk", "httpx"), default="auto")
    parser.add_argument("--report-runs", type=int, default=3)
    parser.add_argument(
        "--tracker-factory",
        default="",
        help="en annan app-fabrik för spåraren (experiment), t.ex. tracker.app:create_app",
    )
    parser.add_argument(
        "--http-protocol",
        default="",
        help="uvicorns HTTP-protokoll för båda servrarna (experiment), "
        "t.ex. h11 (uvicorns eget, utan TCP_NODELAY)",
    )
    parser.add_argument(
        "--database",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="SQLite (inbyggd) eller PostgreSQL (som i produktion)",
    )
    parser.add_argument(
        "--postgres-url",
        default="postgresql://postgres@127.0.0.1:5432",
        help="PostgreSQL-servern, där databasen --postgres-database skapas på nytt",
    )
    parser.add_argument("--postgres-database", default="tracker_bench")
    parser.add_argument("--keep", action="store_true", help="behåll databasen och loggarna")
    parser.add_argument("--output-dir", type=Path, default=REPO / "bench" / "results")
    args = parser.parse_args(argv)
    results = run(args)
    args.output_dir.mkdir(parents=True, exist_ok=True)
    name = "results" if args.database == "sqlite" else f"results-{args.database}"
    (args.output_dir / f"{name}.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    text = markdown(results)
    (args.output_dir / f"{name}.md").write_text(text, encoding="utf-8")
    print()
    print(text)
    print(f"Resultaten finns i {args.output_dir / name}.json och {name}.md.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
