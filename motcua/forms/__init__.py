"""The printed forms of the one-stop regime (Circular 01/2018/TT-VPCP, Mẫu 01–06) as PDF and Excel."""
