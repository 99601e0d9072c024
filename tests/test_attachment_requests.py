"""What goes to the server for a message with attachments (core/conversation.py), the estimate of
a request's tokens, and the context sizes it is held against (core/context_sizes.py).

The request bodies are checked at the loopback server, as the SDK sent them."""

from __future__ import annotations

import base64

from services_fixtures import make_services  # noqa: F401 - a fixture

from genai_desktop.core.attachments import Attachment, AttachmentKind, picture_tokens, text_tokens
from genai_desktop.core.context_sizes import (
    CONTEXT_SIZES_KEPT, DEFAULT_CONTEXT_SIZE, SizeSource, context_size, stored_context_sizes, with_user_size,
)
from genai_desktop.core.conversation import (
    MESSAGE_TOKENS, PART_TOKENS, Turn, UserMessage, chat_messages, request_tokens, user_content,
)
from genai_desktop.core.records import MessageState
from genai_desktop.core.settings import Settings

PNG_1X1 = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==")


def document(name: str = "notes.txt", text: str = "The secret word is tangerine.", **facts) -> Attachment:
    return Attachment(AttachmentKind.DOCUMENT, name, "text/plain", len(text), text=text,
                      source=f"/home/someone/private folder/{name}", **facts)


def picture(name: str = "photo.png") -> Attachment:
    return Attachment(AttachmentKind.PICTURE, name, "image/png", 4000, data=PNG_1X1, width=1, height=1)


def ask(qtbot, session, message: UserMessage | str):
    with qtbot.waitSignal(session.answerFinished, timeout=15000):
        assert session.send(message)


def test_a_message_without_parts_stays_its_text():
    assert user_content(UserMessage("  hello  ")) == "  hello  "


def test_documents_go_as_one_string_naming_each_file_before_the_text():
    content = user_content(UserMessage("Summarise these.", (document(), document("b.csv", "a|b"))))
    assert isinstance(content, str)
    assert content == ('[Attached file "notes.txt"]\nThe secret word is tangerine.\n[End of "notes.txt"]\n\n'
                       '[Attached file "b.csv"]\na|b\n[End of "b.csv"]\n\nSummarise these.')
    assert "private folder" not in content  # the base name only, never where it was read from


def test_the_pages_of_a_document_are_named_with_it():
    report = document("report.pdf", "Text", pages=12)
    deck = Attachment(AttachmentKind.DOCUMENT, "talk.pptx",
                      "application/vnd.openxmlformats-officedocument.presentationml.presentation", 10,
                      text="Slide", pages=3)
    content = user_content(UserMessage("", (report, deck)))
    assert '[Attached file "report.pdf", 12 pages]\nText' in content
    assert '[Attached file "talk.pptx", 3 slides]' in content
    assert not content.endswith("\n\n")  # no empty text after the documents


