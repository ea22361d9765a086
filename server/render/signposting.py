"""FAIR signposting (https://signposting.org/FAIR/): typed ``Link`` headers that let a
machine go from a page to what it is about.

- the landing page ``/`` and the dataset page ``/dataset``: ``cite-as`` the versioned
  IRI of the served version (:func:`version_iri`), ``describedby`` its VoID/DCAT
  description in Turtle and JSON-LD (with ``type``), ``item`` each dump file of the
  build (with ``type``), ``license``, ``type`` (``schema:Dataset``, and ``schema:AboutPage``
  for the HTML pages);
- a resource page ``/doc/…``: ``cite-as`` the thing's own IRI, ``describedby`` its
  description in Turtle and JSON-LD, ``collection`` the versioned dataset IRI,
  ``license``, ``type`` (the thing's ``rdf:type``s and ``schema:AboutPage``).

The values are absolute URLs of this server except ``cite-as``, which is the public
(persistent) IRI.
"""

from __future__ import annotations

from tipkg.errors import NotFound
from tipkg.server import state
from tipkg.server.http import urls

SCHEMA_DATASET = "https://schema.org/Dataset"
ABOUT_PAGE = "https://schema.org/AboutPage"
DESCRIBED_BY = (("ttl", "text/turtle"), ("jsonld", "application/ld+json"))


def version_iri(version: str) -> str:
    """The persistent IRI of one version of the dataset: ``{base}dataset/versions/{version}``."""
    return urls.public("dataset/versions/" + version)


def _link(target: str, rel: str, media_type: str | None = None) -> str:
    return f'<{target}>; rel="{rel}"' + (f'; type="{media_type}"' if media_type else "")


def _files() -> list[dict]:
    try:
        return [f for f in state.manifest().get("files", []) if not f.get("encoding")]
    except (NotFound, OSError):
        return []


def dataset_links(licence: str, version: str) -> list[str]:
    """Signposting of the landing page and the dataset page."""
    links = [_link(version_iri(version), "cite-as")]
    links += [_link(urls.absolute("/dataset." + ext), "describedby", media) for ext, media in DESCRIBED_BY]
    links += [_link(urls.absolute("/dumps/" + f["name"]), "item", f["media_type"]) for f in _files()]
    links += [_link(licence, "license"), _link(SCHEMA_DATASET, "type"), _link(ABOUT_PAGE, "type")]
    return links


def resource_links(iri: str, doc_path: str, types, licence: str, version: str) -> list[str]:
    """Signposting of the description page of ``iri`` (served at ``doc_path``)."""
    links = [_link(iri, "cite-as")]
    links += [_link(urls.absolute(f"{doc_path}.{ext}"), "describedby", media) for ext, media in DESCRIBED_BY]
    links += [_link(version_iri(version), "collection"), _link(licence, "license")]
    links += [_link(str(t), "type") for t in types] + [_link(ABOUT_PAGE, "type")]
    return links


__all__ = ["version_iri", "dataset_links", "resource_links"]
