"""A dossier taken through its life with the dossier services (demo city), for the forms."""
import pytest

from tests.dossiers.conftest import act, city, local, receive  # noqa: F401  (city is a fixture)

BUILDING_PERMIT = "1.009994.000.00.00.H49"
APPLICANT = {
    "name": "Nguyễn Thị Hằng Nga", "id_number": "022190000123", "phone": "0912345678",
    "email": "nga@example.vn", "address": "Tổ 5, khu 3, phường Cẩm Trung",
}


@pytest.fixture
def returned(city):  # noqa: F811
    """Received Mon 25/11/2024 09:00 at the city center, through every step, returned on 05/12/2024."""
    d = receive(city, applicant=APPLICANT, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    d = act(city, d, "truongphong.qldt", "assign", to_user="chuyenvien.qldt", at=local(2024, 11, 25, 14, 0))
    d = act(city, d, "chuyenvien.qldt", "transfer", note="Đủ điều kiện cấp phép", at=local(2024, 11, 28, 9, 0))
    d = act(city, d, "truongphong.qldt", "approve", at=local(2024, 11, 29, 9, 0))
    d = act(city, d, "lanhdao.cp", "approve", at=local(2024, 12, 3, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "resolve", at=local(2024, 12, 4, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "return_result", data={"method": "counter"}, at=local(2024, 12, 5, 9, 0))
    return d
