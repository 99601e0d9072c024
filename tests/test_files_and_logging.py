"""Settings on disk, the app home, logging with redaction, the self-test."""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import openai
import pytest

from conftest import TEST_KEY, send_prompt, transcript_text, wait_idle, write_settings
from genai_desktop.core.config_file import load_settings, save_settings
from genai_desktop.core.logsetup import setup_logging
from genai_desktop.core.paths import app_paths
from genai_desktop.core.settings import Settings, apply_environment

REPO = Path(__file__).resolve().parent.parent


def test_home_variable_moves_every_folder(tmp_path):
    (tmp_path / "portable" / "data").mkdir(parents=True, mode=0o755)  # made by hand, readable by others
    (tmp_path / "portable" / "data").chmod(0o755)
    paths = app_paths({"GENAI_DESKTOP_HOME": str(tmp_path / "portable")}).ensure()
    for folder in (paths.config_dir, paths.data_dir, paths.log_dir):
        assert folder.is_relative_to(tmp_path / "portable")
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_settings_round_trip_atomically_and_privately(tmp_path):
    path = tmp_path / "config" / "settings.json"
    settings = Settings(base_url="http://localhost:11434/v1", model="llama3.2", temperature=0.3,
                        system_prompt="Sie sind hilfreich.")
    save_settings(path, settings)
    assert load_settings(path).settings == settings
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temp file left


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe\x00garbage", b"[1, 2]", b""])
def test_corrupt_settings_are_moved_aside(tmp_path, content):
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert loaded.moved_aside is not None and loaded.moved_aside.read_bytes() == content
    assert not path.exists()


def test_ill_typed_values_fall_back_to_defaults(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"model": 5, "temperature": "hot", "read_timeout": -1, "log_level": "LOUD",
                                "base_url": "https://gw.example/v1", "unknown": True}))
    settings = load_settings(path).settings
    assert settings.model == Settings().model and settings.temperature is None
    assert settings.read_timeout == Settings().read_timeout and settings.log_level == "INFO"
    assert settings.base_url == "https://gw.example/v1"


def test_a_settings_file_written_before_the_declarations_loads_to_the_same_values():
    """settings-written-by-issue-9.json was written by the loader before settings were declared per field."""
    old_file = REPO / "tests" / "data" / "settings-written-by-issue-9.json"
    written = json.loads(old_file.read_text(encoding="utf-8"))
    loaded = load_settings(old_file).settings
    dumped = loaded.to_json_dict()
    assert {name: dumped[name] for name in written} == written and loaded != Settings()
    for name in dumped.keys() - written.keys():  # settings declared since: their defaults
        assert getattr(loaded, name) == getattr(Settings(), name), name
    # What that loader did with values it wrote differently or never wrote: kept the same way.
    quirks = Settings.from_json_dict({"log_level": "debug", "temperature": 1, "font_point_size": 12,
                                      "connect_timeout": 0, "open_conversation": True, "language": "fr"})
    assert quirks.log_level == "debug" and quirks.temperature == 1.0 and type(quirks.temperature) is float
    assert quirks.font_point_size == 12.0 and quirks.connect_timeout == Settings().connect_timeout
    assert quirks.open_conversation == 0 and quirks.language == ""


def test_every_setting_is_declared_once_with_a_group_and_a_reader():
    import dataclasses

    from genai_desktop.core.settings import ENV_OVERRIDES, Group, names_in

    grouped = [name for group in Group for name in names_in(group)]
    assert sorted(grouped) == sorted(f.name for f in dataclasses.fields(Settings))  # each in exactly one group
    assert set(names_in(Group.WINDOW)) == {"font_point_size", "window_geometry", "sidebar_state", "open_conversation",
                                             "known_models", "models_without_pictures", "learned_quirks"}
    assert "base_url" in names_in(Group.ENDPOINT) and "language" in names_in(Group.PREFERENCE)
    for f in dataclasses.fields(Settings):  # every default is a value its own reader accepts
        assert f.metadata["read"](f.default) == f.default, f.name
    assert ENV_OVERRIDES == {"OPENAI_BASE_URL": "base_url", "GENAI_DESKTOP_MODEL": "model",
                             "GENAI_DESKTOP_LOG_LEVEL": "log_level"}


