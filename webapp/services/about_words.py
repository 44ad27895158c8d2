"""The words for "my son", "my mum", "my friend"… in the ten languages, native script and
common romanised forms, each with the kind of relation and the pronoun a reply uses.

Written lower case, words separated by one space (any run of spaces matches). Where a
language marks "my" on the noun (Somali wiilkayga, Arabic ابني) the word alone says it; in
English and the romanised South Asian forms "my" (or "our") is part of the phrase, so that
"I am a mum" or "a friend told me" is not read as about someone else."""

from __future__ import annotations

CHILD, PARENT, PARTNER, SIBLING, FRIEND = "child", "parent", "partner", "sibling", "friend"
HE, SHE, THEY = "he", "she", "they"


def _with(owners: tuple[str, ...], words: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Each word after each possessive: ("my", "our") × {"son": …}."""
    return {f"{owner} {word}": kind for owner in owners for word, kind in words.items()}


ENGLISH = _with(
    ("my", "our"),
    {
        **dict.fromkeys(("son", "boy", "stepson", "grandson"), (CHILD, HE)),
        **dict.fromkeys(("daughter", "girl", "stepdaughter", "granddaughter"), (CHILD, SHE)),
        **dict.fromkeys(
            (
                "child",
                "children",
                "kid",
                "kids",
                "baby",
                "toddler",
                "teen",
                "teenager",
                "little one",
                "grandchild",
            ),
            (CHILD, THEY),
        ),
        **dict.fromkeys(
            ("mum", "mom", "mam", "mother", "mummy", "nan", "nana", "nanny", "gran", "granny")
            + ("grandma", "grandmother", "aunt", "auntie", "stepmum"),
            (PARENT, SHE),
        ),
        **dict.fromkeys(
            ("dad", "father", "daddy", "grandad", "granddad", "grandpa", "grandfather", "uncle")
            + ("stepdad",),
            (PARENT, HE),
        ),
        **dict.fromkeys(("parents", "grandparents"), (PARENT, THEY)),
        **dict.fromkeys(("husband", "boyfriend"), (PARTNER, HE)),
        **dict.fromkeys(("wife", "girlfriend"), (PARTNER, SHE)),
        "partner": (PARTNER, THEY),
        **dict.fromkeys(("brother", "little brother", "big brother"), (SIBLING, HE)),
        **dict.fromkeys(("sister", "little sister", "big sister"), (SIBLING, SHE)),
        **dict.fromkeys(("friend", "best friend", "mate", "best mate"), (FRIEND, THEY)),
    },
)

# Urdu and Punjabi written in Latin letters, and Hindi-Urdu words Gujarati and Bengali
# speakers also use (mera beta, meri ammi, mere abbu).
ROMAN_URDU_PUNJABI = {
    **_with(
        ("mera", "mere", "hamara"),
        dict.fromkeys(("beta", "bacha", "bachcha", "munda", "putt", "puttar"), (CHILD, HE)),
    ),
    **_with(
        ("meri", "hamari"), dict.fromkeys(("beti", "bachi", "kudi", "dhee", "dhi"), (CHILD, SHE))
    ),
    **_with(
        ("mere", "hamare"), dict.fromkeys(("bache", "bachay", "bachche", "bacche"), (CHILD, THEY))
    ),
    **_with(
        ("meri", "hamari"),
        dict.fromkeys(
            ("ammi", "ami", "amma", "maa", "ma", "mummy", "mama", "walida", "dadi", "nani", "bebe"),
            (PARENT, SHE),
        ),
    ),
    **_with(
        ("mere", "mera", "hamare"),
        dict.fromkeys(
            ("abbu", "abu", "abba", "papa", "walid", "dada", "nana", "bapu", "pita ji", "dad"),
            (PARENT, HE),
        ),
    ),
    **_with(
        ("mere", "mera"),
        dict.fromkeys(
            ("shohar", "shauhar", "pati", "husband", "ghar wala", "gharwala"), (PARTNER, HE)
        ),
    ),
    **_with(
        ("meri",),
        dict.fromkeys(
            ("biwi", "bivi", "begum", "patni", "wife", "ghar wali", "gharwali"), (PARTNER, SHE)
        ),
    ),
    **_with(("mera", "mere"), dict.fromkeys(("bhai", "veer", "paji"), (SIBLING, HE))),
    **_with(("meri",), dict.fromkeys(("behen", "bahen", "behan", "bhen"), (SIBLING, SHE))),
    **_with(("mera",), dict.fromkeys(("dost", "yaar"), (FRIEND, HE))),
    **_with(("meri",), dict.fromkeys(("dost", "saheli", "saheli"), (FRIEND, SHE))),
}

URDU = {
    **dict.fromkeys(("میرا بیٹا", "میرے بیٹے", "میرا بچہ"), (CHILD, HE)),
    **dict.fromkeys(("میری بیٹی", "میری بچی"), (CHILD, SHE)),
    **dict.fromkeys(("میرے بچے",), (CHILD, THEY)),
    **dict.fromkeys(
        ("میری امی", "میری ماں", "میری والدہ", "میری امّی", "میری دادی", "میری نانی"), (PARENT, SHE)
    ),
    **dict.fromkeys(("میرے ابو", "میرے والد", "میرے ابّو", "میرے دادا", "میرے نانا"), (PARENT, HE)),
    **dict.fromkeys(("میرے شوہر",), (PARTNER, HE)),
    **dict.fromkeys(("میری بیوی", "میری اہلیہ"), (PARTNER, SHE)),
    **dict.fromkeys(("میرا بھائی",), (SIBLING, HE)),
    **dict.fromkeys(("میری بہن",), (SIBLING, SHE)),
    **dict.fromkeys(("میرا دوست",), (FRIEND, HE)),
    **dict.fromkeys(("میری دوست", "میری سہیلی"), (FRIEND, SHE)),
}

PUNJABI = {
    **dict.fromkeys(("ਮੇਰਾ ਪੁੱਤ", "ਮੇਰਾ ਪੁੱਤਰ", "ਮੇਰਾ ਮੁੰਡਾ", "ਮੇਰਾ ਬੇਟਾ"), (CHILD, HE)),
    **dict.fromkeys(("ਮੇਰੀ ਧੀ", "ਮੇਰੀ ਕੁੜੀ", "ਮੇਰੀ ਬੇਟੀ"), (CHILD, SHE)),
    **dict.fromkeys(("ਮੇਰਾ ਬੱਚਾ", "ਮੇਰੇ ਬੱਚੇ"), (CHILD, THEY)),
    **dict.fromkeys(
        ("ਮੇਰੀ ਮਾਂ", "ਮੇਰੀ ਮੰਮੀ", "ਮੇਰੀ ਮਾਤਾ", "ਮੇਰੀ ਬੇਬੇ", "ਮੇਰੀ ਦਾਦੀ", "ਮੇਰੀ ਨਾਨੀ"), (PARENT, SHE)
    ),
    **dict.fromkeys(("ਮੇਰੇ ਪਿਤਾ", "ਮੇਰੇ ਡੈਡੀ", "ਮੇਰੇ ਪਾਪਾ", "ਮੇਰੇ ਬਾਪੂ", "ਮੇਰੇ ਦਾਦਾ", "ਮੇਰੇ ਨਾਨਾ"), (PARENT, HE)),
    **dict.fromkeys(("ਮੇਰੇ ਪਤੀ", "ਮੇਰਾ ਪਤੀ"), (PARTNER, HE)),
    **dict.fromkeys(("ਮੇਰੀ ਪਤਨੀ", "ਮੇਰੀ ਘਰਵਾਲੀ"), (PARTNER, SHE)),
    **dict.fromkeys(("ਮੇਰਾ ਭਰਾ", "ਮੇਰਾ ਵੀਰ"), (SIBLING, HE)),
    **dict.fromkeys(("ਮੇਰੀ ਭੈਣ",), (SIBLING, SHE)),
    **dict.fromkeys(("ਮੇਰਾ ਦੋਸਤ", "ਮੇਰਾ ਮਿੱਤਰ"), (FRIEND, HE)),
    **dict.fromkeys(("ਮੇਰੀ ਸਹੇਲੀ", "ਮੇਰੀ ਦੋਸਤ"), (FRIEND, SHE)),
}

GUJARATI = {
    **dict.fromkeys(("મારો દીકરો", "મારો છોકરો", "મારા દીકરા"), (CHILD, HE)),
    **dict.fromkeys(("મારી દીકરી", "મારી છોકરી"), (CHILD, SHE)),
    **dict.fromkeys(("મારું બાળક", "મારા બાળકો", "મારાં બાળકો"), (CHILD, THEY)),
    **dict.fromkeys(
        ("મારી મમ્મી", "મારી બા", "મારી માતા", "મારી મા", "મારાં બા", "મારી દાદી", "મારી નાની"),
        (PARENT, SHE),
    ),
    **dict.fromkeys(
        ("મારા પપ્પા", "મારા પિતા", "મારા બાપુજી", "મારા દાદા", "મારા નાના"), (PARENT, HE)
    ),
    **dict.fromkeys(("મારા પતિ",), (PARTNER, HE)),
    **dict.fromkeys(("મારી પત્ની",), (PARTNER, SHE)),
    **dict.fromkeys(("મારો ભાઈ",), (SIBLING, HE)),
    **dict.fromkeys(("મારી બહેન",), (SIBLING, SHE)),
    **dict.fromkeys(("મારો મિત્ર", "મારો દોસ્ત"), (FRIEND, HE)),
    **dict.fromkeys(("મારી મિત્ર", "મારી બહેનપણી"), (FRIEND, SHE)),
    # Romanised Gujarati
    **_with(("maro",), dict.fromkeys(("dikro", "chhokro", "chokro"), (CHILD, HE))),
    **_with(("mari",), dict.fromkeys(("dikri", "chhokri", "chokri"), (CHILD, SHE))),
    **_with(("maru",), {"balak": (CHILD, THEY), "baby": (CHILD, THEY)}),
    **_with(("mari",), dict.fromkeys(("mummy", "mummi", "ba", "mata"), (PARENT, SHE))),
    **_with(("mara",), dict.fromkeys(("papa", "pappa", "pita", "bapuji"), (PARENT, HE))),
    **_with(("mara",), {"pati": (PARTNER, HE)}),
    **_with(("maro",), dict.fromkeys(("mitra", "dost", "bhai"), (FRIEND, HE))),
}

BENGALI = {
    **dict.fromkeys(("আমার ছেলে",), (CHILD, HE)),
    **dict.fromkeys(("আমার মেয়ে", "আমার মেয়ে"), (CHILD, SHE)),
    **dict.fromkeys(("আমার বাচ্চা", "আমার সন্তান", "আমার শিশু"), (CHILD, THEY)),
    **dict.fromkeys(("আমার মা", "আমার আম্মু", "আমার আম্মা", "আমার দাদি", "আমার নানি"), (PARENT, SHE)),
    **dict.fromkeys(("আমার বাবা", "আমার আব্বু", "আমার আব্বা", "আমার দাদা", "আমার নানা"), (PARENT, HE)),
    **dict.fromkeys(("আমার স্বামী",), (PARTNER, HE)),
    **dict.fromkeys(("আমার স্ত্রী", "আমার বউ"), (PARTNER, SHE)),
    **dict.fromkeys(("আমার ভাই",), (SIBLING, HE)),
    **dict.fromkeys(("আমার বোন",), (SIBLING, SHE)),
    **dict.fromkeys(("আমার বন্ধু",), (FRIEND, THEY)),
    **dict.fromkeys(("আমার বান্ধবী",), (FRIEND, SHE)),
    # Romanised Bengali
    **_with(("amar",), {"chele": (CHILD, HE), "meye": (CHILD, SHE), "baccha": (CHILD, THEY)}),
    **_with(("amar",), dict.fromkeys(("ma", "ammu", "amma"), (PARENT, SHE))),
    **_with(("amar",), dict.fromkeys(("baba", "abbu", "abba"), (PARENT, HE))),
    **_with(("amar",), {"shami": (PARTNER, HE), "stri": (PARTNER, SHE), "bou": (PARTNER, SHE)}),
    **_with(("amar",), {"bondhu": (FRIEND, THEY), "bandhobi": (FRIEND, SHE)}),
}

# Polish nouns change with their role in the sentence: the common forms of each.
POLISH = {
    **dict.fromkeys(("syn", "syna", "synem", "synowi", "synek", "synka", "synkiem"), (CHILD, HE)),
    **dict.fromkeys(
        ("córka", "córki", "córką", "córkę", "córce", "córeczka", "córeczki"), (CHILD, SHE)
    ),
    **dict.fromkeys(
        ("moje dziecko", "mojego dziecka", "moim dzieckiem", "moje dzieci", "mojemu dziecku"),
        (CHILD, THEY),
    ),
    **dict.fromkeys(
        (
            "mama",
            "mamy",
            "mamą",
            "mamę",
            "mamie",
            "matka",
            "matki",
            "matką",
            "babcia",
            "babci",
            "babcią",
            "babcię",
        ),
        (PARENT, SHE),
    ),
    **dict.fromkeys(
        (
            "tata",
            "taty",
            "tatą",
            "tatę",
            "tacie",
            "ojciec",
            "ojca",
            "ojcem",
            "dziadek",
            "dziadka",
            "dziadkiem",
        ),
        (PARENT, HE),
    ),
    **dict.fromkeys(("mąż", "męża", "mężem", "mężowi"), (PARTNER, HE)),
    **dict.fromkeys(("żona", "żony", "żoną", "żonę", "żonie"), (PARTNER, SHE)),
    **dict.fromkeys(("mój brat", "mojego brata", "moim bratem"), (SIBLING, HE)),
    **dict.fromkeys(("moja siostra", "mojej siostry", "moją siostrą"), (SIBLING, SHE)),
    **dict.fromkeys(
        ("przyjaciel", "przyjaciela", "przyjacielem", "kolega", "kolegi", "kolegą"), (FRIEND, HE)
    ),
    **dict.fromkeys(
        ("przyjaciółka", "przyjaciółki", "przyjaciółką", "koleżanka", "koleżanki"), (FRIEND, SHE)
    ),
}

# Somali puts "my" on the end of the noun: wiil (boy, son) → wiilkayga (my son).
SOMALI = {
    **dict.fromkeys(
        ("wiilkayga", "wiilkeyga", "wiilkay", "wiilkey", "inankayga", "inankeyga"), (CHILD, HE)
    ),
    **dict.fromkeys(
        ("gabadhayda", "gabadheyda", "gabadhay", "inantayda", "inanteyda"), (CHILD, SHE)
    ),
    **dict.fromkeys(
        (
            "ilmahayga",
            "ilmaheyga",
            "cunugayga",
            "cunugeyga",
            "caruurtayda",
            "carruurtayda",
            "ubadkayga",
        ),
        (CHILD, THEY),
    ),
    **dict.fromkeys(
        ("hooyaday", "hooyadey", "hooyadayda", "ayeeyaday", "ayeeyadey"), (PARENT, SHE)
    ),
    **dict.fromkeys(
        ("aabahay", "aabbahay", "aabahey", "aabbahey", "awoowgay", "awoowahay"), (PARENT, HE)
    ),
    **dict.fromkeys(("ninkayga", "ninkeyga", "seygayga", "seygeyga"), (PARTNER, HE)),
    **dict.fromkeys(("xaaskayga", "xaaskeyga", "naagtayda", "naagteyda"), (PARTNER, SHE)),
    **dict.fromkeys(("walaalkay", "walaalkey", "walaalkayga"), (SIBLING, HE)),
    **dict.fromkeys(("walaashay", "walaashey", "walaashayda"), (SIBLING, SHE)),
    **dict.fromkeys(("saaxiibkay", "saaxiibkey", "saaxiibkayga", "saaxiibkeyga"), (FRIEND, HE)),
    **dict.fromkeys(("saaxiibaday", "saaxiibadday", "saaxiibadayda"), (FRIEND, SHE)),
}

# Arabic too puts "my" on the noun: ابن (son) → ابني (my son).
ARABIC = {
    **dict.fromkeys(("ابني", "إبني", "ولدي"), (CHILD, HE)),
    **dict.fromkeys(("ابنتي", "إبنتي", "بنتي"), (CHILD, SHE)),
    **dict.fromkeys(("طفلي", "أطفالي", "اطفالي", "أولادي", "اولادي"), (CHILD, THEY)),
    **dict.fromkeys(("أمي", "امي", "والدتي", "ماما", "جدتي"), (PARENT, SHE)),
    **dict.fromkeys(("أبي", "ابي", "والدي", "بابا", "جدي"), (PARENT, HE)),
    **dict.fromkeys(("زوجي",), (PARTNER, HE)),
    **dict.fromkeys(("زوجتي",), (PARTNER, SHE)),
    **dict.fromkeys(("أخي", "اخي"), (SIBLING, HE)),
    **dict.fromkeys(("أختي", "اختي"), (SIBLING, SHE)),
    **dict.fromkeys(("صديقي", "صاحبي"), (FRIEND, HE)),
    **dict.fromkeys(("صديقتي", "صاحبتي"), (FRIEND, SHE)),
}

ROMANIAN = {
    **dict.fromkeys(("fiul meu", "fiului meu", "băiatul meu", "baiatul meu"), (CHILD, HE)),
    **dict.fromkeys(
        ("fiica mea", "fiicei mele", "fata mea", "fetița mea", "fetita mea"), (CHILD, SHE)
    ),
    **dict.fromkeys(
        ("copilul meu", "copilului meu", "copiii mei", "bebelușul meu", "bebelusul meu"),
        (CHILD, THEY),
    ),
    **dict.fromkeys(
        ("mama mea", "mamei mele", "mama", "mamei", "bunica", "bunica mea", "bunicii"),
        (PARENT, SHE),
    ),
    **dict.fromkeys(
        ("tatăl meu", "tatal meu", "tata", "tatei", "bunicul", "bunicul meu"), (PARENT, HE)
    ),
    **dict.fromkeys(("soțul meu", "sotul meu", "soțului meu", "sotului meu"), (PARTNER, HE)),
    **dict.fromkeys(("soția mea", "sotia mea", "soției mele", "sotiei mele"), (PARTNER, SHE)),
    **dict.fromkeys(("fratele meu",), (SIBLING, HE)),
    **dict.fromkeys(("sora mea",), (SIBLING, SHE)),
    **dict.fromkeys(("prietenul meu", "prietenului meu"), (FRIEND, HE)),
    **dict.fromkeys(("prietena mea", "prietenei mele"), (FRIEND, SHE)),
}

PORTUGUESE = {
    **dict.fromkeys(("meu filho", "o meu filho", "meu menino"), (CHILD, HE)),
    **dict.fromkeys(("minha filha", "a minha filha", "minha menina"), (CHILD, SHE)),
    **dict.fromkeys(
        ("meu bebê", "meu bebé", "meu bebe", "minha criança", "minha crianca", "meus filhos"),
        (CHILD, THEY),
    ),
    **dict.fromkeys(
        ("minha mãe", "minha mae", "minha avó", "minha avo", "minha mamãe"), (PARENT, SHE)
    ),
    **dict.fromkeys(("meu pai", "meu avô", "meu avo"), (PARENT, HE)),
    **dict.fromkeys(("meus pais",), (PARENT, THEY)),
    **dict.fromkeys(("meu marido", "meu esposo", "meu namorado"), (PARTNER, HE)),
    **dict.fromkeys(("minha esposa", "minha mulher", "minha namorada"), (PARTNER, SHE)),
    **dict.fromkeys(("meu irmão", "meu irmao"), (SIBLING, HE)),
    **dict.fromkeys(("minha irmã", "minha irma"), (SIBLING, SHE)),
    **dict.fromkeys(("meu amigo",), (FRIEND, HE)),
    **dict.fromkeys(("minha amiga",), (FRIEND, SHE)),
}

BY_LANGUAGE: dict[str, dict[str, tuple[str, str]]] = {
    "en": ENGLISH,
    "ur": {**URDU, **ROMAN_URDU_PUNJABI},
    "pa": {**PUNJABI, **ROMAN_URDU_PUNJABI},
    "gu": GUJARATI,
    "bn": BENGALI,
    "pl": POLISH,
    "so": SOMALI,
    "ar": ARABIC,
    "ro": ROMANIAN,
    "pt": PORTUGUESE,
}

# Every language at once: a message's language is not always known, and no phrase means a
# different person in another language.
PHRASES: dict[str, tuple[str, str]] = {
    phrase: kind for words in BY_LANGUAGE.values() for phrase, kind in words.items()
}

# Words that say the message is about the writer after all ("it's for myself"), which end
# an earlier "my mum…": each language, native script and romanised.
SELF = (
    "myself",
    "for me",
    "about me",
    "mere liye",
    "apne liye",
    "میرے لیے",
    "اپنے لیے",
    "ਮੇਰੇ ਲਈ",
    "ਆਪਣੇ ਲਈ",
    "મારા માટે",
    "પોતાના માટે",
    "mara mate",
    "আমার জন্য",
    "নিজের জন্য",
    "amar jonno",
    "dla mnie",
    "dla siebie",
    "o siebie",
    "naftayda",
    "aniga qudhayda",
    "لنفسي",
    "عن نفسي",
    "من أجلي",
    "pentru mine",
    "despre mine",
    "para mim",
    "sobre mim",
    "eu mesmo",
    "eu mesma",
)
