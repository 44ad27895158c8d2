"""The answer to the safety check-in question ("are you thinking about ending your life?"):
its Yes or No button, or the same typed in any of the ten languages just after the question.
"Maybe", "sometimes" and "I don't know" count as yes: the person gets the full crisis reply."""

from __future__ import annotations

from webapp.services.safety import normalise

YES, NO = "yes", "no"
YES_PAYLOAD, NO_PAYLOAD = "/safety_yes", "/safety_no"

# Typed answers in the ten languages, native script and romanised; compared normalised.
_YES = (
    "yes",
    "yeah",
    "yea",
    "yep",
    "yup",
    "yh",
    "ya",
    "y",
    "ye",
    "i am",
    "im",
    "sometimes",
    "maybe",
    "kind of",
    "kinda",
    "sort of",
    "idk",
    "i dont know",
    "dont know",
    "not sure",
    "a bit",
    "a little",
    "ha",
    "haa",
    "haan",
    "haanji",
    "han",
    "hanji",
    "ji",
    "jee",
    "hae",
    "હા",
    "હાં",
    "ਹਾਂ",
    "ਹਾਂਜੀ",
    "ہاں",
    "جی",
    "جی ہاں",
    "হ্যাঁ",
    "জি",
    "tak",
    "chyba",
    "czasami",
    "może",
    "haa",
    "haye",
    "haah",
    "نعم",
    "ايوه",
    "ايوا",
    "اه",
    "aywa",
    "aiwa",
    "na3am",
    "da",
    "poate",
    "uneori",
    "sim",
    "talvez",
    "às vezes",
)
_NO = (
    "no",
    "nope",
    "nah",
    "naw",
    "n",
    "not really",
    "no im not",
    "im not",
    "i am not",
    "not at all",
    "na",
    "naa",
    "nai",
    "nahi",
    "nahin",
    "nahi ji",
    "ના",
    "નહીં",
    "ਨਹੀਂ",
    "ਨਹੀ",
    "نہیں",
    "نهيں",
    "না",
    "nie",
    "nie jestem",
    "maya",
    "maya ahay",
    "لا",
    "la2",
    "la",
    "nu",
    "não",
)
_ANSWERS = {
    YES: frozenset(normalise(p) for p in _YES),
    NO: frozenset(normalise(p) for p in _NO),
}


def answer(payload: str | None, text: str, last_payloads: tuple[str, ...]) -> str | None:
    """YES or NO when the message answers the check-in, else None."""
    if payload == YES_PAYLOAD:
        return YES
    if payload == NO_PAYLOAD:
        return NO
    if payload or YES_PAYLOAD not in last_payloads:
        return None
    typed = normalise(text).strip(" .,")
    for kind in (NO, YES):
        if typed in _ANSWERS[kind]:
            return kind
    return None
