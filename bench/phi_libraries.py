"""The libraries weighed for the patient-information guard, measured on our corpus.

Not part of `make bench`: presidio-analyzer and philter-lite are not dependencies of
the project (see README, "Patient-information guard", for why). To reproduce the
README's figures, in a separate virtual environment:

    python3 -m venv /tmp/phieval
    /tmp/phieval/bin/pip install presidio-analyzer philter-lite pyyaml -e .
    /tmp/phieval/bin/python -m bench.phi_libraries

Each library is scored as a detector: recall is the share of corpus examples with
identifiers in which it reports anything (kinds differ between libraries, so this is
kinder to them than our kind-by-kind recall); the false-positive rate is the share
of clinical examples in which it reports anything; time is CPU time for the same
2,000-character post `bench.phi_guard` uses.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

from discussion_api.core.phi import scan

from .phi_guard import load_corpus, sample_post

Detector = Callable[[str], bool]
RUNS = 30


def measure(name: str, detect: Detector) -> None:
    corpus = load_corpus()
    positives = [example["text"] for example in corpus["identifiers"]]
    negatives = corpus["clinical"]
    found = sum(1 for text in positives if detect(text))
    flagged = sum(1 for text in negatives if detect(text))
    post = sample_post(corpus)
    timings = []
    for _ in range(RUNS):
        started = time.thread_time()
        detect(post)
        timings.append((time.thread_time() - started) * 1000)
    print(
        f"{name}: recall {found}/{len(positives)} = {found / len(positives):.3f}; "
        f"false positives {flagged}/{len(negatives)} = {flagged / len(negatives):.3f}; "
        f"median {statistics.median(timings):.1f} ms per 2,000 characters"
    )


def presidio(threshold: float) -> Detector:
    """Presidio's pattern recognizers over a blank spaCy pipeline: no trained model can
    be installed here (en_core_web_* are not on PyPI, only unofficial re-uploads), so
    its NER-based PERSON and LOCATION recognizers find nothing."""
    import spacy
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    model = Path(tempfile.mkdtemp()) / "blank_en"
    spacy.blank("en").to_disk(model)
    configuration = {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": str(model)}]}
    engine = AnalyzerEngine(nlp_engine=NlpEngineProvider(nlp_configuration=configuration).create_engine())
    return lambda text: any(result.score >= threshold for result in engine.analyze(text=text, language="en"))


def philter() -> Detector:
    """philter-lite's own configuration less its part-of-speech filters, whose NLTK tagger
    data is downloaded at run time from outside PyPI and cannot be had here."""
    import philter_lite
    import philter_lite.philter

    philter_lite.philter._get_pos = lambda text: []
    config = str(files("philter_lite") / "configs" / "philter_delta.toml")
    filters = [f for f in philter_lite.load_filters(config) if f.type != "pos_matcher"]

    def detect(text: str) -> bool:
        _, exclude, _ = philter_lite.detect_phi(text, filters)
        return any(True for _ in exclude.filecoords())

    return detect


def main() -> None:
    measure("ours (discussion_api.core.phi)", lambda text: bool(scan(text)))
    for threshold in (0.0, 0.3, 0.5):
        measure(f"presidio-analyzer, pattern recognizers, score >= {threshold}", presidio(threshold))
    measure("philter-lite 0.6.0, philter_delta without POS filters", philter())


if __name__ == "__main__":
    main()
