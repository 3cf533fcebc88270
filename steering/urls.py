from django.urls import path

from steering import views

app_name = "steering"
urlpatterns = [
    path("", views.index, name="index"),
    path("berichte/", views.reports, name="reports"),
]
