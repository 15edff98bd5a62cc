from django.contrib import admin, messages

from motcua.common.errors import DomainError

from . import services
from .models import Counter, Unit


class CounterInline(admin.TabularInline):
    model = Counter
    extra = 0


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("indented_name", "code", "kind", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)
    readonly_fields = ("path",)
    inlines = [CounterInline]

    @admin.display(description="tên đơn vị", ordering="path")
    def indented_name(self, obj: Unit) -> str:
        return "— " * obj.depth + obj.name

    def save_model(self, request, obj, form, change):
        try:
            services.save_unit(obj)
        except DomainError as exc:
            messages.error(request, exc.detail)
            raise
