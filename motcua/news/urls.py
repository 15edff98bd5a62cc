from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("rss/", feeds.LatestNewsFeed(), name="rss"),
    path("atom/", feeds.LatestNewsAtomFeed(), name="atom"),
    path("chuyen-muc/<slug:category>/", views.article_list, name="category"),
    path("bai/<int:pk>/", views.permalink, name="permalink"),
    path("anh/<int:pk>/<str:variant>.jpg", views.image, name="image"),
    path("<slug:slug>/", views.article_detail, name="detail"),
]
