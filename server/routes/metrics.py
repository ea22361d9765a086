"""``/metrics``: the server's counters in the Prometheus text format (``--no-metrics``: not served).

Every gunicorn worker's counters, added up (:mod:`tipkg.metrics`), plus two read when
scraped: ``tipkg_dataset_info{version=…} 1`` and ``tipkg_dataset_triples``.
"""

from __future__ import annotations

from flask import Blueprint, Response
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.core import GaugeMetricFamily

from tipkg import metrics
from tipkg.errors import TipkgError
from tipkg.server.state import get_store

bp = Blueprint("metrics", __name__)


class DatasetCollector:
    """The served dataset's version and size, asked of the store at each scrape (its count is cached)."""

    def __init__(self, store):
        self.store = store

    def collect(self):
        info = GaugeMetricFamily("tipkg_dataset_info", "The dataset being served (its version as a label).", labels=["version"])
        info.add_metric([str(self.store.version or "")], 1)
        yield info
        try:
            triples = self.store.stats()["triples"]
        except TipkgError:
            return
        yield GaugeMetricFamily("tipkg_dataset_triples", "Triples in the dataset being served.", value=triples)


@bp.route("/metrics")
def scrape():
    response = Response(metrics.render(DatasetCollector(get_store())), mimetype=CONTENT_TYPE_LATEST.split(";")[0])
    response.headers["Content-Type"] = CONTENT_TYPE_LATEST
    response.headers["Cache-Control"] = "no-store"
    return response
