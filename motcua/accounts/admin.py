from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "role", "unit", "is_active", "is_demo")
    list_filter = ("role", "is_active", "is_demo", "unit__kind")
    search_fields = ("username", "full_name", "email")
    autocomplete_fields = ("unit",)
    fieldsets = BaseUserAdmin.fieldsets + (("Một Cửa", {"fields": ("full_name", "role", "unit", "phone", "is_demo")}),)
