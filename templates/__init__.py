"""The document templates shipped with gongwen (.docx files, editable in Word/WPS)."""
