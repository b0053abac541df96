"""The main window's parts, each its own concern: the menu bar, the phone column, what engine
events mean on screen and which call keys are live.

softphone.ui.main_window assembles them (qutebrowser's mainwindow/ package is the model); no
part knows the window itself, so each can be read, and tested through the window, on its own.
"""
