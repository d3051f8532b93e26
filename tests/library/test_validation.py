"""Every kind of bad content gets a message naming the file, the field and the line.

Including named review and checked claims: `sitegen check` refuses an unknown reviewer,
a page without a record of checked claims, and a figure no claim in the record states.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from sitegen.claims import figures
from sitegen.cli import main as sitegen_main
from sitegen.library import load_library
from sitegen.problems import Problem, Severity

VALID_RESOURCE = """\
---
title: "Hour-1 Bundle"
type: bundle
topics: [bundles, screening]
audience: [nurses]
settings: [emergency]
publisher: Surviving Sepsis Campaign
year: 2018
doi: 10.1097/CCM.0000000000003119
citation: "Levy MM, Evans LE, Rhodes A. Critical Care Medicine. 2018;46(6):997-1000."
summary: "The five elements to begin within the first hour after sepsis is recognised."
reviewed: 2026-11-01
reviewed_by: network-editorial
review_interval_months: 12
---

## What it is

Text.

## Key points

Text.

## How a coordinator uses it

Text.
"""

VALID_WEBINAR = """\
---
title: "Screening every shift"
start: 2027-01-14T13:00:00-05:00
duration_minutes: 60
hosts:
  - role: Sepsis coordinator, community hospital
topics: [screening]
summary: "How two hospitals screen every inpatient on every shift."
---

Body.
"""

TODAY = date(2026, 11, 24)


# A record of checked claims for VALID_RESOURCE and VALID_WEBINAR: one source, named in
# the resource's citation, and no claims (neither states a figure).
VALID_RECORD = """\
checked: 2026-11-01
checked_by: network-editorial
sources:
  - id: levy-2018
    citation: "Levy MM, Evans LE, Rhodes A. The Surviving Sepsis Campaign Bundle: 2018 Update. Crit Care Med. 2018;46(6):997-1000."
    cited_as: "Levy MM"
