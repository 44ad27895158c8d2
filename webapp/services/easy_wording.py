"""Easy-read versions of the replies in wording.py, after the Mencap and NHS easy-read
guidance: short sentences, everyday words, one idea a line, hard words explained. Reading
age about 10 (Flesch-Kincaid grade 5 or under). Safety replies keep every number and link.

Each is a gettext message in the context "easy read", so a translator writes one only where
it helps. A language without one gets its own standard text, never the English
(`in_language`, in webapp/easy_read.py). The booking steps' and the exercises' easy-read
texts sit beside them in their own layers: booking/easy_wording.py and guides/easy_wording.py."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_pgettext as _p

# By the key of wording.TEMPLATES.
TEMPLATES: dict[str, LazyString] = {
    "welcome": _p(
        "easy read",
        "Hello. I can help you find support near you.\n"
        "I am a computer. I am not a person.\n"
        "I cannot help in an emergency.\n"
        "If someone is in danger now, call %(emergency)s.\n"
        "What do you want help with?",
    ),
    "greet": _p("easy read", "Hi. What do you want help with today?"),
    "goodbye": _p(
        "easy read",
        "Bye for now. Take care.\n"
        "You can come back any time.\n"
        "Need help fast? Call NHS %(nhs111)s.\n"
        "In an emergency, call %(emergency)s.",
    ),
    "thanks": _p("easy read", "You are welcome. Can I help with something else?"),
    "camhs": _p(
        "easy read",
        "CAMHS is a team in the NHS. They help young people with their mental health.\n"
        "Mental health is how you feel and think.\n"
        "To get help, talk to your GP. Or talk to a school nurse or a teacher you trust.\n"
        "They can ask CAMHS to see you.\n"
        "Your mum, dad or carer can ask too.\n"
        "Waiting can be hard. Keep talking to people you trust.\n"
        "Tell your GP if you feel worse.\n"
        "Need help now? Call the Mental Health Central Access Point on "
        "%(central_access_point)s. It is open day and night.",
    ),
    "neurodevelopmental": _p(
        "easy read",
        "This is about tests for autism and ADHD in children.\n"
        "Who to ask:\n"
        "• Talk to your GP.\n"
        "• Talk to your child's school. Ask for the SENCO. This is the teacher for special "
        "needs.\n"
        "• Is your child under 5? Talk to your health visitor.\n"
        "What happens:\n"
        "• A team talks to you and the school about your child.\n"
        "• There may be a few visits.\n"
        "The wait:\n"
        "• The wait is long. It can be many months.\n"
        "• Your child has not been forgotten.\n"
        "While you wait:\n"
        "• Your child can get help at school now. They do not need to wait for the test.\n"
        "• SENDIASS gives free advice to parents.\n"
        "Worried about your child's safety? Call the Mental Health Central Access Point on "
        "%(central_access_point)s. It is open day and night.\n"
        "In an emergency, call %(emergency)s.",
    ),
    "memory_cafe": _p(
        "easy read",
        "Memory cafés are friendly groups.\n"
        "They are for people with memory problems or dementia.\n"
        "They are for the people who care for them too.\n"
        "You can have a cup of tea and meet people.\n"
        "You can get advice.\n"
        "You do not need a letter from a doctor.\n"
        "Worried about memory? Talk to a GP.\n"
        "The GP can send you to the memory service.",
    ),
    "play_and_stay": _p(
        "easy read",
        "Play and Stay groups are free.\n"
        "You and your young child can play and sing.\n"
        "You can meet other families.\n"
        "Libraries have rhyme times for babies and toddlers.\n"
        "Your health visitor can help with sleep, food and talking.\n"
        "They can help when your child is unwell too.",
    ),
    "nhs_111": _p(
        "easy read",
        "Which service to use:\n"
        "• Is a life at risk? Call %(emergency)s or go to A&E.\n"
        "• Need help fast, but it is not an emergency? Call NHS %(nhs111)s or go to "
        "111.nhs.uk. It is open day and night.\n"
        "• A pharmacy (chemist) can help with colds and rashes.\n"
        "• Your GP can help with problems that are not urgent.\n"
        "• An urgent treatment centre can help with cuts and sprains.",
    ),
    "crisis": _p(
        "easy read",
        "You matter. Help is here now.\n"
        "Are you in danger, or have you hurt yourself? Call %(emergency)s or go to A&E "
        "now.\n"
        "• Call NHS %(nhs111)s. Choose option 2. This is for mental health help, day or "
        "night.\n"
        "• Call Samaritans on %(samaritans)s. It is free, day or night.\n"
        "• Text %(shout_word)s to %(shout_number)s to talk by text.",
    ),
    "check_in_no": _p(
        "easy read",
        "Thank you for telling me.\n"
        "The numbers above are there day and night.\n"
        "What do you want help with?",
    ),
    "bot_unavailable": _p(
        "easy read",
        "Sorry, I cannot answer now. Your message is saved.\n"
        "Need help now?\n"
        "• In an emergency, call %(emergency)s.\n"
        "• Call NHS %(nhs111)s. Choose option 2 for mental health help.\n"
        "• Call Samaritans free on %(samaritans)s.\n"
        "• Text %(shout_word)s to %(shout_number)s.\n"
        "You can also look on nhs.uk.\n"
        "Please try me again in a few minutes.",
    ),
    "calm_down": _p(
        "easy read",
        "Let's help your body calm down.\nYou are safe. Take it slowly.\nWhat do you want to try?",
    ),
    "cant_sleep": _p(
        "easy read",
        "Not sleeping is horrible.\n"
        "Slow breathing can help your body relax.\n"
        "Do you want to try it now?",
    ),
    "human_handoff": _p(
        "easy read",
        "I am a computer. I cannot put you through to a person.\n"
        "To talk to someone:\n"
        "• For mental health, call the Central Access Point on %(central_access_point)s. "
        "It is open day and night.\n"
        "• For health advice, call NHS %(nhs111)s. It is open day and night.\n"
        "• Or call your GP when they are open.",
    ),
    "change_language": _p(
        "easy read",
        "Which language do you want?\nYou can also use the language menu at the top.",
    ),
    "language_switched": _p(
        "easy read",
        "OK. I will use this language now.\nWhat do you want help with?",
    ),
    "out_of_scope": _p(
        "easy read",
        "Sorry, I can only help with health and care.\nI can help with these:",
    ),
    "fallback": _p(
        "easy read",
        "Sorry, I did not understand.\nCan you say it another way? Or choose one:",
    ),
}

# By the key of wording.TEMPLATES, then the pronoun (services/about.py).
ABOUT_THEM: dict[str, dict[str, LazyString]] = {
    "camhs": {
        "he": _p(
            "easy read",
            "CAMHS is a team in the NHS. They help young people with their mental health.\n"
            "You can ask his GP to send him to CAMHS.\n"
            "His school nurse or a teacher can do this too.\n"
            "While he waits, keep talking with him.\n"
            "Tell his GP if things get worse.\n"
            "Caring for someone is hard. The help below is for you too.\n"
            "Does he need help now? Call the Mental Health Central Access Point on "
            "%(central_access_point)s. It is open day and night.",
        ),
        "she": _p(
            "easy read",
            "CAMHS is a team in the NHS. They help young people with their mental health.\n"
            "You can ask her GP to send her to CAMHS.\n"
            "Her school nurse or a teacher can do this too.\n"
            "While she waits, keep talking with her.\n"
            "Tell her GP if things get worse.\n"
            "Caring for someone is hard. The help below is for you too.\n"
            "Does she need help now? Call the Mental Health Central Access Point on "
            "%(central_access_point)s. It is open day and night.",
        ),
        "they": _p(
            "easy read",
            "CAMHS is a team in the NHS. They help young people with their mental health.\n"
            "You can ask their GP to send them to CAMHS.\n"
            "Their school nurse or a teacher can do this too.\n"
            "While they wait, keep talking with them.\n"
            "Tell their GP if things get worse.\n"
            "Caring for someone is hard. The help below is for you too.\n"
            "Do they need help now? Call the Mental Health Central Access Point on "
            "%(central_access_point)s. It is open day and night.",
        ),
    },
    "memory_cafe": {
        "he": _p(
            "easy read",
            "Worried about his memory?\n"
            "Ask his GP to send him to the memory service.\n"
            "Memory cafés are friendly groups for people with memory problems.\n"
            "You can go together. You do not need a letter from a doctor.\n"
            "Caring for someone can be hard. The help below is for you too.",
        ),
        "she": _p(
            "easy read",
            "Worried about her memory?\n"
            "Ask her GP to send her to the memory service.\n"
            "Memory cafés are friendly groups for people with memory problems.\n"
            "You can go together. You do not need a letter from a doctor.\n"
            "Caring for someone can be hard. The help below is for you too.",
        ),
        "they": _p(
            "easy read",
            "Worried about their memory?\n"
            "Ask their GP to send them to the memory service.\n"
            "Memory cafés are friendly groups for people with memory problems.\n"
            "You can go together. You do not need a letter from a doctor.\n"
            "Caring for someone can be hard. The help below is for you too.",
        ),
    },
}

# The safety replies by kind (renderer.SAFETY_REPLIES): the text and its under-19 line.
# Simpler words, the same numbers: each names every number its standard text does.
SAFETY: dict[str, tuple[LazyString, LazyString]] = {
    "own_life": (
        TEMPLATES["crisis"],
        _p("easy read", "• Are you under 19? Call Childline free on %(childline)s."),
    ),
    "emergency": (
        _p(
            "easy read",
            "Call %(emergency)s now. Or ask someone near you to call. Do not wait.\n"
            "While you wait:\n"
            "• Are you in danger? Get to a safe place first.\n"
            "• Is someone hurt or not breathing? Have they taken something? Stay with them if "
            "it is safe.\n"
            "• The %(emergency)s call handler will tell you what to do.\n"
            "• Keep any packets or bottles. Show them to the ambulance crew.\n"
            "For mental health help, call NHS %(nhs111)s. Choose option 2.\n"
            "Call Samaritans free on %(samaritans)s.\n"
            "Or text %(shout_word)s to %(shout_number)s.",
        ),
        _p("easy read", "• Are you under 19? Call Childline free on %(childline)s."),
    ),
    "someone_else": (
        _p(
            "easy read",
            "Thank you for helping them. Here is what you can do now:\n"
            "• Are they in danger or hurt? Call %(emergency)s.\n"
            "• For mental health help now, call the Mental Health Central Access Point on "
            "%(central_access_point)s.\n"
            "• Or call NHS %(nhs111)s. Choose option 2.\n"
            "• Both are open day and night.\n"
            "• Stay with them if you can.\n"
            "• Take away things they could use to hurt themselves.\n"
            "• They or you can call Samaritans free on %(samaritans)s.\n"
            "• Or text %(shout_word)s to %(shout_number)s.",
        ),
        _p("easy read", "• Are they under 19? They can call Childline free on %(childline)s."),
    ),
    "check_in": (
        _p(
            "easy read",
            "Thank you for telling me. I need to ask you something.\n"
            "Are you thinking about ending your life?\n"
            "You can talk to someone now:\n"
            "• Are you in danger? Call %(emergency)s.\n"
            "• Call NHS %(nhs111)s. Choose option 2. It is open day and night.\n"
            "• Call Samaritans free on %(samaritans)s, day or night.\n"
            "• Text %(shout_word)s to %(shout_number)s to talk by text.",
        ),
        _p("easy read", "• Are you under 19? Call Childline free on %(childline)s."),
    ),
}

# By the kind of need (wording.NEED_TEXT).
NEED_TEXT: dict[str, LazyString] = {
    "emergency": _p(
        "easy read", "This could be an emergency. Call %(emergency)s now or go to A&E. Do not wait."
    ),
    "dentist": _p(
        "easy read",
        "Is it your teeth or mouth? Call your dentist.\n"
        "Is your dentist closed, or do you not have one? Call NHS %(nhs111)s.",
    ),
    "urgent_treatment": _p(
        "easy read",
        "An urgent treatment centre can help with this.\n"
        "You can call NHS %(nhs111)s first. They tell you where to go.",
    ),
    "nhs_111": _p(
        "easy read",
        "You need help fast. Call NHS %(nhs111)s or go to 111.nhs.uk. It is open day and night.",
    ),
    "gp": _p(
        "easy read",
        "Your GP can help with this. Ask your GP for a time to see them.\n"
        "Is your GP closed? Call NHS %(nhs111)s.",
    ),
    "pharmacy": _p(
        "easy read",
        "A pharmacy (chemist) can help with this. You do not need to book. You can often go the "
        "same day.",
    ),
    "out_of_hours": _p(
        "easy read",
        "Is your GP closed? Call NHS %(nhs111)s.\nThey can find a doctor or nurse for you.",
    ),
}

ASK_PLACE_TEXT = _p(
    "easy read",
    "Tell me your town or postcode. Then I can show places near you.\n"
    "For example: Loughborough, or LE2.",
)
