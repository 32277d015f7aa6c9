"""Web app benchmark: how fast the Tasklist draws in Debian's chromium.

A live `baton serve` (SQLite) holds 50 open tasks claimed by one clerk (each a Conductor HUMAN
task with a form template). Signed in as that clerk, in a fresh browser context each run (a cold
cache, as a first visit): the time from navigation start to the 50th task of the list visible,
then the same with the browser's cache warm, and the time from clicking the first task to its
detail with the form drawn. Prints the median
and the max of BENCH_WEB_RUNS runs; figures only, no asserts. Until the Tasklist is built it
prints "tasklist not available" and exits 0.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import tempfile
import warnings
from pathlib import Path

import httpx
from playwright.sync_api import Browser, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from baton.webapp.serve import DIST

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "browser")]
os.environ.setdefault("BATON_HASHING", "fast")
warnings.filterwarnings("ignore", message="Using `httpx`")

from browser_world import ADMIN_KEY_ID, ADMIN_KEY_SECRET, ANA, REVIEW_REFUND, World  # noqa: E402
from support import running_server  # noqa: E402

TASKS = 50
RUNS = int(os.environ.get("BENCH_WEB_RUNS", "5"))
CHROMIUM = Path(os.environ.get("BATON_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking"]
WAIT_MS = 20_000


def _claimed_tasks(world: World, base: str, count: int) -> None:
    """`count` refund reviews, each claimed by the clerk (so all are in "Assigned to me")."""
    world.register_refund_workflow()
    login = httpx.post(f"{base}/api/token", json={"email": ANA.id, "password": ANA.password})
    clerk = {"X-Authorization": login.json()["token"]}
    for i in range(count):
        workflow_id = world.start_refund(customer=f"Customer {i:02d}", amount=10 + i)
        task_id = world.http.get(f"/api/workflow/{workflow_id}").json()["tasks"][0]["taskId"]
        claimed = httpx.post(f"{base}/api/human/tasks/{task_id}/claim", headers=clerk)
        assert claimed.status_code == 200, claimed.text


def _figures(name: str, values: list[float]) -> str:
    return (
        f"{name}: median {statistics.median(values):.0f} ms, max {max(values):.0f} ms "
        f"({len(values)} runs)"
    )


def _one_run(browser: Browser, base: str) -> tuple[float, float, float] | None:
    """(list ms, list ms again with a warm cache, detail ms) in a fresh context, or None
    when there is no Tasklist to time."""
    context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 800})
    try:
        signed_in = context.request.post(
            "/api/web/session", data={"username": ANA.id, "password": ANA.password}
        )
        assert signed_in.ok, signed_in.text()
        page = context.new_page()
        page.goto("/tasklist", wait_until="commit")
        items = page.get_by_role("list", name="Tasks").get_by_role("listitem")
        try:
            items.nth(TASKS - 1).wait_for(state="visible", timeout=WAIT_MS)
        except PlaywrightError:
            print(
                f"tasklist not available: no list named 'Tasks' with {TASKS} tasks at "
                f"/tasklist ({items.count()} shown)"
            )
            return None
        list_ms: float = page.evaluate("() => performance.now()")

        link = items.first.get_by_role("link", name=re.compile("^" + REVIEW_REFUND[1]))
        started: float = page.evaluate("() => performance.now()")
        link.click()
        page.get_by_role("heading", level=2, name=REVIEW_REFUND[1]).wait_for(timeout=WAIT_MS)
        page.get_by_label("Refund amount").wait_for(timeout=WAIT_MS)
        detail_ms: float = page.evaluate("() => performance.now()") - started

        again = context.new_page()  # the same browser again: its files are cached now
        again.goto("/tasklist", wait_until="commit")
        again_items = again.get_by_role("list", name="Tasks").get_by_role("listitem")
        again_items.nth(TASKS - 1).wait_for(state="visible", timeout=WAIT_MS)
        warm_ms: float = again.evaluate("() => performance.now()")
        return list_ms, warm_ms, detail_ms
    finally:
        context.close()


def main() -> int:
    if not CHROMIUM.is_file():
        print(f"web bench skipped: {CHROMIUM} is missing (scripts/ensure-chromium.sh)")
        return 0
    if not (DIST / "index.html").is_file():
        print("web bench skipped: the web app is not built (make web)")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        env = {
            "BATON_DATABASE_URL": f"sqlite:///{folder}/web-bench.db",
            "BATON_ADMIN_KEY_ID": ADMIN_KEY_ID,
            "BATON_ADMIN_KEY_SECRET": ADMIN_KEY_SECRET,
        }
        with running_server(env) as (base, _process), sync_playwright() as playwright:
            world = World(base)
            world.add_people()
            _claimed_tasks(world, base, TASKS)
            world.close()
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            runs = []
            for _ in range(RUNS):
                timed = _one_run(browser, base)
                if timed is None:
                    break
                runs.append(timed)
            browser.close()
    if runs:
        name = f"Tasklist of {TASKS} tasks, navigation start to the last one visible"
        print(_figures(f"{name} (first visit)", [r[0] for r in runs]))
        print(_figures(f"{name} (files cached)", [r[1] for r in runs]))
        print(_figures("Task detail: click to the form drawn", [r[2] for r in runs]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
