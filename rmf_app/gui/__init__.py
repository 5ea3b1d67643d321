"""The PySide6 desktop app. The only package that imports Qt.

``launch`` starts it (the window first when a file is given), ``app`` creates the application
and its windows, ``main_window`` is the window; each view has a folder of its own, and
``common`` holds what the views share.
"""
