"""qt/attachment_jobs.py: reading off the GUI thread, progress, Cancel, and a reader that fails."""

from __future__ import annotations

import threading

import pytest

from genai_desktop.core.attachments import AttachmentRefused, ReadCancelled, RefusalKind
from genai_desktop.qt.attachment_jobs import AttachmentJobs


@pytest.fixture
def jobs(qtbot):
    made = AttachmentJobs()
    yield made
    made.cancel_all()


def test_a_job_runs_off_the_gui_thread_and_reports_progress_then_its_result(qtbot, jobs):
    threads, fractions = [], []
    jobs.progressed.connect(lambda _job, fraction: fractions.append(fraction))

    def work(progress, cancelled):
        threads.append(threading.current_thread())
        for page in range(1, 301):  # 300 pages: reported in steps of at least 1 %
            progress(page / 300)
        return "the text"

    with qtbot.waitSignal(jobs.done, timeout=5000) as done:
        job_id = jobs.start("big.pdf", work)
    assert done.args == [job_id, "the text"]
    assert threads[0] is not threading.main_thread()
    assert 50 <= len(fractions) <= 100 and fractions == sorted(fractions) and fractions[-1] == 1.0
    assert jobs.running == 0


def test_cancel_is_immediate_and_the_reader_is_told_to_stop(qtbot, jobs):
    started, stopped = threading.Event(), threading.Event()
    results = []
    jobs.done.connect(lambda *args: results.append(args))

    def work(progress, cancelled):
        started.set()
        while not cancelled():
            progress(0.5)
            threading.Event().wait(0.005)
        stopped.set()
        raise ReadCancelled

    job_id = jobs.start("slow.pdf", work)
    assert started.wait(5)
    with qtbot.waitSignal(jobs.cancelled, timeout=1000) as cancelled:
        jobs.cancel(job_id)
    assert cancelled.args == [job_id] and jobs.running == 0
    assert stopped.wait(5)
    qtbot.wait(50)
    assert results == []


def test_what_a_job_returns_after_cancel_is_dropped(qtbot, jobs):
    release = threading.Event()
    ended = []
    for signal in (jobs.done, jobs.refused):
        signal.connect(lambda *args: ended.append(args))
    job_id = jobs.start("picture.png", lambda progress, cancelled: release.wait(5) and "late")
    jobs.cancel(job_id)
    release.set()
    qtbot.wait(100)
    assert ended == []


@pytest.mark.parametrize("failure, kind", [(AttachmentRefused(RefusalKind.ENCRYPTED, "a.pdf"), RefusalKind.ENCRYPTED),
                                           (ValueError("hostile bytes"), RefusalKind.DAMAGED),
                                           (MemoryError(), RefusalKind.TOO_LARGE)])
def test_a_refusal_or_a_readers_failure_arrives_as_a_refusal_naming_the_file(qtbot, jobs, failure, kind):
    def work(progress, cancelled):
        raise failure

    with qtbot.waitSignal(jobs.refused, timeout=5000) as refused:
        jobs.start("a.pdf", work)
    assert refused.args[1].kind is kind and refused.args[1].name == "a.pdf"


def test_files_are_read_two_at_a_time_and_a_waiting_one_can_be_cancelled(qtbot, jobs):
    from genai_desktop.qt.attachment_jobs import READING_AT_ONCE

    release = threading.Event()
    lock = threading.Lock()
    running, most = [0], [0]
    started = []

    def work(progress, cancelled):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
            started.append(threading.current_thread().name)
        release.wait(5)
        with lock:
            running[0] -= 1
        return "read"

    done = []
    jobs.done.connect(lambda job_id, _value: done.append(job_id))
    ids = [jobs.start(f"file{number}.txt", work) for number in range(6)]
    qtbot.waitUntil(lambda: len(started) == READING_AT_ONCE, timeout=5000)
    qtbot.wait(100)
    assert len(started) == READING_AT_ONCE == 2  # the others wait their turn
    jobs.cancel(ids[-1])  # one still waiting: it never starts
    release.set()
    qtbot.waitUntil(lambda: len(done) == 5, timeout=5000)
    assert most[0] == READING_AT_ONCE and ids[-1] not in done and len(started) == 5