def test_pictures_make_a_list_of_parts_with_data_urls():
    content = user_content(UserMessage("What is this?", (picture(), document())))
    assert content == [
        {"type": "text", "text": '[Attached file "notes.txt"]\nThe secret word is tangerine.\n[End of "notes.txt"]'
                                 "\n\nWhat is this?"},
        {"type": "text", "text": '[Attached picture "photo.png"]'},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64," + base64.b64encode(PNG_1X1).decode()}}]
    assert user_content(UserMessage("", (picture(),)))[0] == {"type": "text", "text": '[Attached picture "photo.png"]'}


def test_earlier_turns_send_their_attachments_again():
    turns = [Turn(UserMessage("", (document(),)), "Read it.", MessageState.DONE), Turn(UserMessage("And now?"))]
    messages = chat_messages("", turns, 1, continuing=False)
    assert [message["role"] for message in messages] == ["user", "assistant", "user"]
    assert "tangerine" in messages[0]["content"]


def test_the_estimate_counts_what_the_request_sends():
    text = "x" * 700
    earlier = [Turn(UserMessage("q", (document(text=text),)), "a" * 35, MessageState.DONE),
               Turn(UserMessage("failed"), "", MessageState.FAILED)]  # no answer: not sent, not counted
    message = UserMessage("y" * 70, (picture(),))
    expected = (MESSAGE_TOKENS + text_tokens("Be brief.")
                + MESSAGE_TOKENS + 1 + PART_TOKENS + 200 + MESSAGE_TOKENS + 10
                + MESSAGE_TOKENS + 20 + PART_TOKENS + picture_tokens(1, 1))
    assert request_tokens("Be brief.", earlier, message) == expected
    assert request_tokens("", [], UserMessage("hi")) == MESSAGE_TOKENS + 1


def test_known_models_have_their_sizes_and_an_unknown_one_the_conservative_default():
    assert context_size("gpt-4o-mini") == context_size("openai/gpt-4o")
    assert context_size("gpt-4o-mini").tokens == 128_000 and context_size("gpt-4o").source is SizeSource.KNOWN
    assert context_size("gpt-4").tokens == 8_192 and context_size("gpt-4.1-mini").tokens == 1_047_576
    assert context_size("o1-mini").tokens == 128_000 and context_size("o1").tokens == 200_000
    for unknown in ("o10", "gpt-40", "my-company-deployment", ""):
        assert context_size(unknown).tokens == DEFAULT_CONTEXT_SIZE
        assert context_size(unknown).source is SizeSource.DEFAULT


def test_the_users_size_for_a_model_wins_and_is_kept_in_the_settings(tmp_path):
    sizes = with_user_size((), "gpt-4o", 64_000)
    assert context_size("gpt-4o", sizes).tokens == 64_000 and context_size("gpt-4o", sizes).source is SizeSource.USER
    assert context_size("gpt-4o-mini", sizes).tokens == 128_000  # that model only
    assert with_user_size(sizes, "gpt-4o", None) == ()
    settings = Settings(context_sizes=sizes)
    assert Settings.from_json_dict(settings.to_json_dict()).context_sizes == sizes
    many = ()
    for number in range(CONTEXT_SIZES_KEPT + 5):
        many = with_user_size(many, f"model-{number}", 10_000)
    assert len(many) == CONTEXT_SIZES_KEPT and many[0][0] == f"model-{CONTEXT_SIZES_KEPT + 4}"


def test_a_profiles_context_size_comes_after_the_users_own_for_the_model():
    """The size set in the profile (a local Ollama's num_ctx) holds for its models, unless the user set one
    for the model itself; 0 in the profile: the known or default size."""
    assert context_size("llama3.2", (), 32_768) == context_size("llama3.2", (("llama3.2", 32_768),))
    assert context_size("llama3.2", (), 32_768).source is SizeSource.USER
    assert context_size("gpt-4o", with_user_size((), "gpt-4o", 64_000), 4_096).tokens == 64_000
    assert context_size("gpt-4o", (), 0) == context_size("gpt-4o")


def test_unusable_stored_sizes_are_dropped():
    stored = [["ok", 32_768], ["tiny", 1], ["flag", True], ["nul\0", 9_000], [" ", 9_000], ["ok", 5_000],
              ["\udcff", 9_000], "nonsense", ["huge", 10**12], ["float", 9_000.0]]
    assert stored_context_sizes(stored) == (("ok", 32_768),)
    assert Settings.from_json_dict({"context_sizes": {"ok": 1}}).context_sizes == ()


def test_the_session_sends_documents_and_pictures_to_the_server(qtbot, make_services, api_server):
    api_server.set_mode("normal", reply="Seen.")
    session = make_services().session
    ask(qtbot, session, UserMessage("Look.", (document(), picture())))
    ask(qtbot, session, "Thanks")
    first, second = (request.json["messages"] for request in api_server.chat_requests())
    assert first[0]["content"][0]["text"].startswith('[Attached file "notes.txt"]\nThe secret word is tangerine.')
    assert first[0]["content"][2]["image_url"]["url"].startswith("data:image/png;base64,")
    assert second[0] == first[0] and second[2] == {"role": "user", "content": "Thanks"}
    assert "private folder" not in api_server.chat_requests()[0].body.decode()
