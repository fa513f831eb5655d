"""Advance widths of a common sans-serif, for wrapping a card's text at build time.

SVG does not wrap text, so render/card.py breaks lines itself and must never guess short.
Each width is the larger of DejaVu Sans (Debian's default, which `sotay anh` renders with)
and Liberation Sans (Arial's metrics), in thousandths of the font size, as Chromium's canvas
measured them at 1000 px; the narrower faces phones use (Roboto, Helvetica, Noto Sans) fit
inside these widths. A letter with tone marks is as wide as its base letter (ơ, ư, đ differ
from o, u, d and are listed); any other character counts as `UNKNOWN`, wider than all.
"""

from __future__ import annotations

_ASCII_REGULAR = (  # widths of " " (32) to "~" (126), in order
    "318 401 460 838 637 951 780 275 391 391 500 838 318 361 318 337 637 637 637 637 637 637 "
    "637 637 637 637 337 337 838 838 838 557 1016 685 687 723 771 667 611 778 752 295 500 667 "
    "558 863 749 788 667 788 723 667 611 732 685 989 686 667 686 391 337 391 838 557 500 613 "
    "635 550 635 616 353 635 634 278 278 580 278 975 634 612 635 635 412 521 393 634 592 818 "
    "592 592 525 637 337 637 838 "
)
_ASCII_BOLD = (
    "349 457 521 838 696 1002 873 307 458 458 523 838 380 416 380 366 696 696 696 696 696 696 "
    "696 696 696 696 400 400 838 838 838 611 1000 774 763 734 831 684 684 821 837 373 557 775 "
    "638 996 837 851 733 851 771 721 683 813 774 1104 771 725 726 458 366 458 838 557 500 675 "
    "716 593 716 679 436 716 712 343 343 666 343 1042 712 688 716 716 494 596 479 712 652 924 "
    "646 652 583 712 366 712 838 "
)
REGULAR: dict[str, int] = {chr(32 + i): int(w) for i, w in enumerate(_ASCII_REGULAR.split())}
REGULAR.update(
    {
        "ơ": 656,
        "ư": 670,
        "Ơ": 914,
        "Ư": 858,
        "đ": 635,
        "Đ": 775,
        "“": 519,
        "”": 519,
        "‘": 318,
        "’": 318,
        "–": 557,
        "—": 1000,
        "…": 1000,
        "·": 334,
        "•": 590,
    }
)
BOLD: dict[str, int] = {chr(32 + i): int(w) for i, w in enumerate(_ASCII_BOLD.split())}
BOLD.update(
    {
        "ơ": 711,
        "ư": 725,
        "Ơ": 874,
        "Ư": 836,
        "đ": 716,
        "Đ": 838,
        "“": 658,
        "”": 658,
        "‘": 380,
        "’": 380,
        "–": 557,
        "—": 1000,
        "…": 1000,
        "·": 380,
        "•": 640,
    }
)
UNKNOWN = 1100
