"""A room of phones through the real app: N phone-sized Chromium contexts join, answer and submit at
once while the facilitator's Live page counts along.

Run: ``.venv/bin/python -m benchmarks.bench_room [--phones 50] [--postgres URL --instances 2]``.
Starts ``streamlit run serve.py`` (one instance on the embedded SQLite, or ``--instances`` instances
sharing the PostgreSQL at ``--postgres``; phones are spread over them), logs a facilitator in on the
Live page of the first instance, opens every phone's browser, then opens the join link on every
phone at the same moment (or over ``--spread`` seconds, as a room scanning a QR code does). Each
phone: open the join link (the light participant page, ``/answer/CODE``), pick a department and one
answer; once every phone has joined, all tap send at once (or over ``--send-spread`` seconds).

Times are taken by each phone's own clock, in the page: page load from the navigation's start to
the form's DOM ready; tap -> acknowledgement (the answer's response in the page) and tap ->
"thank you" painted. The same three as the Playwright driver sees them are printed beside them
(``driver_*``: they add the one driver process relaying every phone's commands). The servers' own
time comes from their ``Server-Timing`` header. The phones' browsers run on this machine and
compete with the servers for its 2 cores, which a room of real phones does not: their whole
process group gets the lowest priority (``--no-nice``: the same as the servers'), and their CPU
from "send now" to the last thank-you is printed. The Live page's count is read every 50 ms;
answer-to-Live is, for the j-th acknowledged answer, the time until the Live count shows j. At the
end every phone that saw "thank you" is looked up in the database: acknowledged vs stored, lost
(acknowledged, not stored) and duplicated (stored twice).
Targets: 0 lost, 0 duplicated, submit p95 < 1 s, answer on Live within 2 s at p95.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import http.cookiejar
import json
import os
import statistics
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from advisor.config import embedded_url
from advisor.workshop import answers as wa
from advisor.workshop.auth import hash_password
from advisor.workshop.links import join_link
from advisor.workshop.store import Store
from dev import serve_streamlit

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "bank-achterin-de-zaal"
DEPARTMENTS = ["Redactie", "Verkoop", "IT", "HR", "Financiën"]
THANKS = "Dank je wel"
# a phone in the hand is in the foreground: none of the 50 pages gets its timers or rendering slowed
# as a background tab would
PHONE_BROWSER_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]
DEPARTMENT_VALUES = [o["value"] for o in wa.parse_options("department", "\n".join(DEPARTMENTS))]


SERVER_PIDS: list[int] = []


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def browsers_cpu() -> float:
    """CPU seconds so far of the Chromium processes this benchmark started (the phones)."""
    total = 0.0
    for pid in phone_processes():
        with contextlib.suppress(OSError, IndexError, ValueError):
            total += cpu_seconds(pid)
    return total


def yield_to_servers() -> None:
    """Chromium runs in a session of its own, so the kernel's autogroups share the cores fairly
    between all the phones together and the servers (and Chromium sets its processes' own nice
    values): give the phones' whole group the lowest priority, as real phones take no CPU from the
    server at all."""
    for pid in phone_processes():
        with contextlib.suppress(OSError):
            Path(f"/proc/{pid}/autogroup").write_text("19")


def phone_processes() -> list[int]:
    """The Chromium processes this benchmark started."""
    parents, names = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            text = stat.read_text()
            name, rest = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :].split()
            pid = int(stat.parent.name)
            parents[pid], names[pid] = int(rest[1]), name

    def ours(pid: int) -> bool:
        while pid > 1:
            if pid == os.getpid():
                return True
            pid = parents.get(pid, 0)
        return False

    return [pid for pid, name in names.items() if "chrom" in name and ours(pid)]


@contextlib.contextmanager
def serve(data_dir: Path, env: dict[str, str]) -> Iterator[str]:
    def environment(url: str) -> dict[str, str]:
        values = {**os.environ, "PYTHONPATH": str(ROOT), "ADVISOR_DATA_DIR": str(data_dir), **env}
        values["ADVISOR_PUBLIC_URL"] = url
        return values

    with serve_streamlit(
        ROOT / "serve.py",
        env=environment,
        log_path=lambda port: data_dir / f"streamlit-{port}.log",
        flags=("--server.headless=true", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false"),
    ) as (url, server):
        SERVER_PIDS.append(server.pid)
        yield url


def server_seconds(header: str) -> float:
    """The app's own time from its ``Server-Timing: app;dur=MS`` header (nan without one)."""
    return float(header.split("dur=")[1]) / 1000 if "dur=" in header else float("nan")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


