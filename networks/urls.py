from django.urls import path

from networks import views

app_name = "networks"
urlpatterns = [
    path("arbeitskreise/", views.working_groups, name="working_groups"),
]
