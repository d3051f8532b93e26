"""The patient-information guard: what HIPAA Safe Harbor (45 CFR 164.514(b)(2)) names
that a forum post can carry, found before the post is published.

Why our own patterns and not a library: presidio-analyzer needs a spaCy model that
cannot be installed from PyPI here (only unofficial re-uploads exist), and with its
pattern recognizers alone, like philter-lite, it measured worse on our corpus
(tests/phi/corpus.yml; the numbers are in the README). The field's own shorthand
("SEP-1", "30 mL/kg", "MAP >= 65", "NQF #0500") is what a generic detector gets
wrong, and what this module is tuned and tested against.

A finding says what kind of identifier was found and where (character offsets);
callers report kinds and spans, never the matched text, so nothing identifying is
logged. `scan` runs in-process, in well under a millisecond for a typical post.
"""

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# The kinds, as the API names them, each with how a person would read it.
KINDS: dict[str, str] = {
    "record_number": "a medical record or other identifying number",
    "account_number": "an account or encounter number",
    "health_plan_number": "a health-plan, Medicare or Medicaid number",
    "licence_number": "a licence, certificate or vehicle number",
    "device_number": "a device identifier or serial number",
    "ssn": "a Social Security number",
    "phone": "a telephone number",
    "fax": "a fax number",
    "email": "an email address",
    "url": "a web address tied to a person",
    "ip_address": "an IP address",
    "street_address": "a street address",
    "zip_code": "a ZIP code",
    "date": "a date tied to a person (birth, admission, discharge, death)",
    "age_over_89": "an age over 89",
    "name": "a name beside a clinical cue",
}


@dataclass(frozen=True)
class Finding:
    """One identifier: its kind and its span [start, end) in the scanned text."""

    kind: str
    start: int
    end: int


_I = re.IGNORECASE

# A labelled identifier: the label decides the kind; the value holds at least three digits.
_VALUE = r"[:#=\s.]*(?:(?:no|num|number|id)\b\.?[:#\s.]*)?(?P<value>(?!(?:19|20)\d\d(?![\w-]))(?=[A-Z0-9-]*\d[A-Z0-9-]*\d[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{3,})"
_LABELS: dict[str, str] = {
    "record_number": r"MRN|MR\s?#|medical\s+record(?:\s+number)?|chart(?:\s+number|\s+#)|record\s+(?:number|#)|patient\s+(?:id|number|#)",
    "account_number": r"acct|account(?:\s+number)?|FIN|CSN|HAR|encounter(?:\s+number|\s+#|\s+id)|visit\s+(?:number|#)|billing\s+(?:number|#)",
    "health_plan_number": r"member\s+id|subscriber(?:\s+id)?|policy\s+(?:number|no\.?|#)|group(?:\s+number|\s+#)|insurance(?:\s+id)?|medicaid(?:\s+id)?|medicare(?:\s+id)?|MBI|health\s+plan(?:\s+id)?",
    "licence_number": r"licen[cs]e(?:\s+number)?|driver'?s\s+licen[cs]e|DL|certificate\s+(?:number|no\.?|#)|(?:licen[cs]e\s+)?plate(?:\s+number)?\s*#?|VIN|NPI|DEA",
    "device_number": r"serial(?:\s+number)?|S/N|SN|device\s+(?:id|serial)|UDI|lot\s+(?:number|no\.?|#)|implant\s+id",
}
_LABELLED = [(kind, re.compile(rf"\b(?:{label})(?!\w){_VALUE}", _I)) for kind, label in _LABELS.items()]