async def _ready(page, timeout: float = 120_000) -> None:
    await page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout
    )


class Room:
    """The moments every phone waits for: the start (once every phone's browser is open), and
    (once all have joined) "send now"."""

    def __init__(self, phones: int) -> None:
        self.start, self.send, self.ready = asyncio.Event(), asyncio.Event(), asyncio.Event()
        self.phones, self.joined, self.opened = phones, 0, 0
        self.cpu_at_send, self.done = 0.0, []

    def one_ready(self) -> None:
        self.opened += 1
        if self.opened == self.phones:
            self.ready.set()

    def one_joined(self) -> None:
        self.joined += 1
        if self.joined == self.phones:
            self.cpu_at_send = browsers_cpu()
            self.send.set()


# The phone's own clock: the moment the form is sent (the submit event, as the tap lands in the
# page), the moment the answer's response headers are in (the page's fetch resolves) and the moment
# "thank you" is in the page and painted (the next animation frame after the mutation); and the page
# load from the navigation's start to the form's DOM being ready. Measured
# in the page, so the Playwright driver's own work (one process relaying 50 phones) is not counted.
PHONE_CLOCK = """
window.__bench = {};
var send = window.fetch;
window.fetch = function () {
  return send.apply(this, arguments).then(function (response) {
    if (window.__bench.answered === undefined) window.__bench.answered = performance.now();
    return response;
  });
};
document.addEventListener("submit", function (event) {
  if (window.__bench.pressed === undefined) window.__bench.pressed = event.timeStamp;
}, true);
new MutationObserver(function () {
  if (window.__bench.pressed === undefined || window.__bench.thanked !== undefined) return;
  if (document.body && document.body.textContent.indexOf(THANKS) >= 0) {
    window.__bench.inserted = performance.now();
    requestAnimationFrame(function () {
      window.__bench.thanked = performance.now();
      window.benchThanked(window.__bench);  // to the benchmark, without it polling the phone
    });
  }
}).observe(document, { childList: true, subtree: true, characterData: true });
"""


async def phone(
    browser, url: str, code: str, i: int, room: Room, delay: float, send_delay: float, out: dict
) -> None:
    context = await browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="nl-NL"
    )
    await context.add_init_script(PHONE_CLOCK.replace("THANKS", json.dumps(THANKS)))
    thanked: asyncio.Future = asyncio.get_running_loop().create_future()
    await context.expose_function("benchThanked", lambda clock: thanked.done() or thanked.set_result(clock))
    page = await context.new_page()
    await page.goto("about:blank")  # the phone's browser is open before the QR code is scanned
    room.one_ready()
    await room.start.wait()
    await asyncio.sleep(delay)
    began = time.monotonic()
    try:
        try:
            await page.goto(join_link(url, code), timeout=120_000)
            questions = page.locator("fieldset")
            await questions.nth(3).wait_for(timeout=120_000)
            out["load_driver"] = time.monotonic() - began
            out["load"] = await page.evaluate(
                "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd / 1000"
            )
            await questions.nth(0).get_by_text(DEPARTMENTS[i % len(DEPARTMENTS)], exact=True).click()
            await questions.nth(3).get_by_text("Dagelijks", exact=True).click()
            button = page.get_by_role("button", name="Mijn antwoorden versturen")
            await button.scroll_into_view_if_needed()
            box = await button.bounding_box()
        finally:
            room.one_joined()
        await room.send.wait()  # the facilitator says "send now": the whole room at once
        await asyncio.sleep(send_delay)  # (or, with --send-spread, people finishing one after another)
        pressed = time.monotonic()
        async with page.expect_response(lambda r: r.request.method == "POST", timeout=120_000) as sent:
            await page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        response = await sent.value
        out["ack_driver"] = time.monotonic() - pressed  # the store's answer is on the phone
        clock = await asyncio.wait_for(thanked, 120)
        out["acknowledged_at"] = time.monotonic()
        out["submit_driver"] = out["acknowledged_at"] - pressed
        out["submit"] = (clock["thanked"] - clock["pressed"]) / 1000
        out["status"] = response.status
        timing = response.request.timing  # ms from the request's start, by the phone's network stack
        out["network"] = (timing["responseEnd"] - timing["requestStart"]) / 1000
        out["ack"] = (clock["answered"] - clock["pressed"]) / 1000  # tap -> the store's answer in the page
        out["server"] = server_seconds((await response.all_headers()).get("server-timing", ""))
        out["device"] = next(
            (c["value"] for c in await context.cookies() if c["name"] == "advisor_device"), None
        )
    except Exception as error:  # a phone that failed: counted, and why
        out["error"] = f"{type(error).__name__}: {str(error).splitlines()[0][:100]}"
    finally:
        room.done.append(context)  # closed once every phone is through (after the CPU is read)


