"""Name keys join the particles of Arabic, Persian and Turkish names and fold transliterations
(issue 17.2): every person's search text is computed anew, and with it (by the triggers of
0009/0011) the access rows' scoped copies the list searches."""

from django.db import migrations

from cases.models.person import search_text


def recompute(apps, schema_editor):
    Person = apps.get_model("cases", "Person")
    batch = []
    for person in Person.objects.only(
        "given_names", "family_name", "name_variants", "search_text"
    ).iterator(chunk_size=2000):
        person.search_text = search_text(
            [person.given_names, person.family_name, *person.name_variants]
        )
        batch.append(person)
        if len(batch) == 2000:
            Person.objects.bulk_update(batch, ["search_text"])
            batch = []
    Person.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0014_measuretype_leads_to")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop, elidable=True)]
