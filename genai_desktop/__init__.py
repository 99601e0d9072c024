"""GenAI Desktop: a desktop chat app for OpenAI-compatible APIs."""

__version_info__ = (0, 1, 0)
__version__ = ".".join(str(part) for part in __version_info__)
APP_NAME = "GenAI Desktop"
