"""Small widgets several features share: phrase highlighting, the KB item picker, a list editor,
printing. Imports Qt, softphone.crm services and the shell; never a feature package."""