_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}[/-]\d{{1,2}}(?:[/-]\d{{2,4}})?|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?)\b",
    _I,
)
# Words that tie a date to a person: birth, admission, discharge, death, and being a patient.
_DATE_CUES = re.compile(
    r"\b(?:DOB|D\.O\.B|born|birth(?:day|date)?|b\.|admit(?:ted)?|admission|adm|discharged?|d/c|died|death|"
    r"deceased|expired|passed\s+away|DOD|DOS|date\s+of\s+service|presented|arrived|came\s+in|transferred|"
    r"readmitted|intubated|coded|pt|patient|mr|mrs|ms)\b",
    _I,
)
_DATE_WINDOW = 40

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "ssn",
        re.compile(
            r"\b\d{3}-\d{2}-\d{4}\b|\b\d{3}\s\d{2}\s\d{4}\b|\b(?:SSN|social\s+security(?:\s+number)?)[:#\s]*\d{9}\b",
            _I,
        ),
    ),
    ("health_plan_number", re.compile(r"\b[1-9][A-Z][A-Z0-9]\d[A-Z][A-Z0-9]\d[A-Z]{2}\d{2}\b")),
    ("email", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    (
        "ip_address",
        re.compile(
            r"(?<!version )(?<!release )(?<!build )(?<!v)\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b",
            _I,
        ),
    ),
    (
        "street_address",
        re.compile(
            r"\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|"
            r"Blvd|Lane|Ln|Drive|Court|Ct|Way|Place|Pl|Terrace|Circle|Cir|Highway|Hwy|Parkway|Pkwy|Trail)\b\.?"
            r"(?:,?\s+(?:Apt|Apartment|Unit|Suite|#)\s*\w+)?"
        ),
    ),
    (
        "zip_code",
        re.compile(
            r"(?:\b(?:A[LKZR]|C[AOT]|DE|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|S[CD]|"
            r"T[NX]|UT|V[AT]|W[AIVY])\s+|\b(?i:zip(?:\s+code)?)[:\s]+)\d{5}(?:-\d{4})?\b"
        ),
    ),
    (
        "age_over_89",
        re.compile(
            r"\b(?:9\d|1[01]\d)(?:\s*|-)(?:y/?o|yo|y\.o\.|yrs?(?:[\s-]old)?|years?(?:[\s-]old)?)\b"
            r"|\b(?:age[ds]?|aged)[:\s]+(?:9\d|1[01]\d)\b"
            r"|(?<![\d.])(?<!temp )(?<!T )\b(?:9\d|1[01]\d)\s?(?:M|F)\b(?!\s*°)",
            _I,
        ),
    ),
]

_PHONE = re.compile(r"(?<![\w-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}\b|\b\d{10}\b")
_FAX_CUE = re.compile(r"\bfax\b", _I)

_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\"']+", _I)
# A web address is tied to a person when it points at a profile, a chart or a record.
_PERSONAL_URL = re.compile(
    r"facebook\.com|instagram\.com|linkedin\.com/in/|twitter\.com/|x\.com/|tiktok\.com|mychart|"
    r"[?&/](?:patient|pt|mrn|person|member|user|profile|chart|encounter|mrn|id)(?:[=/_-]|id=)|caringbridge|gofundme",
    _I,
)

# Names: a capitalised name after a clinical cue, unless the word is the field's own vocabulary.
_NAME = r"(?P<name>(?:[A-Z]'[A-Z][a-z]+|[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?)?)"
_NAME_CUES = re.compile(
    rf"\b(?:(?:Mr|Mrs|Ms|Mx|Miss)\.?\s+|(?i:pt|patient|resident)\.?,?\s+(?:(?i:named|name[d:]?|is)\s+)?"
    rf"|(?i:room|rm|bed)\s*#?\s*\d+[A-Z]?\s*[,:-]?\s+|(?i:name)\s*:\s*){_NAME}"
)
_NOT_NAMES = frozenset(
    {
        "Safety",
        "Education",
        "Experience",
        "Family",
        "Care",
        "Advocate",
        "Advocates",
        "Portal",
        "Flow",
        "Information",
        "Satisfaction",
        "Centered",
        "Centred",
        "Outcomes",
        "Outcome",
        "Access",
        "Engagement",
        "Rights",
        "Registration",
        "Transport",
        "Transfer",
        "Identification",
        "Monitoring",
        "Assessment",
        "Screening",
        "Tracking",
        "Handout",
        "Handouts",
        "Stories",
        "Story",
        "Voices",
        "Council",
        "Representatives",
        "Partners",
        "Sepsis",
        "Sep",
        "Hour",
        "Bundle",
        "Bundles",
        "Protocol",
        "Protocols",
        "Alert",
        "Alerts",
        "Zero",
        "The",
        "A",
        "An",
        "And",
        "Or",
        "Of",
        "In",
        "On",
        "At",
        "To",
        "For",
        "With",
        "By",
        "From",
        "Census",
        "Volume",
        "Acuity",
        "Days",
        "Day",
        "Night",
        "Shift",
        "Capacity",
        "Count",
        "Counts",
        "Numbers",
        "Number",
        "Board",
        "Huddle",
        "Boards",
        "ICU",
        "ED",
        "MICU",
        "SICU",
        "PICU",
        "NICU",
        "Step",
        "Med",
        "Surg",
        "Unit",
        "Units",
        "Tower",
        "East",
        "West",
        "North",
        "South",
        "Wing",
        "Pod",
        "Level",
        "Floor",
        "Side",
        "Cleaning",
        "Turnover",
        "Assignment",
        "Assignments",
        "Management",
        "Placement",
        "Availability",
        "Status",
        "Request",
        "Requests",
        "Meeting",
        "Was",
        "Has",
        "Had",
        "Who",
        "Which",
        "That",
        "This",
        "These",
        "Those",
        "Is",
        "Are",
        "Were",
        "Be",
        "Been",
        "Being",
        "Will",
        "Would",
        "Should",
        "Could",
        "May",
        "Might",
        "If",
        "When",
        "While",
        "After",
        "Before",
        "Because",
        "Although",
        "Every",
        "Each",
        "All",
        "Any",
        "Some",
        "No",
        "Not",
        "Our",
        "Their",
        "My",
        "Your",
        "His",
        "Her",
        "Its",
        "Relations",
        "Resources",
        "Resource",
        "Population",
        "Populations",
        "Mortality",
        "Survival",
        "Survivors",
        "Survivor",
        "Discharge",
        "Admission",
        "Readmission",
        "Readmissions",
        "Quality",
        "Data",
        "Improvement",
        "Follow",
        "Criteria",
        "Screen",
        "Tool",
        "Tools",
        "Guide",
        "Guidelines",
        "Notes",
        "Lactate",
        "Fluids",
        "Fluid",
        "Cultures",
        "Culture",
        "Antibiotics",
        "Antibiotic",
        "Vasopressors",
        "Pressors",
        "Teaching",
        "Letters",
    }
)


