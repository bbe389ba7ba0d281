"""The translations are made with Qt's own tools and are complete: pyside6-lupdate run over
the code finds no source string without a zh_CN translation, placeholders survive, and the
committed .qm files are what pyside6-lrelease makes of the committed .ts files."""

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TS_DIR = ROOT / "resources" / "translations"
BIN = Path(sys.executable).parent
LUPDATE, LRELEASE = BIN / "pyside6-lupdate", BIN / "pyside6-lrelease"
pytestmark = pytest.mark.skipif(not LUPDATE.exists(), reason="pyside6-lupdate is not in this environment")


def _sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))


def _messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out.append((name, message.findtext("source") or "", message))
    return out


def test_every_source_string_has_a_chinese_translation(tmp_path):
    ts = tmp_path / "caredesk_zh_CN.ts"
    shutil.copy(TS_DIR / "caredesk_zh_CN.ts", ts)
    subprocess.run([str(LUPDATE), *_sources(), "-no-obsolete", "-locations", "none", "-ts", str(ts)],
                   cwd=ROOT, check=True, capture_output=True)
    messages = _messages(ts)
    assert len(messages) > 400  # lupdate really read the code
    missing = [f"{ctx}: {src}" for ctx, src, m in messages
               if m.find("translation").get("type") in ("unfinished", "vanished", "obsolete")
               or not "".join(m.find("translation").itertext()).strip()]
    assert missing == [], "untranslated (run packaging/translations.sh and translate):\n" + "\n".join(missing)
    assert not [ctx for ctx, _, _ in messages if ctx == ""], "a string lupdate cannot give a context"


def test_placeholders_survive_translation():
    bad = []
    for ctx, src, m in _messages(TS_DIR / "caredesk_zh_CN.ts"):
        translation = "".join(m.find("translation").itertext())
        if sorted(re.findall(r"%\d|%n", src)) != sorted(re.findall(r"%\d|%n", translation)):
            bad.append(f"{ctx}: {src!r} -> {translation!r}")
    assert bad == []


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_committed_qm_is_compiled_from_the_committed_ts(tmp_path, language):
    qm = tmp_path / f"caredesk_{language}.qm"
    subprocess.run([str(LRELEASE), str(TS_DIR / f"caredesk_{language}.ts"), "-qm", str(qm)],
                   check=True, capture_output=True)
    assert qm.read_bytes() == (TS_DIR / f"caredesk_{language}.qm").read_bytes()
