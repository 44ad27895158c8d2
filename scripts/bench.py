"""Benchmark the real stack on this machine and write docs/benchmarks.md.

    .venvs/web/bin/python scripts/bench.py [--quick] [--scaled-only] [--steps 10,20]

Measures, from one run: cold start to a ready /healthz; latency of the Rasa server alone
(REST webhook) and of the whole stack (Socket.IO client -> reply) for the same messages at
the same concurrency, and their ratio; the most connected chats, each sending a message every
few seconds, that keep the 95th percentile reply under 1 s with nothing lost or duplicated;
resident memory of the web and Rasa processes; and the model's training time.

Then the scaled topology (make run-scaled: two Rasa servers sharing PostgreSQL and Redis, web
processes on PostgreSQL and the Redis message queue, nginx in front): the same connected-chats
figure with one web process behind nginx and with two. --scaled-only measures just that and
replaces the scaled section of an existing report (make bench-scaled)."""

from __future__ import annotations

import argparse
import asyncio
import platform
import random
import secrets
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import psutil
import socketio

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts import stack  # noqa: E402

# Realistic messages written for the benchmark (not from any evaluation set).
MESSAGES = [
    "hi there",
    "my daughter is 14 and has panic attacks before school, what can we do",
    "is there a memory cafe near wigston for my grandad",
    "where can i take my toddler to play on a tuesday morning",
    "the doctors is closed and my son has a high temperature, where do we go",
    "can i book a phone call with someone",
    "how long is the wait for camhs at the moment",
    "my mum keeps forgetting to eat and gets lost in town",
    "do libraries do rhyme time for babies",
    "should i go to a&e or the urgent care centre with a sprained wrist",
    "thanks that helped",
    "whats the weather like today",
]
# Concurrent senders for the latency comparison: one person alone, then as many as the
# machine has cores, then twice that (the load generator shares those cores).
LATENCY_CONCURRENCIES = (1, 2, 4)
LATENCY_MESSAGES = 160
LATENCY_ROUNDS = 3  # Rasa and stack rounds alternate, so drift on the machine hits both alike
INTERVAL = 5.0  # seconds between one chat's messages ("every few seconds")
TARGET_P95 = 1.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * (len(ordered) - 1)))]


async def rasa_latency(rasa_url: str, run: str, concurrency: int) -> list[float]:
    """The Rasa server alone: `concurrency` senders, each a new conversation posting messages
    in turn (as the stack run below does, so both see trackers of the same length)."""
    latencies: list[float] = []
    per_sender = LATENCY_MESSAGES // concurrency

    async def sender(n: int, session: aiohttp.ClientSession) -> None:
        for i in range(per_sender):
            text = MESSAGES[(n + i) % len(MESSAGES)]
            body = {"sender": f"bench-{run}-{n}", "message": text}
            start = time.perf_counter()
            async with session.post(f"{rasa_url}/webhooks/rest/webhook", json=body) as response:
                await response.json()
            latencies.append(time.perf_counter() - start)

    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(sender(n, session) for n in range(concurrency)))
    return latencies


@dataclass
class Chat:
    """One simulated browser: connects, sends, and matches each reply to its message."""

    number: int
    url: str
    sent: int = 0
    received: int = 0
    duplicates: int = 0
    lost: int = 0  # no reply at all
    late: int = 0  # a reply, but after the 15 s wait (counted apart from lost and duplicated)
    errors: int = 0  # the server answered server_error or bad_input instead of a reply
    latencies: list[float] = field(default_factory=list)

    async def run(self, messages: int, interval: float, stagger: float) -> None:
        client = socketio.AsyncClient(reconnection=False)
        replies: asyncio.Queue[dict] = asyncio.Queue()
        client.on("bot_message", replies.put_nowait, namespace="/chat")
        for event in ("server_error", "bad_input"):  # an answer, but not a reply: an error
            client.on(event, lambda data, e=event: replies.put_nowait({e: data}), namespace="/chat")
        await asyncio.sleep(stagger)
        await client.connect(
            self.url, namespaces=["/chat"], transports=["websocket"], wait_timeout=30
        )
        try:
            for i in range(messages):
                text = MESSAGES[(self.number + i) % len(MESSAGES)]
                start = time.perf_counter()
                self.sent += 1
                await client.emit("user_message", {"text": text, "locale": "en"}, namespace="/chat")
                try:
                    reply = await asyncio.wait_for(replies.get(), timeout=15)
                    if "server_error" in reply or "bad_input" in reply:
                        self.errors += 1
                    else:
                        self.latencies.append(time.perf_counter() - start)
                        self.received += 1
                except TimeoutError:
                    self.lost += 1
                if interval:  # a person pausing between messages; none in the latency runs
                    wait = interval + random.uniform(-1, 1) - (time.perf_counter() - start)
                    await asyncio.sleep(max(0.0, wait))
            await asyncio.sleep(1)  # any late reply or duplicate would arrive now
            # Replies still queued answer the messages given up on (they come in order) or
            # are duplicates; a reply is never matched to a message twice.
            extra = replies.qsize()
            self.late = min(extra, self.lost)
            self.lost -= self.late
            self.duplicates += extra - self.late
        finally:
            await client.disconnect()