class ThreadRoom:
    """The same two moments for phones that are threads (``--driver http``)."""

    def __init__(self, phones: int) -> None:
        self.start, self.send = threading.Event(), threading.Event()
        self.phones, self.joined, self.lock = phones, 0, threading.Lock()

    def one_joined(self) -> None:
        with self.lock:
            self.joined += 1
            if self.joined == self.phones:
                self.send.set()


def http_phone(url: str, code: str, i: int, room: ThreadRoom, out: dict) -> None:
    """What a phone's browser sends, over HTTP without a browser: the page (keeping its cookie),
    then the form as the page's script posts it. Measures the server and the network alone."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    link = join_link(url, code)
    room.start.wait()
    began = time.monotonic()
    try:
        try:
            with opener.open(link, timeout=120) as page:
                form = page.read().decode()
            if "<fieldset>" not in form:
                raise RuntimeError("no form")
            out["load"] = time.monotonic() - began
        finally:
            room.one_joined()
        room.send.wait()
        body = urllib.parse.urlencode(
            {
                "lang": "nl",
                "q.department": DEPARTMENT_VALUES[i % len(DEPARTMENTS)],
                "q.use.whatsapp": "daily",
            }
        ).encode()
        request = urllib.request.Request(
            link, data=body, headers={"X-Requested-With": "fetch", "Origin": url}, method="POST"
        )
        pressed = time.monotonic()
        with opener.open(request, timeout=120) as response:
            text = response.read().decode()
            server = response.headers.get("Server-Timing", "")
        if "Dank je wel" not in text:
            raise RuntimeError("no thank-you")
        out["acknowledged_at"] = time.monotonic()
        out["ack"] = out["submit"] = out["network"] = out["acknowledged_at"] - pressed
        out["server"] = server_seconds(server)
        out["device"] = next((c.value for c in jar if c.name == "advisor_device"), None)
    except Exception as error:  # a phone that failed: counted, and why
        out["error"] = type(error).__name__


async def facilitator(browser, url: str, code: str, ready: asyncio.Event, stop: asyncio.Event, seen: list):
    context = await browser.new_context(viewport={"width": 1600, "height": 900}, locale="nl-NL")
    page = await context.new_page()
    await page.goto(f"{url}/live?beamer=1")
    await _ready(page)
    await page.get_by_label("Wachtwoord").fill(PASSWORD)
    await page.get_by_role("button", name="Inloggen").click()
    await page.get_by_text(code).first.wait_for(timeout=60_000)
    await _ready(page)
    metric = page.locator("[data-testid='stMetricValue']").first
    ready.set()
    last = -1
    while not stop.is_set():
        with contextlib.suppress(Exception):
            value = int((await metric.inner_text(timeout=1000)).strip())
            if value != last:
                seen.append((time.monotonic(), value))
                last = value
        await asyncio.sleep(0.05)
    await context.close()


async def room(
    urls: list[str],
    code: str,
    phones: int,
    spread: float,
    driver: str = "chromium",
    send_spread: float = 0.0,
    nice: bool = True,
) -> tuple[list[dict], list[tuple[float, int]], float | None]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=PHONE_BROWSER_FLAGS
        )
        if nice:
            yield_to_servers()
        ready, stop = asyncio.Event(), asyncio.Event()
        everyone = Room(phones)
        seen: list[tuple[float, int]] = []
        live = asyncio.create_task(facilitator(browser, urls[0], code, ready, stop, seen))
        await ready.wait()
        results = [{} for _ in range(phones)]
        if driver == "http":
            threads = ThreadRoom(phones)
            pool = concurrent.futures.ThreadPoolExecutor(max_workers=phones)
            loop = asyncio.get_running_loop()
            tasks = [
                loop.run_in_executor(pool, http_phone, urls[i % len(urls)], code, i, threads, results[i])
                for i in range(phones)
            ]
            await asyncio.sleep(1)
            threads.start.set()
            await asyncio.gather(*tasks)
            pool.shutdown()
            await asyncio.sleep(4)
            stop.set()
            await live
            await browser.close()
            return results, seen, None
        tasks = [
            asyncio.create_task(
                phone(
                    browser,
                    urls[i % len(urls)],
                    code,
                    i,
                    everyone,
                    spread * i / phones,
                    send_spread * ((i * 37) % phones) / phones,  # an order unrelated to joining's
                    results[i],
                )
            )
            for i in range(phones)
        ]
        await everyone.ready.wait()  # every phone's browser open
        await asyncio.sleep(2)  # and settled
        everyone.start.set()
        await asyncio.gather(*tasks)
        phones_cpu = browsers_cpu() - everyone.cpu_at_send
        for context in everyone.done:
            await context.close()
        await asyncio.sleep(4)  # the Live page's last refreshes
        stop.set()
        await live
        await browser.close()
    return results, seen, phones_cpu


def live_latencies(results: list[dict], seen: list[tuple[float, int]]) -> list[float]:
    acknowledged = sorted(r["acknowledged_at"] for r in results if "acknowledged_at" in r)
    latencies = []
    for j, at in enumerate(acknowledged, start=1):
        shown = next((t for t, value in seen if value >= j), None)
        latencies.append(float("inf") if shown is None else max(0.0, shown - at))
    return latencies


def run(
    phones: int,
    postgres: str | None,
    instances: int,
    spread: float = 0.0,
    nice: bool = True,
    driver: str = "chromium",
    pin: bool = False,
    send_spread: float = 0.0,
) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        url = postgres or embedded_url(data_dir)
        store = Store(url)
        workshop = store.create_workshop(
            "Benchmark", "nl", {"department": wa.parse_options("department", "\n".join(DEPARTMENTS))}, 5
        )
        env = {"ADVISOR_FACILITATOR_PASSWORD_HASH": hash_password(PASSWORD)}
        if postgres:
            env["ADVISOR_DATABASE_URL"] = postgres
        cores = sorted(os.sched_getaffinity(0))
        split = pin and len(cores) >= 2
        if split:  # the servers (children of this process from here) get the first core to themselves
            os.sched_setaffinity(0, cores[:1])
        with contextlib.ExitStack() as servers:
            urls = [servers.enter_context(serve(data_dir, env)) for _ in range(instances if postgres else 1)]
            started, cpu = time.monotonic(), sum(cpu_seconds(p) for p in SERVER_PIDS)
            # the phones' browsers (children of this process from here on) yield the cores to the
            # app: real phones bring their own processors, the servers here run at normal priority
            # (and, pinned, the phones run on the other cores only)
            if split:
                os.sched_setaffinity(0, cores[1:])
            if nice:
                os.nice(19)
            results, seen, phones_cpu = asyncio.run(
                room(urls, workshop.code, phones, spread, driver, send_spread, nice)
            )
            elapsed = time.monotonic() - started
            server_cpu = sum(cpu_seconds(p) for p in SERVER_PIDS) - cpu
            SERVER_PIDS.clear()
        acknowledged = [r for r in results if "acknowledged_at" in r]
        stored = store.responses(workshop.code)
        devices = store.submission_ids(workshop.code)
        expected = {wa.device_ids(workshop.code, r["device"])[0] for r in acknowledged if r.get("device")}
        store.close()
    loads = [r["load"] for r in results if "load" in r]
    submits = [r["submit"] for r in acknowledged]
    acks = [r["ack"] for r in acknowledged]
    live = live_latencies(results, seen)
    return {
        "phones": phones,
        "instances": len(urls),
        "database": "postgresql" if postgres else "sqlite",
        "joining_over_s": spread,
        "sending_over_s": send_spread,
        "phones_niced": nice,
        "server_cores": cores[:1] if split else cores,
        "phone_cores": cores[1:] if split else cores,
        "driver": driver,
        "seconds": round(elapsed, 1),
        "server_cpu_s": round(server_cpu, 1),
        # the phones' browsers from "send now" to the last thank-you (their work, on this machine)
        "phones_cpu_for_submit_s": None if phones_cpu is None else round(phones_cpu, 2),
        "load_average_after": os.getloadavg()[0],
        "failed_phones": sum("error" in r for r in results),
        "errors": sorted({r["error"] for r in results if "error" in r}),
        "acknowledged": len(acknowledged),
        "stored": len(stored),
        "lost": len(expected - devices),
        "duplicated": len(stored) - len(devices),
        "page_load_median_s": round(statistics.median(loads), 2) if loads else None,
        "page_load_p95_s": round(percentile(loads, 0.95), 2),
        # press -> the acknowledging response received by the phone (network and server)
        "submit_to_ack_median_s": round(statistics.median(acks), 2) if acks else None,
        "submit_to_ack_p95_s": round(percentile(acks, 0.95), 2),
        # the request on the wire -> its response complete (no phone work), and the server's own time
        "request_to_response_p95_s": round(percentile([r["network"] for r in acknowledged], 0.95), 3),
        "server_time_p95_s": round(percentile([r["server"] for r in acknowledged], 0.95), 3),
        # press -> "thank you" drawn (adds the phone's own work, on this machine's shared cores)
        "submit_median_s": round(statistics.median(submits), 2) if submits else None,
        "submit_p95_s": round(percentile(submits, 0.95), 2),
        # the same three as the driver sees them (adds Playwright relaying every phone's commands)
        **_driver_figures(results, acknowledged),
        "live_median_s": round(statistics.median(live), 2) if live else None,
        "live_p95_s": round(percentile(live, 0.95), 2),
    }


def _driver_figures(results: list[dict], acknowledged: list[dict]) -> dict:
    figures = {}
    for name, rows in (("load", results), ("ack", acknowledged), ("submit", acknowledged)):
        values = [r[f"{name}_driver"] for r in rows if f"{name}_driver" in r]
        if values:
            figures[f"driver_{name}_median_s"] = round(statistics.median(values), 2)
            figures[f"driver_{name}_p95_s"] = round(percentile(values, 0.95), 2)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=50)
    parser.add_argument(
        "--postgres", help="SQLAlchemy URL of a PostgreSQL database (emptied tables are not needed)"
    )
    parser.add_argument("--instances", type=int, default=2, help="app instances sharing --postgres")
    parser.add_argument(
        "--spread", type=float, default=0.0, help="seconds over which the phones open the link (0: at once)"
    )
    parser.add_argument(
        "--send-spread",
        type=float,
        default=0.0,
        help="seconds over which the phones press send once all have joined (0: all at once)",
    )
    parser.add_argument(
        "--no-nice",
        action="store_true",
        help="phones' browsers at the servers' priority (they share the cores)",
    )
    parser.add_argument(
        "--driver",
        choices=("chromium", "http"),
        default="chromium",
        help="phones as Chromium contexts (default) or as HTTP clients sending what the page sends",
    )
    parser.add_argument(
        "--pin",
        action="store_true",
        help="the servers on the first core, the phones on the others (default: all share every core,"
        " the phones at nice 19; pinned, 50 phones' own work piles up on one core)",
    )
    args = parser.parse_args()
    figures = run(
        args.phones,
        args.postgres,
        args.instances,
        args.spread,
        not args.no_nice,
        args.driver,
        pin=args.pin,
        send_spread=args.send_spread,
    )
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
