"""Telephony benchmark (issue 14): from the member's answer to "talking" on screen.

SIPp answers on loopback (its message trace stamps the 200 OK it sends); baresip relays the
answer over ctrl_tcp; the dialer and the call-state strip of the agent's main window show it
on the GUI thread. Both ends read the same wall clock. Target: under 100 ms. Each round is
the agent's: Next, dial (the workstation's F5 slot), hang up (F8), release.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.bench.bench_telephony [--calls N]
Writes the "## Telephony" section of docs/benchmarks.md (other sections are others').
"""

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.data.engine import make_engine  # noqa: E402
from app.data.migrate import upgrade  # noqa: E402
from app.data.uow import Database  # noqa: E402
from app.domain.clock import Clock  # noqa: E402
from app.config import Config  # noqa: E402
from app.telephony import BaresipPhone, SipAccount, free_sip_port  # noqa: E402
from tests.bench.docs import cpu_name, write_section  # noqa: E402
from tests.support.call_world import build_world  # noqa: E402
from tests.support.sipp import SCENARIOS  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.mainwindow import MainWindow  # noqa: E402
from ui.settings import Settings  # noqa: E402
from ui.tasks import TaskRunner  # noqa: E402


def answers_sent(log: Path) -> list[float]:
    """Wall-clock times at which SIPp sent a 200 OK to an INVITE, in order."""
    out = []
    for block in log.read_text(errors="replace").split("-----------------------------------------------")[1:]:
        head, _, body = block.partition("\n")
        if "message sent" in body.split("\n", 1)[0] and "SIP/2.0 200 OK" in body and "INVITE" in body:
            out.append(datetime.strptime(head.strip(), "%Y-%m-%d %H:%M:%S.%f").timestamp())
    return out


def wait_for(app: QApplication, predicate, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)


def run(calls: int) -> tuple[list[float], str]:
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="bench-tel-"))
    os.environ["CAREDESK_DATA_DIR"] = str(folder)  # the window's settings file goes here
    url = f"sqlite:///{folder / 'bench.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    db = Database.from_url(url)
    clock = Clock.fixed(datetime(2026, 6, 15).date(), datetime(2026, 6, 15, 10).time())
    world = build_world(db, clock)
    port = free_sip_port()
    log = folder / "sipp.log"
    sipp = subprocess.Popen(["sipp", "-sf", str(SCENARIOS / "answer_agent_hangs_up.xml"), "-i", "127.0.0.1",
                             "-p", str(port), "-mi", "127.0.0.1", "-m", str(calls), "-trace_msg",
                             "-message_file", str(log), "-nostdin", "-recv_timeout", "5000"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    account = SipAccount(user="agent", domain="127.0.0.1", register=False, trunk=f"127.0.0.1:{port}")
    runner = TaskRunner()
    ctx = AppContext(config=Config(database_url=url), db=db, clock=clock, runner=runner, settings=Settings(),
                     actor=world.agent, language="en",
                     phone=lambda on_status: (BaresipPhone(account, sip_listen="127.0.0.1", silence_seconds=30,
                                                           on_status=on_status), "baresip"))
    window = MainWindow(ctx)
    window.show()
    ws = window.workstation
    ws.start()
    shown: list[float] = []
    ws.call_strip.state_shown.connect(lambda text: shown.append(time.time()) if text.startswith("talking") else None)
    try:
        for i in range(calls):
            wait_for(app, lambda: ws.queue.model.rowCount() > 0 and not ws._claiming)
            ws.calls.next_call()
            wait_for(app, lambda: ws.call is not None)
            ws.call_strip.dial()
            wait_for(app, lambda: len(shown) > i)
            ws.hang_up()
            wait_for(app, lambda: ws.calls.dialled is not None)
            ws.calls.release_call()
            wait_for(app, lambda: ws.call is None)
        sipp.wait(timeout=15)
    finally:
        ws.shutdown()
        window.close()
        runner.shutdown()
        if sipp.poll() is None:
            sipp.kill()
        db.dispose()
    sent = answers_sent(log)
    return [(s - a) * 1000 for a, s in zip(sent, shown, strict=True)], cpu_name()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=30)
    args = parser.parse_args()
    latencies, cpu = run(args.calls)
    median = statistics.median(latencies)
    p90 = statistics.quantiles(latencies, n=10)[-1]
    block = (
        "## Telephony\n\n"
        "From the member's answer (SIPp's 200 OK on loopback, its trace time) to \"talking\" on the\n"
        "agent's main window (baresip -> ctrl_tcp -> dialer -> the workstation's call strip on the GUI\n"
        "thread), real components throughout; each round is Next, dial, hang up, release.\n"
        f"Target: under 100 ms. {args.calls} calls on {cpu} (load average {os.getloadavg()[0]:.1f} at the end), "
        f"{datetime.now():%Y-%m-%d}; `python -m tests.bench.bench_telephony`.\n\n"
        "| path | median | p90 |\n|---|---|---|\n"
        f"| peer answer -> state shown | {median:.1f} ms | {p90:.1f} ms |\n"
    )
    write_section("## Telephony", block)
    print(block)


if __name__ == "__main__":
    main()