def test_remembered_model_lists_keep_names_only_and_stay_small():
    """What a settings file may hold as model lists (any program can write it): usable entries only, the
    newest few servers, names within a budget, so the file never grows past what the loader reads."""
    from genai_desktop.core.settings import MODEL_LISTS_CHARS, MODEL_LISTS_KEPT

    stored = [["https://a.example/v1", ["gpt-x", "<b>x</b>", "", "line\nbreak", 7, "m" * 201, "\ud800"]],
              "not a pair", ["https://b.example/v1", "not a list"], ["https://a.example/v1", ["twice"]],
              *[[f"https://{n}.example/v1", [f"model-{n}"]] for n in range(10)]]
    lists = Settings.from_json_dict({"known_models": stored}).known_models
    assert lists[0] == ("https://a.example/v1", ("gpt-x", "<b>x</b>")) and len(lists) == MODEL_LISTS_KEPT
    assert [server for server, _names in lists][1:] == [f"https://{n}.example/v1" for n in range(3)]
    assert Settings.from_json_dict({"known_models": {"a": ["b"]}}).known_models == ()
    huge = Settings.from_json_dict({"known_models": [["s", [f"{n:0200d}" for n in range(1000)]]]}).known_models
    assert sum(map(len, huge[0][1])) <= MODEL_LISTS_CHARS < 1000 * 200


def test_environment_overrides():
    effective = apply_environment(Settings(), {"OPENAI_BASE_URL": "http://127.0.0.1:1/v1",
                                               "GENAI_DESKTOP_MODEL": "m", "GENAI_DESKTOP_LOG_LEVEL": "debug"})
    assert effective.effective.base_url == "http://127.0.0.1:1/v1"
    assert effective.effective.model == "m" and effective.effective.log_level == "DEBUG"
    assert effective.from_environment == {"base_url", "model", "log_level"}
    assert effective.stored == Settings()


def test_window_with_a_corrupt_settings_file_starts_and_says_so(qtbot, make_window, app_home):
    window = make_window()
    window.close()
    (app_home / "config" / "settings.json").write_text("{broken")
    from genai_desktop.app import build_main_window

    second = build_main_window(environ={"GENAI_DESKTOP_HOME": str(app_home), "OPENAI_API_KEY": TEST_KEY})
    qtbot.addWidget(second)
    second.show()
    qtbot.waitUntil(lambda: "moved to" in second.statusBar().currentMessage())
    assert list((app_home / "config").glob("settings.json.corrupt-*"))
    second.close()


def test_log_redacts_keys_everywhere_and_holds_no_chat_text(qtbot, make_window, app_home, api_server):
    window = make_window(log_level="DEBUG")
    setup_logging(app_home / "logs" / "genai-desktop.log", "DEBUG")
    send_prompt(qtbot, window, "SENTINEL-PROMPT-TEXT")
    wait_idle(qtbot, window)
    assert "Hello from the fake server." in transcript_text(window)
    log = logging.getLogger("test")
    log.info("a message with the key %s in it", TEST_KEY)
    log.info("headers: {'Authorization': 'Bearer sk-other-abcdefghijklmnop'}")
    # The SDK puts a key with a newline, in full, into its exception chain (an h11 header error).
    client = openai.OpenAI(api_key=TEST_KEY + "\n", base_url=api_server.base_url, max_retries=0)
    with pytest.raises(openai.APIConnectionError) as caught:
        client.models.list()
    chain, link = [], caught.value
    while link is not None:
        chain.append(repr(link))
        link = link.__cause__ or link.__context__
    assert any(TEST_KEY in text for text in chain), "the SDK no longer leaks the key: this test needs a new probe"
    log.error("request failed", exc_info=caught.value)
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = (app_home / "logs" / "genai-desktop.log").read_text()
    assert "chat request: model=fake-model" in text  # it did log the request
    assert "LocalProtocolError" in text  # and the traceback
    assert TEST_KEY not in text and "sk-other-abcdefghijklmnop" not in text
    assert "SENTINEL-PROMPT-TEXT" not in text and "Hello from the fake server" not in text
    assert stat.S_IMODE((app_home / "logs" / "genai-desktop.log").stat().st_mode) == 0o600


