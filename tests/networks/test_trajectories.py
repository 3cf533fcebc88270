"""Trajectories: versions kept for minutes, station order, timeline SVG, side by side."""

import pytest
from django.urls import reverse

from networks import services
from networks.models import Station, Trajectory
from networks.timeline import compare

pytestmark = pytest.mark.django_db


def _trajectory(group, by, kind, stations):
    trajectory = services.create_trajectory(
        trajectory=Trajectory(title=kind, kind=kind, working_group=group), by=by
    )
    for step, wait, duration, break_note in stations:
        services.add_station(
            trajectory=trajectory,
            station=Station(
                step=step,
                wait_weeks=wait,
                duration_weeks=duration,
                is_break_point=bool(break_note),
                break_point_note=break_note,
            ),
            by=by,
        )
    return trajectory


def test_side_by_side_finds_each_kind_of_difference(working_group_member, group_world):
    group, by = group_world["working_group"], working_group_member
    possible = _trajectory(
        group,
        by,
        "possible",
        [
            ("Kompetenzfeststellung", 0, 2, ""),
            ("Integrationskurs", 12, 26, "Qualifizierung vor Alphabetisierung"),
            ("Erneute Planung im Jobcenter", 4, 4, "Planung beginnt von vorn"),
        ],
    )
    ideal = _trajectory(
        group,
        by,
        "ideal",
        [
            ("Kompetenzfeststellung", 0, 2, ""),
            ("Integrationskurs", 4, 26, ""),
            ("Einstiegsqualifizierung", 2, 26, ""),
        ],
    )
    result = compare(possible.current_version(), ideal.current_version())
    assert [s.step for s in result.only_left] == ["Erneute Planung im Jobcenter"]
    assert [s.step for s in result.only_right] == ["Einstiegsqualifizierung"]
    assert [(a.step, a.wait_weeks, b.wait_weeks) for a, b in result.longer_wait] == [
        ("Integrationskurs", 12, 4)
    ]
    assert [a.step for a, _ in result.break_point_differs] == ["Integrationskurs"]
    assert (result.total_left, result.total_right) == (48, 60)


def test_the_compare_page_shows_both_pictures_and_differences(
    client, working_group_member, group_world
):
    group, by = group_world["working_group"], working_group_member
    left = _trajectory(group, by, "possible", [("Beratung", 3, 1, "")])
    right = _trajectory(group, by, "ideal", [("Beratung", 1, 1, "")])
    client.force_login(by)
    page = client.get(
        reverse("networks:trajectory_compare"), {"left": left.pk, "right": right.pk}
    ).content.decode()
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == 2
    assert "Andere Wartezeit vor Beratung: 3,0 gegenüber 1,0 Wochen" in page


def test_a_version_on_an_agenda_is_kept_and_edits_make_a_new_one(
    client, working_group_member, group_world
):
    trajectory, item = group_world["trajectory"], group_world["agenda_item"]
    discussed = trajectory.current_version()
    item.trajectory_version = discussed
    item.save()
    client.force_login(working_group_member)
    client.post(
        reverse("networks:station_add", args=[trajectory.pk]),
        {"step": "Berufssprachkurs", "duration_weeks": "20", "wait_weeks": "8"},
    )
    assert trajectory.current_version().number == discussed.number + 1
    assert [s.step for s in discussed.stations.all()] == ["Kompetenzfeststellung"]
    assert [s.step for s in trajectory.current_version().stations.all()] == [
        "Kompetenzfeststellung",
        "Berufssprachkurs",
    ]
    old_page = client.get(
        reverse("networks:trajectory_version", args=[trajectory.pk, discussed.number])
    ).content.decode()
    assert "Berufssprachkurs" not in old_page


def test_stations_reorder_and_a_move_onto_itself_is_refused(
    client, working_group_member, group_world
):
    trajectory = group_world["trajectory"]
    services.add_station(
        trajectory=trajectory, station=Station(step="Integrationskurs"), by=working_group_member
    )
    client.force_login(working_group_member)
    page = client.post(
        reverse("networks:station_move", args=[trajectory.pk, 2]), {"to": "2"}, follow=True
    ).content.decode()
    assert "Die Station steht schon an dieser Stelle." in page
    client.post(reverse("networks:station_move", args=[trajectory.pk, 2]), {"to": "1"})
    steps = [s.step for s in trajectory.current_version().stations.all()]
    assert steps == ["Integrationskurs", "Kompetenzfeststellung"]


def test_a_break_point_needs_a_note_and_the_input_stays(client, working_group_member, group_world):
    trajectory = group_world["trajectory"]
    client.force_login(working_group_member)
    response = client.post(
        reverse("networks:station_add", args=[trajectory.pk]),
        {
            "step": "Jobcenter plant neu",
            "duration_weeks": "2",
            "wait_weeks": "6",
            "is_break_point": "on",
        },
    )
    page = response.content.decode()
    assert "Bitte beschreiben Sie, was an der Bruchstelle geschieht." in page
    assert 'value="Jobcenter plant neu"' in page
    assert trajectory.current_version().stations.count() == 1


def test_the_timeline_svg_has_a_text_alternative(client, working_group_member, group_world):
    trajectory = group_world["trajectory"]
    client.force_login(working_group_member)
    page = client.get(reverse("networks:trajectory_detail", args=[trajectory.pk])).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in page
    assert "Bruchstelle: Planung beginnt von vorn" in page
