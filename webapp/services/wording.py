"""Every assistant reply as translatable text with named placeholders, keyed as the bot names
them. Wording aims at a reading age of 9 to 11: short sentences, everyday words."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from webapp.config import LANGUAGES


@dataclass(frozen=True)
class ButtonTemplate:
    title: LazyString | str  # a plain str is shown as is in every language (language names)
    payload: str


@dataclass(frozen=True)
class ReplyTemplate:
    text: LazyString
    buttons: tuple[ButtonTemplate, ...] = ()
    # Which topic's live services are shown as cards (at most card_limit, the nearest
    # first), and which crisis and NHS lines follow them (see crisis_lines.py).
    services: tuple[str, ...] = ()
    cards: str | None = None
    card_limit: int = 3
    # Ask where the person lives, when that would narrow the cards to nearby groups.
    ask_place: bool = False
    # Self-help guides to link to by id (topic replies also link the topic's guides).
    guides: tuple[str, ...] = ()
    # Offer the guided exercises (breathing, grounding) as buttons.
    exercises: bool = False
    # Put first the services for what the message describes (services/which_service), with
    # that kind's line (NEED_TEXT) at the top.
    need_first: bool = False
    # When the conversation is about someone else (services/about.py): the text spoken to
    # the person asking, by the pronoun for the one it is about (he, she, they), and the
    # services for carers and parents that lead the cards (ids of the topic's services).
    about_them: dict[str, LazyString] | None = None
    carer_support: tuple[str, ...] = ()


TOPIC_BUTTONS = (
    ButtonTemplate(_l("Mental health support for young people (CAMHS)"), "/camhs"),
    ButtonTemplate(_l("Memory cafés and dementia"), "/memory_cafe"),
    ButtonTemplate(_l("Play and Stay for young children"), "/play_and_stay"),
    ButtonTemplate(_l("Which NHS service to use"), "/nhs_111"),
)

# Each language named in its own script, to switch the page to it.
LANGUAGE_BUTTONS = tuple(
    ButtonTemplate(name, f"/set_locale_{code}") for code, (name, _) in LANGUAGES.items()
)
LANGUAGE_OFFER_TEXT = _l("Would you like to see this page in %(language)s?")
LANGUAGE_OFFER_BUTTON = _l("Yes, show the page in %(language)s")

ASK_PLACE_TEXT = _l(
    "Tell me your town or postcode (like Loughborough or LE2) to see places near you."
)
NEARBY_TEXT = _l("Here is what I found for you:")
GUIDE_LINK = _l("Self-help guide: %(title)s")

CRISIS_TEXT = _l(
    "You matter, and help is here right now.\n"
    "If you are in danger or have hurt yourself, call %(emergency)s or go to A&E now.\n"
    "• Call NHS %(nhs111)s and choose option 2 for mental health help, day or night.\n"
    "• Call Samaritans free on %(samaritans)s, day or night.\n"
    "• Text %(shout_word)s to %(shout_number)s to talk by text."
)
CRISIS_UNDER_19_TEXT = _l("• If you are under 19, call Childline free on %(childline)s.")

# The other three safety replies (services/safety: emergency, someone_else, check_in). Each
# gives every number the contract names, like CRISIS_TEXT.
EMERGENCY_TEXT = _l(
    "Call %(emergency)s now, or ask someone near you to call. Do not wait.\n"
    "While you wait for help:\n"
    "• If you are in danger, get somewhere safe first.\n"
    "• If someone is hurt, not breathing or has taken something, stay with them if it is "
    "safe. The %(emergency)s call handler will tell you what to do.\n"
    "• Keep any packets or bottles to show the ambulance crew.\n"
    "For mental health help, call NHS %(nhs111)s and choose option 2, day or night. "
    "Call Samaritans free on %(samaritans)s, or text %(shout_word)s to %(shout_number)s."
)
SOMEONE_ELSE_TEXT = _l(
    "Thank you for looking out for them. Here is what you can do now:\n"
    "• If they are in danger now or have hurt themselves, call %(emergency)s.\n"
    "• For urgent mental health help, call the Mental Health Central Access Point on "
    "%(central_access_point)s, or NHS %(nhs111)s and choose option 2. Both are open day "
    "and night.\n"
    "• Stay with them if you can. Take away anything they could use to hurt themselves.\n"
    "• They, or you, can call Samaritans free on %(samaritans)s, or text %(shout_word)s to "
    "%(shout_number)s."
)
SOMEONE_ELSE_UNDER_19_TEXT = _l(
    "• If they are under 19, they can call Childline free on %(childline)s."
)
CHECK_IN_TEXT = _l(
    "Thank you for telling me. I want to ask you something, because it matters: "
    "are you thinking about ending your life?\n"
    "Whatever your answer, you can talk to someone now:\n"
    "• If you are in danger, call %(emergency)s.\n"
    "• Call NHS %(nhs111)s and choose option 2, day or night.\n"
    "• Call Samaritans free on %(samaritans)s, day or night.\n"
    "• Text %(shout_word)s to %(shout_number)s to talk by text."
)
CHECK_IN_BUTTONS = (
    ButtonTemplate(_l("Yes"), "/safety_yes"),
    ButtonTemplate(_l("No"), "/safety_no"),
)
CHECK_IN_NO_TEXT = _l(
    "Thank you for answering. If that changes, the numbers above are there day and night.\n"
    "What would you like help with?"
)

# Talking to a person (webapp/duty/): what the person is told when they ask, while they wait
# or leave a message, and when a duty worker joins, hands back or closes the chat.
TALK_TO_PERSON_BUTTON = ButtonTemplate(_l("Talk to a person"), "/talk_to_person")
LEAVE_MESSAGE_BUTTON = ButtonTemplate(_l("Leave a message"), "/handoff_leave_message")
BACK_TO_ASSISTANT_BUTTON = ButtonTemplate(_l("Back to the assistant"), "/handoff_cancel")
HANDOFF_WAITING_TEXT = _l(
    "I have asked someone from the team to join this chat. It may take up to %(minutes)d "
    "minutes.\n"
    "You can keep typing here while you wait. They will see everything you write.\n"
    "If you need help now, call NHS %(nhs111)s and choose option 2. In an emergency, call "
    "%(emergency)s."
)
HANDOFF_CLOSED_TEXT = _l("No one from the team is here to chat right now.")
HANDOFF_NEXT_TEXT = _l("Someone will be here next on %(day)s at %(time)s.")
HANDOFF_NO_NEXT_TEXT = _l("We cannot say yet when someone will be here next.")
HANDOFF_HELP_NOW_TEXT = _l(
    "If you need help now:\n"
    "• In an emergency, call %(emergency)s.\n"
    "• Call NHS %(nhs111)s and choose option 2 for mental health help, day or night.\n"
    "• Call Samaritans free on %(samaritans)s, or text %(shout_word)s to %(shout_number)s.\n"
    "Our self-help guides may help too.\n"
    "Or leave a message now. The duty worker will read it first when they start."
)
SELF_HELP_LINK = _l("Self-help guides")
LEAVE_MESSAGE_TEXT = _l(
    "Type your message below. The duty worker will read it when they start. If you need "
    "help before then, use the numbers above."
)
MESSAGE_LEFT_TEXT = _l(
    "Thank you. Your message is saved. The duty worker will read it when they start."
)
BACK_TO_ASSISTANT_TEXT = _l(
    "OK. You are talking to the assistant again. What would you like help with?"
)
HANDOFF_OVERDUE_TEXT = _l(
    "Sorry, no one from the team has been able to join yet. You can keep waiting, or go "
    "back to the assistant.\n"
    "If you need help now, call NHS %(nhs111)s and choose option 2, or call Samaritans free "
    "on %(samaritans)s. In an emergency, call %(emergency)s."
)
DUTY_WORKER = _l("duty worker")
STAFF_JOINED_TEXT = _l("%(name)s, %(role)s, has joined the chat.")
STAFF_HANDED_BACK_TEXT = _l("%(name)s has left the chat. You are talking to the assistant again.")
STAFF_CLOSED_TEXT = _l(
    "%(name)s has closed the chat. Thank you for talking to us. If you need help again, "
    "call NHS %(nhs111)s, day or night."
)

# The line that leads the "which service" reply when the message describes a need, by the
# kind of need in services/which_service/kinds.yml. The emergency line is for red flags.
NEED_TEXT = {
    "emergency": _l(
        "This could be an emergency. Call %(emergency)s now, or go to A&E. Do not wait."
    ),
    "dentist": _l(
        "For tooth and mouth problems, call your dentist. If they are closed, or you do not "
        "have one, call NHS %(nhs111)s for urgent dental help."
    ),
    "urgent_treatment": _l(
        "For an injury like this, an urgent treatment centre or minor injuries unit can help. "
        "You can call NHS %(nhs111)s first to check where to go."
    ),
    "nhs_111": _l(
        "It sounds like you need help fast. Call NHS %(nhs111)s or go to 111.nhs.uk, day or night."
    ),
    "gp": _l(
        "This sounds like something for your GP. Ask your GP surgery for an appointment. "
        "When it is closed, call NHS %(nhs111)s."
    ),
    "pharmacy": _l(
        "A pharmacist can help with this, often the same day and without an appointment."
    ),
    "out_of_hours": _l(
        "When your GP surgery is closed, call NHS %(nhs111)s. They can get you an "
        "out-of-hours doctor or nurse if you need one."
    ),
}

# The CAMHS and memory replies spoken to a parent, carer or friend about the person they
# ask for, by the pronoun for that person (services/about.py).
CAMHS_ABOUT_THEM = {
    "he": _l(
        "CAMHS is the NHS service that helps children and young people with their "
        "mental health.\n"
        "You can ask his GP to refer him. His school nurse, or a teacher he trusts, can "
        "refer him too.\n"
        "While he waits, keep talking with him. Tell his GP if things get worse.\n"
        "Looking after someone is hard. The services below help parents and carers too.\n"
        "If he needs help now, call the Mental Health Central Access Point on "
        "%(central_access_point)s, day or night."
    ),
    "she": _l(
        "CAMHS is the NHS service that helps children and young people with their "
        "mental health.\n"
        "You can ask her GP to refer her. Her school nurse, or a teacher she trusts, can "
        "refer her too.\n"
        "While she waits, keep talking with her. Tell her GP if things get worse.\n"
        "Looking after someone is hard. The services below help parents and carers too.\n"
        "If she needs help now, call the Mental Health Central Access Point on "
        "%(central_access_point)s, day or night."
    ),
    "they": _l(
        "CAMHS is the NHS service that helps children and young people with their "
        "mental health.\n"
        "You can ask their GP to refer them. Their school nurse, or a teacher they trust, "
        "can refer them too.\n"
        "While they wait, keep talking with them. Tell their GP if things get worse.\n"
        "Looking after someone is hard. The services below help parents and carers too.\n"
        "If they need help now, call the Mental Health Central Access Point on "
        "%(central_access_point)s, day or night."
    ),
}
MEMORY_ABOUT_THEM = {
    "he": _l(
        "If you are worried about his memory, ask his GP to refer him to the memory "
        "service.\n"
        "Memory cafés are friendly groups for people with memory problems or dementia, and "
        "for the people who care for them. You can go together. You do not need a "
        "referral.\n"
        "Caring for someone can be hard. The dementia support below is for you too."
    ),
    "she": _l(
        "If you are worried about her memory, ask her GP to refer her to the memory "
        "service.\n"
        "Memory cafés are friendly groups for people with memory problems or dementia, and "
        "for the people who care for them. You can go together. You do not need a "
        "referral.\n"
        "Caring for someone can be hard. The dementia support below is for you too."
    ),
    "they": _l(
        "If you are worried about their memory, ask their GP to refer them to the memory "
        "service.\n"
        "Memory cafés are friendly groups for people with memory problems or dementia, and "
        "for the people who care for them. You can go together. You do not need a "
        "referral.\n"
        "Caring for someone can be hard. The dementia support below is for you too."
    ),
}

TEMPLATES: dict[str, ReplyTemplate] = {
    "welcome": ReplyTemplate(
        _l(
            "Hello. I can help you find support in Leicester, Leicestershire and Rutland.\n"
            "I am a computer, not a person. I cannot help in an emergency: "
            "if someone is in danger now, call %(emergency)s.\n"
            "What would you like help with?"
        ),
        TOPIC_BUTTONS,
    ),
    "greet": ReplyTemplate(_l("Hi. What would you like help with today?"), TOPIC_BUTTONS),
    "goodbye": ReplyTemplate(
        _l(
            "Bye for now. Take care. You can come back any time.\n"
            "If you need help fast, call NHS %(nhs111)s. In an emergency, call %(emergency)s."
        )
    ),
    "thanks": ReplyTemplate(
        _l("You're welcome. Is there anything else I can help with?"), TOPIC_BUTTONS
    ),
    "camhs": ReplyTemplate(
        _l(
            "CAMHS is the NHS service that helps children and young people with their "
            "mental health.\n"
            "To get help, talk to your GP, your school nurse or a teacher you trust. "
            "They can refer you. Parents and carers can ask too.\n"
            "Waiting can be hard. While you wait, keep talking to people you trust, and "
            "tell your GP if things get worse.\n"
            "If you need help now, call the Mental Health Central Access Point on "
            "%(central_access_point)s, day or night."
        ),
        (ButtonTemplate(_l("I need help right now"), "/crisis"),)
        + (ButtonTemplate(_l("Book a video or phone call"), "/book_appointment"),)
        + (TALK_TO_PERSON_BUTTON,),
        cards="camhs",
        about_them=CAMHS_ABOUT_THEM,
        # Parents and carers can ask for help here without a GP.
        carer_support=("camhs-my-self-referral-llr",),
    ),
    # Autism and ADHD assessments for children: the turn's topic is camhs, the cards and
    # guides are those marked neurodevelopmental. Up to five cards, so that with no area
    # known each area's SEND information and advice service is shown.
    "neurodevelopmental": ReplyTemplate(
        _l(
            "Here is how autism and ADHD assessments for children work in Leicester, "
            "Leicestershire and Rutland.\n"
            "• Who can refer: talk to your GP and your child's school. The SENCO (the "
            "teacher for special needs) can help. For a child under 5, talk to your health "
            "visitor.\n"
            "• What happens: the team asks you and the school about your child. There may "
            "be a few appointments. They may watch your child play or learn.\n"
            "• The wait: waits are long, often many months. Waiting does not mean your "
            "child has been forgotten.\n"
            "• While you wait: your child does not need a diagnosis to get help. Ask the "
            "school about SEN support. Your local SEND information and advice service "
            "(SENDIASS) is free, and parent groups can help too.\n"
            "If things get worse, or you are worried about your child's safety, call the "
            "Mental Health Central Access Point on %(central_access_point)s, day or night. "
            "In an emergency, call %(emergency)s."
        ),
        (
            ButtonTemplate(_l("I need help right now"), "/crisis"),
            TOPIC_BUTTONS[0],
        ),
        services=("central_access_point",),
        cards="neurodevelopmental",
        card_limit=5,
        guides=("waiting-for-autism-or-adhd-assessment",),
    ),
    "memory_cafe": ReplyTemplate(
        _l(
            "Memory cafés are friendly groups for people with memory problems or dementia, "
            "and for the people who care for them.\n"
            "You can have a cup of tea, meet others and get advice. You do not need a "
            "referral.\n"
            "If you are worried about your memory, or someone else's, talk to a GP. "
            "They can refer you to the memory service."
        ),
        (ButtonTemplate(_l("Book a video or phone call"), "/book_appointment"),),
        cards="memory_cafe",
        ask_place=True,
        about_them=MEMORY_ABOUT_THEM,
        # Advice and support for family and carers of someone with dementia.
        carer_support=("alzheimers-society-dementia-support-line",),
    ),
    "play_and_stay": ReplyTemplate(
        _l(
            "Play and Stay sessions are free groups where you and your young child can play, "
            "sing and meet other families.\n"
            "Libraries also run rhyme times for babies and toddlers.\n"
            "Your health visitor can help with sleep, feeding, talking and common illnesses."
        ),
        (ButtonTemplate(_l("Which NHS service to use"), "/nhs_111"), TALK_TO_PERSON_BUTTON),
        cards="play_and_stay",
        ask_place=True,
    ),
    "nhs_111": ReplyTemplate(
        _l(
            "Which service to use:\n"
            "• Call %(emergency)s or go to A&E if someone's life is at risk.\n"
            "• Call NHS %(nhs111)s or go to 111.nhs.uk if you need help fast but it is "
            "not an emergency. It is open day and night.\n"
            "• A pharmacy can help with minor illnesses, like colds and rashes.\n"
            "• Your GP is for health problems that are not urgent.\n"
            "• An urgent treatment centre can see injuries like sprains and cuts."
        ),
        TOPIC_BUTTONS[:3],
        cards="nhs_111",
        need_first=True,
    ),
    "crisis": ReplyTemplate(CRISIS_TEXT),
    "check_in_no": ReplyTemplate(CHECK_IN_NO_TEXT, TOPIC_BUTTONS),
    "bot_unavailable": ReplyTemplate(
        _l(
            "Sorry, I cannot answer right now. Your message is saved.\n"
            "If you need help now:\n"
            "• In an emergency, call %(emergency)s.\n"
            "• Call NHS %(nhs111)s, or choose option 2 for mental health help.\n"
            "• Call Samaritans free on %(samaritans)s.\n"
            "• Text %(shout_word)s to %(shout_number)s.\n"
            "You can also find help on nhs.uk. Please try me again in a few minutes."
        ),
        services=("emergency", "nhs111_mental_health", "samaritans", "shout"),
    ),
    "calm_down": ReplyTemplate(
        _l(
            "Let's help your body calm down. You are safe to take this slowly.\n"
            "Which would you like to try?"
        ),
        guides=("anxiety-and-panic",),
        exercises=True,
    ),
    "cant_sleep": ReplyTemplate(
        _l(
            "Not being able to sleep is horrible. Slow breathing can help your body relax.\n"
            "Would you like to try it now?"
        ),
        guides=("sleep",),
        exercises=True,
    ),
    "human_handoff": ReplyTemplate(
        _l(
            "I am a computer, so I cannot put you through to a person in this chat.\n"
            "To talk to someone:\n"
            "• For mental health, call the Central Access Point on "
            "%(central_access_point)s, day or night.\n"
            "• For health advice, call NHS %(nhs111)s, day or night.\n"
            "• Or call your GP when they are open."
        ),
        services=("central_access_point", "nhs111"),
    ),
    "change_language": ReplyTemplate(
        _l("Which language would you like? You can also use the language menu at the top."),
        LANGUAGE_BUTTONS,
    ),
    "language_switched": ReplyTemplate(
        _l("OK. I will use this language from now on. What would you like help with?"),
        TOPIC_BUTTONS,
    ),
    "out_of_scope": ReplyTemplate(
        _l("Sorry, I can only help you find health and care support. I can help with these:"),
        TOPIC_BUTTONS,
    ),
    "fallback": ReplyTemplate(
        _l("Sorry, I did not understand that. Could you say it another way, or choose one?"),
        TOPIC_BUTTONS,
    ),
}
