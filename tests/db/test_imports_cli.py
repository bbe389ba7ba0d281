"""The import's progress bar: drawn on a terminal, never written into redirected output."""

import os
import pty
import subprocess
import sys

from tests.db.test_imports_rows import HEADER, MEMBERS, PRODUCTS, write


def test_progress_bar_only_on_a_terminal(db_url, tmp_path):
    common = [sys.executable, "-m", "app", "--db", db_url, "--today", "2026-06-15", "import"]
    subprocess.run(common + ["products", write(tmp_path, "p.csv", PRODUCTS)], check=True, capture_output=True)
    subprocess.run(common + ["members", write(tmp_path, "m.csv", MEMBERS)], check=True, capture_output=True)
    orders = write(tmp_path, "o.csv", HEADER + "".join(
        f"T{i},C001,FO-500,1,198.00,2026-06-01 09:30,,app,\n" for i in range(3_000)))
    piped = subprocess.run(common + ["orders", orders], capture_output=True, text=True)
    assert piped.returncode == 0 and piped.stderr == "" and "[" not in piped.stdout

    leader, follower = pty.openpty()
    proc = subprocess.Popen(common + ["orders", orders], stdout=follower, stderr=follower, close_fds=True)
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    assert proc.wait(timeout=60) == 0
    text = output.decode("utf-8", errors="replace")
    assert "\r[" in text and "rows" in text and "3000 unchanged" in text
