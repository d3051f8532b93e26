"""The patient-information guard against its labelled corpus (tests/phi/corpus.yml).

The thresholds are the issue's: recall >= 0.95 on identifiers (each labelled kind in
each example must be found as that kind) and at most 3% of clinical examples without
identifiers flagged. The corpus is what the guard is tuned against, so the unit tests
below also pin down behaviour the corpus cannot show (spans, overlaps, the URL rule).
"""

import pytest

from bench.phi_guard import FALSE_POSITIVE_TARGET, RECALL_TARGET, load_corpus, score
from discussion_api.core.phi import KINDS, scan

CORPUS = load_corpus()


def test_the_corpus_is_large_enough_and_covers_every_kind() -> None:
    assert len(CORPUS["identifiers"]) + len(CORPUS["clinical"]) >= 300
    labelled = {kind for example in CORPUS["identifiers"] for kind in example["kinds"]}
    assert labelled == set(KINDS)


def test_recall_on_identifiers_meets_the_target() -> None:
    scores = score(CORPUS)
    missed = [(CORPUS["identifiers"][index]["text"], kind) for index, kind in scores.missed]
    assert scores.recall >= RECALL_TARGET, missed


def test_false_positives_on_clinical_text_stay_under_the_target() -> None:
    scores = score(CORPUS)
    flagged = [CORPUS["clinical"][index] for index in scores.flagged]
    assert scores.false_positive_rate <= FALSE_POSITIVE_TARGET, flagged


def test_a_finding_spans_exactly_the_identifier() -> None:
    text = "Pt MRN 00482913, call 312-555-0147."
    spans = {(f.kind, text[f.start : f.end]) for f in scan(text)}
    assert spans == {("record_number", "00482913"), ("phone", "312-555-0147")}


def test_a_labelled_fax_is_a_fax_not_also_a_phone() -> None:
    findings = scan("Fax the summary to 312-555-0190.")
    assert [f.kind for f in findings] == ["fax"]


@pytest.mark.parametrize(
    ("url", "personal"),
    [
        ("https://www.sccm.org/SurvivingSepsisCampaign/Guidelines", False),
        ("https://ehr.example.org/chart?patient=88120", True),
        ("https://www.gofundme.com/f/help-for-linda", True),
    ],
)
def test_only_web_addresses_tied_to_a_person_are_findings(url: str, personal: bool) -> None:
    assert bool(scan(f"See {url} for more.")) is personal


def test_a_year_after_a_label_is_not_an_identifier() -> None:
    assert scan("Our account 2024 review and the licence 2019 renewal.") == []


@pytest.mark.parametrize("text", ["Temp 99 F at triage.", "We saw 91 cases.", "Age 89 is the cut-off."])
def test_ages_of_89_and_under_or_other_numbers_are_not_ages_over_89(text: str) -> None:
    assert scan(text) == []
