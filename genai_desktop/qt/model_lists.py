"""The models each server offers (its /v1/models): loaded off the GUI thread at most once per server
and session, kept in memory by server address, and remembered for the next start in the settings
file (the names only, never a key), so the chat's model picker has a list at once."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal, Slot

from ..core.errors import ChatError
from ..core.profiles import Profile
from ..core.settings import model_lists
from ..core.validation import endpoint_id
from .settings_service import SettingsService


@dataclass(frozen=True)
class ModelList:
    """What is known of one server's models now."""

    address: str  # the server's endpoint id
    names: tuple[str, ...] = ()  # loaded in this session, or remembered from an earlier one
    loading: bool = False
    error: ChatError | None = None  # why this session's load failed (names: the remembered ones)
    loaded: bool = False  # names came from the server in this session


class ModelLists(QObject):
    changed = Signal(object)  # ModelList: a load of a server's list began, ended or failed

    def __init__(self, settings: SettingsService, parent: QObject | None = None):
        super().__init__(parent)
        self._settings = settings
        self._lists: dict[str, ModelList] = {}  # this session's, by address: loading, loaded or failed
        # A new key or address may make a failed load work: it may be tried again.
        settings.changed.connect(self._forget_failures)
        settings.keyStateChanged.connect(self._forget_failures)

    def current(self, profile: Profile | None = None) -> ModelList:
        """The list of the profile's server (None: the default profile's), as far as it is known now."""
        address = endpoint_id(profile.base_url if profile else self._settings.current.effective.base_url)
        known = self._lists.get(address)
        return known if known is not None else ModelList(address, self._remembered(address))

    def load(self, again_after_failure: bool = False, profile: Profile | None = None) -> ModelList:
        """Ask the profile's server (None: the default profile's) for its list, unless this session has it or
        is asking already (a failed load is asked again only if again_after_failure: the user opened the
        list). The answer comes as changed."""
        current = self.current(profile)
        if current.address in self._lists and (current.error is None or not again_after_failure):
            return current
        address = current.address
        loading = self._lists[address] = ModelList(address, current.names, loading=True)
        self.changed.emit(loading)
        self._settings.list_models(self._settings.current.effective, "",
                                   lambda names: self._arrived(address, tuple(names)),
                                   lambda error: self._failed(address, error), profile=profile)
        return loading

    def _remembered(self, address: str) -> tuple[str, ...]:
        return dict(self._settings.current.stored.known_models).get(address, ())

    def _arrived(self, address: str, names: tuple[str, ...]) -> None:
        self._lists[address] = loaded = ModelList(address, names, loaded=True)
        stored = self._settings.current.stored.known_models
        remembered = model_lists(((address, names), *((server, known) for server, known in stored if server != address)))
        if remembered != stored:
            self._settings.remember(known_models=remembered)
        self.changed.emit(loaded)

    def _failed(self, address: str, error: ChatError) -> None:
        self._lists[address] = failed = ModelList(address, self._remembered(address), error=error)
        self.changed.emit(failed)

    @Slot(object)
    def _forget_failures(self, _new: object) -> None:
        self._lists = {address: known for address, known in self._lists.items() if known.error is None}
