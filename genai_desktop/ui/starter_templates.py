"""The prompt templates the app ships with, in the language it shows (their names, texts and field names
are translated: a German user fills {{Sprache}}, an English one {{Language}}). Never stored: a new
version's better wording reaches every user, and one who wants another wording makes a template of their own."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..core.course_content import PromptTemplate

translate = QCoreApplication.translate


def starter_templates() -> tuple[PromptTemplate, ...]:
    """Each string literal in a translate() call of its own: lupdate finds only those."""
    return (
        PromptTemplate("starter-summarise", translate("StarterTemplates", "Summarise"), translate(
            "StarterTemplates",
            "Summarise the following text in a few sentences. Keep the key facts and figures.\n\n{{Text}}")),
        PromptTemplate("starter-translate", translate("StarterTemplates", "Translate"), translate(
            "StarterTemplates",
            "Translate the following text into this language: {{Language}}. Keep its meaning and tone, and reply "
            "with the translation only.\n\n{{Text}}")),
        PromptTemplate("starter-polite-email", translate("StarterTemplates", "Polite e-mail"), translate(
            "StarterTemplates",
            "Rewrite the following as a polite, clear e-mail to {{Recipient}}. Keep every fact and add "
            "nothing.\n\n{{Text}}")),
        PromptTemplate("starter-explain-simply", translate("StarterTemplates", "Explain simply"), translate(
            "StarterTemplates",
            "Explain {{Topic}} in simple words, for someone with no prior knowledge. Use one short everyday "
            "example.")),
        PromptTemplate("starter-proofread", translate("StarterTemplates", "Proofread"), translate(
            "StarterTemplates",
            "Proofread the following text: correct spelling, grammar and punctuation and change nothing else. "
            "Then list what you corrected.\n\n{{Text}}")),
        PromptTemplate("starter-pros-and-cons", translate("StarterTemplates", "Pros and cons"), translate(
            "StarterTemplates",
            "List the pros and cons of {{Topic}} as two short lists, then weigh them up in two sentences.")),
    )
