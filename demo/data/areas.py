"""Demo data: Hertfordshire districts, sectors, hubs, partners, schools and what they ask of
an adviser (see ``demo.data`` for what is real and what is invented)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

SEED = 2026

# --- Districts ----------------------------------------------------------------------------
# (slug, name, postcode districts used in the demo)
DISTRICTS: list[tuple[str, str, tuple[str, ...]]] = [
    ("broxbourne", "Broxbourne", ("EN7", "EN8", "EN10", "EN11")),
    ("dacorum", "Dacorum", ("HP1", "HP2", "HP3", "HP4", "HP23")),
    ("east-hertfordshire", "East Hertfordshire", ("SG12", "SG13", "SG14", "CM21", "CM23", "SG9")),
    ("hertsmere", "Hertsmere", ("WD6", "WD7", "WD23", "EN6")),
    ("north-hertfordshire", "North Hertfordshire", ("SG4", "SG5", "SG6", "SG7", "SG8")),
    ("st-albans", "St Albans", ("AL1", "AL2", "AL3", "AL4", "AL5")),
    ("stevenage", "Stevenage", ("SG1", "SG2")),
    ("three-rivers", "Three Rivers", ("WD3", "WD4", "WD5", "WD19")),
    ("watford", "Watford", ("WD17", "WD18", "WD24", "WD25")),
    ("welwyn-hatfield", "Welwyn Hatfield", ("AL6", "AL7", "AL8", "AL9", "AL10")),
]

# Districts that share a boundary (within Hertfordshire); the relation is symmetric.
DISTRICT_NEIGHBOURS: list[tuple[str, str]] = [
    ("broxbourne", "east-hertfordshire"),
    ("broxbourne", "welwyn-hatfield"),
    ("dacorum", "st-albans"),
    ("dacorum", "three-rivers"),
    ("east-hertfordshire", "north-hertfordshire"),
    ("east-hertfordshire", "stevenage"),
    ("east-hertfordshire", "welwyn-hatfield"),
    ("hertsmere", "st-albans"),
    ("hertsmere", "three-rivers"),
    ("hertsmere", "watford"),
    ("hertsmere", "welwyn-hatfield"),
    ("north-hertfordshire", "st-albans"),
    ("north-hertfordshire", "stevenage"),
    ("north-hertfordshire", "welwyn-hatfield"),
    ("st-albans", "three-rivers"),
    ("st-albans", "welwyn-hatfield"),
    ("three-rivers", "watford"),
]

# --- Sectors (the Skills and Employment Strategy's groups) --------------------------------
PRIORITY = "priority"
RECRUITMENT_DIFFICULTY = "recruitment_difficulty"
OTHER = "other"

# (slug, name, group). The names are marked for translation: pages show a sector's stored name
# in the reader's language (``Sector.__str__``), so these are in the Polish catalogue.
SECTORS: list[tuple[str, str, str]] = [
    ("life-sciences", gettext_noop("Science, technology and life sciences"), PRIORITY),
    ("engineering-manufacturing", gettext_noop("Engineering and advanced manufacturing"), PRIORITY),
    ("film-media-creative", gettext_noop("Film, media and creative industries"), PRIORITY),
    ("financial-business-services", gettext_noop("Financial and business services"), PRIORITY),
    ("high-end-logistics", gettext_noop("High-end logistics"), PRIORITY),
    ("built-environment", gettext_noop("Built environment and construction"), PRIORITY),
    ("digital", gettext_noop("Digital and advanced IT"), PRIORITY),
    ("clean-energy", gettext_noop("Clean energy and environmental technology"), PRIORITY),
    ("health-social-care", gettext_noop("Health and social care"), RECRUITMENT_DIFFICULTY),
    ("retail", gettext_noop("Retail"), RECRUITMENT_DIFFICULTY),
    (
        "leisure-hospitality",
        gettext_noop("Leisure, hospitality and tourism"),
        RECRUITMENT_DIFFICULTY,
    ),
    ("public-sector", gettext_noop("Public sector and administration"), OTHER),
    ("education", gettext_noop("Education and training"), OTHER),
    ("voluntary-community", gettext_noop("Voluntary and community sector"), OTHER),
    ("land-based", gettext_noop("Agriculture and land-based industries"), OTHER),
]

# --- Organisations that are not schools, employers or Jobcentres ---------------------------
HUB_NORTH_EAST = "Hertfordshire Careers Hub — North and East"
HUB_SOUTH_WEST = "Hertfordshire Careers Hub — South and West"

# (name, area, district slugs)
HUBS: list[tuple[str, str, tuple[str, ...]]] = [
    (
        HUB_NORTH_EAST,
        "North and East Hertfordshire",
        ("stevenage", "north-hertfordshire", "east-hertfordshire", "broxbourne", "welwyn-hatfield"),
    ),
    (
        HUB_SOUTH_WEST,
        "South and West Hertfordshire",
        ("dacorum", "st-albans", "hertsmere", "three-rivers", "watford"),
    ),
]

LEP = "Hertfordshire LEP"
PARTNERS: list[str] = [LEP, "Hertfordshire County Council", "DWP Hertfordshire and Essex"]

# --- Schools and colleges (names invented) -------------------------------------------------
SECONDARY = "secondary"
ALL_THROUGH = "all_through"
SPECIAL = "special"
ALTERNATIVE_PROVISION = "alternative_provision"
FE_COLLEGE = "fe_college"
SIXTH_FORM = "sixth_form"

# (URN, name, district slug, postcode district, phase, has a sixth form)
# The hub is the one covering the district. Colleges have years 12-13 only.
SCHOOLS: list[tuple[str, str, str, str, str, bool]] = [
    ("991001", "Fairlands Valley Academy", "stevenage", "SG1", SECONDARY, True),
    ("991002", "Shephall Meadows School", "stevenage", "SG2", SECONDARY, True),
    ("991003", "Chells Park Academy", "stevenage", "SG2", SECONDARY, False),
    ("991004", "Pin Green Community School", "stevenage", "SG1", SECONDARY, True),
    ("991005", "Whomerley Wood Academy", "stevenage", "SG2", SECONDARY, False),
    ("991006", "Six Hills Special School", "stevenage", "SG1", SPECIAL, True),
    ("991007", "Roebuck Learning Centre", "stevenage", "SG2", ALTERNATIVE_PROVISION, False),
    ("991101", "Purwell Valley School", "north-hertfordshire", "SG4", SECONDARY, True),
    ("991102", "Norton Common Academy", "north-hertfordshire", "SG6", SECONDARY, True),
    ("991103", "Weston Hills Academy", "north-hertfordshire", "SG7", SECONDARY, False),
    ("991104", "Therfield Heath School", "north-hertfordshire", "SG8", SECONDARY, True),
    ("991105", "Oughton Brook Academy", "north-hertfordshire", "SG5", ALL_THROUGH, True),
    ("991106", "Hitchin Gate College", "north-hertfordshire", "SG5", FE_COLLEGE, True),
    ("991107", "Radwell Lane School", "north-hertfordshire", "SG6", SPECIAL, True),
    ("991201", "Hartham Common Academy", "east-hertfordshire", "SG14", SECONDARY, True),
    ("991202", "Lea Navigation School", "east-hertfordshire", "SG12", SECONDARY, True),
    ("991203", "Waytemore Castle Academy", "east-hertfordshire", "CM23", SECONDARY, True),
    ("991204", "Rye Street School", "east-hertfordshire", "CM23", SECONDARY, False),
    ("991205", "Pishiobury Park Academy", "east-hertfordshire", "CM21", SECONDARY, True),
    ("991206", "Buntingford Downs School", "east-hertfordshire", "SG9", SECONDARY, True),
    (
        "991207",
        "Hertford Castle Sixth Form College",
        "east-hertfordshire",
        "SG13",
        SIXTH_FORM,
        True,
    ),
    ("991208", "Bengeo Vale School", "east-hertfordshire", "SG14", SPECIAL, False),
    ("991301", "Cheshunt Park Academy", "broxbourne", "EN8", SECONDARY, True),
    ("991302", "Rye Meads School", "broxbourne", "EN11", SECONDARY, False),
    ("991303", "Wormley Woods Academy", "broxbourne", "EN10", SECONDARY, True),
    ("991304", "Theobalds Park Academy", "broxbourne", "EN8", ALL_THROUGH, True),
    ("991305", "Turnford Brook College", "broxbourne", "EN10", FE_COLLEGE, True),
    ("991306", "Lowewood Learning Centre", "broxbourne", "EN11", ALTERNATIVE_PROVISION, False),
    ("991401", "Handside Green Academy", "welwyn-hatfield", "AL8", SECONDARY, True),
    ("991402", "Howardsgate School", "welwyn-hatfield", "AL7", SECONDARY, False),
    ("991403", "Ellenbrook Fields Academy", "welwyn-hatfield", "AL10", SECONDARY, True),
    ("991404", "Digswell Viaduct Academy", "welwyn-hatfield", "AL6", SECONDARY, True),
    ("991405", "Northaw Wood School", "welwyn-hatfield", "AL9", SECONDARY, False),
    ("991406", "Comet Way College", "welwyn-hatfield", "AL10", FE_COLLEGE, True),
    ("991407", "Birchwood Leys School", "welwyn-hatfield", "AL10", SPECIAL, True),
    ("991501", "Gadebridge Park Academy", "dacorum", "HP1", SECONDARY, True),
    ("991502", "Bennetts End Academy", "dacorum", "HP3", SECONDARY, False),
    ("991503", "Boxmoor Common School", "dacorum", "HP3", SECONDARY, True),
    ("991504", "Berkhamsted Castle Academy", "dacorum", "HP4", SECONDARY, True),
    ("991505", "Wilstone Reservoir Academy", "dacorum", "HP23", ALL_THROUGH, True),
    ("991506", "Grovehill Special School", "dacorum", "HP2", SPECIAL, True),
    ("991507", "Maylands Learning Centre", "dacorum", "HP2", ALTERNATIVE_PROVISION, False),
    ("991601", "Verulamium Park Academy", "st-albans", "AL3", SECONDARY, True),
    ("991602", "Clarence Park School", "st-albans", "AL1", SECONDARY, True),
    ("991603", "Harpenden Common Academy", "st-albans", "AL5", SECONDARY, True),
    ("991604", "Marshalswick Community School", "st-albans", "AL4", SECONDARY, False),
    ("991605", "Colney Heath School", "st-albans", "AL4", SECONDARY, True),
    ("991606", "Abbey Orchard Sixth Form College", "st-albans", "AL1", SIXTH_FORM, True),
    ("991607", "Nomansland Special School", "st-albans", "AL4", SPECIAL, False),
    ("991701", "Aberford Park Academy", "hertsmere", "WD6", SECONDARY, True),
    ("991702", "Bushey Heath Community School", "hertsmere", "WD23", SECONDARY, True),
    ("991703", "Oakmere Park Academy", "hertsmere", "EN6", SECONDARY, True),
    ("991704", "Aldenham Reservoir School", "hertsmere", "WD7", SECONDARY, False),
    ("991705", "Shenley Brook School", "hertsmere", "WD7", SPECIAL, True),
    ("991706", "Elstree Way Learning Centre", "hertsmere", "WD6", ALTERNATIVE_PROVISION, False),
    ("991801", "Aquadrome Academy", "three-rivers", "WD3", SECONDARY, True),
    ("991802", "Croxley Moor School", "three-rivers", "WD3", SECONDARY, True),
    ("991803", "Leavesden Green Academy", "three-rivers", "WD5", SECONDARY, True),
    ("991804", "Oxhey Woods School", "three-rivers", "WD19", SECONDARY, False),
    ("991805", "Chorleywood Common Academy", "three-rivers", "WD3", ALL_THROUGH, True),
    ("991901", "Cassiobury Park Academy", "watford", "WD17", SECONDARY, True),
    ("991902", "Holywell Community School", "watford", "WD18", SECONDARY, True),
    ("991903", "Meriden Fields Academy", "watford", "WD25", SECONDARY, False),
    ("991904", "Colne Valley School", "watford", "WD24", SECONDARY, True),
    ("991905", "Harebreaks Special School", "watford", "WD24", SPECIAL, True),
    ("991906", "Watford Junction College", "watford", "WD17", FE_COLLEGE, True),
]

# The vocabulary shared by what schools ask of an adviser and what advisers offer.
EXPERTISE_TAGS: tuple[str, ...] = (
    "careers strategy",
    "STEM",
    "apprenticeships",
    "SEND",
    "employer networks",
    "enterprise",
    "digital",
)

# One sentence per wish tag; a school's adviser_wishes text is made of its tags' sentences.
WISH_SENTENCES: dict[str, str] = {
    "careers strategy": "We want help to turn our careers plan into a three-year strategy the "
    "governors can track against the Gatsby Benchmarks.",
    "STEM": "We would like more encounters with scientists and engineers, especially for girls "
    "in years 8 and 9.",
    "apprenticeships": "Our pupils and parents know little about apprenticeships; we need an "
    "adviser who can open doors to local apprenticeship employers.",
    "SEND": "Many of our pupils have SEND; we need someone who can find employers ready to offer "
    "supported work experience and adjusted encounters.",
    "employer networks": "We need introductions to employers in the town for talks, workplace "
    "visits and mock interviews.",
    "enterprise": "We would like to run an enterprise competition with a real business brief.",
    "digital": "We want to show pupils the digital jobs on their doorstep and improve our "
    "computing pathway.",
}
