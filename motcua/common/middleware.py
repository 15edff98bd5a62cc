"""Vietnamese first: the language is Vietnamese unless the user chose another one explicitly."""
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but the browser's Accept-Language is ignored.

    A public-service site in Vietnam speaks Vietnamese to everyone, whatever the browser's settings
    (a borrowed phone, a kiosk, an officer's English-language Windows); English is shown only to
    whoever picks it with the language switcher (the language cookie).
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
