"""`sotay bao-cao`: the units' returns of Phụ lục 2 (Excel, LibreOffice, the phone's export)
read, checked and added up into one summary to send upward (`run.py`).

`read.py` turns a file into rows keyed by the form's columns, `check.py` applies the rules
(whole numbers ≥ 0, studied ≤ convened ≤ total, percentages, units), `summary.py` adds up and
writes the workbook and the printable page.
"""
