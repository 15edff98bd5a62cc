"""The public site: the center's home page and catalog pages."""
from django.shortcuts import render


def home(request):
    return render(request, "portal/home.html", {})


def not_found(request, exception=None):
    return render(request, "portal/404.html", {}, status=404)