claims: []
"""
VALID_WEBINAR_RECORD = "checked: 2026-11-01\nchecked_by: network-editorial\n"


@pytest.fixture
def project(tmp_path: Path, project_root: Path) -> Path:
    shutil.copy(project_root / "taxonomy.yml", tmp_path / "taxonomy.yml")
    shutil.copy(project_root / "reviewers.yml", tmp_path / "reviewers.yml")
    for folder in ("resources", "webinars", "claims/resources", "claims/webinars"):
        (tmp_path / folder).mkdir(parents=True)
    return tmp_path


def write_entry(
    project: Path, folder: str, text: str, stem: str = "entry", record: str | None = None
) -> None:
    """Write a page and, unless `record` says otherwise, its valid record of checked claims."""
    (project / folder / f"{stem}.md").write_text(text)
    default = VALID_RECORD if folder == "resources" else VALID_WEBINAR_RECORD
    (project / "claims" / folder / f"{stem}.yml").write_text(default if record is None else record)


def problems_for(
    project: Path, folder: str, text: str, strict: bool = False, record: str | None = None
) -> list[Problem]:
    write_entry(project, folder, text, record=record)
    _, problems = load_library(project, today=TODAY, strict=strict)
    return problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def line_of(text: str, prefix: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(prefix))


def test_valid_files_have_no_problems(project: Path) -> None:
    write_entry(project, "resources", VALID_RESOURCE, stem="hour-1-bundle")
    write_entry(project, "webinars", VALID_WEBINAR, stem="screening")
    library, problems = load_library(project, today=TODAY)
    assert problems == []
    assert [r.slug for r in library.resources] == ["hour-1-bundle"]
    assert library.resources[0].meta.review_due == date(2027, 11, 1)
    assert [w.slug for w in library.webinars] == ["screening"]


def test_unknown_term_names_the_closest_valid_one(project: Path) -> None:
    text = VALID_RESOURCE.replace("type: bundle", "type: bundel")
    problem = only(problems_for(project, "resources", text))
    assert problem.path == Path("resources/entry.md")
    assert problem.field == "type"
    assert problem.line == line_of(text, "type:")
    assert "did you mean 'bundle'?" in problem.message


def test_unknown_term_inside_a_list_points_at_its_line(project: Path) -> None:
    text = VALID_RESOURCE.replace("audience: [nurses]", "audience:\n  - nurses\n  - nurse-educators")
    problem = only(problems_for(project, "resources", text))
    assert (problem.field, problem.line) == ("audience", line_of(text, "  - nurse-educators"))
    assert "'nurse-educators' is not one of the audiences" in problem.message


def test_missing_required_field(project: Path) -> None:
    text = VALID_RESOURCE.replace("publisher: Surviving Sepsis Campaign\n", "")
    problem = only(problems_for(project, "resources", text))
    assert problem.field == "publisher"
    assert "required field is missing" in problem.message


def test_unknown_field_suggests_the_intended_one(project: Path) -> None:
    text = VALID_RESOURCE.replace("reviewed_by:", "reviewd_by:")
    problems = problems_for(project, "resources", text)
    fields = {p.field: p for p in problems}
    assert "did you mean 'reviewed_by'?" in fields["reviewd_by"].message
    assert fields["reviewd_by"].line == line_of(text, "reviewd_by:")
    assert "reviewed_by" in fields  # and the real field is reported missing


def test_impossible_date(project: Path) -> None:
    text = VALID_RESOURCE.replace("reviewed: 2026-11-01", "reviewed: 2026-02-30")
    problem = only(problems_for(project, "resources", text))
    assert (problem.field, problem.line) == ("reviewed", line_of(text, "reviewed:"))
    assert "2026-02-30" in problem.message


def test_review_date_in_the_future(project: Path) -> None:
    text = VALID_RESOURCE.replace("reviewed: 2026-11-01", "reviewed: 2099-01-01")
    problem = only(problems_for(project, "resources", text))
    assert problem.field == "reviewed"
    assert "in the future" in problem.message


def test_non_https_url(project: Path) -> None:
    text = VALID_RESOURCE.replace("doi: 10.1097", "source_url: http://example.org/bundle\ndoi: 10.1097")
    problem = only(problems_for(project, "resources", text))
    assert (problem.field, problem.line) == ("source_url", line_of(text, "source_url:"))
    assert "https" in problem.message


def test_a_source_is_required(project: Path) -> None:
    text = VALID_RESOURCE.replace("doi: 10.1097/CCM.0000000000003119\n", "")
    problem = only(problems_for(project, "resources", text))
    assert problem.field == "source_url"
    assert "source_url or a doi" in problem.message


def test_missing_citation(project: Path) -> None:
    text = re.sub(r"citation: .*\n", "", VALID_RESOURCE)
    problem = only(problems_for(project, "resources", text))
    assert problem.field == "citation"


def test_bad_doi(project: Path) -> None:
    text = VALID_RESOURCE.replace("doi: 10.1097/CCM.0000000000003119", "doi: CCM-2018-997")
    problem = only(problems_for(project, "resources", text))
    assert (problem.field, problem.line) == ("doi", line_of(text, "doi:"))


def test_summary_must_be_a_sentence(project: Path) -> None:
    text = VALID_RESOURCE.replace('recognised."', 'recognised"')
    problem = only(problems_for(project, "resources", text))
    assert problem.field == "summary"
    assert "one sentence" in problem.message


def test_missing_body_sections(project: Path) -> None:
    text = VALID_RESOURCE.replace("## Key points", "## Highlights")
    problem = only(problems_for(project, "resources", text))
    assert problem.field == "body"
    assert problem.line == line_of(text, "---") + 15  # the first line after the front matter
    assert "'## Key points'" in problem.message


def test_invalid_yaml_names_the_line(project: Path) -> None:
    text = VALID_RESOURCE.replace("topics: [bundles, screening]", "topics: [bundles, screening")
    problem = only(problems_for(project, "resources", text))
    assert "not valid YAML" in problem.message
    assert line_of(text, "topics:") <= problem.line <= line_of(text, "audience:") + 1


def test_missing_front_matter(project: Path) -> None:
    problem = only(problems_for(project, "resources", "# Just a heading\n"))
    assert (problem.line, problem.field) == (1, None)
    assert "must start with a '---' line" in problem.message


def test_duplicate_slugs_name_both_files(project: Path) -> None:
    write_entry(project, "resources", VALID_RESOURCE, stem="hour-1-bundle")
    text = VALID_RESOURCE.replace("type: bundle", "slug: hour-1-bundle\ntype: bundle")
    problem = only(problems_for(project, "resources", text))
    assert problem.field == "slug"
    assert {str(problem.path), problem.message.rsplit(" ", 1)[-1]} == {
        "resources/entry.md",
        "resources/hour-1-bundle.md",
    }


def test_overdue_review_is_a_warning_and_an_error_when_strict(project: Path) -> None:
    text = VALID_RESOURCE.replace("reviewed: 2026-11-01", "reviewed: 2024-01-15")
    warning = only(problems_for(project, "resources", text))
    assert warning.severity is Severity.WARNING
    assert "review overdue" in warning.message and "2025-01-15" in warning.message
    error = only(problems_for(project, "resources", text, strict=True))
    assert error.severity is Severity.ERROR


def test_webinar_start_needs_a_time_zone(project: Path) -> None:
    text = VALID_WEBINAR.replace("2027-01-14T13:00:00-05:00", "2027-01-14T13:00:00")
    problem = only(problems_for(project, "webinars", text))
    assert (problem.field, problem.line) == ("start", line_of(text, "start:"))
    assert "timezone" in problem.message


def test_webinar_impossible_date(project: Path) -> None:
    text = VALID_WEBINAR.replace("2027-01-14T13", "2027-13-14T13")
    problem = only(problems_for(project, "webinars", text))
    assert problem.field == "start"


def test_webinar_host_needs_a_role(project: Path) -> None:
    text = VALID_WEBINAR.replace("  - role: Sepsis coordinator, community hospital", "  - name: A. Speaker")
    problem = only(problems_for(project, "webinars", text))
    assert problem.field == "hosts.0.role"
    assert problem.line == line_of(text, "  - name:")


def test_webinar_slug_cannot_be_a_year(project: Path) -> None:
    write_entry(project, "webinars", VALID_WEBINAR, stem="2027")
    problem = only(load_library(project, today=TODAY)[1])
    assert problem.field == "slug"
    assert "year pages" in problem.message


def test_file_name_must_be_a_slug(project: Path) -> None:
    (project / "resources" / "Hour 1.md").write_text(VALID_RESOURCE)
    problem = only(load_library(project, today=TODAY)[1])
    assert "file name" in problem.message


def test_cli_check_prints_file_line_field_and_fails(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = VALID_RESOURCE.replace("settings: [emergency]", "settings: [emergncy]")
    write_entry(project, "resources", text, stem="bad")
    assert sitegen_main(["--root", str(project), "check"]) == 1
    err = capsys.readouterr().err
    line = line_of(text, "settings:")
    assert f"resources/bad.md:{line}: error: field 'settings': 'emergncy'" in err
    assert "did you mean 'emergency'?" in err


def test_shipped_content_is_valid(project_root: Path) -> None:
    library, problems = load_library(project_root)
    assert [str(p) for p in problems if p.severity is Severity.ERROR] == []
    assert len(library.resources) >= 30
    assert len({r.meta.type for r in library.resources}) >= 8
    assert len({t for r in library.resources for t in r.meta.topics}) >= 8
    assert len(library.webinars) >= 6


# Named review and checked claims.

CLINICAL_REVIEWER = """
  - id: a-clinician
    name: A. Clinician
    role: clinical
    credentials: RN, MSN
