"""Plain-Python core: settings, secrets, LLM access, logging. Never imports PySide6."""