def run_app(arguments, env, **kwargs):
    return subprocess.run([sys.executable, "-m", "genai_desktop", *arguments], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL, **kwargs)


def base_env(home: Path, **extra) -> dict:
    env = dict(os.environ, GENAI_DESKTOP_HOME=str(home), QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    env.pop("OPENAI_API_KEY", None)
    env.update(extra)
    return env


def test_version(tmp_path):
    result = run_app(["--version"], base_env(tmp_path))
    from genai_desktop import __version__

    assert result.returncode == 0 and result.stdout.strip() == f"GenAI Desktop {__version__}"


def test_self_test_with_ping(tmp_path, api_server):
    write_settings(tmp_path, base_url=api_server.base_url, model="fake-model")
    result = run_app(["--self-test", "--ping"], base_env(tmp_path, OPENAI_API_KEY=TEST_KEY))
    lines = result.stdout.splitlines()
    names = [line.split(":")[0] for line in lines]
    assert names == ["qt", "keyring", "tls", "history", "folders", "instance lock", "code colours", "formulas", "pictures",
                     "documents", "proxy scripts", "sorting", "ping", "self-test"], result.stdout
    assert "code colours: ok - Pygments" in result.stdout and "formulas: ok" in result.stdout
    assert "pictures: ok - Qt reads PNG, JPEG, GIF and WebP" in result.stdout
    assert "documents: ok" in result.stdout and "proxy scripts: ok" in result.stdout
    assert "qt: ok" in result.stdout and "tls: ok" in result.stdout and "ping: ok" in result.stdout
    assert api_server.chat_requests()[-1].json["max_completion_tokens"] == 1
    keyring_ok = "keyring: ok" in result.stdout
    assert result.returncode == (0 if keyring_ok else 1)
    assert TEST_KEY not in result.stdout + result.stderr


def test_self_test_fails_with_reasons(tmp_path, api_server):
    api_server.set_mode("status", status=401)
    write_settings(tmp_path, base_url=api_server.base_url, model="fake-model")
    env = base_env(tmp_path, OPENAI_API_KEY=TEST_KEY, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    result = run_app(["--self-test", "--ping"], env)
    assert result.returncode == 1
    assert "keyring: FAILED - keyring.backends.fail.Keyring: no system keyring was found" in result.stdout
    assert "ping: FAILED" in result.stdout and "auth status=401" in result.stdout
    assert result.stdout.rstrip().endswith("self-test: FAILED")
    assert TEST_KEY not in result.stdout + result.stderr


def test_self_test_reports_missing_picture_plugins(tmp_path):
    """A build without Qt's image plugins would refuse every JPEG as damaged: the self-test says so."""
    code = ("from PySide6.QtCore import QCoreApplication; QCoreApplication.setLibraryPaths([])\n"
            "from genai_desktop.app import check_pictures; print(check_pictures().line())")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=base_env(tmp_path), capture_output=True,
                            text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.stdout.startswith("pictures: FAILED - Qt cannot handle gif, jpeg, webp"), result.stdout + result.stderr


def test_self_test_reports_a_broken_qt_platform(tmp_path):
    result = run_app(["--self-test"], base_env(tmp_path, QT_QPA_PLATFORM="no-such-platform"))
    assert result.returncode == 1
    assert "qt: FAILED" in result.stdout and "no-such-platform" in result.stdout


def test_windowed_build_without_stdout_is_safe(tmp_path):
    """A windowed frozen app has sys.stdout = sys.stderr = None."""
    code = ("import sys; sys.stdout = None; sys.stderr = None\n"
            "import warnings; warnings.warn('library warning')\n"
            "from genai_desktop.app import main; raise SystemExit(main(['--self-test']))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=base_env(tmp_path), capture_output=True,
                            text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "logs" / "genai-desktop.log").exists()


def test_bundled_ca_only_where_the_system_has_none(monkeypatch):
    from genai_desktop.core import tls

    environ = {}
    if tls.system_has_ca():
        assert tls.use_bundled_ca_if_system_has_none(environ) is None and environ == {}
    monkeypatch.setattr(tls, "system_has_ca", lambda: False)
    bundle = tls.use_bundled_ca_if_system_has_none(environ)
    assert bundle and environ["SSL_CERT_FILE"] == bundle and Path(bundle).is_file()
    assert tls.use_bundled_ca_if_system_has_none({"SSL_CERT_FILE": "/custom.pem"}) is None



def test_the_start_finds_the_system_ca_store_without_parsing_it_and_as_the_count_does(tmp_path):
    """The start asks only whether there is a store (system_has_ca); the self-test counts it."""
    from genai_desktop.core import tls
    from tls_certificates import make_ca

    assert tls.system_has_ca() == (tls.system_ca_count() > 0)  # this machine's store, either way
    empty, with_ca, garbage = tmp_path / "empty.pem", tmp_path / "ca.pem", tmp_path / "notes.txt"
    empty.write_bytes(b"")
    with_ca.write_bytes(b"# the company's root\n" + make_ca().pem)
    garbage.write_bytes(b"no certificate here\n" * 1000)
    folder, hashed = tmp_path / "empty-folder", tmp_path / "hashed"
    folder.mkdir()
    hashed.mkdir()
    (hashed / "9d66eef0.0").write_bytes(make_ca().pem)
    assert tls.system_has_ca(str(with_ca), None)
    assert tls.system_has_ca(None, str(hashed))
    assert tls.system_has_ca(str(empty), str(hashed))  # the folder counts when the file has none
    for cafile, capath in ((str(empty), None), (str(garbage), str(folder)), (str(tmp_path / "gone.pem"), None),
                           (None, str(tmp_path / "gone"))):
        assert not tls.system_has_ca(cafile, capath), (cafile, capath)

def test_window_appears_before_the_sdk_is_imported(tmp_path):
    code = ("import sys\n"
            "from PySide6.QtWidgets import QApplication\n"
            "from genai_desktop.ui.main_window import MainWindow\n"
            "app = QApplication(sys.argv[:1])\n"
            "def shown(self, event, seen=[]):\n"
            "    if not seen:\n"
            "        seen.append(1)\n"
            "        print('openai loaded at first show:', 'openai' in sys.modules, flush=True)\n"
            "        from PySide6.QtCore import QTimer\n"
            "        def idle():\n"
            "            print('openai loaded when idle:', 'openai' in sys.modules, flush=True)\n"
            "            self.promptEdit.setPlainText('restored draft')\n"
            "            from PySide6.QtTest import QTest\n"
            "            QTest.keyClicks(self.promptEdit, 'H')  # typed: a restored draft alone is not typing\n"
            "            QTimer.singleShot(3000, typing)\n"
            "        def typing():\n"
            "            print('openai loaded once typing:', 'openai' in sys.modules, flush=True)\n"
            "            self.close()\n"
            "        QTimer.singleShot(1500, idle)\n"
            "MainWindow.showEvent = shown\n"
            "from genai_desktop.app import main\n"
            "raise SystemExit(main([]))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=base_env(tmp_path, OPENAI_API_KEY=TEST_KEY),
                            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    assert "openai loaded at first show: False" in result.stdout
    assert "openai loaded when idle: False" in result.stdout
    assert "openai loaded once typing: True" in result.stdout  # preloaded in the background
