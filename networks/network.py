"""The network picture: institutions as nodes, handovers between them as directed weighted
edges (counts from cases.statistics, already suppressed), working-group co-membership as a
second layer. networkx computes the measures; Graphviz lays out the static SVG for PDFs;
Cytoscape.js draws the interactive one from the same data."""

import datetime
from itertools import combinations

import graphviz
import networkx as nx
from django.utils.translation import gettext as _

from cases import statistics
from networks.models import Institution, WorkingGroup


def build(*, start: datetime.date, end: datetime.date, field_of_action: str = "") -> nx.DiGraph:
    edges, flows = statistics.handover_network(
        start=start, end=end, field_of_action=field_of_action
    )
    graph = nx.DiGraph()
    for institution in Institution.objects.filter(is_active=True):
        graph.add_node(
            institution.pk,
            label=institution.short_name,
            name=institution.name,
            kind=institution.get_kind_display(),
            handovers_in=None,
            handovers_out=None,
            median_days_to_accept=None,
        )
    for flow in flows:
        if flow.institution in graph:
            graph.nodes[flow.institution].update(
                handovers_in=flow.handovers_in,
                handovers_out=flow.handovers_out,
                median_days_to_accept=flow.median_days_to_accept,
            )
    for edge in edges:
        if edge.source in graph and edge.target in graph:
            graph.add_edge(edge.source, edge.target, layer="handover", count=edge.count)
    partners = graph.to_undirected(as_view=True)
    for node in graph.nodes:
        graph.nodes[node]["partners"] = partners.degree(node)
    return graph


def co_membership() -> set[tuple[int, int]]:
    """Pairs of institutions that sit together in a working group."""
    pairs = set()
    groups = WorkingGroup.objects.prefetch_related("members__membership")
    for group in groups:
        institutions = sorted(
            {m.membership.institution_id for m in group.members.all() if hasattr(m, "membership")}
        )
        pairs.update(combinations(institutions, 2))
    return pairs


def cytoscape_elements(graph: nx.DiGraph) -> list[dict]:
    elements = [{"data": {"id": f"i{pk}", **data}} for pk, data in graph.nodes(data=True)]
    for source, target, data in graph.edges(data=True):
        elements.append(
            {
                "data": {
                    "id": f"h{source}-{target}",
                    "source": f"i{source}",
                    "target": f"i{target}",
                    "count": data["count"],
                    "label": str(data["count"]) if data["count"] is not None else "",
                },
                "classes": "handover",
            }
        )
    for a, b in co_membership():
        if a in graph and b in graph:
            elements.append(
                {
                    "data": {"id": f"w{a}-{b}", "source": f"i{a}", "target": f"i{b}"},
                    "classes": "membership",
                }
            )
    return elements


def static_svg(graph: nx.DiGraph) -> str:
    """The same graph laid out by Graphviz's dot, for PDFs and as a picture without script."""
    dot = graphviz.Digraph(graph_attr={"rankdir": "LR", "fontname": "DejaVu Sans"})
    dot.attr("node", shape="box", style="rounded", fontname="DejaVu Sans", fontsize="10")
    dot.attr("edge", fontname="DejaVu Sans", fontsize="9")
    for pk, data in graph.nodes(data=True):
        if graph.degree(pk):
            dot.node(f"i{pk}", data["label"], tooltip=data["name"])
    for source, target, data in graph.edges(data=True):
        count = data["count"]
        dot.edge(
            f"i{source}",
            f"i{target}",
            label=str(count) if count is not None else "",
            penwidth=str(1 + min(count or 0, 50) / 10),
        )
    svg = dot.pipe(format="svg", encoding="utf-8")
    return svg[svg.index("<svg") :]


def table(graph: nx.DiGraph) -> list[dict]:
    """Per institution: partners, handovers in and out, median days to accept (text form)."""
    rows = [{"pk": pk, **data} for pk, data in graph.nodes(data=True) if graph.degree(pk)]
    return sorted(rows, key=lambda r: r["label"])


def empty_label() -> str:
    return _("weniger als 5")
