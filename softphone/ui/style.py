"""The window's look in one style sheet: large call controls and clear state colours.

Colours carry meaning only together with text (green answer, red hang up, amber ringing), so
the window stays usable for colour-blind operators.
"""

import re

from PySide6.QtGui import QPalette

DESIGN_POINT_SIZE = 9.0  # the system font size the sizes below were chosen at

STYLE_SHEET = """
#accountHeader { background: palette(alternate-base); border-radius: 6px; }
#accountName { font-weight: bold; }
#registrationStatus[level="ok"] { color: #2e7d32; }
#registrationStatus[level="busy"] { color: #8d6e00; }
#registrationStatus[level="error"] { color: #c62828; font-weight: bold; }
#crmState { color: #c62828; font-weight: bold; }
#messageBanner { background: #fdecea; border: 1px solid #e57373; border-radius: 6px; }
#messageBanner QLabel { color: #8e1b1b; }
#numberField { font-size: 14pt; padding: 2px 6px; }
#callButton, #call_answer {
    background: #2e7d32; color: white; font-weight: bold; border-radius: 6px; padding: 6px 12px;
}
#callButton:hover, #call_answer:hover { background: #388e3c; }
#callButton:disabled { background: #9e9e9e; }
#call_hangup, #call_reject {
    background: #c62828; color: white; font-weight: bold; border-radius: 6px; padding: 6px 12px;
}
#call_hangup:hover, #call_reject:hover { background: #d32f2f; }
#sectionTitle { font-weight: bold; color: #555555; }
#noCalls { color: palette(mid); padding: 18px; }
#callCard { border: 1px solid palette(mid); border-radius: 8px; background: palette(base); }
#callCard[selected="true"], #callCard:focus { border: 2px solid #1565c0; }
#callCard[ringing="true"] { background: #fff8e1; border: 2px solid #f9a825; }
#callCard[conference="true"] { background: #f7eefa; border-left: 6px solid #7b1fa2; }
#callConference { color: #6a1b9a; font-weight: bold; }
#callName { font-size: 14pt; font-weight: bold; }
#callState { color: palette(dark); }
#callTimer { font-size: 18pt; font-family: monospace; }
#callSecure { color: #2e7d32; font-size: 9pt; }
#callerHeading { color: palette(dark); }
#callerName { font-size: 16pt; font-weight: bold; color: palette(link); }
#callerNotes {
    background: #fff3cd; color: #3e2c00; border-left: 4px solid #f9a825; padding: 4px 6px;
}
#callerVip, #callVip {
    background: #b71c1c; color: #ffffff; font-weight: bold; border-radius: 4px; padding: 2px 8px;
}
#callerVip { font-size: 13pt; }
#scriptView { font-size: 11pt; }
#workspacePane { border: 1px solid palette(mid); border-radius: 6px; }
#workspacePaneTitle { font-weight: bold; color: palette(dark); }
"""


# A dark or high-contrast desktop: the light tints and greys above would be unreadable on it
# (white text on the ringing card's cream, grey titles on black), so they follow the palette.
HIGH_CONTRAST_SHEET = """
#sectionTitle, #callState, #callerHeading, #workspacePaneTitle, #noCalls {
    color: palette(window-text);
}
#callCard[ringing="true"], #callCard[conference="true"] { background: palette(base); }
#callCard[ringing="true"] { border: 3px solid palette(highlight); }
#callerName, #callConference, #callSecure, #crmState { color: palette(text); }
#registrationStatus[level="ok"], #registrationStatus[level="busy"] { color: palette(text); }
#registrationStatus[level="error"] { color: palette(text); }
#messageBanner { background: palette(base); border: 2px solid palette(highlight); }
#callerNotes { background: palette(base); color: palette(text); border-color: palette(highlight); }
#callerVip, #callVip { background: palette(highlight); color: palette(highlighted-text); }
#messageBanner QLabel { color: palette(text); }
QLineEdit, QPlainTextEdit, QTextEdit { border: 1px solid palette(mid); }
"""


def needs_high_contrast(palette: QPalette) -> bool:
    """Dark desktops (high-contrast themes among them): the window is darker than mid-grey."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def window_style(system_point_size: float, palette: QPalette) -> str:
    """The window's style sheet for this desktop: sizes scaled by its font, colours that stay
    readable on its palette."""
    extra = HIGH_CONTRAST_SHEET if needs_high_contrast(palette) else ""
    return scaled(STYLE_SHEET + extra, system_point_size)


def scaled(sheet: str, system_point_size: float) -> str:
    """The sheet with every point size scaled by the system font, so an operator who made the
    desktop's text larger gets larger names and timers too (not only the plain text)."""
    factor = system_point_size / DESIGN_POINT_SIZE if system_point_size > 0 else 1.0
    return re.sub(r"(\d+(?:\.\d+)?)pt", lambda m: f"{float(m.group(1)) * factor:.1f}pt", sheet)
