"""Benchmark: the chat worker's CPU per stream chunk, the app's way (core.llm.run_chat: the chunks
kept as their JSON) against the SDK's chat.completions.create (a pydantic model built per chunk),
the same stream from the same loopback server in this run.

The worker holds the GIL while it parses; what it spends per chunk the window waits for (issue 11).

    .venv/bin/python tests/bench/bench_chunk_cpu.py [--tokens 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parent.parent)]

from bench_streaming import KEY, markdown_tokens, start_server_process  # noqa: E402

MESSAGES = [{"role": "user", "content": "Write a long answer."}]


def sdk_models(base_url: str) -> tuple[float, str]:
    """Thread CPU seconds and text of the stream read with the SDK's models."""
    import openai

    async def read() -> str:
        async with openai.AsyncOpenAI(api_key=KEY, base_url=base_url, max_retries=0) as client:
            stream = await client.chat.completions.create(model="bench", messages=MESSAGES, stream=True,
                                                          stream_options={"include_usage": True})
            return "".join([chunk.choices[0].delta.content or "" async for chunk in stream if chunk.choices])

    started = time.thread_time()
    text = asyncio.run(read())
    return time.thread_time() - started, text


def app_worker(base_url: str) -> tuple[float, str]:
    """Thread CPU seconds and text of the stream read as the chat worker reads it."""
    from genai_desktop.core import llm
    from genai_desktop.core.chat import ChatRequest

    request = ChatRequest(base_url=base_url, model="bench", api_key=KEY, messages=tuple(MESSAGES))
    started = time.thread_time()
    result = llm.run_chat(request, llm.CancelToken(), lambda _text: None)
    return time.thread_time() - started, result.text


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tokens = markdown_tokens(args.tokens)
    server, base_url = start_server_process(tokens, rate=1_000_000)  # as fast as it goes: CPU is measured
    try:
        print(f"{args.tokens} chunks, best of {args.runs} runs each (thread CPU, ms per chunk)")
        print(" sdk models   app worker   ratio (goal: well below 1)")
        sdk = min(sdk_models(base_url) for _ in range(args.runs))
        app = min(app_worker(base_url) for _ in range(args.runs))
        assert sdk[1] == app[1] == "".join(tokens), "the two ways read different text"
        per_sdk, per_app = sdk[0] * 1000 / args.tokens, app[0] * 1000 / args.tokens
        print(f"{per_sdk:11.3f} {per_app:12.3f} {per_app / per_sdk:7.3f}")
    finally:
        server.terminate()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