"""
FIGURE_TEXT = "\n\nIn one study the alert missed 67% of cases.\n"
FIGURE_CLAIM = """\
claims:
  - claim: "The alert missed 67% of sepsis cases."
    source: levy-2018
    locator: "Results, paragraph 2"
"""


def with_figure(text: str) -> str:
    return text.replace("## Key points\n", "## Key points" + FIGURE_TEXT)


def test_unknown_reviewer_is_an_error_on_its_line(project: Path) -> None:
    text = VALID_RESOURCE.replace("reviewed_by: network-editorial", "reviewed_by: Network content team")
    problem = only(problems_for(project, "resources", text))
    assert (problem.field, problem.line) == ("reviewed_by", line_of(text, "reviewed_by:"))
    assert "not a reviewer listed in reviewers.yml" in problem.message


def test_cli_refuses_an_unknown_reviewer(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = VALID_RESOURCE.replace("reviewed_by: network-editorial", "reviewed_by: network-editoral")
    write_entry(project, "resources", text, stem="bad")
    assert sitegen_main(["--root", str(project), "check"]) == 1
    err = capsys.readouterr().err
    assert f"resources/bad.md:{line_of(text, 'reviewed_by:')}: error: field 'reviewed_by': " in err
    assert "did you mean 'network-editorial'?" in err


def test_clinical_review_needs_a_listed_clinical_reviewer(project: Path) -> None:
    text = VALID_RESOURCE.replace(
        "review_interval_months",
        "clinical_reviewed_by: network-editorial\nclinical_reviewed: 2026-11-02\nreview_interval_months",
    )
    problem = only(problems_for(project, "resources", text))
    assert problem.field == "clinical_reviewed_by"
    assert "role clinical" in problem.message


def test_a_credentialed_clinical_reviewer_is_recorded(project: Path) -> None:
    (project / "reviewers.yml").write_text((project / "reviewers.yml").read_text() + CLINICAL_REVIEWER)
    text = VALID_RESOURCE.replace(
        "review_interval_months",
        "clinical_reviewed_by: a-clinician\nclinical_reviewed: 2026-11-02\nreview_interval_months",
    )
    assert problems_for(project, "resources", text) == []
    resource = load_library(project, today=TODAY)[0].resources[0]
    assert resource.clinical_reviewer is not None
    assert resource.clinical_reviewer.credentials == "RN, MSN"


def test_missing_claim_record_is_an_error(project: Path) -> None:
    (project / "resources" / "entry.md").write_text(VALID_RESOURCE)
    problem = only(load_library(project, today=TODAY)[1])
    assert str(problem.path) == "resources/entry.md"
    assert "no record of checked claims" in problem.message
    assert "claims/resources/entry.yml" in problem.message


def test_webinars_need_a_record_too(project: Path) -> None:
    (project / "webinars" / "entry.md").write_text(VALID_WEBINAR)
    assert "no record of checked claims" in only(load_library(project, today=TODAY)[1]).message


def test_figure_without_a_claim_is_an_error_on_its_line(project: Path) -> None:
    text = with_figure(VALID_RESOURCE)
    problem = only(problems_for(project, "resources", text))
    assert (problem.field, problem.line) == ("body", line_of(text, "In one study"))
    assert "figure '67%' has no source" in problem.message


def test_figure_stated_by_a_claim_passes(project: Path) -> None:
    record = VALID_RECORD.replace("claims: []\n", FIGURE_CLAIM)
    assert problems_for(project, "resources", with_figure(VALID_RESOURCE), record=record) == []


def test_figure_in_the_summary_needs_a_claim(project: Path) -> None:
    text = VALID_RESOURCE.replace("recognised.", "recognised, which 49% of hospitals met.")
    problem = only(problems_for(project, "resources", text))
    assert (problem.field, problem.line) == ("summary", line_of(text, "summary:"))


def test_record_sources_must_be_named_on_the_page(project: Path) -> None:
    record = VALID_RECORD.replace('cited_as: "Levy MM"', 'cited_as: "Rhodes 2019"')
    problem = only(problems_for(project, "resources", VALID_RESOURCE, record=record))
    assert str(problem.path) == "claims/resources/entry.yml"
    assert problem.field == "sources.0.cited_as"


def test_record_must_be_checked_by_a_listed_reviewer(project: Path) -> None:
    record = VALID_RECORD.replace("checked_by: network-editorial", "checked_by: someone")
    problem = only(problems_for(project, "resources", VALID_RESOURCE, record=record))
    assert (str(problem.path), problem.field) == ("claims/resources/entry.yml", "checked_by")


def test_claim_must_name_a_listed_source(project: Path) -> None:
    record = VALID_RECORD.replace("claims: []\n", FIGURE_CLAIM.replace("levy-2018", "wong-2021"))
    problem = only(problems_for(project, "resources", with_figure(VALID_RESOURCE), record=record))
    assert str(problem.path) == "claims/resources/entry.yml"
    assert "wong-2021" in problem.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("missed 67% of cases and 18 % of patients", ["67%", "18 %"]),
        ("at least 1.7 million adults; 350,000 died", ["1.7 million"]),
        ("about 1 in 3 people who die", ["1 in 3"]),
        ("incidence of 677.5 cases per 100,000 population", ["677.5 cases per 100,000"]),
        ("count alerts per 100 admissions", []),
        ("an odds ratio of 1.04 per hour; AUC 0.63 (vendor 0.76-0.83)", ["1.04", "0.63"]),
        ("OR 0.59", ["0.59"]),
        ("within 3 hours, 30 mL/kg, MAP of 65 mm Hg, or cultures", []),
        ("[link](https://example.org/50%25) and [__]%", []),
    ],
)
def test_what_counts_as_a_figure(text: str, expected: list[str]) -> None:
    assert [f.text for f in figures(text)] == expected