async def stack_latency(web_url: str, concurrency: int) -> list[float]:
    """The whole stack at the same concurrency: Socket.IO clients sending in turn."""
    chats = [Chat(n, web_url) for n in range(concurrency)]
    await asyncio.gather(*(c.run(LATENCY_MESSAGES // concurrency, 0, 0) for c in chats))
    return [x for c in chats for x in c.latencies]


@dataclass
class Latency:
    """The Rasa server alone against the whole stack, at one concurrency."""

    concurrency: int
    rasa: list[float] = field(default_factory=list)
    stack: list[float] = field(default_factory=list)
    round_ratios: list[float] = field(default_factory=list)
    web_cpu_seconds: float = 0.0  # the web process's CPU time over the stack rounds

    @property
    def web_cpu_ms(self) -> float:
        """The web process's CPU time per message: its own work in a turn."""
        return 1000 * self.web_cpu_seconds / len(self.stack)

    @property
    def ratio(self) -> float:
        return statistics.median(self.stack) / statistics.median(self.rasa)

    @property
    def rounds(self) -> str:
        return ", ".join(f"{r:.2f}" for r in self.round_ratios)

    def summary(self) -> str:
        return (
            f"{self.concurrency} senders: Rasa alone p50 {1000 * statistics.median(self.rasa):.0f}"
            f" ms, stack p50 {1000 * statistics.median(self.stack):.0f} ms, ratio "
            f"{self.ratio:.2f} (rounds: {self.rounds}); "
            f"web CPU {self.web_cpu_ms:.1f} ms a message"
        )


def cpu_seconds(process: stack.Process) -> float:
    """CPU time (user and system) used so far by a process and all its children."""
    times = [p.cpu_times() for p in process_tree(process)]
    return sum(t.user + t.system for t in times)


def latency_rounds(rasa_url: str, web: tuple[str, stack.Process], concurrency: int) -> Latency:
    """LATENCY_ROUNDS rounds, each the Rasa server alone and then the whole stack for the
    same messages, alternating so that drift on the machine hits both alike."""
    web_url, web_process = web
    asyncio.run(rasa_latency(rasa_url, f"warm{concurrency}", concurrency))  # warm both up
    asyncio.run(stack_latency(web_url, concurrency))
    latency = Latency(concurrency)
    for n in range(LATENCY_ROUNDS):
        rasa_round = asyncio.run(rasa_latency(rasa_url, f"measure{concurrency}-{n}", concurrency))
        cpu_before = cpu_seconds(web_process)
        stack_round = asyncio.run(stack_latency(web_url, concurrency))
        latency.web_cpu_seconds += cpu_seconds(web_process) - cpu_before
        latency.round_ratios.append(statistics.median(stack_round) / statistics.median(rasa_round))
        latency.rasa += rasa_round
        latency.stack += stack_round
    return latency


async def connected_chats(web_url: str, count: int, messages: int) -> dict[str, float]:
    """`count` chats connected at once, each sending a message every INTERVAL seconds."""
    chats = [Chat(n, web_url) for n in range(count)]
    await asyncio.gather(
        *(c.run(messages, INTERVAL, stagger=random.uniform(0, INTERVAL)) for c in chats)
    )
    latencies = [x for c in chats for x in c.latencies]
    return {
        "chats": count,
        "sent": sum(c.sent for c in chats),
        "received": sum(c.received for c in chats),
        "lost": sum(c.lost for c in chats),
        "late": sum(c.late for c in chats),
        "errors": sum(c.errors for c in chats),
        "duplicated": sum(c.duplicates for c in chats),
        "p50": statistics.median(latencies) if latencies else float("inf"),
        "p95": percentile(latencies, 0.95) if latencies else float("inf"),
    }


def is_good(row: dict[str, float]) -> bool:
    failures = row["lost"] + row["late"] + row["errors"] + row["duplicated"]
    return row["p95"] < TARGET_P95 and not failures


def ramp(
    web_url: str,
    steps: list[int],
    messages: int,
    label: str = "",
    web: stack.Process | None = None,
) -> list[dict[str, float]]:
    """Connected chats, step by step, up to the first step that misses the target; with
    `web`, its resident memory just after each step (web_mb)."""
    rows = []
    for count in steps:
        row = asyncio.run(connected_chats(web_url, count, messages))
        if web is not None:
            row["web_mb"] = rss_mb(web)
        rows.append(row)
        print(
            f"{label}{count} chats: p95 {row['p95']:.2f} s, lost {row['lost']}, "
            f"late {row['late']}, errors {row['errors']}, duplicated {row['duplicated']}",
            flush=True,
        )
        if not is_good(row):
            break
    return rows


def best_chats(rows: list[dict[str, float]]) -> int:
    good = [r for r in rows if is_good(r)]
    return int(good[-1]["chats"]) if good else 0


def rss_mb(process: stack.Process) -> float:
    """Resident memory of a process and all its children (gunicorn's master and worker,
    Rasa and its helpers), in MB."""
    return sum(p.memory_info().rss for p in process_tree(process)) / 2**20


def process_tree(process: stack.Process) -> list[psutil.Process]:
    """A process and all its children."""
    root = psutil.Process(process.pid)
    return [root, *root.children(recursive=True)]


def training_seconds() -> str:
    model = Path(stack.ROOT / "bot" / "models")
    hash_ = (
        __import__("subprocess")
        .run([str(stack.ROOT / "scripts" / "bot-hash")], capture_output=True, text=True, check=True)
        .stdout.strip()
    )
    seconds = model / f"{hash_}.seconds"
    return f"{seconds.read_text().strip()} s" if seconds.exists() else "not recorded"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer steps (for a smoke run)")
    parser.add_argument("--out", default=str(stack.ROOT / "docs" / "benchmarks.md"))
    parser.add_argument(
        "--scaled-only",
        action="store_true",
        help="only the scaled topology (make bench-scaled): replaces that section of --out",
    )
    parser.add_argument("--steps", help="connected chats to try, e.g. 10,20 (a smoke run)")
    parser.add_argument("--messages", type=int, help="messages each chat sends per step")
    args = parser.parse_args()
    steps = [50, 100] if args.quick else [50, 100, 150, 200, 250, 300, 400, 500]
    if args.steps:
        steps = [int(n) for n in args.steps.split(",")]
    messages = args.messages or (3 if args.quick else 6)
    if args.scaled_only:
        out = Path(args.out)
        old = out.read_text() if out.exists() else ""
        kept = old.split(SCALED_HEADING)[0].rstrip("\n")
        section = scaled_section(steps, messages)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(f"{kept}\n\n{section}" if kept else section)
        print(section)
        return 0

    with tempfile.TemporaryDirectory(prefix="lpt-bench-") as tmp:
        logs = Path(tmp)
        rasa_port, web_port = stack.free_port(), stack.free_port()
        rasa_url, web_url = f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{web_port}"
        started = time.perf_counter()
        rasa = stack.start_rasa(rasa_port, logs)
        web = stack.start_web(
            web_port,
            rasa_url,
            f"sqlite:///{logs / 'bench.sqlite3'}",
            logs,
            {"RATELIMIT_ENABLED": "0", "RETENTION_SCHEDULE": "0"},
        )
        try:
            stack.wait_until(lambda: stack.web_ready(web_url), web, 300, "ready")
            cold_start = time.perf_counter() - started
            print(f"cold start to a ready /healthz: {cold_start:.1f} s", flush=True)
            latencies = []
            for concurrency in LATENCY_CONCURRENCIES:
                latencies.append(latency_rounds(rasa_url, (web_url, web), concurrency))
                print(latencies[-1].summary(), flush=True)
            web_before = rss_mb(web)  # started and warmed up by the latency rounds
            rows = ramp(web_url, steps, messages, web=web)
            memory = {"web_before": web_before, "web": rss_mb(web), "rasa": rss_mb(rasa)}
        finally:
            web.stop()
            rasa.stop()

    report = render_report(cold_start, latencies, rows, best_chats(rows), memory, args.quick)
    report += "\n" + scaled_section(steps, messages)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(report)
    print(report)
    return 0


def render_report(
    cold_start: float,
    latencies: list[Latency],
    rows: list[dict[str, float]],
    best: int,
    memory: dict[str, float],
    quick: bool,
) -> str:
    cpu = f"{psutil.cpu_count()} cores, {platform.processor() or platform.machine()}"
    lines = [
        "# Benchmarks",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on this machine ({cpu}) with "
        f"`make bench` (`scripts/bench.py{' --quick' if quick else ''}`): one Rasa server, "
        "one web process (gunicorn, threads), SQLite, rate limits off; the load generator runs "
        "on the same two cores.",
        "",
        "| figure | value | target |",
        "|---|---|---|",
        f"| Whole stack ÷ Rasa alone at the median, with "
        f"{' / '.join(str(x.concurrency) for x in latencies)} concurrent senders (below) | "
        f"{' / '.join(f'{x.ratio:.2f}' for x in latencies)} | ≤ 1.10 |",
        f"| Most connected chats (a message every ~{INTERVAL:.0f} s each) with p95 < 1 s and "
        f"nothing lost, late, refused or duplicated | {best} | ≥ 200 |",
        f"| Web process resident memory (gunicorn master + worker): {web_memory_label(rows)} | "
        f"{web_memory(memory, rows)} | ≤ 200 MB |",
        f"| Rasa process resident memory | {memory['rasa']:.0f} MB | ≤ 1.5 GB |",
        f"| Model training time (last training of this data) | {training_seconds()} | |",
        f"| Cold start to a ready `/healthz` (both processes) | {cold_start:.1f} s | |",
        "",
        f"Latency of the Rasa server alone (its REST webhook) and of the whole stack (Socket.IO "
        f"client → reply) for the same {LATENCY_MESSAGES} messages at the same concurrency, "
        f"each sender one conversation; {LATENCY_ROUNDS} rounds of each, alternating:",
        "",
        "| concurrent senders | Rasa alone p50 / p95 | whole stack p50 / p95 "
        "| stack ÷ Rasa at the median (round by round) | web process CPU a message |",
        "|---|---|---|---|---|",
        *(
            f"| {x.concurrency} | {_p50_p95(x.rasa)} | {_p50_p95(x.stack)} "
            f"| {x.ratio:.2f} ({x.rounds}) "
            f"| {x.web_cpu_ms:.1f} ms |"
            for x in latencies
        ),
        "",
        "The web process's own work in a turn (its CPU time a message, last column) is added "
        "to Rasa's time when one person chats alone, so the ratio is highest with one sender "
        "and with cheap Rasa turns (short conversations); with more senders it overlaps "
        "Rasa's work for others.",
        "",
        "Connected chats, step by step:",
        "",
        "| chats | sent | replies | lost | late (> 15 s) | errors | duplicated | p50 | p95 "
        "| web memory after it |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {int(r['chats'])} | {int(r['sent'])} | {int(r['received'])} | {int(r['lost'])} "
            f"| {int(r['late'])} | {int(r['errors'])} | {int(r['duplicated'])} "
            f"| {r['p50']:.2f} s | {r['p95']:.2f} s | {r['web_mb']:.0f} MB |"
        )
    return "\n".join(lines) + "\n"


# The connected chats at which the web process's memory is held to its target.
MEMORY_AT_CHATS = 200


def web_memory_label(rows: list[dict[str, float]]) -> str:
    last = int(rows[-1]["chats"]) if rows else 0
    return f"before the chats / after {MEMORY_AT_CHATS} connected chats / after {last}"


def web_memory(memory: dict[str, float], rows: list[dict[str, float]]) -> str:
    """Memory before the chats, after the target's number of chats (if the ramp got there)
    and after the whole ramp: threads and buffers grow with the chats connected at once."""
    at_target = next((r["web_mb"] for r in rows if r["chats"] == MEMORY_AT_CHATS), None)
    middle = f"{at_target:.0f} MB" if at_target is not None else "not reached"
    return f"{memory['web_before']:.0f} MB / {middle} / {memory['web']:.0f} MB"


def _p50_p95(times: list[float]) -> str:
    return f"{1000 * statistics.median(times):.0f} ms / {1000 * percentile(times, 0.95):.0f} ms"


SCALED_HEADING = "## Scaled topology"


def scaled_section(steps: list[int], messages: int) -> str:
    """Start the scaled topology and measure the connected-chats figure through nginx with
    one web process and with two; the report's section on it."""
    if problems := stack.scaled_problems():
        raise SystemExit("\n".join(problems))
    run = secrets.token_hex(4)
    base = stack.POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace(
        "postgresql://", "postgresql+psycopg://"
    )
    database_url, rasa_database_url = f"{base}/lpt_bench_{run}", f"{base}/lpt_bench_rasa_{run}"
    for url in (database_url, rasa_database_url):
        stack.ensure_postgres_database(url)
    processes: list[stack.Process] = []
    try:
        with tempfile.TemporaryDirectory(prefix="lpt-bench-scaled-") as tmp:
            logs = Path(tmp)
            servers = stack.start_scaled(database_url, rasa_database_url, logs, f"bench{run}")
            processes += [*servers.rasa, *servers.web]
            upstreams = [urlsplit(url).netloc for url in servers.web_urls]
            nginx_ports = {1: stack.free_port(), 2: stack.free_port()}
            nginx = {
                n: stack.start_nginx(port, upstreams[:n], logs) for n, port in nginx_ports.items()
            }
            processes += nginx.values()
            for n, port in nginx_ports.items():
                url = f"http://127.0.0.1:{port}"
                stack.wait_until(lambda u=url: stack.web_ready(u), nginx[n], 30, "ready")
            print("scaled topology ready", flush=True)
            rows: dict[int, list[dict[str, float]]] = {}
            for n, port in nginx_ports.items():
                url = f"http://127.0.0.1:{port}"
                asyncio.run(stack_latency(url, LATENCY_CONCURRENCIES[-1]))  # warm up
                rows[n] = ramp(url, steps, messages, f"{n} web process(es) behind nginx: ")
            memory = [rss_mb(process) for process in servers.web]
            spread = websockets_per_process(nginx[2], upstreams)
    finally:
        for process in reversed(processes):
            process.stop()
        for url in (database_url, rasa_database_url):
            stack.drop_postgres_database(url)
    return render_scaled(rows, memory, spread)


def websockets_per_process(nginx: stack.Process, upstreams: list[str]) -> list[int]:
    """How many chats' WebSockets nginx passed to each web process."""
    log = stack.nginx_access_log(nginx).read_text().splitlines()
    chats = [line for line in log if "transport=websocket" in line and '" 101 ' in line]
    return [sum(f"upstream={upstream} " in line for line in chats) for upstream in upstreams]


def render_scaled(
    rows: dict[int, list[dict[str, float]]], memory: list[float], spread: list[int]
) -> str:
    best = {n: best_chats(r) for n, r in rows.items()}
    command = " ".join(["scripts/bench.py", *sys.argv[1:]])
    lines = [
        SCALED_HEADING,
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `{command}` as "
        "`make run-scaled` runs: two Rasa servers sharing "
        "their tracker store (PostgreSQL) and lock store (Redis), web processes on PostgreSQL "
        "with the Redis message queue, nginx in front (sticky routes, deploy/nginx.conf), rate "
        "limits off; everything, the load generator included, on the same machine.",
        "",
        "| figure | one web process | two web processes |",
        "|---|---|---|",
        f"| Most connected chats (a message every ~{INTERVAL:.0f} s each) with p95 < 1 s and "
        f"nothing lost, late, refused or duplicated, through nginx | {best[1]} | {best[2]} |",
        "",
        "With two web processes, nginx passed "
        f"{' and '.join(str(n) for n in spread)} chats' WebSockets to each. Resident memory "
        f"of the web processes after the load: {' and '.join(f'{m:.0f} MB' for m in memory)}.",
        "",
        "Step by step:",
        "",
        "| web processes | chats | sent | replies | lost | late (> 15 s) | errors | duplicated "
        "| p50 | p95 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n, steps in rows.items():
        for r in steps:
            lines.append(
                f"| {n} | {int(r['chats'])} | {int(r['sent'])} | {int(r['received'])} "
                f"| {int(r['lost'])} | {int(r['late'])} | {int(r['errors'])} "
                f"| {int(r['duplicated'])} "
                f"| {r['p50']:.2f} s | {r['p95']:.2f} s |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
