from django.urls import path

from networks import group_views as groups
from networks import network_views as picture
from networks import observed_views as observed
from networks import trajectory_views as trajectories

app_name = "networks"
urlpatterns = [
    path("bild/", picture.network_page, name="network"),
    path("bild/daten.json", picture.network_json, name="network_json"),
    path("bild/netzwerk.svg", picture.network_svg, name="network_svg"),
    path("institutionen/", groups.institutions, name="institutions"),
    path("institutionen/<int:pk>/", groups.institution_detail, name="institution_detail"),
    path("arbeitskreise/", groups.working_groups, name="working_groups"),
    path("arbeitskreise/neu/", groups.group_create, name="group_create"),
    path("arbeitskreise/<int:pk>/", groups.group_detail, name="group_detail"),
    path("arbeitskreise/<int:pk>/mitglieder/", groups.group_members, name="group_members"),
    path("arbeitskreise/<int:pk>/sitzung/", groups.meeting_create, name="meeting_create"),
    path(
        "arbeitskreise/<int:pk>/fallverlauf/",
        trajectories.trajectory_create,
        name="trajectory_create",
    ),
    path("arbeitskreise/<int:pk>/strategie/", trajectories.strategy_create, name="strategy_create"),
    path("sitzungen/<int:pk>/", groups.meeting_detail, name="meeting_detail"),
    path("sitzungen/<int:pk>/top/", groups.agenda_item_add, name="agenda_item_add"),
    path("sitzungen/<int:pk>/einladen/", groups.meeting_invite, name="meeting_invite"),
    path("sitzungen/<int:pk>/anwesenheit/", groups.meeting_attendance, name="meeting_attendance"),
    path(
        "sitzungen/<int:pk>/top/<int:item_pk>/protokoll/", groups.minutes_edit, name="minutes_edit"
    ),
    path(
        "sitzungen/<int:pk>/top/<int:item_pk>/aufgabe/",
        groups.action_item_add,
        name="action_item_add",
    ),
    path("sitzungen/<int:pk>/genehmigen/", groups.minutes_approve, name="minutes_approve"),
    path("sitzungen/<int:pk>/einladung.pdf", groups.invitation_pdf, name="invitation_pdf"),
    path("sitzungen/<int:pk>/einladung.ics", groups.invitation_ics, name="invitation_ics"),
    path("sitzungen/<int:pk>/protokoll.pdf", groups.minutes_pdf, name="minutes_pdf"),
    path("fallverlaeufe/", trajectories.trajectories, name="trajectories"),
    path("fallverlaeufe/beobachtet/", observed.observed_trajectories, name="observed"),
    path(
        "fallverlaeufe/beobachtet/neu-berechnen/",
        observed.observed_refresh,
        name="observed_refresh",
    ),
    path("fallverlaeufe/vergleich/", trajectories.trajectory_compare, name="trajectory_compare"),
    path("fallverlaeufe/<int:pk>/", trajectories.trajectory_detail, name="trajectory_detail"),
    path(
        "fallverlaeufe/<int:pk>/version/<int:version>/",
        trajectories.trajectory_detail,
        name="trajectory_version",
    ),
    path("fallverlaeufe/<int:pk>/station/", trajectories.station_add, name="station_add"),
    path(
        "fallverlaeufe/<int:pk>/station/<int:position>/",
        trajectories.station_edit,
        name="station_edit",
    ),
    path(
        "fallverlaeufe/<int:pk>/station/<int:position>/verschieben/",
        trajectories.station_move,
        name="station_move",
    ),
    path(
        "fallverlaeufe/<int:pk>/station/<int:position>/entfernen/",
        trajectories.station_remove,
        name="station_remove",
    ),
    path("strategien/", trajectories.strategies, name="strategies"),
    path("strategien/<int:pk>/", trajectories.strategy_detail, name="strategy_detail"),
    path("strategien/<int:pk>/bearbeiten/", trajectories.strategy_edit, name="strategy_edit"),
    path(
        "strategien/<int:pk>/institution/",
        trajectories.strategy_affected_add,
        name="strategy_affected_add",
    ),
    path("strategien/<int:pk>/kommentar/", trajectories.strategy_comment, name="strategy_comment"),
    path("strategien/<int:pk>/uebergeben/", trajectories.strategy_submit, name="strategy_submit"),
]
