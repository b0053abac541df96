"""The call workspace: while a call rings or lasts, the caller, the script, the knowledge base
and the order form side by side in the window's right half."""
