"""Mentions of the declaration's commitments: a sentence with a committing verb whose
words cover enough of a commitment's label and its action concepts' labels."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from tipkg.graph.crosschecks import COMMITTING_VERBS

COMMITTING = re.compile(
    r"\b(?:" + "|".join(re.escape(v) for verbs in COMMITTING_VERBS.values() for v in verbs) + r")\b", re.IGNORECASE
)
"""The build's committing verbs (:data:`tipkg.graph.crosschecks.COMMITTING_VERBS`): a
commitment draft needs one, so that it publishes as it is."""
STATEMENT_VERBS: dict[str, str] = {
    r"mengakui|menyadari|diakui": "recognition",
    r"prihatin|keprihatinan": "concern",
    r"menekankan|menggarisbawahi|ditekankan": "emphasis",
    r"diperlukan|perlunya|memerlukan": "need",
    r"bisa dilakukan|dapat dilakukan": "possibility",
}
"""Words that make a sentence of the declaration's parties a statement of its kind, not a commitment."""
PARTIES = re.compile(r"\b(?:ASEAN|pemimpin|negara anggota|negara-negara anggota|deklarasi|kepala negara)\b", re.IGNORECASE)
STOP = set(
    "yang dan di ke dari untuk dengan dalam pada oleh atau serta tiap setiap para bagi terhadap melalui "
    "termasuk lainnya terkait akibat secara agar tidak ini itu tersebut juga mereka antara ada tentang".split()
)
_PREFIX = re.compile(r"^(?:meng|meny|mem|men|me|peng|peny|pem|pen|pe|ber|di|ter|per)(?=\w{4,})")
_SUFFIX = re.compile(r"(?<=\w{4})(?:kan|an|nya|i)$")


def stem(word: str) -> str:
    """A crude Indonesian stem: enough to meet "memperkuat" and "penguatan" halfway."""
    word = word.lower()
    for _ in range(2):
        word = _SUFFIX.sub("", _PREFIX.sub("", word))
    return word


def content_stems(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[A-Za-z]+", text) if w.lower() not in STOP and len(w) > 2}


@dataclass(frozen=True)
class CommitmentHit:
    ref: str
    score: float
    rule: str
    verb: str = ""
    modality: str = ""


def modality_of(sentence: str) -> tuple[str, str] | None:
    """(verb as written, modality) of the first committing verb in ``sentence``."""
    m = COMMITTING.search(sentence)
    if not m:
        return None
    verb = m.group(0)
    return verb, next(mod for mod, verbs in COMMITTING_VERBS.items() if verb.lower() in verbs)


def statement_kind(sentence: str) -> tuple[str, str] | None:
    """(the words, kind) when the declaration's parties recognise, are concerned, emphasise, need."""
    if not PARTIES.search(sentence):
        return None
    for pattern, kind in STATEMENT_VERBS.items():
        m = re.search(r"\b(?:" + pattern + r")\b", sentence, re.IGNORECASE)
        if m:
            return m.group(0), kind
    return None


class Commitments:
    def __init__(self, commitments: dict[str, dict], schemes: Graph):
        self.signatures: dict[str, set[str]] = {}
        for ref, entry in commitments.items():
            words = content_stems(entry["label"]["id"])
            for action in entry.get("actions", []):
                iri = URIRef(f"https://w3id.org/asean-tip/id/concept/commitment-action/{action}")
                for predicate in (SKOS.prefLabel, SKOS.altLabel):
                    for label in schemes.objects(iri, predicate):
                        if getattr(label, "language", None) == "id":
                            words |= content_stems(str(label))
            self.signatures[ref] = words

    def match(self, sentence: str, threshold: float = 0.34, in_context: bool = False) -> list[CommitmentHit]:
        """The commitments ``sentence`` voices, best first: none without a committing
        verb, nor unless the sentence (or, ``in_context``, the one before) names the
        declaration's parties (ASEAN, its leaders, member states, the declaration)."""
        committing = modality_of(sentence)
        if not committing:
            return []
        if not (in_context or PARTIES.search(sentence)):
            return []
        words = content_stems(sentence)
        scored = []
        for ref, signature in self.signatures.items():
            if not signature:
                continue
            shared = len(words & signature)
            score = shared / len(signature)
            if shared >= 3 and (score >= threshold or shared >= 5):
                scored.append(CommitmentHit(ref, round(min(1.0, max(score, shared / 10)), 2), "commitment-label-words", *committing))
        return sorted(scored, key=lambda c: -c.score)
