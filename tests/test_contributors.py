"""The contributors file (``tipkg serve --contributors FILE``): what it accepts, what it
refuses (the server does not start), tokens checked by their sha256, re-read in new workers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tipkg.contributors import Contributors, parse, token_hash
from tipkg.errors import ConfigError

AYU = token_hash("ayu-secret")
BUDI = token_hash("budi-secret")


def toml(*people: tuple[str, str]) -> str:
    return "".join(f'[[contributor]]\nname = "{name}"\ntoken_sha256 = "{digest}"\n\n' for name, digest in people)


def test_token_hash_is_the_hex_sha256():
    assert token_hash("test") == "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def test_a_listed_token_names_its_contributor_and_others_none(tmp_path):
    path = tmp_path / "contributors.toml"
    path.write_text(toml(("Ayu", AYU), ("Budi", BUDI.upper())), encoding="utf-8")
    people = Contributors(path)
    assert people.names == ["Ayu", "Budi"]
    assert people.authenticate("ayu-secret").name == "Ayu"
    assert people.authenticate("budi-secret").name == "Budi"  # the hash is case-insensitive hex
    assert people.authenticate("ayu-secret ") is None
    assert people.authenticate(AYU) is None  # the hash itself is not a token


@pytest.mark.parametrize("text,words", [
    ("[[contributor]]\nname = 'Ayu'\n", "token_sha256 must be 64 hex"),
    ("[[contributor]]\nname = 'Ayu'\ntoken_sha256 = 'abc'\n", "token_sha256 must be 64 hex"),
    (f"[[contributor]]\ntoken_sha256 = '{AYU}'\n", "non-empty name"),
    (f"[[contributor]]\nname = 'Ayu'\ntoken_sha256 = '{AYU}'\ntoken = 'ayu-secret'\n", "never the token itself"),
    (toml(("Ayu", AYU), ("Ayu", BUDI)), "the same name twice"),
    (toml(("Ayu", AYU), ("Budi", AYU)), "the same token_sha256 twice"),
    ("[contributor]\nname = 'Ayu'\n", "[[contributor]] tables"),
    ("[[contributor]\n", "not TOML"),
    ("[[people]]\nname = 'x'\n", "unknown keys"),
])
def test_an_unusable_file_is_refused_with_the_reason(text, words):
    with pytest.raises(ConfigError) as caught:
        parse(text, "c.toml")
    assert words in caught.value.message and caught.value.message.startswith("c.toml")


def test_reload_reads_the_file_again_and_keeps_the_old_list_when_it_broke(tmp_path):
    path = tmp_path / "contributors.toml"
    path.write_text(toml(("Ayu", AYU)), encoding="utf-8")
    people = Contributors(path)
    path.write_text(toml(("Budi", BUDI)), encoding="utf-8")
    assert people.reload() and people.names == ["Budi"] and people.authenticate("ayu-secret") is None
    path.write_text("not toml [", encoding="utf-8")
    assert not people.reload() and people.names == ["Budi"]


def test_the_app_reads_the_file_and_rereads_it_in_a_new_worker(settings, tmp_path):
    from tipkg.server import create_app, state

    path = tmp_path / "contributors.toml"
    path.write_text(toml(("Ayu", AYU)), encoding="utf-8")
    app = create_app(settings.replace(contributors=path))
    try:
        assert state.contributors(app).names == ["Ayu"]
        path.write_text(toml(("Ayu", AYU), ("Budi", BUDI)), encoding="utf-8")
        state.warm(app)  # what gunicorn's post_fork runs in every new worker (after a SIGHUP too)
        assert state.contributors(app).authenticate("budi-secret").name == "Budi"
    finally:
        state.close(app)
    plain = create_app(settings)
    try:
        assert state.contributors(plain) is None
    finally:
        state.close(plain)


def test_serve_refuses_to_start_with_an_unusable_file(tmp_path, data_dir):
    path = tmp_path / "contributors.toml"
    path.write_text("[[contributor]]\nname = 'Ayu'\ntoken_sha256 = 'nope'\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "tipkg", "serve", "--data-dir", str(data_dir), "--contributors", str(path),
                           "--get", "/health"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "token_sha256 must be 64 hex" in done.stderr, done.stderr
