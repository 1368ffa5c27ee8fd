"""The Hertfordshire demo data, as plain data: ``manage.py seed_demo`` loads it.

DEMO DATA. The ten districts, their neighbours, the postcode areas, the strategy's sectors and
the towns with a Jobcentre Plus office are Hertfordshire facts. Everything else is INVENTED for
the demo: every school, college, employer and adviser name, every URN (all in the 99xxxx range,
which real schools do not use), every Companies House number (all 99xxxxxx, far beyond the
numbers Companies House has issued), every street address and every inward postcode (the
outward part, e.g. ``SG1``, is the right one for the town). Any likeness to a real school,
business or person is a coincidence.

Extend it by appending rows: each row carries its natural key (district slug, sector slug, URN,
Companies House number, e-mail), and invented numbers (postcodes, pupils on roll, DBS dates) are
drawn from a random generator seeded from 2026 and that key, so a new row does not change the
rows before it.
"""

from __future__ import annotations

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

# (slug, name, group)
SECTORS: list[tuple[str, str, str]] = [
    ("life-sciences", "Science, technology and life sciences", PRIORITY),
    ("engineering-manufacturing", "Engineering and advanced manufacturing", PRIORITY),
    ("film-media-creative", "Film, media and creative industries", PRIORITY),
    ("financial-business-services", "Financial and business services", PRIORITY),
    ("high-end-logistics", "High-end logistics", PRIORITY),
    ("built-environment", "Built environment and construction", PRIORITY),
    ("digital", "Digital and advanced IT", PRIORITY),
    ("clean-energy", "Clean energy and environmental technology", PRIORITY),
    ("health-social-care", "Health and social care", RECRUITMENT_DIFFICULTY),
    ("retail", "Retail", RECRUITMENT_DIFFICULTY),
    ("leisure-hospitality", "Leisure, hospitality and tourism", RECRUITMENT_DIFFICULTY),
    ("public-sector", "Public sector and administration", OTHER),
    ("education", "Education and training", OTHER),
    ("voluntary-community", "Voluntary and community sector", OTHER),
    ("land-based", "Agriculture and land-based industries", OTHER),
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

# --- Employers (names and Companies House numbers invented) --------------------------------
MICRO, SMALL, MEDIUM, LARGE = "micro", "small", "medium", "large"

# (Companies House number, name, sector slugs, size band, district slug)
EMPLOYERS: list[tuple[str, str, tuple[str, ...], str, str]] = [
    # Science, technology and life sciences
    ("99010001", "Verulam Biosciences Ltd", ("life-sciences",), MEDIUM, "st-albans"),
    ("99010002", "Gade Valley Therapeutics Ltd", ("life-sciences",), SMALL, "dacorum"),
    ("99010003", "Mimram Diagnostics Ltd", ("life-sciences",), MICRO, "east-hertfordshire"),
    ("99010004", "Knebworth Cell Therapy Ltd", ("life-sciences",), LARGE, "stevenage"),
    ("99010005", "Gunnels Wood Genomics Ltd", ("life-sciences", "digital"), MEDIUM, "stevenage"),
    (
        "99010006",
        "Harpenden Crop Sciences Ltd",
        ("life-sciences", "land-based"),
        SMALL,
        "st-albans",
    ),
    ("99010007", "Colne Analytical Services Ltd", ("life-sciences",), SMALL, "watford"),
    ("99010008", "Lea Valley Pharma Packaging Ltd", ("life-sciences",), LARGE, "broxbourne"),
    ("99010009", "Hatfield Structural Biology Ltd", ("life-sciences",), MICRO, "welwyn-hatfield"),
    (
        "99010010",
        "Royston Assay Development Ltd",
        ("life-sciences",),
        MEDIUM,
        "north-hertfordshire",
    ),
    ("99010011", "Chiltern Clinical Trials Ltd", ("life-sciences",), MEDIUM, "dacorum"),
    (
        "99010012",
        "Ver Medical Devices Ltd",
        ("life-sciences", "engineering-manufacturing"),
        MICRO,
        "st-albans",
    ),
    # Engineering and advanced manufacturing
    (
        "99020001",
        "Fairlands Aerostructures Ltd",
        ("engineering-manufacturing",),
        LARGE,
        "stevenage",
    ),
    (
        "99020002",
        "Letchworth Precision Engineering Ltd",
        ("engineering-manufacturing",),
        SMALL,
        "north-hertfordshire",
    ),
    (
        "99020003",
        "Maylands Advanced Manufacturing Ltd",
        ("engineering-manufacturing",),
        MEDIUM,
        "dacorum",
    ),
    ("99020004", "Hoddesdon Tooling Ltd", ("engineering-manufacturing",), MICRO, "broxbourne"),
    (
        "99020005",
        "Ware Polymer Components Ltd",
        ("engineering-manufacturing",),
        SMALL,
        "east-hertfordshire",
    ),
    (
        "99020006",
        "Borehamwood Electronics Ltd",
        ("engineering-manufacturing", "digital"),
        MEDIUM,
        "hertsmere",
    ),
    (
        "99020007",
        "Croxley Control Systems Ltd",
        ("engineering-manufacturing",),
        SMALL,
        "three-rivers",
    ),
    (
        "99020008",
        "Radlett Satellite Engineering Ltd",
        ("engineering-manufacturing",),
        LARGE,
        "hertsmere",
    ),
    (
        "99020009",
        "Baldock Fabrication Ltd",
        ("engineering-manufacturing",),
        MICRO,
        "north-hertfordshire",
    ),
    (
        "99020010",
        "Tring Motorsport Components Ltd",
        ("engineering-manufacturing",),
        SMALL,
        "dacorum",
    ),
    (
        "99020011",
        "Welwyn Robotics Ltd",
        ("engineering-manufacturing", "digital"),
        MEDIUM,
        "welwyn-hatfield",
    ),
    ("99020012", "Watford Print Engineering Ltd", ("engineering-manufacturing",), LARGE, "watford"),
    # Film, media and creative industries
    ("99030001", "Elstree Backlot Studios Ltd", ("film-media-creative",), LARGE, "hertsmere"),
    (
        "99030002",
        "Leavesden Set Build Ltd",
        ("film-media-creative", "built-environment"),
        MEDIUM,
        "three-rivers",
    ),
    ("99030003", "Borehamwood Post-Production Ltd", ("film-media-creative",), SMALL, "hertsmere"),
    ("99030004", "Shenley Props and Costume Ltd", ("film-media-creative",), MICRO, "hertsmere"),
    (
        "99030005",
        "St Albans Games Studio Ltd",
        ("film-media-creative", "digital"),
        SMALL,
        "st-albans",
    ),
    (
        "99030006",
        "Hertford Animation Works Ltd",
        ("film-media-creative",),
        MICRO,
        "east-hertfordshire",
    ),
    ("99030007", "Watford Broadcast Services Ltd", ("film-media-creative",), MEDIUM, "watford"),
    (
        "99030008",
        "Hitchin Sound Design Ltd",
        ("film-media-creative",),
        MICRO,
        "north-hertfordshire",
    ),
    (
        "99030009",
        "Stortford Creative Agency Ltd",
        ("film-media-creative",),
        SMALL,
        "east-hertfordshire",
    ),
    (
        "99030010",
        "Abbots Langley VFX Ltd",
        ("film-media-creative", "digital"),
        LARGE,
        "three-rivers",
    ),
    ("99030011", "Cheshunt Live Events Ltd", ("film-media-creative",), SMALL, "broxbourne"),
    ("99030012", "Stevenage Theatre Technicians Ltd", ("film-media-creative",), MICRO, "stevenage"),
    # Financial and business services
    (
        "99040001",
        "Cassio Insurance Services Ltd",
        ("financial-business-services",),
        LARGE,
        "watford",
    ),
    (
        "99040002",
        "Verulam Wealth Management Ltd",
        ("financial-business-services",),
        SMALL,
        "st-albans",
    ),
    (
        "99040003",
        "Harpenden Accountancy Partners Ltd",
        ("financial-business-services",),
        MICRO,
        "st-albans",
    ),
    (
        "99040004",
        "Hatfield Payroll Bureau Ltd",
        ("financial-business-services",),
        SMALL,
        "welwyn-hatfield",
    ),
    ("99040005", "Hemel Business Finance Ltd", ("financial-business-services",), MEDIUM, "dacorum"),
    (
        "99040006",
        "Rickmansworth Legal Services Ltd",
        ("financial-business-services",),
        SMALL,
        "three-rivers",
    ),
    (
        "99040007",
        "Potters Bar Mortgage Centre Ltd",
        ("financial-business-services",),
        MICRO,
        "hertsmere",
    ),
    (
        "99040008",
        "Howard Garden Mutual Ltd",
        ("financial-business-services",),
        LARGE,
        "welwyn-hatfield",
    ),
    (
        "99040009",
        "Stevenage HR Consulting Ltd",
        ("financial-business-services",),
        MICRO,
        "stevenage",
    ),
    (
        "99040010",
        "Hertford Actuarial Services Ltd",
        ("financial-business-services",),
        MEDIUM,
        "east-hertfordshire",
    ),
    (
        "99040011",
        "Royston Business Support Ltd",
        ("financial-business-services",),
        SMALL,
        "north-hertfordshire",
    ),
    (
        "99040012",
        "Broxbourne Credit Services Ltd",
        ("financial-business-services",),
        MEDIUM,
        "broxbourne",
    ),
    # High-end logistics
    ("99050001", "Maylands Distribution Ltd", ("high-end-logistics",), LARGE, "dacorum"),
    ("99050002", "Radlett Rail Freight Terminal Ltd", ("high-end-logistics",), LARGE, "st-albans"),
    (
        "99050003",
        "Hatfield Cold Chain Logistics Ltd",
        ("high-end-logistics",),
        MEDIUM,
        "welwyn-hatfield",
    ),
    (
        "99050004",
        "Stortford Gateway Forwarding Ltd",
        ("high-end-logistics",),
        MEDIUM,
        "east-hertfordshire",
    ),
    ("99050005", "Watford Same-Day Couriers Ltd", ("high-end-logistics",), SMALL, "watford"),
    (
        "99050006",
        "Cheshunt Pharma Logistics Ltd",
        ("high-end-logistics", "life-sciences"),
        MEDIUM,
        "broxbourne",
    ),
    (
        "99050007",
        "Stevenage Fulfilment Centre Ltd",
        ("high-end-logistics", "retail"),
        LARGE,
        "stevenage",
    ),
    (
        "99050008",
        "Letchworth Warehouse Automation Ltd",
        ("high-end-logistics",),
        SMALL,
        "north-hertfordshire",
    ),
    ("99050009", "Kings Langley Freight Ltd", ("high-end-logistics",), MICRO, "three-rivers"),
    ("99050010", "Borehamwood Last Mile Ltd", ("high-end-logistics",), SMALL, "hertsmere"),
    ("99050011", "Ware Haulage Ltd", ("high-end-logistics",), MICRO, "east-hertfordshire"),
    ("99050012", "Colney Heath Supply Chain Ltd", ("high-end-logistics",), MICRO, "st-albans"),
    # Built environment and construction
    (
        "99060001",
        "Hertfordshire Modular Homes Ltd",
        ("built-environment",),
        MEDIUM,
        "east-hertfordshire",
    ),
    ("99060002", "Gade Valley Civil Engineering Ltd", ("built-environment",), LARGE, "dacorum"),
    ("99060003", "St Albans Conservation Builders Ltd", ("built-environment",), SMALL, "st-albans"),
    ("99060004", "Hitchin Architects Ltd", ("built-environment",), MICRO, "north-hertfordshire"),
    (
        "99060005",
        "Welwyn Retrofit Ltd",
        ("built-environment", "clean-energy"),
        SMALL,
        "welwyn-hatfield",
    ),
    ("99060006", "Watford Surveying Partnership Ltd", ("built-environment",), SMALL, "watford"),
    ("99060007", "Broxbourne Groundworks Ltd", ("built-environment",), MEDIUM, "broxbourne"),
    (
        "99060008",
        "Stevenage Town Centre Regeneration Ltd",
        ("built-environment",),
        LARGE,
        "stevenage",
    ),
    ("99060009", "Bushey Electrical Contractors Ltd", ("built-environment",), MICRO, "hertsmere"),
    (
        "99060010",
        "Rickmansworth Plumbing and Heating Ltd",
        ("built-environment",),
        MICRO,
        "three-rivers",
    ),
    ("99060011", "Tring Timber Frame Ltd", ("built-environment",), SMALL, "dacorum"),
    (
        "99060012",
        "Royston Highways Maintenance Ltd",
        ("built-environment",),
        MEDIUM,
        "north-hertfordshire",
    ),
    # Digital and advanced IT
    ("99070001", "Ver Valley Software Ltd", ("digital",), MEDIUM, "st-albans"),
    ("99070002", "Stevenage Cyber Security Ltd", ("digital",), SMALL, "stevenage"),
    ("99070003", "Watford Cloud Services Ltd", ("digital",), LARGE, "watford"),
    ("99070004", "Hatfield Data Science Ltd", ("digital",), SMALL, "welwyn-hatfield"),
    ("99070005", "Hemel Managed IT Ltd", ("digital",), SMALL, "dacorum"),
    ("99070006", "Hertford App Studio Ltd", ("digital",), MICRO, "east-hertfordshire"),
    ("99070007", "Garden City Digital Ltd", ("digital",), MICRO, "north-hertfordshire"),
    (
        "99070008",
        "Borehamwood Streaming Technology Ltd",
        ("digital", "film-media-creative"),
        MEDIUM,
        "hertsmere",
    ),
    ("99070009", "Croxley Web Design Ltd", ("digital",), MICRO, "three-rivers"),
    ("99070010", "Cheshunt Telecoms Ltd", ("digital",), MEDIUM, "broxbourne"),
    ("99070011", "Harpenden AI Labs Ltd", ("digital",), MICRO, "st-albans"),
    ("99070012", "Stortford Data Centres Ltd", ("digital",), LARGE, "east-hertfordshire"),
    # Clean energy and environmental technology
    (
        "99080001",
        "Hertfordshire Solar Installers Ltd",
        ("clean-energy",),
        SMALL,
        "north-hertfordshire",
    ),
    ("99080002", "Lea Valley Heat Network Ltd", ("clean-energy",), MEDIUM, "broxbourne"),
    ("99080003", "Stevenage EV Charging Ltd", ("clean-energy",), SMALL, "stevenage"),
    ("99080004", "Dacorum Heat Pumps Ltd", ("clean-energy", "built-environment"), MICRO, "dacorum"),
    ("99080005", "Watford Energy Efficiency Ltd", ("clean-energy",), MICRO, "watford"),
    (
        "99080006",
        "Welwyn Hydrogen Systems Ltd",
        ("clean-energy", "engineering-manufacturing"),
        MEDIUM,
        "welwyn-hatfield",
    ),
    ("99080007", "Rye House Power Services Ltd", ("clean-energy",), LARGE, "broxbourne"),
    ("99080008", "St Albans Battery Storage Ltd", ("clean-energy",), SMALL, "st-albans"),
    ("99080009", "Three Rivers Biomass Ltd", ("clean-energy", "land-based"), SMALL, "three-rivers"),
    ("99080010", "Hertsmere Wind and Solar Ltd", ("clean-energy",), MICRO, "hertsmere"),
    (
        "99080011",
        "Buntingford Anaerobic Digestion Ltd",
        ("clean-energy",),
        MEDIUM,
        "east-hertfordshire",
    ),
    ("99080012", "Herts Grid Connections Ltd", ("clean-energy",), LARGE, "welwyn-hatfield"),
    # Health and social care
    ("99090001", "Hertfordshire Home Care Ltd", ("health-social-care",), MEDIUM, "stevenage"),
    (
        "99090002",
        "Walsworth Community Nursing Ltd",
        ("health-social-care",),
        SMALL,
        "north-hertfordshire",
    ),
    ("99090003", "Verulam Care Homes Ltd", ("health-social-care",), LARGE, "st-albans"),
    ("99090004", "Watford Dental Group Ltd", ("health-social-care",), SMALL, "watford"),
    ("99090005", "Hemel Supported Living Ltd", ("health-social-care",), MEDIUM, "dacorum"),
    (
        "99090006",
        "Broxbourne Pharmacy Group Ltd",
        ("health-social-care", "retail"),
        MICRO,
        "broxbourne",
    ),
    # Retail
    ("99100001", "Hertford Market Traders Ltd", ("retail",), MICRO, "east-hertfordshire"),
    ("99100002", "Comet Outlet Retail Ltd", ("retail",), LARGE, "welwyn-hatfield"),
    ("99100003", "Stevenage Garden Centre Ltd", ("retail",), MEDIUM, "stevenage"),
    ("99100004", "St Albans Independent Booksellers Ltd", ("retail",), MICRO, "st-albans"),
    ("99100005", "Clarendon Fashion Stores Ltd", ("retail",), LARGE, "watford"),
    # Leisure, hospitality and tourism
    (
        "99110001",
        "Knebworth Events Catering Ltd",
        ("leisure-hospitality",),
        MEDIUM,
        "north-hertfordshire",
    ),
    ("99110002", "Tring Park Hotel Ltd", ("leisure-hospitality",), SMALL, "dacorum"),
    (
        "99110003",
        "Lee Valley White Water Leisure Ltd",
        ("leisure-hospitality",),
        MEDIUM,
        "broxbourne",
    ),
    ("99110004", "Harpenden Restaurants Ltd", ("leisure-hospitality",), SMALL, "st-albans"),
    ("99110005", "Watford Leisure Centres Ltd", ("leisure-hospitality",), LARGE, "watford"),
    # Public sector, education, voluntary and community
    (
        "99120001",
        "Hertford County Hall Services Ltd",
        ("public-sector",),
        LARGE,
        "east-hertfordshire",
    ),
    ("99120002", "Stevenage Borough Housing Services Ltd", ("public-sector",), MEDIUM, "stevenage"),
    ("99120003", "Three Rivers Council Services Ltd", ("public-sector",), MEDIUM, "three-rivers"),
    ("99130001", "Herts Apprenticeship Training Ltd", ("education",), SMALL, "welwyn-hatfield"),
    ("99130002", "St Albans Tutoring Centre Ltd", ("education",), MICRO, "st-albans"),
    ("99130003", "Watford Skills Academy Ltd", ("education",), SMALL, "watford"),
    ("99140001", "Hertsmere Community Transport Ltd", ("voluntary-community",), SMALL, "hertsmere"),
    (
        "99140002",
        "North Herts Youth Trust Ltd",
        ("voluntary-community",),
        MICRO,
        "north-hertfordshire",
    ),
]

# Employers committed to support the hubs at a strategic level.
CORNERSTONE_EMPLOYERS: frozenset[str] = frozenset(
    {"99010004", "99020001", "99030001", "99060002", "99070003", "99090003"}
)

# --- Enterprise Advisers (people invented; e-mail addresses on reserved example domains) ---
# (e-mail, full name, employer's Companies House number, occupation)
ADVISERS: list[tuple[str, str, str, str]] = [
    ("adviser@example.org", "Priya Shah", "99070003", "Head of engineering"),
    ("amrit.sandhu@example.net", "Amrit Sandhu", "99010004", "Director of research operations"),
    ("rebecca.lyons@example.net", "Rebecca Lyons", "99020001", "Chief engineer"),
    ("james.okonkwo@example.net", "James Okonkwo", "99030001", "Head of production"),
    ("fiona.macleod@example.net", "Fiona MacLeod", "99040001", "HR director"),
    ("david.chen@example.net", "David Chen", "99050001", "Operations director"),
    ("sophie.turner@example.net", "Sophie Turner", "99060002", "Project director"),
    ("oliver.grant@example.net", "Oliver Grant", "99070001", "Chief technology officer"),
    ("hannah.price@example.net", "Hannah Price", "99080007", "Head of sustainability"),
    ("mohammed.iqbal@example.net", "Mohammed Iqbal", "99090003", "Regional manager"),
    ("laura.bennett@example.net", "Laura Bennett", "99010001", "Quality assurance manager"),
    ("gareth.evans@example.net", "Gareth Evans", "99020006", "Managing director"),
    ("chloe.adeyemi@example.net", "Chloe Adeyemi", "99030007", "Creative director"),
    ("simon.hart@example.net", "Simon Hart", "99040008", "Chief operating officer"),
    ("nadia.rahman@example.net", "Nadia Rahman", "99050003", "Supply chain manager"),
    ("peter.walsh@example.net", "Peter Walsh", "99060001", "Site manager"),
    ("emily.clarke@example.net", "Emily Clarke", "99070002", "Founder"),
    ("tariq.hussain@example.net", "Tariq Hussain", "99080002", "Engineering manager"),
    ("grace.oneill@example.net", "Grace O'Neill", "99090001", "Registered manager"),
    ("richard.moore@example.net", "Richard Moore", "99020008", "Head of apprenticeships"),
    ("anna.kowalska@example.net", "Anna Kowalska", "99010008", "Plant manager"),
    ("ben.foster@example.net", "Ben Foster", "99030002", "Workshop manager"),
    ("kirsty.webb@example.net", "Kirsty Webb", "99040005", "Finance director"),
    ("raj.patel@example.net", "Raj Patel", "99050007", "General manager"),
    ("lucy.harrison@example.net", "Lucy Harrison", "99060008", "Development director"),
    ("tom.fletcher@example.net", "Tom Fletcher", "99070012", "Infrastructure lead"),
    ("aisha.mensah@example.net", "Aisha Mensah", "99080006", "Research scientist"),
    ("stephen.doyle@example.net", "Stephen Doyle", "99020012", "Production director"),
    ("megan.lewis@example.net", "Megan Lewis", "99030010", "Talent manager"),
    ("karen.mitchell@example.net", "Karen Mitchell", "99040010", "Partner"),
    ("daniel.byrne@example.net", "Daniel Byrne", "99050002", "Terminal manager"),
    ("jasmine.ali@example.net", "Jasmine Ali", "99080012", "Electrical engineer"),
    ("andrew.shaw@example.net", "Andrew Shaw", "99110005", "Operations manager"),
    ("rachel.osei@example.net", "Rachel Osei", "99100005", "Store manager"),
    ("martin.jones@example.net", "Martin Jones", "99020003", "Continuous improvement lead"),
    ("zoe.campbell@example.net", "Zoe Campbell", "99010011", "Clinical operations lead"),
    ("paul.robinson@example.net", "Paul Robinson", "99060007", "Contracts manager"),
    ("sana.mirza@example.net", "Sana Mirza", "99070008", "Product manager"),
    ("ian.thompson@example.net", "Ian Thompson", "99120001", "Head of workforce development"),
    ("ellie.ward@example.net", "Ellie Ward", "99070004", "Data scientist"),
]

# --- Jobcentres and other venues (addresses invented) -------------------------------------
# Towns with a Jobcentre Plus office in Hertfordshire; the street addresses are demo data.
# (town, district slug, address, postcode, capacity, step-free, hearing loop, accessible
#  toilet, parking, public transport)
JOBCENTRES: list[tuple[str, str, str, str, int, bool, bool, bool, bool, str]] = [
    (
        "Stevenage",
        "stevenage",
        "Swingate House, Danestrete\nStevenage",
        "SG1 1XB",
        120,
        True,
        True,
        True,
        False,
        "5 minutes' walk from Stevenage rail and bus stations.",
    ),
    (
        "Watford",
        "watford",
        "Clarendon Road\nWatford",
        "WD17 1JA",
        100,
        True,
        True,
        True,
        False,
        "3 minutes' walk from Watford Junction station.",
    ),
    (
        "Hemel Hempstead",
        "dacorum",
        "Marlowes\nHemel Hempstead",
        "HP1 1BB",
        90,
        True,
        True,
        True,
        True,
        "Buses from Hemel Hempstead station stop on the Marlowes.",
    ),
    (
        "St Albans",
        "st-albans",
        "Victoria Street\nSt Albans",
        "AL1 3TF",
        60,
        False,
        True,
        False,
        False,
        "10 minutes' walk from St Albans City station.",
    ),
    (
        "Welwyn Garden City",
        "welwyn-hatfield",
        "Bridge Road\nWelwyn Garden City",
        "AL8 6UN",
        80,
        True,
        True,
        True,
        True,
        "Opposite Welwyn Garden City station.",
    ),
    (
        "Hatfield",
        "welwyn-hatfield",
        "Town Centre\nHatfield",
        "AL10 0JZ",
        50,
        True,
        False,
        True,
        True,
        "Buses from Hatfield station to the town centre.",
    ),
    (
        "Hertford",
        "east-hertfordshire",
        "Fore Street\nHertford",
        "SG14 1BY",
        50,
        False,
        False,
        True,
        False,
        "5 minutes' walk from Hertford East station.",
    ),
    (
        "Cheshunt",
        "broxbourne",
        "Turners Hill\nCheshunt",
        "EN8 8NJ",
        70,
        True,
        True,
        True,
        True,
        "Buses 310 and 311 stop outside.",
    ),
    (
        "Borehamwood",
        "hertsmere",
        "Shenley Road\nBorehamwood",
        "WD6 1AA",
        60,
        True,
        True,
        True,
        False,
        "10 minutes' walk from Elstree & Borehamwood station.",
    ),
    (
        "Hitchin",
        "north-hertfordshire",
        "Bancroft\nHitchin",
        "SG5 1LL",
        60,
        True,
        False,
        True,
        True,
        "15 minutes' walk from Hitchin station; town-centre buses.",
    ),
    (
        "Letchworth",
        "north-hertfordshire",
        "Leys Avenue\nLetchworth Garden City",
        "SG6 3EA",
        50,
        True,
        True,
        False,
        False,
        "2 minutes' walk from Letchworth Garden City station.",
    ),
    (
        "Bishop's Stortford",
        "east-hertfordshire",
        "Windhill\nBishop's Stortford",
        "CM23 2NG",
        60,
        False,
        True,
        True,
        True,
        "10 minutes' walk from Bishop's Stortford station.",
    ),
]

JOBCENTRE_STEVENAGE = "Stevenage Jobcentre"


def jobcentre_name(town: str) -> str:
    return f"{town} Jobcentre"


# Other venues: (name, kind, district slug, address, postcode, capacity, step-free, hearing
# loop, accessible toilet, parking, public transport, owner (organisation kind, name) or None)
OTHER_VENUES: list[
    tuple[str, str, str, str, str, int, bool, bool, bool, bool, str, tuple[str, str] | None]
] = [
    (
        "Comet Way College — Great Hall",
        "college",
        "welwyn-hatfield",
        "Comet Way\nHatfield",
        "AL10 9TP",
        400,
        True,
        True,
        True,
        True,
        "Buses from Hatfield station stop at the college.",
        ("school", "Comet Way College"),
    ),
    (
        "Watford Junction College — Sports Hall",
        "college",
        "watford",
        "St Albans Road\nWatford",
        "WD17 1RD",
        350,
        True,
        True,
        True,
        True,
        "5 minutes' walk from Watford Junction station.",
        ("school", "Watford Junction College"),
    ),
    (
        "Bedwell Community Hall",
        "community",
        "stevenage",
        "Bedwell Crescent\nStevenage",
        "SG1 1NJ",
        150,
        True,
        True,
        True,
        True,
        "Bus stop outside; 15 minutes' walk from the station.",
        None,
    ),
    (
        "Maylands Community Hub",
        "community",
        "dacorum",
        "Maylands Avenue\nHemel Hempstead",
        "HP2 7DE",
        120,
        True,
        False,
        True,
        True,
        "Buses from Hemel Hempstead bus station.",
        None,
    ),
    (
        "Fairlands Aerostructures — Visitor Centre",
        "employer_site",
        "stevenage",
        "Gunnels Wood Road\nStevenage",
        "SG1 2AS",
        80,
        True,
        True,
        True,
        True,
        "10 minutes' walk from Stevenage station.",
        ("employer", "Fairlands Aerostructures Ltd"),
    ),
    (
        "Elstree Backlot Studios — Stage 3",
        "employer_site",
        "hertsmere",
        "Elstree Way\nBorehamwood",
        "WD6 1JG",
        200,
        True,
        False,
        True,
        True,
        "10 minutes' walk from Elstree & Borehamwood station.",
        ("employer", "Elstree Backlot Studios Ltd"),
    ),
]

# --- The demo logins (CONTRACT.md) --------------------------------------------------------
DEMO_PASSWORD = "demo-password"  # noqa: S105  (a published demo password, only set under DEBUG)

# (e-mail, full name, role, organisation (kind, name), what the user sees first)
DEMO_USERS: list[tuple[str, str, str, tuple[str, str], str]] = [
    (
        "coordinator@example.org",
        "Claire Donovan",
        "coordinator",
        ("hub", HUB_NORTH_EAST),
        "Your Careers Hub: schools, employers, advisers and matching",
    ),
    (
        "employer@example.org",
        "Marcus Bell",
        "employer_contact",
        ("employer", "Fairlands Aerostructures Ltd"),
        "Your organisation: stands at fairs and applications",
    ),
    (
        "adviser@example.org",
        "Priya Shah",
        "enterprise_adviser",
        ("employer", "Watford Cloud Services Ltd"),
        "Your Enterprise Adviser role: your school and encounters",
    ),
    (
        "careersleader@example.org",
        "Sarah Okafor",
        "careers_leader",
        ("school", "Fairlands Valley Academy"),
        "Your school: bookings, encounters and Benchmark 5 coverage",
    ),
    (
        "jobcentre@example.org",
        "Daniel Hughes",
        "jobcentre_organiser",
        ("jobcentre", JOBCENTRE_STEVENAGE),
        "Your Jobcentre's fairs: jobs fairs, 50+ fairs, the forum",
    ),
    (
        "lead@example.org",
        "Helen Marsh",
        "lead",
        ("partner", LEP),
        "County engagement measures against the strategy's targets",
    ),
    (
        "admin@example.org",
        "Tom Whitfield",
        "admin",
        ("partner", LEP),
        "Administration (and the Django admin at /admin/)",
    ),
]

# Demo users who may use the Django admin site.
DEMO_SUPERUSERS: frozenset[str] = frozenset({"admin@example.org"})