def _labelled(text: str) -> Iterator[Finding]:
    for kind, pattern in _LABELLED:
        for match in pattern.finditer(text):
            yield Finding(kind, match.start("value"), match.end("value"))


def _plain(text: str) -> Iterator[Finding]:
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            yield Finding(kind, match.start(), match.end())


def _phones(text: str) -> Iterator[Finding]:
    for match in _PHONE.finditer(text):
        before = text[max(0, match.start() - 25) : match.start()]
        yield Finding("fax" if _FAX_CUE.search(before) else "phone", match.start(), match.end())


def _urls(text: str) -> Iterator[Finding]:
    for match in _URL.finditer(text):
        if _PERSONAL_URL.search(match.group()):
            yield Finding("url", match.start(), match.end())


def _dates(text: str) -> Iterator[Finding]:
    for match in _DATE.finditer(text):
        window = text[max(0, match.start() - _DATE_WINDOW) : match.end() + _DATE_WINDOW]
        if _DATE_CUES.search(window):
            yield Finding("date", match.start(), match.end())


def _names(text: str) -> Iterator[Finding]:
    for match in _NAME_CUES.finditer(text):
        words = match.group("name").split()
        if words[0] not in _NOT_NAMES:
            yield Finding("name", match.start("name"), match.end("name"))


# Any other long number in a post about care is most likely a record or account number.
_BARE_NUMBER = re.compile(r"(?<![\w.,/-])\d{7,}(?![\w.,/-])")


# Code systems whose codes are long numbers too (SNOMED 91302008, NDC 0409-4888-02).
_CODE_SYSTEM = re.compile(r"\b(?:SNOMED(?:\s+CT)?|LOINC|CPT|ICD(?:-10)?(?:-CM)?|DRG|NDC|RxNorm|NQF)\W*$", _I)


def _bare_numbers(text: str) -> Iterator[Finding]:
    for match in _BARE_NUMBER.finditer(text):
        if not _CODE_SYSTEM.search(text[max(0, match.start() - 16) : match.start()]):
            yield Finding("record_number", match.start(), match.end())


_DETECTORS: tuple[Callable[[str], Iterator[Finding]], ...] = (
    _urls,
    _labelled,
    _plain,
    _phones,
    _dates,
    _names,
    _bare_numbers,
)


def scan(text: str) -> list[Finding]:
    """Every identifier found in `text`, in order; where two overlap, the first found wins
    (web addresses and labelled numbers before bare patterns, so "Fax 312-555-0100" is
    a fax, not a phone). Kept findings never overlap, so they stay sorted by start and
    by end alike, and each candidate is checked against its two neighbours only."""
    kept: list[Finding] = []
    starts: list[int] = []
    for detector in _DETECTORS:
        for finding in detector(text):
            at = bisect.bisect_left(starts, finding.start)
            before_overlaps = at > 0 and kept[at - 1].end > finding.start
            after_overlaps = at < len(kept) and kept[at].start < finding.end
            if not (before_overlaps or after_overlaps):
                kept.insert(at, finding)
                starts.insert(at, finding.start)
    return kept
