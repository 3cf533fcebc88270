from django.urls import path

from steering import views

app_name = "steering"
urlpatterns = [
    path("", views.index, name="index"),
    path("berichte/", views.reports, name="reports"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/<slug:indicator>.<str:fmt>", views.chart_download, name="chart_download"),
    path("dashboard/neu-berechnen/", views.refresh, name="refresh"),
    path("ziele/neu/", views.goal_add, name="goal_add"),
    path("haushalt/", views.budget, name="budget"),
    path("haushalt/jahr/<int:pk>/", views.budget_year_edit, name="budget_year_edit"),
]
