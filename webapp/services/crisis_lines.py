"""The crisis lines every crisis reply gives. Built in so the reply never depends on the
database or the bot; each is its service's number in content/crisis_lines.yml (from the page
its `source` names), due for clinical review.
`flask content check` fails when a copy here differs from its entry in content/."""

from __future__ import annotations

from webapp.reply_types import ServiceLink

REVIEWED = "2026-11-23"

NUMBERS = {
    "emergency": "999",
    "nhs111": "111",
    "samaritans": "116 123",
    "shout_number": "85258",
    "shout_word": "SHOUT",
    "childline": "0800 1111",
    "central_access_point": "0808 800 3302",
}

EMERGENCY = ServiceLink(id="crisis-999", name="999", phone="999")
NHS_111 = ServiceLink(id="nhs-111", name="NHS 111", phone="111", url="https://111.nhs.uk")
NHS_111_MENTAL_HEALTH = ServiceLink(
    id="crisis-nhs-111-option-2", name="NHS 111, option 2", phone="111", url="https://111.nhs.uk"
)
SAMARITANS = ServiceLink(
    id="crisis-samaritans",
    name="Samaritans",
    phone="116 123",
    url="https://www.samaritans.org/how-we-can-help/contact-samaritan/",
)
SHOUT = ServiceLink(
    id="crisis-shout",
    name="Shout",
    sms="85258",
    sms_body="SHOUT",
    url="https://giveusashout.org",
)
CHILDLINE = ServiceLink(
    id="crisis-childline", name="Childline", phone="0800 1111", url="https://www.childline.org.uk"
)
CENTRAL_ACCESS_POINT = ServiceLink(
    id="lpt-central-access-point", name="Mental Health Central Access Point", phone="0808 800 3302"
)


def crisis_names(may_be_under_19: bool) -> tuple[str, ...]:
    """The lines a crisis reply links to, Childline where the person may be young."""
    names = ["emergency", "nhs111_mental_health", "samaritans", "shout"]
    if may_be_under_19:
        names.append("childline")
    return (*names, "central_access_point")


# Built-in links a reply template can name (ReplyTemplate.services).
BUILT_IN: dict[str, ServiceLink] = {
    "emergency": EMERGENCY,
    "nhs111": NHS_111,
    "nhs111_mental_health": NHS_111_MENTAL_HEALTH,
    "samaritans": SAMARITANS,
    "shout": SHOUT,
    "childline": CHILDLINE,
    "central_access_point": CENTRAL_ACCESS_POINT,
}
